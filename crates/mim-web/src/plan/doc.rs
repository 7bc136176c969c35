//! The appendix as the templates see it: every text already in the reader's language, every
//! time already in the organisation's zone, every gap already spelled out. A section is a
//! heading and a list of blocks, so the HTML and the Markdown template lay out the same
//! document the same way.

use serde::Serialize;

#[derive(Debug, Serialize)]
pub(crate) struct PlanDoc {
    pub lang: &'static str,
    pub title: String,
    pub subtitle: String,
    pub front: Vec<Field>,
    pub toc_heading: String,
    pub toc: Vec<TocEntry>,
    /// The process, the register versions: numbered 1, 2.
    pub sections: Vec<Section>,
    pub systems_heading: String,
    pub systems_number: String,
    pub systems_empty: Option<String>,
    pub systems: Vec<SystemDoc>,
    pub labels: Labels,
}

#[derive(Debug, Serialize)]
pub(crate) struct Labels {
    pub field: String,
    pub value: String,
    pub not_recorded: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct TocEntry {
    pub anchor: String,
    pub number: String,
    pub label: String,
    pub level: u8,
}

#[derive(Debug, Serialize)]
pub(crate) struct Section {
    pub anchor: String,
    pub number: String,
    pub heading: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Serialize)]
pub(crate) struct SystemDoc {
    pub anchor: String,
    pub number: String,
    pub name: String,
    pub sections: Vec<Section>,
}

/// A label and its value; `missing` when the register has nothing there, so the reader sees
/// the gap ("not recorded") instead of a silently shorter sheet.
#[derive(Debug, Serialize)]
pub(crate) struct Field {
    pub label: String,
    pub value: Cell,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Cell {
    pub text: String,
    pub missing: bool,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            missing: false,
        }
    }

    /// The value, or the explicit gap when there is none (or it is blank).
    pub fn or_gap(value: Option<String>, gap: &str) -> Cell {
        match value.filter(|v| !v.trim().is_empty()) {
            Some(v) => Cell::text(v),
            None => Cell {
                text: gap.to_owned(),
                missing: true,
            },
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Block {
    Text {
        text: String,
    },
    /// Level 3 under a part's heading, 4 under a system's section: no level is skipped.
    Subheading {
        text: String,
        level: u8,
    },
    Fields {
        rows: Vec<Field>,
    },
    Table {
        columns: Vec<String>,
        rows: Vec<Vec<Cell>>,
    },
    Matrix(MatrixDoc),
}

/// A matrix grid: user bands down, severities across, each cell its colour's word (and the
/// decision target time when the matrix has one), never the colour alone.
#[derive(Debug, Serialize)]
pub(crate) struct MatrixDoc {
    pub caption: String,
    pub corner: String,
    pub severities: Vec<String>,
    pub rows: Vec<MatrixRow>,
}

#[derive(Debug, Serialize)]
pub(crate) struct MatrixRow {
    pub band: String,
    pub cells: Vec<MatrixCell>,
}

#[derive(Debug, Serialize)]
pub(crate) struct MatrixCell {
    /// `green`, `yellow`, `red`: the HTML's class, not shown as text.
    pub colour: &'static str,
    pub word: String,
    pub response: Option<String>,
}
