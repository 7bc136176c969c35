//! The matrix itself: one row of four colours per user band, and optionally the date this
//! version of it applies from and, per cell, the target time for the criticality decision
//! (the "response time" organisations keep next to their matrices, CASES.md C28).

use super::{AffectedUsers, Colour, Severity, UserBands};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawMatrix", into = "RawMatrix")]
pub struct ImpactMatrix {
    bands: UserBands,
    /// `cells[band][severity]`.
    cells: Vec<[Colour; 4]>,
    valid_from: Option<NaiveDate>,
    /// `response_minutes[band][severity]`, one row per band; None when no cell has one.
    response_minutes: Option<Vec<[Option<u32>; 4]>>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MatrixError {
    #[error("user bands: {0}")]
    Bands(String),
    #[error("the matrix has {rows} rows of colours for {bands} user bands")]
    RowCount { rows: usize, bands: usize },
    #[error("the matrix has {rows} rows of response times for {bands} user bands")]
    ResponseRowCount { rows: usize, bands: usize },
}

/// Documents stored before matrices had a valid-from date or response times still load, and
/// a matrix without them is written as before.
#[derive(Serialize, Deserialize)]
struct RawMatrix {
    bands: UserBands,
    cells: Vec<[Colour; 4]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    valid_from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    response_minutes: Option<Vec<[Option<u32>; 4]>>,
}

impl TryFrom<RawMatrix> for ImpactMatrix {
    type Error = MatrixError;
    fn try_from(raw: RawMatrix) -> Result<Self, Self::Error> {
        let m = ImpactMatrix::new(raw.bands, raw.cells)?.with_valid_from(raw.valid_from);
        match raw.response_minutes {
            Some(rows) => m.with_response_minutes(rows),
            None => Ok(m),
        }
    }
}

impl From<ImpactMatrix> for RawMatrix {
    fn from(m: ImpactMatrix) -> RawMatrix {
        RawMatrix {
            bands: m.bands,
            cells: m.cells,
            valid_from: m.valid_from,
            response_minutes: m.response_minutes,
        }
    }
}

impl ImpactMatrix {
    pub fn new(bands: UserBands, cells: Vec<[Colour; 4]>) -> Result<Self, MatrixError> {
        if cells.len() != bands.len() {
            return Err(MatrixError::RowCount {
                rows: cells.len(),
                bands: bands.len(),
            });
        }
        Ok(ImpactMatrix {
            bands,
            cells,
            valid_from: None,
            response_minutes: None,
        })
    }

    /// The organisation default of PROCESS.md (decided; every system may override it).
    pub fn organisation_default() -> Self {
        use Colour::{Green as G, Red as R, Yellow as Y};
        ImpactMatrix {
            bands: UserBands::default_bands(),
            cells: vec![[G, G, G, Y], [G, G, Y, R], [G, Y, R, R], [Y, R, R, R]],
            valid_from: None,
            response_minutes: None,
        }
    }

    pub fn bands(&self) -> &UserBands {
        &self.bands
    }

    pub fn rows(&self) -> &[[Colour; 4]] {
        &self.cells
    }

    pub fn colour(&self, users: AffectedUsers, severity: Severity) -> Colour {
        self.cells[self.bands.band_of(users)][severity.index()]
    }

    /// The date this version of the matrix applies from, when the organisation gave one.
    pub fn valid_from(&self) -> Option<NaiveDate> {
        self.valid_from
    }

    pub fn with_valid_from(mut self, date: Option<NaiveDate>) -> Self {
        self.valid_from = date;
        self
    }

    /// The target time for the criticality decision per cell, `[band][severity]` in minutes;
    /// None when the matrix has none at all.
    pub fn response_minutes(&self) -> Option<&[[Option<u32>; 4]]> {
        self.response_minutes.as_deref()
    }

    /// The target time for the decision at `users` and `severity`, when the matrix has one.
    pub fn response_for(&self, users: AffectedUsers, severity: Severity) -> Option<u32> {
        self.response_minutes.as_ref()?[self.bands.band_of(users)][severity.index()]
    }

    /// Sets the per-cell decision target times, one row per band; rows without any time at
    /// all are kept as none, so a matrix without response times compares equal to one.
    pub fn with_response_minutes(
        mut self,
        rows: Vec<[Option<u32>; 4]>,
    ) -> Result<Self, MatrixError> {
        if rows.len() != self.bands.len() {
            return Err(MatrixError::ResponseRowCount {
                rows: rows.len(),
                bands: self.bands.len(),
            });
        }
        let any = rows.iter().flatten().any(Option::is_some);
        self.response_minutes = any.then_some(rows);
        Ok(self)
    }

    /// A copy with the colours kept where the band survives; for changing band limits.
    pub fn with_cell(mut self, band: usize, severity: Severity, colour: Colour) -> Option<Self> {
        *self.cells.get_mut(band)?.get_mut(severity.index())? = colour;
        Some(self)
    }
}

/// Where the matrix an assessment used came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum MatrixSource {
    OrganisationDefault,
    SystemOverride { system: crate::SystemId },
}

/// The matrix an assessment was made with, kept on the case so a later edit of the register
/// never changes what was decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixUsed {
    pub source: MatrixSource,
    /// The register version of the matrix, when the register versions it.
    pub version: Option<u64>,
    pub matrix: ImpactMatrix,
}

#[cfg(test)]
mod tests {
    use super::*;
    use Colour::{Green as G, Red as R, Yellow as Y};
    use Severity::*;

    fn users(n: i64) -> AffectedUsers {
        AffectedUsers::new(n).unwrap()
    }

    /// All 16 default cells, each checked at both edges of its band.
    #[test]
    fn default_matrix_every_cell_and_band_edge() {
        let m = ImpactMatrix::organisation_default();
        let table: [(i64, Severity, Colour); 32] = [
            (1, Minor, G),
            (10, Minor, G),
            (1, Inconvenient, G),
            (10, Inconvenient, G),
            (1, DisruptsWork, G),
            (10, DisruptsWork, G),
            (1, PreventsWork, Y),
            (10, PreventsWork, Y),
            (11, Minor, G),
            (50, Minor, G),
            (11, Inconvenient, G),
            (50, Inconvenient, G),
            (11, DisruptsWork, Y),
            (50, DisruptsWork, Y),
            (11, PreventsWork, R),
            (50, PreventsWork, R),
            (51, Minor, G),
            (100, Minor, G),
            (51, Inconvenient, Y),
            (100, Inconvenient, Y),
            (51, DisruptsWork, R),
            (100, DisruptsWork, R),
            (51, PreventsWork, R),
            (100, PreventsWork, R),
            (101, Minor, Y),
            (100_000, Minor, Y),
            (101, Inconvenient, R),
            (100_000, Inconvenient, R),
            (101, DisruptsWork, R),
            (100_000, DisruptsWork, R),
            (101, PreventsWork, R),
            (100_000, PreventsWork, R),
        ];
        for (n, sev, want) in table {
            assert_eq!(m.colour(users(n), sev), want, "{n} users, {sev:?}");
        }
    }

    #[test]
    fn band_edges_move_to_the_next_row() {
        let m = ImpactMatrix::organisation_default();
        for (below, above) in [(10, 11), (50, 51), (100, 101)] {
            let b = m.bands().band_of(users(below));
            assert_eq!(m.bands().band_of(users(above)), b + 1, "{below}/{above}");
        }
    }

    #[test]
    fn a_three_band_matrix_as_in_the_cases() {
        // users ≥ 1 / 50 / 500 (CASES.md, matrix for `arkisto`).
        let m = ImpactMatrix::new(
            UserBands::new(vec![1, 50, 500]).unwrap(),
            vec![[G, G, Y, Y], [G, Y, Y, R], [Y, Y, R, R]],
        )
        .unwrap();
        assert_eq!(m.colour(users(49), PreventsWork), Y);
        assert_eq!(m.colour(users(50), PreventsWork), R);
        assert_eq!(m.colour(users(499), DisruptsWork), Y);
        assert_eq!(m.colour(users(500), DisruptsWork), R);
    }

    #[test]
    fn rows_must_match_bands() {
        let e = ImpactMatrix::new(UserBands::default_bands(), vec![[G; 4]]).unwrap_err();
        assert_eq!(e, MatrixError::RowCount { rows: 1, bands: 4 });
    }

    #[test]
    fn valid_from_and_response_times_round_trip_and_old_documents_still_load() {
        let m = ImpactMatrix::organisation_default()
            .with_valid_from(NaiveDate::from_ymd_opt(2026, 1, 1))
            .with_response_minutes(vec![
                [None; 4],
                [None; 4],
                [None; 4],
                [None, None, Some(60), Some(15)],
            ])
            .unwrap();
        assert_eq!(m.response_for(users(500), PreventsWork), Some(15));
        assert_eq!(m.response_for(users(5), PreventsWork), None);
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(json["valid_from"], "2026-01-01");
        assert_eq!(serde_json::from_value::<ImpactMatrix>(json).unwrap(), m);

        let plain = ImpactMatrix::organisation_default();
        let json = serde_json::to_value(&plain).unwrap();
        assert!(json.get("valid_from").is_none() && json.get("response_minutes").is_none());
        let none = plain
            .clone()
            .with_response_minutes(vec![[None; 4]; 4])
            .unwrap();
        assert_eq!(none, plain);
        assert!(plain.with_response_minutes(vec![[None; 4]]).is_err());
    }

    #[test]
    fn json_round_trip_checks_rows() {
        let m = ImpactMatrix::organisation_default();
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(serde_json::from_str::<ImpactMatrix>(&json).unwrap(), m);
        assert!(
            serde_json::from_str::<ImpactMatrix>(
                r#"{"bands":[1,5],"cells":[["red","red","red","red"]]}"#
            )
            .is_err()
        );
    }
}
