//! The assessment: the register, the walk-throughs and the templates in, every gap and the
//! figure out, at an injected `now`.

use super::organisation_checks::check_organisation;
use super::system_checks::check_system;
use super::{ProcessReview, Readiness};
use crate::Language;
use crate::register::{CriticalSystem, Organisation, Vendor};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;

/// A critical system and what the register's history says about its matrix.
#[derive(Debug, Clone)]
pub struct SystemFacts<'a> {
    pub system: &'a CriticalSystem,
    /// The local day the matrix in use (the system's own, else the organisation's default)
    /// last changed in the register (`matrix_last_changed`).
    pub matrix_changed_on: Option<NaiveDate>,
}

/// Which message templates are missing, per language (by kind code): those that a message
/// would be written from but that would not pass their checks. mim ships every kind in
/// Finnish, Swedish and English, so a fresh install has none missing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateCoverage {
    missing: BTreeMap<Language, Vec<String>>,
}

impl TemplateCoverage {
    /// Every template in every language.
    pub fn complete() -> TemplateCoverage {
        TemplateCoverage::default()
    }

    /// Marks `kind` as missing in `language`.
    pub fn missing(mut self, language: Language, kind: impl Into<String>) -> TemplateCoverage {
        self.missing.entry(language).or_default().push(kind.into());
        self
    }

    pub fn missing_in(&self, language: Language) -> &[String] {
        self.missing.get(&language).map_or(&[], Vec::as_slice)
    }
}

/// Everything the assessment reads.
#[derive(Debug, Clone)]
pub struct ReadinessInput<'a> {
    /// `None`: the organisation settings were never stored (the built-in defaults apply).
    pub organisation: Option<&'a Organisation>,
    pub systems: Vec<SystemFacts<'a>>,
    pub vendors: &'a [Vendor],
    pub reviews: &'a [ProcessReview],
    pub templates: &'a TemplateCoverage,
    /// The process version walk-throughs must be of (`PROCESS_VERSION`).
    pub process_version: &'a str,
}

/// Assesses readiness at `now`; "overdue" is measured in the organisation's local days.
pub fn assess(input: &ReadinessInput<'_>, now: DateTime<Utc>) -> Readiness {
    let defaults = Organisation::new("");
    let organisation = input.organisation.unwrap_or(&defaults);
    let today = now.with_timezone(&organisation.time_zone).date_naive();
    let systems = input
        .systems
        .iter()
        .map(|facts| check_system(facts, organisation, input.vendors, input.templates, today))
        .collect();
    Readiness {
        assessed_at: now,
        today,
        process_version: input.process_version.to_owned(),
        organisation: check_organisation(
            input.organisation,
            input.systems.len(),
            input.reviews,
            input.process_version,
        ),
        systems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readiness::{
        GapCode, GapSeverity, NewProcessReview, ReviewStage, Reviewer, SystemReadiness,
    };
    use crate::register::{
        Audience, AudienceKind, BackupArrangement, BackupDecider, BackupStep, Channel,
        CommunicationPlan, Contact, Editor, NamedPerson, OwnerKind, Performer, Selector,
        SystemOwner, VendorKind, VendorPractice,
    };
    use crate::{Role, SystemId, UserId, VendorId};
    use chrono::TimeZone;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// 2026-03-16 10:00 Helsinki.
    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 16, 8, 0, 0).unwrap()
    }

    fn person(id: &str) -> NamedPerson {
        NamedPerson {
            user: UserId::new(id).unwrap(),
            name: id.to_uppercase(),
        }
    }

    fn organisation() -> Organisation {
        let mut o = Organisation::new("Kuusijärven kaupunki");
        o.languages = vec![Language::Fi, Language::Sv];
        o.mim_contact = Some(person("mikko"));
        o.mim_contact_deputy = Some(person("liisa"));
        o
    }

    fn vendor() -> Vendor {
        Vendor {
            id: VendorId::new("koulutieto").unwrap(),
            name: "Koulutieto Oy".into(),
            kind: VendorKind::Vendor,
            contacts: vec![Contact {
                name: "Päivystys".into(),
                phone: Some("+358 40 000 0001".into()),
                available_24_7: true,
                ..Contact::default()
            }],
            practice: VendorPractice {
                meetings_and_communication: Some("Teams-silta".into()),
                fix_acknowledgement: Some("Tiketissä".into()),
                ..VendorPractice::default()
            },
        }
    }

    /// A system with nothing missing.
    fn ready_system() -> CriticalSystem {
        CriticalSystem {
            id: SystemId::new("wilma").unwrap(),
            name: "Wilma".into(),
            aliases: vec![],
            owner: Some(SystemOwner {
                name: "Opetuspalvelut".into(),
                kind: OwnerKind::Unit,
                phone: None,
                email: Some("opetus@example.invalid".into()),
            }),
            criticality_notes: None,
            user_count: 5200,
            vendor: Some(VendorId::new("koulutieto").unwrap()),
            mim_contact: None,
            mim_contact_deputy: None,
            matrix: None,
            backup_arrangements: vec![BackupArrangement {
                id: "paperi".into(),
                name: "Paperilistat".into(),
                description: "Poissaolot paperille.".into(),
                decided_by: BackupDecider::ItManagement,
                cost_or_risk: None,
                steps: vec![BackupStep {
                    id: "1".into(),
                    what: "Ilmoitetaan kouluille".into(),
                    who: Performer::Role(Role::ItManagement),
                }],
                announcement: [
                    (Language::Fi, "Wilma on poissa käytöstä.".into()),
                    (Language::Sv, "Wilma är ur bruk.".into()),
                ]
                .into(),
            }],
            communication_plan: CommunicationPlan {
                audiences: vec![Audience::of(AudienceKind::Staff, None)],
                channels: vec![Channel::Intranet],
                languages: vec![],
            },
            selectors: vec![Selector::new([("service", "wilma")])],
        }
    }

    fn review(stage: ReviewStage, version: &str, on: NaiveDate) -> ProcessReview {
        ProcessReview {
            id: 1,
            review: NewProcessReview {
                stage,
                process_version: version.into(),
                reviewed_on: on,
                led_by: Reviewer {
                    user: None,
                    name: "Tiina".into(),
                },
                participants: vec![],
                note: None,
            },
            recorded_by: Editor::operator("root"),
            recorded_at: now(),
        }
    }

    fn all_stages() -> Vec<ProcessReview> {
        vec![
            review(ReviewStage::InternalReview, "1", day(2026, 1, 10)),
            review(ReviewStage::SupportAndExperts, "1", day(2026, 2, 3)),
            review(ReviewStage::Stakeholders, "1", day(2026, 3, 2)),
        ]
    }

    /// Assesses one system (its matrix changed on 2026-01-05) with the organisation above.
    fn one(
        system: CriticalSystem,
        vendors: &[Vendor],
        templates: &TemplateCoverage,
    ) -> SystemReadiness {
        one_at(system, vendors, templates, Some(day(2026, 1, 5)), now())
    }

    fn one_at(
        system: CriticalSystem,
        vendors: &[Vendor],
        templates: &TemplateCoverage,
        changed: Option<NaiveDate>,
        at: DateTime<Utc>,
    ) -> SystemReadiness {
        let org = organisation();
        let reviews = all_stages();
        let input = ReadinessInput {
            organisation: Some(&org),
            systems: vec![SystemFacts {
                system: &system,
                matrix_changed_on: changed,
            }],
            vendors,
            reviews: &reviews,
            templates,
            process_version: "1",
        };
        assess(&input, at).systems.remove(0)
    }

    fn codes(s: &SystemReadiness) -> Vec<String> {
        s.gaps.iter().map(|g| g.code.code()).collect()
    }

    #[test]
    fn a_prepared_system_has_no_gap_and_scores_100() {
        let s = one(ready_system(), &[vendor()], &TemplateCoverage::complete());
        assert_eq!(codes(&s), Vec::<String>::new());
        assert_eq!(s.score.percent(), 100);
        assert_eq!(
            s.score.total, 13,
            "every check applies to a prepared system"
        );
        assert!(s.ready());
        assert_eq!(s.matrix_reviewed_on, Some(day(2026, 1, 5)));
    }

    #[test]
    fn vendor_contact_practice_and_round_the_clock_reachability() {
        let t = TemplateCoverage::complete();
        let mut no_vendor = ready_system();
        no_vendor.vendor = None;
        let s = one(no_vendor, &[vendor()], &t);
        assert_eq!(codes(&s), ["no_vendor_contact"]);
        assert_eq!(s.gaps[0].severity(), GapSeverity::Blocking);
        assert!(!s.ready());
        // Neither the 24/7 check nor the practice applies without a vendor: one gap, one check.
        assert_eq!(
            s.score,
            crate::readiness::Score {
                passed: 10,
                total: 11
            }
        );

        let s = one(ready_system(), &[], &t);
        assert_eq!(codes(&s), ["no_vendor_contact"]);
        assert_eq!(
            s.gaps[0].subjects,
            ["koulutieto"],
            "the unknown vendor is named"
        );

        let mut v = vendor();
        v.contacts.clear();
        assert_eq!(codes(&one(ready_system(), &[v], &t)), ["no_vendor_contact"]);

        let mut v = vendor();
        v.contacts[0].available_24_7 = false;
        let s = one(ready_system(), &[v], &t);
        assert_eq!(codes(&s), ["no_24_7_vendor_contact"]);
        assert_eq!(s.gaps[0].severity(), GapSeverity::Advisory);
        assert!(s.ready(), "advisory gaps leave a system ready");
        assert_eq!(s.score.percent(), 92);

        let mut v = vendor();
        v.practice.fix_acknowledgement = None;
        assert_eq!(
            codes(&one(ready_system(), &[v], &t)),
            ["no_vendor_practice"]
        );
    }

    #[test]
    fn backup_arrangements_their_steps_and_announcements() {
        let t = TemplateCoverage::complete();
        let mut s = ready_system();
        s.backup_arrangements.clear();
        let r = one(s, &[vendor()], &t);
        assert_eq!(codes(&r), ["no_backup_arrangement"]);
        assert_eq!(
            r.score.total, 11,
            "steps and announcements don't apply then"
        );

        let mut s = ready_system();
        s.backup_arrangements[0].steps.clear();
        let r = one(s, &[vendor()], &t);
        assert_eq!(codes(&r), ["backup_without_steps"]);
        assert_eq!(r.gaps[0].subjects, ["Paperilistat"]);

        let mut s = ready_system();
        s.backup_arrangements[0].announcement.remove(&Language::Sv);
        assert_eq!(
            codes(&one(s, &[vendor()], &t)),
            ["backup_announcement_missing_sv"]
        );
        // The system's plan names its own languages: English is then needed too.
        let mut s = ready_system();
        s.communication_plan.languages = vec![Language::Fi, Language::Sv, Language::En];
        assert_eq!(
            codes(&one(s, &[vendor()], &t)),
            ["backup_announcement_missing_en"]
        );
    }

    #[test]
    fn a_mim_contact_from_the_system_or_the_organisation() {
        let t = TemplateCoverage::complete();
        let org = {
            let mut o = organisation();
            o.mim_contact = None;
            o.mim_contact_deputy = None;
            o
        };
        let system = ready_system();
        let reviews = all_stages();
        let input = ReadinessInput {
            organisation: Some(&org),
            systems: vec![SystemFacts {
                system: &system,
                matrix_changed_on: Some(day(2026, 1, 5)),
            }],
            vendors: &[vendor()],
            reviews: &reviews,
            templates: &t,
            process_version: "1",
        };
        let r = assess(&input, now());
        assert_eq!(codes(&r.systems[0]), ["no_mim_contact"]);
        let org_codes: Vec<String> = r.organisation.gaps.iter().map(|g| g.code.code()).collect();
        assert_eq!(org_codes, ["no_mim_contact"]);

        let mut own = ready_system();
        own.mim_contact = Some(person("mikko"));
        let mut input = input.clone();
        input.systems[0].system = &own;
        let r = assess(&input, now());
        assert_eq!(codes(&r.systems[0]), ["no_mim_contact_deputy"]);
    }

    #[test]
    fn the_matrix_review_falls_due_twelve_months_after_the_last_review() {
        let t = TemplateCoverage::complete();
        let v = [vendor()];
        let changed = Some(day(2025, 3, 15));
        // Due on 2026-03-15 (Helsinki): still fine that whole day, overdue from the next.
        let last_ok = Utc.with_ymd_and_hms(2026, 3, 15, 21, 59, 59).unwrap();
        let first_overdue = Utc.with_ymd_and_hms(2026, 3, 15, 22, 0, 0).unwrap();
        assert_eq!(
            codes(&one_at(ready_system(), &v, &t, changed, last_ok)),
            Vec::<String>::new()
        );
        let r = one_at(ready_system(), &v, &t, changed, first_overdue);
        assert_eq!(codes(&r), ["matrix_review_overdue"]);
        assert_eq!(r.gaps[0].date, Some(day(2025, 3, 15)));
        assert_eq!(r.gaps[0].due, Some(day(2026, 3, 15)));

        // A valid-from date later than the last change is a review that changed nothing.
        let mut s = ready_system();
        s.matrix = Some(
            crate::impact::ImpactMatrix::organisation_default()
                .with_valid_from(Some(day(2026, 1, 1))),
        );
        let r = one_at(s, &v, &t, changed, first_overdue);
        assert_eq!(codes(&r), Vec::<String>::new());
        assert_eq!(r.matrix_reviewed_on, Some(day(2026, 1, 1)));

        let r = one_at(ready_system(), &v, &t, None, now());
        assert_eq!(codes(&r), ["matrix_never_reviewed"]);
    }

    #[test]
    fn communication_plan_selectors_owner_and_templates() {
        let t = TemplateCoverage::complete();
        let v = [vendor()];
        let mut s = ready_system();
        s.communication_plan.audiences.clear();
        assert_eq!(codes(&one(s, &v, &t)), ["no_communication_plan"]);
        let mut s = ready_system();
        s.communication_plan.channels.clear();
        assert_eq!(codes(&one(s, &v, &t)), ["no_communication_plan"]);
        // An audience's own channel is a channel.
        let mut s = ready_system();
        s.communication_plan.channels.clear();
        s.communication_plan.audiences[0].channels = vec![Channel::Email];
        assert_eq!(codes(&one(s, &v, &t)), Vec::<String>::new());

        let mut s = ready_system();
        s.selectors.clear();
        assert_eq!(codes(&one(s, &v, &t)), ["no_monitoring_selectors"]);
        let mut s = ready_system();
        s.owner = None;
        assert_eq!(codes(&one(s, &v, &t)), ["no_owner"]);

        // Templates count in the system's publication languages only (fi and sv here).
        let t = TemplateCoverage::complete()
            .missing(Language::Sv, "first_notice")
            .missing(Language::Sv, "update")
            .missing(Language::En, "update");
        let r = one(ready_system(), &v, &t);
        assert_eq!(codes(&r), ["missing_templates_sv"]);
        assert_eq!(r.gaps[0].subjects, ["first_notice", "update"]);
        assert_eq!(r.gaps[0].severity(), GapSeverity::Blocking);
    }

    #[test]
    fn blocking_gaps_come_first() {
        let mut s = ready_system();
        s.owner = None;
        s.backup_arrangements.clear();
        s.selectors.clear();
        let r = one(s, &[vendor()], &TemplateCoverage::complete());
        assert_eq!(
            codes(&r),
            [
                "no_backup_arrangement",
                "no_monitoring_selectors",
                "no_owner"
            ]
        );
    }

    fn organisation_codes(reviews: &[ProcessReview], org: Option<&Organisation>) -> Vec<String> {
        let system = ready_system();
        let input = ReadinessInput {
            organisation: org,
            systems: vec![SystemFacts {
                system: &system,
                matrix_changed_on: Some(day(2026, 1, 5)),
            }],
            vendors: &[],
            reviews,
            templates: &TemplateCoverage::complete(),
            process_version: "1",
        };
        assess(&input, now())
            .organisation
            .gaps
            .iter()
            .map(|g| g.code.code())
            .collect()
    }

    #[test]
    fn walk_throughs_of_every_stage_for_the_current_version() {
        let org = organisation();
        assert_eq!(
            organisation_codes(&all_stages(), Some(&org)),
            Vec::<String>::new()
        );
        assert_eq!(
            organisation_codes(&[], Some(&org)),
            [
                "walkthrough_missing_internal_review",
                "walkthrough_missing_support_and_experts",
                "walkthrough_missing_stakeholders"
            ]
        );
        let mut reviews = all_stages();
        reviews[2] = review(ReviewStage::Stakeholders, "0.9", day(2025, 5, 1));
        assert_eq!(
            organisation_codes(&reviews, Some(&org)),
            ["walkthrough_outdated_stakeholders"]
        );
        let system = ready_system();
        let input = ReadinessInput {
            organisation: Some(&org),
            systems: vec![SystemFacts {
                system: &system,
                matrix_changed_on: None,
            }],
            vendors: &[],
            reviews: &reviews,
            templates: &TemplateCoverage::complete(),
            process_version: "1",
        };
        let r = assess(&input, now());
        let gap = &r.organisation.gaps[0];
        assert_eq!(gap.subjects, ["0.9"]);
        assert_eq!(gap.date, Some(day(2025, 5, 1)));
        assert_eq!(
            r.organisation.walk_through[0].last_on,
            Some(day(2026, 1, 10))
        );
        assert_eq!(
            r.organisation.walk_through[2].older,
            Some(("0.9".to_owned(), day(2025, 5, 1)))
        );
    }

    #[test]
    fn stages_held_out_of_order_are_reported_not_lost() {
        let org = organisation();
        // Stakeholders before the support and expert teams.
        let reviews = vec![
            review(ReviewStage::InternalReview, "1", day(2026, 1, 10)),
            review(ReviewStage::Stakeholders, "1", day(2026, 1, 20)),
            review(ReviewStage::SupportAndExperts, "1", day(2026, 2, 3)),
        ];
        let system = ready_system();
        let input = ReadinessInput {
            organisation: Some(&org),
            systems: vec![SystemFacts {
                system: &system,
                matrix_changed_on: None,
            }],
            vendors: &[],
            reviews: &reviews,
            templates: &TemplateCoverage::complete(),
            process_version: "1",
        };
        let r = assess(&input, now());
        assert_eq!(r.organisation.gaps.len(), 1);
        assert_eq!(r.organisation.gaps[0].code, GapCode::WalkThroughOutOfOrder);
        assert_eq!(r.organisation.gaps[0].subjects, ["stakeholders"]);
        assert_eq!(r.organisation.gaps[0].severity(), GapSeverity::Advisory);
        // Only stakeholders so far: missing stages and the order both say so.
        let only = [review(ReviewStage::Stakeholders, "1", day(2026, 1, 20))];
        assert_eq!(
            organisation_codes(&only, Some(&org)),
            [
                "walkthrough_missing_internal_review",
                "walkthrough_missing_support_and_experts",
                "walkthrough_out_of_order"
            ]
        );
        // The same day is in order.
        let same = vec![
            review(ReviewStage::InternalReview, "1", day(2026, 1, 10)),
            review(ReviewStage::SupportAndExperts, "1", day(2026, 1, 10)),
            review(ReviewStage::Stakeholders, "1", day(2026, 1, 10)),
        ];
        assert_eq!(organisation_codes(&same, Some(&org)), Vec::<String>::new());
    }

    #[test]
    fn an_organisation_never_set_up_and_its_figure() {
        assert_eq!(
            organisation_codes(&all_stages(), None),
            ["organisation_not_set_up", "no_mim_contact"]
        );
        let mut org = organisation();
        org.mim_contact_deputy = None;
        assert_eq!(
            organisation_codes(&all_stages(), Some(&org)),
            ["no_mim_contact_deputy"]
        );

        let input = ReadinessInput {
            organisation: Some(&org),
            systems: vec![],
            vendors: &[],
            reviews: &[],
            templates: &TemplateCoverage::complete(),
            process_version: "1",
        };
        let r = assess(&input, now());
        // set up ✓, systems ✗, contact ✓, deputy ✗, three stages ✗ (no order check: nothing held).
        assert_eq!(
            r.organisation.score,
            crate::readiness::Score {
                passed: 2,
                total: 7
            }
        );
        assert_eq!(r.overall().percent(), 28);
        assert_eq!(r.today, day(2026, 3, 16));
        assert!(!r.ready());
        assert_eq!(r.blocking_gaps(), 4);
    }

    #[test]
    fn the_overall_figure_counts_every_check() {
        let org = organisation();
        let a = ready_system();
        let mut b = ready_system();
        b.id = SystemId::new("palkat").unwrap();
        b.owner = None;
        let reviews = all_stages();
        let input = ReadinessInput {
            organisation: Some(&org),
            systems: vec![
                SystemFacts {
                    system: &a,
                    matrix_changed_on: Some(day(2026, 1, 5)),
                },
                SystemFacts {
                    system: &b,
                    matrix_changed_on: Some(day(2026, 1, 5)),
                },
            ],
            vendors: &[vendor()],
            reviews: &reviews,
            templates: &TemplateCoverage::complete(),
            process_version: "1",
        };
        let r = assess(&input, now());
        // The organisation: 4 checks + 3 stages + order = 8; systems 13 each.
        assert_eq!(
            r.overall(),
            crate::readiness::Score {
                passed: 33,
                total: 34
            }
        );
        assert_eq!(r.overall().percent(), 97);
        assert!(r.ready());
    }
}
