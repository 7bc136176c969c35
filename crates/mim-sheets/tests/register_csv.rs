//! The systems CSV: what goes out comes back as it was (aliases with commas, an owner unit,
//! a name that looks like a formula), and a file in another language with fewer columns
//! changes only what it says.

use mim_domain::register::{CriticalSystem, OwnerKind, SystemOwner};
use mim_domain::{Language, SystemId};
use mim_sheets::register::{read_systems_csv, systems_csv};

fn system() -> CriticalSystem {
    serde_json::from_value(serde_json::json!({
        "id": "wilma", "name": "=Wilma", "user_count": 5200,
        "aliases": ["kouluhallinto, oppilashallinto", "Wilma-sovellus"],
        "owner": {"name": "Opetuspalvelut", "kind": "unit", "email": "op@example.invalid"},
        "criticality_notes": "Koulupäivinä 7–16;\nmyös iltaisin"
    }))
    .expect("a system")
}

#[test]
fn a_system_goes_out_and_comes_back_as_it_was_in_every_language() {
    let s = system();
    for lang in Language::ALL {
        let csv = systems_csv(std::slice::from_ref(&s), lang);
        assert!(csv.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8_lossy(&csv);
        assert!(text.contains(";'=Wilma;"), "{lang}: neutralised: {text}");
        let rows = read_systems_csv(&csv).expect("reads back");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].apply(Some(&s)).expect("applies"), s, "{lang}");
        assert_eq!(rows[0].apply(None).expect("a new one"), s, "{lang}");
    }
}

#[test]
fn a_file_with_fewer_columns_changes_only_what_it_says() {
    let s = system();
    let rows = read_systems_csv(b"Id,Owner kind,Users\nwilma,person,6000\n").expect("reads");
    let after = rows[0].apply(Some(&s)).expect("applies");
    assert_eq!(after.user_count, 6000);
    assert_eq!(
        after.owner,
        Some(SystemOwner {
            kind: OwnerKind::Person,
            ..s.owner.clone().expect("an owner")
        })
    );
    assert_eq!((after.aliases, after.name), (s.aliases, s.name));
    assert_eq!(rows[0].id, SystemId::new("wilma").expect("id"));
}

#[test]
fn problems_are_named_by_line_and_column() {
    let e = read_systems_csv("Tunnus;Väri\nwilma;x\n;\nWilma Oy;y\n".as_bytes()).unwrap_err();
    let messages: Vec<String> = e.iter().map(ToString::to_string).collect();
    assert!(
        messages[0].starts_with("line 1, Väri: not a column"),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.starts_with("line 4, Tunnus: ")),
        "{messages:?}"
    );
    let rows = read_systems_csv(b"Tunnus;Kayttajia\r\n").unwrap_err();
    assert!(rows[0].to_string().contains("Kayttajia"));
    let rows = read_systems_csv("Tunnus;Käyttäjiä\r\nwilma;49,5\r\n".as_bytes()).expect("reads");
    let e = rows[0].apply(Some(&system())).unwrap_err();
    assert_eq!(
        e[0].to_string(),
        "line 2, Käyttäjiä: \"49,5\" is not a whole number of users"
    );
}
