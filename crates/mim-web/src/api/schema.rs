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
doc_enum!(
    SourceFormat,
    [alertmanager, grafana, zabbix, azure_monitor, generic]
);
doc_enum!(AuthKind, [bearer, url_secret, hmac]);
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
        all_parse::<mim_domain::register::SourceFormat>(SourceFormat::names());
        all_parse::<mim_domain::register::AuthKind>(AuthKind::names());
        assert_eq!(
            SourceFormat::names().len(),
            mim_domain::register::SourceFormat::ALL.len()
        );
        assert_eq!(
            AuthKind::names().len(),
            mim_domain::register::AuthKind::ALL.len()
        );
    }
}

/// A case as one caller sees it (documentation of `mim_app::cases::CaseView`).
#[allow(dead_code)]
#[derive(ToSchema)]
pub struct CaseView {
    case: CaseState,
    /// The moves of the current stage, whoever may make them.
    allowed_now: Vec<String>,
    /// The moves you may make now.
    your_actions: Vec<String>,
    /// Who is accountable for the next step.
    responsible: Vec<Role>,
    /// The next update promised at a communication point is overdue.
    update_overdue: bool,
    /// Where the case stands against its next communication point: `none` (no point set),
    /// `not_due`, `reminder_due` (within the organisation's `cadence.remind_before_minutes`)
    /// or `overdue`.
    #[schema(example = "reminder_due")]
    update_due: String,
    /// When the person responsible is reminded of the next point (UTC).
    update_reminder_at: Option<String>,
    /// The next point as the organisation's clocks show it.
    next_update_local: Option<LocalReading>,
}

/// A time as the organisation's clocks show it: on the night the clocks go back, 03:10 comes
/// twice and the offset says which.
#[allow(dead_code)]
#[derive(ToSchema)]
pub struct LocalReading {
    /// Wall-clock time, no offset.
    #[schema(example = "2026-10-25T03:10")]
    local: String,
    #[schema(example = "+02:00")]
    offset: String,
    /// The zone's abbreviation at that time.
    #[schema(example = "EET")]
    zone: String,
}

/// The state of a case, folded from its events. Times are UTC (RFC 3339).
#[allow(dead_code)]
#[derive(ToSchema)]
pub struct CaseState {
    #[schema(example = "MIM-2026-0001")]
    id: String,
    /// The process version: send it back as `If-Match` or `expected_seq`.
    version: u64,
    /// The sequence number of the last event, evidence included.
    last_seq: u64,
    stage: Stage,
    title: String,
    description: Option<String>,
    #[schema(value_type = Option<Object>)]
    system: Option<()>,
    exercise: bool,
    recurrence_of: Option<String>,
    opened_at: String,
    #[schema(value_type = Object)]
    opened_by: (),
    #[schema(value_type = Option<Object>)]
    mim_contact: Option<()>,
    #[schema(value_type = Option<Object>)]
    verifier: Option<()>,
    /// The latest assessment with the matrix it used.
    #[schema(value_type = Option<Object>)]
    assessment: Option<()>,
    mim_started: Option<bool>,
    reopen_count: u32,
    next_update_at: Option<String>,
    /// Who set the next communication point (the user reminded of it).
    next_update_by: Option<String>,
    /// The point whose reminder went out ahead of it.
    reminded_for: Option<String>,
    /// The point whose "overdue" reminder went out after it passed.
    overdue_reminded_for: Option<String>,
    reports: u32,
    firing_alerts: Vec<String>,
    last_activity_at: String,
    ended_at: Option<String>,
}

/// One row of the case list.
#[allow(dead_code)]
#[derive(ToSchema)]
pub struct CaseListItem {
    id: String,
    version: u64,
    title: String,
    stage: Stage,
    open: bool,
    colour: Option<Colour>,
    system: Option<String>,
    exercise: bool,
    opened_at: String,
    last_activity_at: String,
    next_update_at: Option<String>,
    update_overdue: bool,
    reopen_count: u32,
    ended_at: Option<String>,
}
