//! What an import gives back: per system, exactly what the file said (its band limits and
//! the cells it gave, each with where it was), the whole matrix when the file gave every cell,
//! and a way to complete a partial one from a base matrix that reports every cell it had to
//! fill in, so that a dry run can show the user what the file did not say.

use super::book::SystemMatrix;
use super::problems::Problem;
use chrono::NaiveDate;
use mim_domain::impact::{AffectedUsers, Colour, ImpactMatrix, Severity, UserBands};
use serde::Serialize;

/// Which layout a system's matrix was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// Bands × severities on a sheet of its own, as the export writes it.
    Grid,
    /// One row per matrix cell: system, users at least, severity, colour.
    FlatList,
}

/// A cell the file gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedCell {
    /// The lower limit of the cell's band.
    pub users_at_least: u32,
    pub severity: Severity,
    pub colour: Colour,
    pub valid_from: Option<NaiveDate>,
    pub response_minutes: Option<u32>,
    pub sheet: String,
    /// A1 reference of the colour cell.
    pub cell: String,
}

/// A sheet the import did not read as a matrix, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedSheet {
    pub sheet: String,
    pub reason: SkipReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// The blank template for a new system, still without a system name.
    Template,
    /// Neither a grid nor a list: instructions, notes, lookup lists.
    NoMatrix,
    /// A grid or list heading with no matrix cells under it.
    Empty,
}

/// A matrix cell that [`complete`] took from the base because the file did not give it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FilledCell {
    pub users_at_least: u32,
    pub severity: Severity,
    pub colour: Colour,
    pub response_minutes: Option<u32>,
    /// True when the whole band was added: the file's lowest threshold was above 1.
    pub added_band: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedBook {
    pub systems: Vec<ImportedSystem>,
    pub skipped: Vec<SkippedSheet>,
    /// Whether the workbook counts dates from 1904 (older Mac Excel); reported so that a
    /// surprising date can be explained.
    pub date_system_1904: bool,
}

impl ImportedBook {
    /// The system the file names `name` (its id, name or sheet name; case and spaces aside).
    pub fn system(&self, name: &str) -> Option<&ImportedSystem> {
        let key = system_key(name);
        self.systems
            .iter()
            .find(|s| s.names().any(|n| system_key(n) == key))
    }
}

/// One system's matrix as the file gave it. Built only by the import, so its band limits are
/// always sorted, distinct, at least 1 and at most ten bands once a band from 1 is added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedSystem {
    system: String,
    other_names: Vec<String>,
    sheet: String,
    layout: Layout,
    band_limits: Vec<u32>,
    cells: Vec<ImportedCell>,
    valid_from: Option<NaiveDate>,
    responses_given: bool,
    matrix: Option<ImpactMatrix>,
    #[serde(skip)]
    full_bands: UserBands,
}

/// A system as a reader found it, before the checks that need all of it.
pub(crate) struct Draft {
    pub system: String,
    pub other_names: Vec<String>,
    pub sheet: String,
    /// Where to point a problem with the system as a whole.
    pub cell: Option<String>,
    pub layout: Layout,
    pub band_limits: Vec<u32>,
    pub cells: Vec<ImportedCell>,
    pub valid_from: Option<NaiveDate>,
    pub responses_given: bool,
}

/// How system names are compared: case, surrounding and repeated spaces aside.
pub fn system_key(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Draft {
    /// The system, or the problem with it as a whole (to be reported at the draft's cell).
    pub fn build(mut self) -> Result<ImportedSystem, Problem> {
        self.band_limits.sort_unstable();
        self.band_limits.dedup();
        let mut full = self.band_limits.clone();
        if full.first() != Some(&1) {
            full.insert(0, 1);
        }
        let full_bands = UserBands::new(full.clone()).map_err(|_| Problem::TooManyBands {
            system: self.system.clone(),
            count: full.len(),
        })?;
        self.cells
            .sort_by_key(|c| (c.users_at_least, c.severity.index()));
        let complete = self.band_limits == full && self.cells.len() == full.len() * 4;
        let matrix = complete.then(|| rows_to_matrix(&full_bands, &self.cells, None).0);
        Ok(ImportedSystem {
            system: self.system,
            other_names: self.other_names,
            sheet: self.sheet,
            layout: self.layout,
            band_limits: self.band_limits,
            cells: self.cells,
            valid_from: self.valid_from,
            responses_given: self.responses_given,
            matrix,
            full_bands,
        })
    }
}

/// The matrix over `bands` with the given cells, the rest from `base`; and what was filled.
fn rows_to_matrix(
    bands: &UserBands,
    cells: &[ImportedCell],
    base: Option<&SystemMatrix>,
) -> (ImpactMatrix, Vec<FilledCell>, Vec<[Option<u32>; 4]>) {
    let given_limits: Vec<u32> = cells.iter().map(|c| c.users_at_least).collect();
    let mut rows = Vec::with_capacity(bands.len());
    let mut responses = Vec::with_capacity(bands.len());
    let mut filled = Vec::new();
    for &lower in bands.lower_limits() {
        let mut row = [Colour::Green; 4];
        let mut response_row = [None; 4];
        for severity in Severity::ALL {
            let i = severity.index();
            let given = cells
                .iter()
                .find(|c| c.users_at_least == lower && c.severity == severity);
            let users = AffectedUsers::new(i64::from(lower)).ok();
            let from_base = |b: &SystemMatrix| {
                users.map(|u| (b.matrix.colour(u, severity), b.response_for(u, severity)))
            };
            match (given, base.and_then(from_base)) {
                (Some(c), _) => {
                    row[i] = c.colour;
                    response_row[i] = c.response_minutes;
                }
                (None, Some((colour, response))) => {
                    row[i] = colour;
                    response_row[i] = response;
                    filled.push(FilledCell {
                        users_at_least: lower,
                        severity,
                        colour,
                        response_minutes: response,
                        added_band: !given_limits.contains(&lower),
                    });
                }
                (None, None) => {}
            }
        }
        rows.push(row);
        responses.push(response_row);
    }
    // One row per band was built just above, so the matrix cannot be refused.
    let matrix = ImpactMatrix::new(bands.clone(), rows).expect("one row of colours per band");
    (matrix, filled, responses)
}

impl ImportedSystem {
    /// The text the file names the system by: on a grid sheet its id when given, else its
    /// name, else the sheet name; in a list, the system column.
    pub fn system(&self) -> &str {
        &self.system
    }

    /// The other names the sheet gave (name, sheet name), for matching to the register.
    pub fn other_names(&self) -> &[String] {
        &self.other_names
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.system.as_str()).chain(self.other_names.iter().map(String::as_str))
    }

    pub fn sheet(&self) -> &str {
        &self.sheet
    }

    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// The band lower limits the file gave, sorted and distinct (maybe not starting at 1).
    pub fn band_limits(&self) -> &[u32] {
        &self.band_limits
    }

    /// The cells the file gave, by band and severity.
    pub fn cells(&self) -> &[ImportedCell] {
        &self.cells
    }

    /// The latest valid-from date the file gave for the system's cells.
    pub fn valid_from(&self) -> Option<NaiveDate> {
        self.valid_from
    }

    /// Whether the file has response times for the system at all (a column or grid).
    pub fn responses_given(&self) -> bool {
        self.responses_given
    }

    /// The whole matrix, when the file gave every cell of bands starting at 1.
    pub fn matrix(&self) -> Option<&ImpactMatrix> {
        self.matrix.as_ref()
    }

    /// The complete matrix with its valid-from date and response times.
    pub fn system_matrix(&self) -> Option<SystemMatrix> {
        let matrix = self.matrix.clone()?;
        let (_, _, responses) = rows_to_matrix(&self.full_bands, &self.cells, None);
        Some(SystemMatrix {
            matrix,
            valid_from: self.valid_from,
            response_minutes: responses,
        })
    }

    /// [`complete`] with response times: cells the file did not give take colour and
    /// response time from `base`; when the file has no response times at all, every cell
    /// keeps the base's, since the file said nothing about them.
    pub fn complete_from(&self, base: &SystemMatrix) -> (SystemMatrix, Vec<FilledCell>) {
        let (matrix, filled, mut responses) =
            rows_to_matrix(&self.full_bands, &self.cells, Some(base));
        if !self.responses_given {
            for (row, &lower) in responses.iter_mut().zip(self.full_bands.lower_limits()) {
                if let Ok(users) = AffectedUsers::new(i64::from(lower)) {
                    for s in Severity::ALL {
                        row[s.index()] = base.response_for(users, s);
                    }
                }
            }
        }
        let valid_from = self.valid_from.or(base.valid_from);
        (
            SystemMatrix {
                matrix,
                valid_from,
                response_minutes: responses,
            },
            filled,
        )
    }
}

/// The system's matrix with the cells the file did not give filled from `base` (its colour
/// at that band's lower limit and severity), adding a band from 1 when the file's lowest
/// threshold is above 1, and every cell so filled.
pub fn complete(imported: &ImportedSystem, base: &ImpactMatrix) -> (ImpactMatrix, Vec<FilledCell>) {
    let (m, filled) = imported.complete_from(&SystemMatrix::new(base.clone()));
    (m.matrix, filled)
}
