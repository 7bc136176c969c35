//! What an import did, or with a dry run would do, in lines an operator reads: per system,
//! its band limits, valid-from date, colours and response times that change, and the cells
//! the file left out; per CSV row, the fields it changes.

use chrono::NaiveDate;
use mim_app::sheets::{ImportedMatrix, MatrixImport, SystemsImport};
use mim_sheets::matrix::SystemChanges;

/// What a systems import did (or would do), a line per system.
pub(super) fn systems_report(outcome: &SystemsImport) -> String {
    let mut out = String::new();
    for s in &outcome.systems {
        let what = match (s.new, s.changed) {
            (true, _) => "new".to_string(),
            (false, true) => format!("changes {}", s.fields.join(", ")),
            (false, false) => "unchanged".to_string(),
        };
        let version = s
            .new_version
            .map(|v| format!(" (version {v})"))
            .unwrap_or_default();
        out.push_str(&format!(
            "{} (line {}): {what}{version}\n",
            s.system, s.line
        ));
    }
    let n = outcome.changed();
    let systems = if n == 1 { "system" } else { "systems" };
    out.push_str(&if outcome.dry_run {
        format!("dry run: {n} {systems} would change; nothing was written\n")
    } else {
        format!("{n} {systems} changed\n")
    });
    out
}

/// What an import did (or would do), one system after another.
pub(super) fn report(outcome: &MatrixImport) -> String {
    let mut out = String::new();
    for s in &outcome.systems {
        out.push_str(&system_report(s, outcome.dry_run));
    }
    let n = outcome.changed();
    let systems = if n == 1 { "system" } else { "systems" };
    out.push_str(&if outcome.dry_run {
        format!("dry run: {n} {systems} would change; nothing was written\n")
    } else {
        format!("{n} {systems} changed\n")
    });
    out
}

fn system_report(s: &ImportedMatrix, dry_run: bool) -> String {
    let head = format!("{} ({}, sheet {})", s.system, s.name, s.sheet);
    if !s.changed {
        return format!("{head}: unchanged\n");
    }
    let mut out = match (dry_run, s.new_version) {
        (false, Some(v)) => format!("{head}: version {} → {v}\n", s.version),
        _ => format!("{head}: would change\n"),
    };
    for line in change_lines(&s.changes) {
        out.push_str("  ");
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// A response time as people write it: `15 min`, `12 h`, `23 h 59 min`.
fn duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

fn change_lines(c: &SystemChanges) -> Vec<String> {
    let list = |v: &[u32]| v.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
    let users = |from: u32, to: Option<u32>| match to {
        Some(to) => format!("{from}–{to} users"),
        None => format!("{from}+ users"),
    };
    let minutes = |m: Option<u32>| m.map_or("–".to_string(), duration);
    let mut out = Vec::new();
    if let Some((before, after)) = &c.band_limits {
        out.push(format!(
            "user bands from: {} → {}",
            list(before),
            list(after)
        ));
    }
    if let Some((before, after)) = &c.valid_from {
        let d = |d: &Option<NaiveDate>| d.map_or("–".to_string(), |d| d.to_string());
        out.push(format!("valid from: {} → {}", d(before), d(after)));
    }
    for x in &c.colours {
        out.push(format!(
            "{}, {}: {} → {}",
            users(x.users_from, x.users_to),
            x.severity.code(),
            x.from.code(),
            x.to.code()
        ));
    }
    for x in &c.response_times {
        out.push(format!(
            "response time {}, {}: {} → {}",
            users(x.users_from, x.users_to),
            x.severity.code(),
            minutes(x.from),
            minutes(x.to)
        ));
    }
    for x in &c.filled {
        out.push(format!(
            "not in the file, kept: {}+ users, {}: {}",
            x.users_at_least,
            x.severity.code(),
            x.colour.code()
        ));
    }
    out
}
