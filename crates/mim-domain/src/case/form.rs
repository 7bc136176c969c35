//! The MIM form (MIM-lomake): the single record of one case, read from its events and
//! printable at any time. Each section holds the events that fill it, with who and when.

use super::{Actor, Case, CaseEvent, RecordedEvent, TimelineEntry, timeline};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// One filled line of the form: what happened, when, by whom in which role.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormEntry {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
    pub by: Actor,
    #[serde(flatten)]
    pub event: CaseEvent,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MimForm {
    pub case: Case,
    /// The first report or alert: detection time, source and text.
    pub detection: Option<FormEntry>,
    pub reports: Vec<FormEntry>,
    /// What happened to the alerts besides firing and resolving: repeats, flapping,
    /// acknowledgements, truncated lists, "all alerts resolved".
    pub alert_activity: Vec<FormEntry>,
    /// mim's estimate of affected users and the colour the matrix suggests from the evidence.
    pub suggestions: Vec<FormEntry>,
    pub assessments: Vec<FormEntry>,
    pub mim_contact_calls: Vec<FormEntry>,
    pub decision: Option<FormEntry>,
    pub people: Vec<FormEntry>,
    pub backup: Vec<FormEntry>,
    pub vendor: Vec<FormEntry>,
    pub communications: Vec<FormEntry>,
    /// Messages queued through the outbox and every attempt to deliver them.
    pub deliveries: Vec<FormEntry>,
    pub fix: Vec<FormEntry>,
    pub verifications: Vec<FormEntry>,
    pub sign_off: Vec<FormEntry>,
    pub reopenings: Vec<FormEntry>,
    pub walk_through: Vec<FormEntry>,
    pub vendor_reports: Vec<FormEntry>,
    pub closure: Vec<FormEntry>,
    pub notes: Vec<FormEntry>,
    pub timeline: Vec<TimelineEntry>,
}

impl MimForm {
    pub fn new(case: Case, events: &[RecordedEvent]) -> MimForm {
        let mut f = MimForm {
            case,
            detection: None,
            reports: vec![],
            alert_activity: vec![],
            suggestions: vec![],
            assessments: vec![],
            mim_contact_calls: vec![],
            decision: None,
            people: vec![],
            backup: vec![],
            vendor: vec![],
            communications: vec![],
            deliveries: vec![],
            fix: vec![],
            verifications: vec![],
            sign_off: vec![],
            reopenings: vec![],
            walk_through: vec![],
            vendor_reports: vec![],
            closure: vec![],
            notes: vec![],
            timeline: timeline(events),
        };
        // Sections list entries in the order things happened, like the timeline.
        for t in &f.timeline.clone() {
            let entry = FormEntry {
                seq: t.seq,
                at: t.occurred_at,
                recorded_at: t.recorded_at,
                by: t.actor.clone(),
                event: t.event.clone(),
            };
            use CaseEvent as E;
            let section = match &t.event {
                E::Opened { .. } => continue,
                E::ReportReceived { .. } | E::AlertFiring { .. } | E::AlertResolved { .. } => {
                    if f.detection.is_none() && !matches!(t.event, E::AlertResolved { .. }) {
                        f.detection = Some(entry.clone());
                    }
                    &mut f.reports
                }
                E::AlertRepeated { .. }
                | E::AlertFlapping { .. }
                | E::AlertFlappingEnded { .. }
                | E::AlertAcknowledged { .. }
                | E::AlertAckCleared { .. }
                | E::AlertsTruncated { .. }
                | E::AllAlertsResolved { .. } => &mut f.alert_activity,
                E::EstimateChanged { .. } | E::ColourSuggested { .. } => &mut f.suggestions,
                E::Assessed { .. } => &mut f.assessments,
                E::MimContactCalled { .. } => &mut f.mim_contact_calls,
                E::CriticalityDecided { .. } => {
                    // The latest decision is the one that stands; reopenings show the rest.
                    f.decision = Some(entry);
                    continue;
                }
                E::PeopleNamed { .. } => &mut f.people,
                E::BackupDecided { .. } | E::BackupActivated { .. } | E::BackupEnded { .. } => {
                    &mut f.backup
                }
                E::VendorEscalated { .. }
                | E::EscalationAcknowledged { .. }
                | E::ProgressReportDemanded { .. }
                | E::VendorProgress { .. } => &mut f.vendor,
                E::CommunicationRecorded { .. } => &mut f.communications,
                E::MessageQueued { .. }
                | E::MessageSent { .. }
                | E::MessageFailed { .. }
                | E::MessageGivenUp { .. } => &mut f.deliveries,
                // A source still firing after the fix report sits beside that report.
                E::FixReported { .. } | E::FixAcknowledged { .. } | E::SourceStillFiring { .. } => {
                    &mut f.fix
                }
                E::VerificationRecorded { .. } => &mut f.verifications,
                E::SignedOff { .. } => &mut f.sign_off,
                E::Reopened { .. } => &mut f.reopenings,
                E::WalkThroughDecided { .. }
                | E::FindingAdded { .. }
                | E::ActionItemAdded { .. } => &mut f.walk_through,
                E::VendorReportRecorded { .. } => &mut f.vendor_reports,
                E::Closed { .. } | E::Dismissed { .. } => &mut f.closure,
                E::NoteAdded { .. }
                | E::DetailsEdited { .. }
                | E::SystemSet { .. }
                | E::AttachmentAdded { .. } => &mut f.notes,
            };
            section.push(entry);
        }
        f
    }
}
