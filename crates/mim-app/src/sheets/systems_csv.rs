//! The register's critical systems as CSV for Excel, out and back in. The import is the
//! matrices import's twin: every row read and checked against the register first (the id
//! names an existing system or a new one, the vendor exists, contacts are users holding the
//! role), every problem reported by line and column, and then all changed systems written in
//! one transaction or none. Parts a CSV has no column for are kept as they are.

use super::{CSV, Download, language};
use crate::register::{Author, REGISTER_EDITORS};
use crate::{App, AppError, Principal, SheetProblem};
use mim_domain::register::CriticalSystem;
use mim_domain::{Language, SystemId};
use mim_sheets::register::{Column, CsvProblem, read_systems_csv, systems_csv};
use mim_store::RegisterDocument;
use serde::Serialize;

/// What a systems CSV import did, or with `dry_run` what it would do.
#[derive(Debug, Clone, Serialize)]
pub struct SystemsImport {
    pub dry_run: bool,
    pub systems: Vec<ImportedSystemRow>,
}

impl SystemsImport {
    pub fn changed(&self) -> usize {
        self.systems.iter().filter(|s| s.changed).count()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ImportedSystemRow {
    pub system: SystemId,
    pub line: u64,
    /// Not in the register before.
    pub new: bool,
    pub changed: bool,
    /// The register version compared with (0 for a new system).
    pub version: u64,
    pub new_version: Option<u64>,
    /// The fields the row changes, as the JSON documents name them.
    pub fields: Vec<&'static str>,
}

impl App {
    /// The critical systems `who` may see as CSV for Finnish Excel.
    pub async fn export_systems_csv(
        &self,
        who: &Principal,
        lang: Option<Language>,
    ) -> Result<Download, AppError> {
        let systems = self.systems(who).await?;
        let org = self.organisation_or_default().await?;
        let lang = language(lang, &org);
        Ok(Download {
            filename: format!("mim-systems-{}.csv", lang.code()),
            content_type: CSV,
            bytes: systems_csv(&systems, lang),
        })
    }

    /// Imports the systems of a CSV file, or with `dry_run` only says what would change.
    pub async fn import_systems_csv(
        &self,
        by: Author<'_>,
        bytes: &[u8],
        dry_run: bool,
    ) -> Result<SystemsImport, AppError> {
        let stamp = self.stamp_for(&by, REGISTER_EDITORS, "importing critical systems")?;
        let rows = read_systems_csv(bytes).map_err(bad_csv)?;
        let register = self.register_systems().await?;
        let mut problems = Vec::new();
        let mut outcome = Vec::new();
        let mut writes = Vec::new();
        for row in &rows {
            let current = register.iter().find(|c| c.system.id == row.id);
            let mut system = match row.apply(current.map(|c| &c.system)) {
                Ok(s) => s,
                Err(p) => {
                    problems.extend(p);
                    continue;
                }
            };
            if let Err(e) = system.validate() {
                problems.push(row.problem(column_of(&e.field), e.message));
                continue;
            }
            if let Some(v) = &system.vendor
                && self.store().vendor(v).await?.is_none()
            {
                problems.push(
                    row.problem(Column::Vendor, format!("no vendor \"{v}\" in the register")),
                );
            }
            for (column, field) in [
                (Column::MimContact, "mim_contact"),
                (Column::MimDeputy, "mim_contact_deputy"),
            ] {
                let slot = match column {
                    Column::MimContact => &mut system.mim_contact,
                    _ => &mut system.mim_contact_deputy,
                };
                match self.contact(field, slot.take()).await {
                    Ok(p) => *slot = p,
                    Err(e) => problems.push(row.problem(column, e.to_string())),
                }
            }
            let before = current.map(|c| &c.system);
            let fields = changed_fields(before, &system);
            let changed = before.is_none() || !fields.is_empty();
            let version = current.map_or(0, |c| c.version);
            if changed {
                writes.push((RegisterDocument::System(Box::new(system)), Some(version)));
            }
            outcome.push(ImportedSystemRow {
                system: row.id.clone(),
                line: row.line,
                new: current.is_none(),
                changed,
                version,
                new_version: None,
                fields,
            });
        }
        if !problems.is_empty() {
            return Err(AppError::BadWorkbook {
                readable: true,
                problems: problems.iter().map(sheet_problem).collect(),
            });
        }
        if !dry_run && !writes.is_empty() {
            let mut versions = self
                .store()
                .put_documents(&writes, &stamp)
                .await?
                .into_iter();
            self.register_changed();
            for s in outcome.iter_mut().filter(|s| s.changed) {
                s.new_version = versions.next();
            }
        }
        Ok(SystemsImport {
            dry_run,
            systems: outcome,
        })
    }
}

/// The CSV's fields that differ between the register's system and the imported one.
fn changed_fields(before: Option<&CriticalSystem>, after: &CriticalSystem) -> Vec<&'static str> {
    let Some(b) = before else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut check = |differs: bool, field: &'static str| {
        if differs {
            out.push(field);
        }
    };
    check(b.name != after.name, "name");
    check(b.aliases != after.aliases, "aliases");
    check(b.user_count != after.user_count, "user_count");
    check(b.owner != after.owner, "owner");
    check(b.vendor != after.vendor, "vendor");
    check(b.mim_contact != after.mim_contact, "mim_contact");
    check(
        b.mim_contact_deputy != after.mim_contact_deputy,
        "mim_contact_deputy",
    );
    check(
        b.criticality_notes != after.criticality_notes,
        "criticality_notes",
    );
    out
}

/// The CSV column a validation error's field path points into.
fn column_of(field: &str) -> Column {
    let head = field.split(['.', '[']).next().unwrap_or(field);
    match head {
        "aliases" => Column::Aliases,
        "user_count" => Column::Users,
        "owner" => Column::Owner,
        "vendor" => Column::Vendor,
        "mim_contact" => Column::MimContact,
        "mim_contact_deputy" => Column::MimDeputy,
        "criticality_notes" => Column::CriticalityNotes,
        "id" => Column::Id,
        _ => Column::Name,
    }
}

fn sheet_problem(p: &CsvProblem) -> SheetProblem {
    SheetProblem {
        sheet: None,
        cell: None,
        message: p.to_string(),
    }
}

fn bad_csv(problems: Vec<CsvProblem>) -> AppError {
    AppError::BadWorkbook {
        readable: true,
        problems: problems.iter().map(sheet_problem).collect(),
    }
}
