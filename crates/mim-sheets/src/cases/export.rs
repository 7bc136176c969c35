//! One case as the workbook export sees it: the CSV row, the MIM form's other fields as
//! labelled text already in the reader's language, and the timeline in its final order. It
//! is neutral on purpose: [`CaseExport::from_form`] fills it from a `MimForm`, and anything
//! else (a test, another use case) can fill it directly.

use super::export_row::CaseExportRow;
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq)]
pub struct CaseExport {
    pub row: CaseExportRow,
    /// The form's other fields, one column each on the cases sheet, in order. Cases exported
    /// together share columns by label; a case without a label leaves its cell empty.
    pub fields: Vec<LabelledText>,
    /// Written in the order given: the domain's timeline order (`occurred_at`, ties by `seq`).
    pub timeline: Vec<TimelineRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledText {
    pub label: String,
    pub value: String,
}

impl LabelledText {
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Self {
        LabelledText {
            label: label.into(),
            value: value.into(),
        }
    }
}

/// One timeline entry, its words already in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineRow {
    /// The order of recording.
    pub seq: u64,
    pub occurred_at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
    /// Recorded well after the moment it describes (the domain's rule decides "well after").
    pub added_later: bool,
    /// The kind of event, e.g. "Muistiinpano".
    pub what: String,
    /// The event's own text and values, one `label: value` per line.
    pub details: String,
    /// Who, with the role: "Maija Meikäläinen (tietohallinto)".
    pub who: String,
}
