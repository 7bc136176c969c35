//! What a matrix workbook holds: the organisation, its default matrix and, per critical
//! system, the details a service desk needs next to the matrix. [`SystemMatrix`] keeps the
//! colours apart from the valid-from date and response times the domain's `ImpactMatrix`
//! carries with them, since the workbook writes and reads them in places of their own.

use chrono::NaiveDate;
use mim_domain::impact::{AffectedUsers, ImpactMatrix, MatrixError, Severity};
use mim_domain::register::{BackupArrangement, Contact, CriticalSystem, Organisation, Vendor};
use serde::{Deserialize, Serialize};

/// A matrix as one version of a system's register entry: the colours, since when they
/// apply, and the target time for the decision per cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemMatrix {
    pub matrix: ImpactMatrix,
    pub valid_from: Option<NaiveDate>,
    /// `response_minutes[band][severity]`, one row per band of `matrix`.
    pub response_minutes: Vec<[Option<u32>; 4]>,
}

impl SystemMatrix {
    /// The matrix with no valid-from date and no response times.
    pub fn new(matrix: ImpactMatrix) -> Self {
        let rows = matrix.bands().len();
        SystemMatrix {
            matrix,
            valid_from: None,
            response_minutes: vec![[None; 4]; rows],
        }
    }

    /// A register matrix as the workbook shows it: its colours, and its valid-from date and
    /// response times beside them.
    pub fn from_domain(m: &ImpactMatrix) -> Self {
        let colours = ImpactMatrix::new(m.bands().clone(), m.rows().to_vec())
            .unwrap_or_else(|_| m.clone().with_valid_from(None));
        let rows = m.bands().len();
        SystemMatrix {
            matrix: colours,
            valid_from: m.valid_from(),
            response_minutes: m
                .response_minutes()
                .map_or_else(|| vec![[None; 4]; rows], <[_]>::to_vec),
        }
    }

    /// The matrix as the register keeps it, valid-from date and response times inside.
    pub fn into_domain(self) -> Result<ImpactMatrix, MatrixError> {
        self.matrix
            .with_valid_from(self.valid_from)
            .with_response_minutes(self.response_minutes)
    }

    pub fn with_valid_from(mut self, date: NaiveDate) -> Self {
        self.valid_from = Some(date);
        self
    }

    /// None when `band` is not a band of the matrix.
    pub fn with_response(mut self, band: usize, severity: Severity, minutes: u32) -> Option<Self> {
        *self
            .response_minutes
            .get_mut(band)?
            .get_mut(severity.index())? = Some(minutes);
        Some(self)
    }

    /// The target time at band `band`.
    pub fn response(&self, band: usize, severity: Severity) -> Option<u32> {
        self.response_minutes
            .get(band)
            .and_then(|row| row[severity.index()])
    }

    /// The target time for `users` affected users, whichever band holds them.
    pub fn response_for(&self, users: AffectedUsers, severity: Severity) -> Option<u32> {
        self.response(self.matrix.bands().band_of(users), severity)
    }
}

/// The vendor as the sheet shows it: whom to call first.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VendorDetails {
    pub name: String,
    pub contact: Contact,
}

/// One critical system's sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemSheet {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub user_count: u32,
    pub owner: Option<String>,
    pub vendor: Option<VendorDetails>,
    /// The MIM contact person for this system, named in the yellow legend.
    pub mim_contact: Option<String>,
    pub criticality_notes: Option<String>,
    /// The matrix in use: the system's own or the organisation default.
    pub matrix: SystemMatrix,
    pub backup_arrangements: Vec<BackupArrangement>,
}

/// Everything one export writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixBook {
    pub organisation: String,
    /// IANA name, e.g. `Europe/Helsinki`, shown on the instructions sheet.
    pub time_zone: String,
    /// The organisation's MIM contact person, for systems without their own.
    pub mim_contact: Option<String>,
    /// The default matrix; the template sheet starts from it.
    pub default_matrix: ImpactMatrix,
    pub systems: Vec<SystemSheet>,
}

impl MatrixBook {
    /// The book for the register as it is: each system with the matrix in use (its own or
    /// the default) with its valid-from date and response times.
    pub fn from_register(
        organisation: &Organisation,
        systems: &[CriticalSystem],
        vendors: &[Vendor],
    ) -> Self {
        let org_contact = organisation.mim_contact.as_ref().map(|p| p.name.clone());
        MatrixBook {
            organisation: organisation.name.clone(),
            time_zone: organisation.time_zone.name().to_string(),
            mim_contact: org_contact.clone(),
            default_matrix: organisation.default_matrix.clone(),
            systems: systems
                .iter()
                .map(|s| {
                    let vendor = s
                        .vendor
                        .as_ref()
                        .and_then(|id| vendors.iter().find(|v| &v.id == id))
                        .map(|v| VendorDetails {
                            name: v.name.clone(),
                            contact: v.primary_contact().cloned().unwrap_or_default(),
                        });
                    SystemSheet {
                        id: s.id.as_str().to_string(),
                        name: s.name.clone(),
                        aliases: s.aliases.clone(),
                        user_count: s.user_count,
                        owner: s.owner.as_ref().map(|o| o.name.clone()),
                        vendor,
                        mim_contact: s
                            .mim_contact
                            .as_ref()
                            .map(|p| p.name.clone())
                            .or_else(|| org_contact.clone()),
                        criticality_notes: s.criticality_notes.clone(),
                        matrix: SystemMatrix::from_domain(
                            &s.matrix_in_use(&organisation.default_matrix).matrix,
                        ),
                        backup_arrangements: s.backup_arrangements.clone(),
                    }
                })
                .collect(),
        }
    }
}
