//! CASES.md's "Severity mapping M": the sources' words onto the four levels (low = minor,
//! medium = inconvenient, high = disrupts work, critical = prevents work), case-insensitive
//! after trimming; everything else unclassified.

use mim_domain::detection::{SeverityClass, SeverityMapping, SeverityRule};
use mim_domain::impact::Severity;

#[test]
fn mapping_m_word_by_word() {
    use Severity::*;
    use SeverityClass::{Level, Unclassified};
    let m = SeverityMapping::fixture_m();
    let table: &[(Option<&str>, SeverityClass)] = &[
        // critical
        (Some("critical"), Level(PreventsWork)),
        (Some(" Critical "), Level(PreventsWork)),
        (Some("CRIT"), Level(PreventsWork)),
        (Some("Disaster"), Level(PreventsWork)),
        (Some("Sev0"), Level(PreventsWork)),
        (Some("5"), Level(PreventsWork)),
        // high
        (Some("high"), Level(DisruptsWork)),
        (Some("Error"), Level(DisruptsWork)),
        (Some("major"), Level(DisruptsWork)),
        (Some("SEV1"), Level(DisruptsWork)),
        (Some("4"), Level(DisruptsWork)),
        // medium — note that the word "minor" is medium in M
        (Some("warning"), Level(Inconvenient)),
        (Some("Average"), Level(Inconvenient)),
        (Some("minor"), Level(Inconvenient)),
        (Some("Sev2"), Level(Inconvenient)),
        (Some("3"), Level(Inconvenient)),
        (Some("2"), Level(Inconvenient)),
        // low
        (Some("info"), Level(Minor)),
        (Some("Information"), Level(Minor)),
        (Some("low"), Level(Minor)),
        (Some("Sev3"), Level(Minor)),
        (Some("sev4"), Level(Minor)),
        (Some("1"), Level(Minor)),
        // unclassified
        (Some("0"), Unclassified),
        (Some("Not classified"), Unclassified),
        (Some("unclassified"), Unclassified),
        (Some("bogus"), Unclassified),
        (Some("sev 0"), Unclassified),
        (Some("6"), Unclassified),
        (Some(""), Unclassified),
        (Some("   "), Unclassified),
        (None, Unclassified),
    ];
    for (word, want) in table {
        assert_eq!(m.classify(*word), *want, "{word:?}");
    }
}

#[test]
fn the_first_matching_rule_wins() {
    let rule = |w: &str, c: &str| SeverityRule {
        word: w.into(),
        class: c.parse().unwrap(),
    };
    let m = SeverityMapping::new(vec![
        rule("Kriittinen", "prevents_work"),
        rule("kriittinen", "minor"),
        rule("KRIITTINEN ", "unclassified"),
    ])
    .unwrap();
    assert_eq!(
        m.classify(Some("kriittinen")),
        SeverityClass::Level(Severity::PreventsWork)
    );
    assert!(SeverityMapping::new(vec![rule("  ", "minor")]).is_err());
}

#[test]
fn classes_order_and_json() {
    let c = SeverityClass::Level(Severity::DisruptsWork);
    assert!(c.is_above(SeverityClass::Level(Severity::Inconvenient)));
    assert!(c.is_above(SeverityClass::Unclassified));
    assert!(!SeverityClass::Unclassified.is_above(c));
    assert!(!c.is_above(c));
    assert_eq!(serde_json::to_value(c).unwrap(), "disrupts_work");
    assert_eq!(
        serde_json::to_value(SeverityClass::Unclassified).unwrap(),
        "unclassified"
    );
    assert_eq!(
        serde_json::from_str::<SeverityClass>("\"prevents_work\"").unwrap(),
        SeverityClass::Level(Severity::PreventsWork)
    );
    assert!(serde_json::from_str::<SeverityClass>("\"critical\"").is_err());
    // The fixture survives a JSON round trip (the shape a source's configuration uses).
    let m = SeverityMapping::fixture_m();
    let back: SeverityMapping = serde_json::from_value(serde_json::to_value(&m).unwrap()).unwrap();
    assert_eq!(back, m);
}
