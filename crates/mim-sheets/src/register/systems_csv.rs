//! The critical systems as CSV for Finnish Excel (the case CSV's writer: BOM, `;`, CRLF,
//! formula neutralising) and back: each row read into the plain fields of a system, every
//! problem named by its line and column so that one pass lists them all.

use super::columns::{Column, owner_kind_words};
use crate::cases::{CsvCell, ExcelCsvWriter, parse_decimal, read_excel_csv};
use mim_domain::register::{CriticalSystem, NamedPerson, OwnerKind, SystemOwner};
use mim_domain::{Language, SystemId, UserId, VendorId};
use std::collections::BTreeMap;
use std::fmt;

/// Aliases share one cell, a line each: an alias may hold a comma, never a line break.
const ALIAS_SEPARATOR: char = '\n';

/// The systems as CSV, headings in `lang`.
pub fn systems_csv(systems: &[CriticalSystem], lang: Language) -> Vec<u8> {
    let mut w = ExcelCsvWriter::new();
    let headings: Vec<CsvCell<'_>> = Column::ALL
        .iter()
        .map(|c| CsvCell::Text(c.heading(lang)))
        .collect();
    w.write_row(&headings);
    let (person, unit) = owner_kind_words(lang);
    for s in systems {
        let aliases = s.aliases.join(&ALIAS_SEPARATOR.to_string());
        let owner = s.owner.as_ref();
        w.write_row(&[
            CsvCell::Text(s.id.as_str()),
            CsvCell::Text(&s.name),
            CsvCell::Text(&aliases),
            CsvCell::Integer(i64::from(s.user_count)),
            text(owner.map(|o| o.name.as_str())),
            text(owner.map(|o| match o.kind {
                OwnerKind::Person => person,
                OwnerKind::Unit => unit,
            })),
            text(owner.and_then(|o| o.phone.as_deref())),
            text(owner.and_then(|o| o.email.as_deref())),
            text(s.vendor.as_ref().map(|v| v.as_str())),
            text(s.mim_contact.as_ref().map(|p| p.user.as_str())),
            text(s.mim_contact_deputy.as_ref().map(|p| p.user.as_str())),
            text(s.criticality_notes.as_deref()),
        ]);
    }
    w.into_bytes()
}

fn text(t: Option<&str>) -> CsvCell<'_> {
    t.map_or(CsvCell::Empty, CsvCell::Text)
}

/// Something in the file that can't be read, at its line (1: the heading row) and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvProblem {
    pub line: u64,
    /// The column's heading as the file has it.
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for CsvProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(c) => write!(f, "line {}, {c}: {}", self.line, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

/// One row of the file: the system's id and the columns the file has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemRow {
    pub line: u64,
    pub id: SystemId,
    values: BTreeMap<Column, String>,
    headings: BTreeMap<Column, String>,
}

/// Reads the file: every row with a readable id, or every problem found.
pub fn read_systems_csv(bytes: &[u8]) -> Result<Vec<SystemRow>, Vec<CsvProblem>> {
    let table = read_excel_csv(bytes).map_err(|e| {
        vec![CsvProblem {
            line: 1,
            column: None,
            message: e.to_string(),
        }]
    })?;
    let mut problems: Vec<CsvProblem> = table
        .bad_rows
        .iter()
        .map(|b| CsvProblem {
            line: b.line,
            column: None,
            message: format!("the row {}", b.problem),
        })
        .collect();
    let mut columns: Vec<Option<Column>> = Vec::new();
    let mut headings = BTreeMap::new();
    for h in &table.headings {
        let column = Column::of_heading(h);
        match column {
            Some(c) if headings.contains_key(&c) => problems.push(CsvProblem {
                line: 1,
                column: Some(h.clone()),
                message: "the column is there twice".into(),
            }),
            Some(c) => {
                headings.insert(c, h.clone());
            }
            None if h.trim().is_empty() => {}
            None => problems.push(CsvProblem {
                line: 1,
                column: Some(h.clone()),
                message: format!(
                    "not a column of the systems list (the columns are {})",
                    Column::ALL.map(|c| c.heading(Language::En)).join(", ")
                ),
            }),
        }
        columns.push(column);
    }
    if !headings.contains_key(&Column::Id) {
        problems.push(CsvProblem {
            line: 1,
            column: None,
            message: "no id column (Tunnus / Id)".into(),
        });
        return Err(problems);
    }
    let mut rows: Vec<SystemRow> = Vec::new();
    for row in &table.rows {
        let values: BTreeMap<Column, String> = columns
            .iter()
            .zip(&row.cells)
            .filter_map(|(c, v)| Some(((*c)?, v.trim().to_string())))
            .collect();
        let raw_id = values.get(&Column::Id).cloned().unwrap_or_default();
        let id = match SystemId::new(&raw_id) {
            Ok(id) => id,
            Err(e) => {
                problems.push(CsvProblem {
                    line: row.line,
                    column: headings.get(&Column::Id).cloned(),
                    message: e,
                });
                continue;
            }
        };
        if let Some(first) = rows.iter().find(|r| r.id == id) {
            problems.push(CsvProblem {
                line: row.line,
                column: headings.get(&Column::Id).cloned(),
                message: format!("{id} is also on line {}", first.line),
            });
            continue;
        }
        rows.push(SystemRow {
            line: row.line,
            id,
            values,
            headings: headings.clone(),
        });
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        problems.sort_by_key(|p| p.line);
        Err(problems)
    }
}

impl SystemRow {
    /// The system with this row's columns applied to `base` (the register's, or none for a
    /// new system). Columns the file does not have keep the base's values; so do the parts
    /// a CSV has no column for. Contacts carry the user id as their name until the register
    /// looks the user up.
    pub fn apply(&self, base: Option<&CriticalSystem>) -> Result<CriticalSystem, Vec<CsvProblem>> {
        let mut s = match base {
            Some(b) => b.clone(),
            None => new_system(&self.id),
        };
        let mut problems = Vec::new();
        let get = |c: Column| self.values.get(&c).map(String::as_str);
        let opt = |c: Column| get(c).filter(|v| !v.is_empty()).map(str::to_string);
        if let Some(name) = get(Column::Name) {
            s.name = name.to_string();
        }
        if let Some(aliases) = get(Column::Aliases) {
            s.aliases = aliases
                .split(ALIAS_SEPARATOR)
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect();
        }
        if let Some(users) = get(Column::Users) {
            match parse_decimal(users).filter(|n| n.fract() == 0.0 && *n >= 0.0) {
                Some(n) if n <= f64::from(u32::MAX) => s.user_count = n as u32,
                _ => problems.push(self.problem(
                    Column::Users,
                    format!("\"{users}\" is not a whole number of users"),
                )),
            }
        }
        if let Err(p) = self.apply_owner(&mut s) {
            problems.push(p);
        }
        if get(Column::Vendor).is_some() {
            match opt(Column::Vendor).map(VendorId::new).transpose() {
                Ok(v) => s.vendor = v,
                Err(e) => problems.push(self.problem(Column::Vendor, e)),
            }
        }
        for (column, slot) in [
            (Column::MimContact, &mut s.mim_contact),
            (Column::MimDeputy, &mut s.mim_contact_deputy),
        ] {
            if get(column).is_none() {
                continue;
            }
            match opt(column).map(UserId::new).transpose() {
                Ok(user) => {
                    *slot = user.map(|user| NamedPerson {
                        name: user.as_str().to_string(),
                        user,
                    })
                }
                Err(e) => problems.push(self.problem(column, e)),
            }
        }
        if get(Column::CriticalityNotes).is_some() {
            s.criticality_notes = opt(Column::CriticalityNotes);
        }
        if problems.is_empty() {
            Ok(s)
        } else {
            Err(problems)
        }
    }

    fn apply_owner(&self, s: &mut CriticalSystem) -> Result<(), CsvProblem> {
        let owner_columns = [
            Column::Owner,
            Column::OwnerKind,
            Column::OwnerPhone,
            Column::OwnerEmail,
        ];
        if !owner_columns.iter().any(|c| self.values.contains_key(c)) {
            return Ok(());
        }
        // A column the file has sets the value (empty: none); one it lacks keeps the base's.
        let keep_or = |c: Column, base: Option<String>| match self.values.get(&c) {
            Some(v) if v.is_empty() => None,
            Some(v) => Some(v.clone()),
            None => base,
        };
        let base = s.owner.as_ref();
        let kind = match self.values.get(&Column::OwnerKind).map(String::as_str) {
            None | Some("") => base.map_or(OwnerKind::Person, |o| o.kind),
            Some(word) => owner_kind(word).ok_or_else(|| {
                self.problem(
                    Column::OwnerKind,
                    format!("\"{word}\" is not an owner kind (person or unit)"),
                )
            })?,
        };
        let (name, phone, email) = (
            keep_or(Column::Owner, base.map(|o| o.name.clone())),
            keep_or(Column::OwnerPhone, base.and_then(|o| o.phone.clone())),
            keep_or(Column::OwnerEmail, base.and_then(|o| o.email.clone())),
        );
        s.owner = match name {
            Some(name) => Some(SystemOwner {
                name,
                kind,
                phone,
                email,
            }),
            None if phone.is_some() || email.is_some() => {
                return Err(self.problem(Column::Owner, "a phone or e-mail but no owner".into()));
            }
            None => None,
        };
        Ok(())
    }

    /// A problem with this row's `column`.
    pub fn problem(&self, column: Column, message: String) -> CsvProblem {
        CsvProblem {
            line: self.line,
            column: self.headings.get(&column).cloned(),
            message,
        }
    }

    /// Whether the file has this column.
    pub fn has(&self, column: Column) -> bool {
        self.values.contains_key(&column)
    }
}

fn owner_kind(word: &str) -> Option<OwnerKind> {
    let w = word.trim().to_lowercase();
    Language::ALL.into_iter().find_map(|l| {
        let (person, unit) = owner_kind_words(l);
        if w == person {
            Some(OwnerKind::Person)
        } else if w == unit {
            Some(OwnerKind::Unit)
        } else {
            None
        }
    })
}

/// A new system with nothing but its id; the row fills in the rest, and the register's
/// checks refuse it if a name or a user count is missing.
fn new_system(id: &SystemId) -> CriticalSystem {
    CriticalSystem {
        id: id.clone(),
        name: String::new(),
        aliases: Vec::new(),
        owner: None,
        criticality_notes: None,
        user_count: 0,
        vendor: None,
        mim_contact: None,
        mim_contact_deputy: None,
        matrix: None,
        backup_arrangements: Vec::new(),
        communication_plan: Default::default(),
        selectors: Vec::new(),
    }
}
