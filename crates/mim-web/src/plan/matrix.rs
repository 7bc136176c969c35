//! A matrix as a grid of words: bands down, severities across, the colour's word in every
//! cell (and the decision target time where the matrix has one), the same vocabulary as the
//! matrices workbook.

use super::Words;
use super::doc::{Block, Cell, MatrixCell, MatrixDoc, MatrixRow};
use mim_domain::impact::{Colour, ImpactMatrix, Severity};

pub(super) fn grid(w: &Words<'_>, m: &ImpactMatrix, caption: String) -> MatrixDoc {
    let bands = m.bands();
    let times = m.response_minutes();
    let rows = m
        .rows()
        .iter()
        .enumerate()
        .map(|(band, colours)| MatrixRow {
            band: bands.label(band),
            cells: Severity::ALL
                .iter()
                .map(|s| {
                    let colour = colours[s.index()];
                    MatrixCell {
                        colour: colour.code(),
                        word: w.t(&format!("colour-{}", colour.code())),
                        response: times
                            .and_then(|t| t.get(band))
                            .and_then(|row| row[s.index()])
                            .map(|min| w.t_n("plan-response-within", "minutes", i64::from(min))),
                    }
                })
                .collect(),
        })
        .collect();
    MatrixDoc {
        caption,
        corner: w.t("plan-matrix-corner"),
        severities: Severity::ALL
            .iter()
            .map(|s| w.t(&format!("severity-{}", s.code())))
            .collect(),
        rows,
    }
}

/// What each colour means and who is contacted; `contact` names the MIM contact people the
/// yellow row calls.
pub(super) fn legend(w: &Words<'_>, contact: Option<String>) -> Block {
    Block::Table {
        columns: vec![
            w.t("plan-col-colour"),
            w.t("plan-col-meaning"),
            w.t("plan-col-contacted"),
        ],
        rows: Colour::ALL
            .iter()
            .map(|c| {
                let code = c.code();
                let mut who = w.t(&format!("plan-colour-{code}-contact"));
                if let (Colour::Yellow, Some(names)) = (c, &contact) {
                    who = format!("{who}: {names}");
                }
                vec![
                    Cell::text(w.t(&format!("colour-{code}"))),
                    Cell::text(w.t(&format!("plan-colour-{code}-meaning"))),
                    Cell::text(who),
                ]
            })
            .collect(),
    }
}
