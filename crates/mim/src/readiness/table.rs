//! The readiness report and the walk-throughs as lines an operator reads: the figure first,
//! then the organisation, then a row per system with its gaps under it. Padded by
//! characters, so names with ä, ö and å line up.

use mim_domain::Language;
use mim_web::i18n::Catalogue;
use mim_web::{ReadinessView, ReviewView};
use std::fmt::Write;

fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    format!("{s}{}", " ".repeat(width.saturating_sub(n)))
}

/// "1 blocking gap", "2 blocking gaps", with the language's plural rules.
fn count(c: &Catalogue, lang: Language, key: &str, n: usize) -> String {
    c.t_with(
        lang,
        key,
        &[("count", i64::try_from(n).unwrap_or(i64::MAX))],
    )
}

fn gap_line(out: &mut String, c: &Catalogue, lang: Language, severity: &str, text: &str) {
    let label = c.t(lang, &format!("readiness-{severity}"));
    let _ = writeln!(out, "    [{label}] {text}");
}

pub(super) fn readiness(v: &ReadinessView, c: &Catalogue, lang: Language) -> String {
    let t = |key: &str| c.t(lang, key);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} – {} ({} {})",
        t("readiness-title"),
        v.assessed_at_local,
        t("readiness-process-version"),
        v.process_version
    );
    let state = if v.ready {
        t("readiness-ready")
    } else {
        t("readiness-not-ready")
    };
    let _ = writeln!(
        out,
        "{}: {} % ({}/{} {}) – {state}; {}, {}",
        t("readiness-figure"),
        v.figure.percent,
        v.figure.passed,
        v.figure.total,
        t("readiness-checks-passed"),
        count(c, lang, "readiness-blocking-count", v.blocking_gaps),
        count(c, lang, "readiness-advisory-count", v.advisory_gaps),
    );

    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{} {:>4} %",
        pad(&t("readiness-organisation"), 40),
        v.organisation.figure.percent
    );
    for g in &v.organisation.gaps {
        gap_line(&mut out, c, lang, &g.severity, &g.text);
    }
    let _ = writeln!(out, "  {}:", t("readiness-walk-through"));
    for s in &v.organisation.walk_through {
        let status = match (s.status.as_str(), s.last_on) {
            ("done", Some(on)) => format!("{} {}", t("readiness-status-done"), date(on, lang)),
            ("outdated", _) => format!(
                "{} ({} {}, {})",
                t("readiness-status-outdated"),
                t("readiness-process-version"),
                s.older_version.as_deref().unwrap_or("?"),
                s.older_on.map(|d| date(d, lang)).unwrap_or_default()
            ),
            _ => t("readiness-status-missing"),
        };
        let _ = writeln!(out, "    {} {status}", pad(&s.title, 36));
    }

    let _ = writeln!(out);
    let _ = writeln!(out, "{} {:>6}", pad(&t("readiness-system"), 40), "%");
    for s in &v.systems {
        let name = format!("{} ({})", s.name, s.id);
        let mark = if s.ready { "" } else { "  !" };
        let _ = writeln!(out, "{} {:>4} %{mark}", pad(&name, 40), s.figure.percent);
        for g in &s.gaps {
            gap_line(&mut out, c, lang, &g.severity, &g.text);
        }
    }
    out
}

fn date(d: chrono::NaiveDate, lang: Language) -> String {
    match lang {
        Language::En => d.format("%Y-%m-%d").to_string(),
        Language::Fi | Language::Sv => d.format("%d.%m.%Y").to_string(),
    }
}

pub(super) fn reviews(views: &[ReviewView]) -> String {
    let mut out = String::new();
    if views.is_empty() {
        out.push_str("no walk-throughs recorded yet: add one with `mim process-review add`\n");
    }
    for r in views {
        let _ = writeln!(
            out,
            "{:>3}  {}  {}  v{}  {}",
            r.id,
            r.reviewed_on,
            pad(&r.stage_title, 30),
            r.process_version,
            r.led_by.name.as_deref().unwrap_or("")
        );
        if !r.participants.is_empty() {
            let _ = writeln!(out, "     {}", r.participants.join(", "));
        }
        if let Some(n) = &r.note {
            let _ = writeln!(out, "     {n}");
        }
    }
    out
}
