//! Documentation-only mirrors of domain enums, so the OpenAPI document lists their values
//! without the domain depending on utoipa. Each must match the domain's serde names; the test
//! below keeps them honest.

use utoipa::ToSchema;

macro_rules! doc_enum {
    ($name:ident, [$($v:ident),+ $(,)?]) => {
        #[allow(non_camel_case_types, dead_code)]
        #[derive(ToSchema)]
        pub enum $name { $($v),+ }

        impl $name {
            #[cfg(test)]
            pub fn names() -> Vec<&'static str> { vec![$(stringify!($v)),+] }
        }
    };
}

doc_enum!(
    Severity,
    [minor, inconvenient, disrupts_work, prevents_work]
);
doc_enum!(Colour, [green, yellow, red]);
doc_enum!(
    Role,
    [
        end_user,
        service_desk,
        mim_contact,
        it_management,
        management_group,
        vendor,
        stakeholder,
        verifier,
        admin
    ]
);
doc_enum!(
    ReportChannel,
    [ticket, phone, end_user_form, monitoring, it_staff, email]
);
doc_enum!(
    CommunicationKind,
    [
        first_notice,
        update,
        backup_announcement,
        not_started,
        return_to_normal,
        walk_through_invitation
    ]
);
doc_enum!(
    FindingCategory,
    [
        service_desk_summary,
        could_go_better,
        preventability,
        experts_consulted,
        contract_review,
        other
    ]
);
doc_enum!(DismissReason, [no_disruption, duplicate, false_alarm]);
doc_enum!(Language, [fi, sv, en]);
doc_enum!(
    Stage,
    [
        detection,
        assessment,
        mim_started,
        backup_activation,
        monitoring,
        fix_reported,
        awaiting_verification,
        verified,
        returned_to_normal,
        walk_through,
        ready_to_close,
        closed,
        normal_process,
        dismissed
    ]
);

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::DeserializeOwned;

    fn all_parse<T: DeserializeOwned>(names: Vec<&str>) {
        for n in names {
            assert!(
                serde_json::from_value::<T>(serde_json::json!(n)).is_ok(),
                "{n} is not a domain value"
            );
        }
    }

    #[test]
    fn documented_values_are_the_domain_values() {
        all_parse::<mim_domain::impact::Severity>(Severity::names());
        all_parse::<mim_domain::impact::Colour>(Colour::names());
        all_parse::<mim_domain::Role>(Role::names());
        all_parse::<mim_domain::case::ReportChannel>(ReportChannel::names());
        all_parse::<mim_domain::case::CommunicationKind>(CommunicationKind::names());
        all_parse::<mim_domain::case::FindingCategory>(FindingCategory::names());
        all_parse::<mim_domain::case::DismissReason>(DismissReason::names());
        all_parse::<mim_domain::Language>(Language::names());
        all_parse::<mim_domain::case::Stage>(Stage::names());
        assert_eq!(Stage::names().len(), mim_domain::case::Stage::ALL.len());
        assert_eq!(Role::names().len(), mim_domain::Role::ALL.len());
    }
}
