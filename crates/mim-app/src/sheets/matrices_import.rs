//! The matrices workbook in. The file is read whole first; then every system it names is
//! matched to the register (by id, name or alias) and its new matrix checked. Any problem —
//! in the file or against the register — is reported with its sheet and cell and nothing is
//! written. A dry run stops there and answers what would change; an import writes every
//! changed system in one transaction, each based on the version it was compared with, so an
//! edit made meanwhile makes the whole import a conflict rather than half of it. A system
//! whose matrix would not change is not written at all: re-importing an export changes
//! nothing, not even a version number.

use crate::register::{Author, REGISTER_EDITORS};
use crate::{App, AppError, SheetProblem};
use mim_domain::SystemId;
use mim_domain::register::CriticalSystem;
use mim_sheets::matrix::{
    ImportErrors, ImportedBook, ImportedSystem, Problem, SkippedSheet, SystemChanges, SystemMatrix,
    cell_reference, diff, import, system_key,
};
use mim_store::{RegisterDocument, RegisterKey};
use serde::Serialize;
use std::collections::BTreeMap;

/// What an import did, or with `dry_run` what it would do.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixImport {
    pub dry_run: bool,
    /// Every system the file gives, in the file's order.
    pub systems: Vec<ImportedMatrix>,
    /// Sheets that hold no matrix (instructions, the template, notes).
    pub skipped: Vec<SkippedSheet>,
    /// The workbook counts dates from 1904 (older Mac Excel); its dates were read so.
    pub date_system_1904: bool,
}

impl MatrixImport {
    /// How many systems the import changes (or would change).
    pub fn changed(&self) -> usize {
        self.systems.iter().filter(|s| s.changed).count()
    }
}

/// One system's matrix from the file against the register.
#[derive(Debug, Clone, Serialize)]
pub struct ImportedMatrix {
    pub system: SystemId,
    pub name: String,
    /// Where the file gives it.
    pub sheet: String,
    pub changed: bool,
    /// The system's register version the import was compared with.
    pub version: u64,
    /// The version the import wrote; none for a dry run or an unchanged system.
    pub new_version: Option<u64>,
    /// Band limits, valid-from date, colours and response times that change, cells the file
    /// left out (kept from the matrix in use), and the matrix as it would be after.
    pub changes: SystemChanges,
}

/// A system of the register with the version it was read at.
pub(super) struct Current {
    pub version: u64,
    pub system: CriticalSystem,
}

impl App {
    /// Imports the matrices of a workbook (`bytes`), or with `dry_run` only says what would
    /// change. Admins and IT management, or the operator.
    pub async fn import_matrices(
        &self,
        by: Author<'_>,
        bytes: &[u8],
        dry_run: bool,
    ) -> Result<MatrixImport, AppError> {
        let stamp = self.stamp_for(&by, REGISTER_EDITORS, "importing impact matrices")?;
        let book = import(bytes).map_err(bad_workbook)?;
        let org = self.organisation_or_default().await?;
        let register = self.register_systems().await?;

        let mut problems = Vec::new();
        let mut matched: Vec<(&ImportedSystem, &Current)> = Vec::new();
        for imported in &book.systems {
            match find(imported, &register) {
                Err(ambiguous) => problems.push(problem(
                    imported,
                    format!(
                        "\"{}\" names more than one system of the register ({}): give the \
                         system's id instead",
                        imported.system(),
                        ambiguous.join(", ")
                    ),
                )),
                Ok(Some(current)) => {
                    if let Some((other, _)) = matched
                        .iter()
                        .find(|(_, c)| c.system.id == current.system.id)
                    {
                        problems.push(problem(
                            imported,
                            format!(
                                "{} is the system {} also given at {}",
                                imported.system(),
                                current.system.id,
                                where_given(other)
                            ),
                        ));
                    }
                    matched.push((imported, current));
                }
                Ok(None) => problems.push(problem(
                    imported,
                    format!(
                        "no system \"{}\" in the register (by id, name or alias): add it \
                         there first",
                        imported.system()
                    ),
                )),
            }
        }

        let mut outcome = Vec::new();
        let mut writes = Vec::new();
        for (imported, current) in matched {
            let now = SystemMatrix::from_domain(
                &current.system.matrix_in_use(&org.default_matrix).matrix,
            );
            let one = ImportedBook {
                systems: vec![imported.clone()],
                skipped: Vec::new(),
                date_system_1904: book.date_system_1904,
            };
            let key = imported.system().to_string();
            let changes = diff(&one, &BTreeMap::from([(key, now)]), &org.default_matrix)
                .pop()
                .ok_or_else(|| AppError::Internal("the dry run compared nothing".into()))?;
            let changed = !changes.is_unchanged();
            if changed {
                let mut system = current.system.clone();
                match changes.after.clone().into_domain() {
                    Ok(m) => system.matrix = Some(m),
                    Err(e) => problems.push(problem(imported, e.to_string())),
                }
                if let Err(e) = system.validate() {
                    problems.push(problem(imported, format!("{}: {}", e.field, e.message)));
                }
                writes.push((
                    RegisterDocument::System(Box::new(system)),
                    Some(current.version),
                ));
            }
            outcome.push(ImportedMatrix {
                system: current.system.id.clone(),
                name: current.system.name.clone(),
                sheet: imported.sheet().to_string(),
                changed,
                version: current.version,
                new_version: None,
                changes,
            });
        }
        if !problems.is_empty() {
            return Err(AppError::BadWorkbook {
                readable: true,
                problems,
            });
        }
        if !dry_run && !writes.is_empty() {
            let versions = self.store().put_documents(&writes, &stamp).await?;
            self.register_changed();
            let mut versions = versions.into_iter();
            for s in outcome.iter_mut().filter(|s| s.changed) {
                s.new_version = versions.next();
            }
        }
        Ok(MatrixImport {
            dry_run,
            systems: outcome,
            skipped: book.skipped,
            date_system_1904: book.date_system_1904,
        })
    }

    /// Every critical system at its current version.
    pub(super) async fn register_systems(&self) -> Result<Vec<Current>, AppError> {
        let mut out = Vec::new();
        for s in self.store().systems().await? {
            let current = self
                .store()
                .current(&RegisterKey::System(s.id.clone()))
                .await?;
            match current.map(|v| (v.version, v.document)) {
                Some((version, RegisterDocument::System(system))) => out.push(Current {
                    version,
                    system: *system,
                }),
                _ => {
                    return Err(AppError::Internal(format!(
                        "the system {} has no current version",
                        s.id
                    )));
                }
            }
        }
        Ok(out)
    }
}

/// The register system the file means: any name the file gives against the system's id,
/// name and aliases, case and spacing aside. An id names one system while a name or alias may
/// be shared by several (two systems both called "Wilma"), so a name that is some system's id
/// means that system; otherwise a name or alias shared by several systems is ambiguous
/// (`Err` with their ids) rather than silently the first of them.
fn find<'a>(
    imported: &ImportedSystem,
    register: &'a [Current],
) -> Result<Option<&'a Current>, Vec<String>> {
    for name in imported.names() {
        let key = system_key(name);
        if let Some(c) = register
            .iter()
            .find(|c| system_key(c.system.id.as_str()) == key)
        {
            return Ok(Some(c));
        }
    }
    for name in imported.names() {
        let key = system_key(name);
        let matching: Vec<&Current> = register
            .iter()
            .filter(|c| {
                let s = &c.system;
                std::iter::once(s.name.as_str())
                    .chain(s.aliases.iter().map(String::as_str))
                    .any(|n| system_key(n) == key)
            })
            .collect();
        match matching.as_slice() {
            [] => {}
            [one] => return Ok(Some(one)),
            several => {
                return Err(several
                    .iter()
                    .map(|c| c.system.id.as_str().to_owned())
                    .collect());
            }
        }
    }
    Ok(None)
}

/// The first place the file gives a system's matrix: its first cell, else its sheet.
fn first_cell(imported: &ImportedSystem) -> Option<String> {
    imported.cells().first().map(|c| c.cell.clone())
}

fn where_given(imported: &ImportedSystem) -> String {
    cell_reference(imported.sheet(), first_cell(imported).as_deref())
}

/// A problem with a system as a whole, pointed at where the file gives it.
fn problem(imported: &ImportedSystem, message: String) -> SheetProblem {
    let location = where_given(imported);
    SheetProblem {
        sheet: Some(imported.sheet().to_string()),
        cell: first_cell(imported),
        message: format!("{location}: {message}"),
    }
}

fn bad_workbook(errors: ImportErrors) -> AppError {
    let readable = !errors.0.iter().any(|e| {
        matches!(
            e.problem,
            Problem::EmptyFile | Problem::NotAWorkbook { .. } | Problem::Unreadable { .. }
        )
    });
    AppError::BadWorkbook {
        readable,
        problems: errors
            .0
            .iter()
            .map(|e| SheetProblem {
                sheet: e.sheet.clone(),
                cell: e.cell.clone(),
                message: e.to_string(),
            })
            .collect(),
    }
}
