//! The matrix itself: one row of four colours per user band.

use super::{AffectedUsers, Colour, Severity, UserBands};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawMatrix", into = "RawMatrix")]
pub struct ImpactMatrix {
    bands: UserBands,
    /// `cells[band][severity]`.
    cells: Vec<[Colour; 4]>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MatrixError {
    #[error("user bands: {0}")]
    Bands(String),
    #[error("the matrix has {rows} rows of colours for {bands} user bands")]
    RowCount { rows: usize, bands: usize },
}

#[derive(Serialize, Deserialize)]
struct RawMatrix {
    bands: UserBands,
    cells: Vec<[Colour; 4]>,
}

impl TryFrom<RawMatrix> for ImpactMatrix {
    type Error = MatrixError;
    fn try_from(raw: RawMatrix) -> Result<Self, Self::Error> {
        ImpactMatrix::new(raw.bands, raw.cells)
    }
}

impl From<ImpactMatrix> for RawMatrix {
    fn from(m: ImpactMatrix) -> RawMatrix {
        RawMatrix {
            bands: m.bands,
            cells: m.cells,
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
        Ok(ImpactMatrix { bands, cells })
    }

    /// The organisation default of PROCESS.md (decided; every system may override it).
    pub fn organisation_default() -> Self {
        use Colour::{Green as G, Red as R, Yellow as Y};
        ImpactMatrix {
            bands: UserBands::default_bands(),
            cells: vec![[G, G, G, Y], [G, G, Y, R], [G, Y, R, R], [Y, R, R, R]],
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
