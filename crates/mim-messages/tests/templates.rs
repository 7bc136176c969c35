//! The shipped templates and the rules for saving and rendering one.

use chrono::{TimeZone, Utc};
use chrono_tz::Europe::Helsinki;
use mim_domain::Language;
use mim_domain::impact::Colour;
use mim_messages::{
    BulletinStatus, MessageFacts, MessageKind, Template, TemplateError, default_template,
};

fn facts() -> MessageFacts {
    MessageFacts {
        organisation: "Esimerkkikaupunki".into(),
        service: "Wilma".into(),
        case_id: "MIM-2026-0007".into(),
        status: BulletinStatus::Investigating,
        colour: Some(Colour::Red),
        started_at: Utc.with_ymd_and_hms(2026, 12, 4, 6, 5, 0).single(),
        updated_at: Utc.with_ymd_and_hms(2026, 12, 4, 7, 0, 0).single(),
        next_update_at: Utc.with_ymd_and_hms(2026, 12, 4, 7, 30, 0).single(),
        affected: "koulujen opettajat".into(),
        not_working: "kirjautuminen".into(),
        ..Default::default()
    }
}

#[test]
fn every_shipped_template_passes_the_save_check_in_every_language() {
    for kind in MessageKind::ALL {
        for lang in Language::ALL {
            let t = default_template(kind, lang);
            assert_eq!(t.check(), Ok(()), "{kind} in {lang}");
        }
    }
}

#[test]
fn an_update_says_the_next_update_and_its_own_time_in_local_time_and_no_estimate_plainly() {
    let fi = default_template(MessageKind::Update, Language::Fi)
        .render(&facts(), Helsinki)
        .expect("renders");
    assert_eq!(fi.subject, "Häiriö: Wilma – Selvitämme");
    // 07:30 UTC is 09.30 in Helsinki in December (UTC+2).
    assert!(
        fi.text
            .contains("Seuraava tiedote viimeistään 4.12.2026 klo 9.30."),
        "{}",
        fi.text
    );
    assert!(
        fi.text.contains("päivitetty 4.12.2026 klo 9.00"),
        "{}",
        fi.text
    );
    assert!(
        fi.text.contains("Arviota korjausajasta ei vielä ole."),
        "{}",
        fi.text
    );
    assert!(
        !fi.text.contains("Syy:"),
        "no cause given, no cause line: {}",
        fi.text
    );
    assert!(
        !fi.text.contains("\n\n\n"),
        "at most one empty line: {:?}",
        fi.text
    );

    let sv = default_template(MessageKind::Update, Language::Sv)
        .render(&facts(), Helsinki)
        .expect("renders");
    assert!(
        sv.text
            .contains("Nästa meddelande senast 4.12.2026 kl. 9.30."),
        "{}",
        sv.text
    );
    assert!(sv.text.contains("Ingen uppskattning"), "{}", sv.text);

    let mut with_estimate = facts();
    with_estimate.estimate = Utc.with_ymd_and_hms(2026, 12, 4, 10, 0, 0).single();
    let en = default_template(MessageKind::Update, Language::En)
        .render(&with_estimate, Helsinki)
        .expect("renders");
    assert!(
        en.text.contains("Estimated fix: 4 Dec 2026 12:00 EET"),
        "{}",
        en.text
    );
    assert!(
        en.text.contains("Next update by 4 Dec 2026 09:30 EET."),
        "{}",
        en.text
    );
}

#[test]
fn times_follow_helsinki_across_the_spring_and_autumn_changes() {
    let mut f = facts();
    // Spring forward, 29 March 2026: 00:30 UTC is 02:30 EET, 01:30 UTC is 04:30 EEST.
    f.updated_at = Utc.with_ymd_and_hms(2026, 3, 29, 0, 30, 0).single();
    f.next_update_at = Utc.with_ymd_and_hms(2026, 3, 29, 1, 30, 0).single();
    let en = default_template(MessageKind::Update, Language::En)
        .render(&f, Helsinki)
        .expect("renders");
    assert!(
        en.text.contains("updated 29 Mar 2026 02:30 EET"),
        "{}",
        en.text
    );
    assert!(
        en.text.contains("Next update by 29 Mar 2026 04:30 EEST."),
        "{}",
        en.text
    );
    // Fall back, 25 October 2026: 00:30 UTC is 03:30 EEST, 01:30 UTC is 03:30 EET.
    f.updated_at = Utc.with_ymd_and_hms(2026, 10, 25, 0, 30, 0).single();
    f.next_update_at = Utc.with_ymd_and_hms(2026, 10, 25, 1, 30, 0).single();
    let en = default_template(MessageKind::Update, Language::En)
        .render(&f, Helsinki)
        .expect("renders");
    assert!(
        en.text.contains("updated 25 Oct 2026 03:30 EEST"),
        "{}",
        en.text
    );
    assert!(
        en.text.contains("Next update by 25 Oct 2026 03:30 EET."),
        "{}",
        en.text
    );
}

#[test]
fn user_text_is_data_never_template_code() {
    let mut f = facts();
    f.service = "{{ 7 * 7 }} {% if true %}x{% endif %}".into();
    let r = default_template(MessageKind::FirstNotice, Language::En)
        .render(&f, Helsinki)
        .expect("renders");
    assert!(
        r.text
            .contains("Disruption: {{ 7 * 7 }} {% if true %}x{% endif %}"),
        "{}",
        r.text
    );
    assert!(!r.text.contains("49"));
}

fn update_with_body(body: &str) -> Template {
    Template {
        body: body.into(),
        ..default_template(MessageKind::Update, Language::Fi)
    }
}

#[test]
fn a_template_that_would_fail_is_refused_when_saved_naming_the_problem() {
    let typo = update_with_body("{{ servcie }} {{ updated_at }} {{ next_update_at }}");
    match typo.check() {
        Err(TemplateError::Invalid { part, message }) => {
            assert_eq!(part, "body");
            assert!(message.contains("no variable named servcie"), "{message}");
        }
        other => panic!("a typo must be refused: {other:?}"),
    }
    let unclosed = update_with_body("{% if service %}{{ service }}");
    assert!(matches!(
        unclosed.check(),
        Err(TemplateError::Invalid { part: "body", .. })
    ));
    let runaway = update_with_body(
        "{{ service }} {{ updated_at }} {{ next_update_at }}{% for i in range(10000) %}{% for j in range(10000) %}x{% endfor %}{% endfor %}",
    );
    assert!(
        matches!(runaway.check(), Err(TemplateError::Invalid { .. })),
        "a runaway loop runs out of fuel"
    );
    let empty_subject = Template {
        subject: "{% if false %}x{% endif %}".into(),
        ..default_template(MessageKind::Update, Language::Fi)
    };
    assert_eq!(
        empty_subject.check(),
        Err(TemplateError::Empty { part: "subject" })
    );
    // A subject made only of facts a message may not have yet (the cause) would go out
    // empty until someone filled them in (a fresh user's finding).
    let only_the_cause = Template {
        subject: "{% if cause %}{{ cause }}{% endif %}".into(),
        ..default_template(MessageKind::Update, Language::Fi)
    };
    assert_eq!(
        only_the_cause.check(),
        Err(TemplateError::Empty { part: "subject" })
    );
    let empty_body = Template {
        body: String::new(),
        ..default_template(MessageKind::AlertsResolved, Language::Fi)
    };
    assert_eq!(
        empty_body.check(),
        Err(TemplateError::Empty { part: "body" })
    );
    // Every shipped default says something with only the service and the case known.
    for kind in MessageKind::ALL {
        for language in [Language::Fi, Language::Sv, Language::En] {
            assert_eq!(
                default_template(kind, language).check(),
                Ok(()),
                "{kind} {language:?}"
            );
        }
    }
}

#[test]
fn a_bulletin_that_leaves_out_the_next_update_is_refused_but_the_closing_notice_needs_none() {
    let no_next = update_with_body("{{ service }}: {{ status }} ({{ updated_at }})");
    assert_eq!(
        no_next.check(),
        Err(TemplateError::Missing {
            kind: MessageKind::Update,
            what: "the next update time (next_update_at)"
        })
    );
    let no_time = update_with_body("{{ service }} {{ next_update_at }}");
    assert!(
        matches!(no_time.check(), Err(TemplateError::Missing { what, .. }) if what.contains("updated_at"))
    );
    let closing = Template {
        body: "{{ service }} toimii taas ({{ updated_at }}).".into(),
        ..default_template(MessageKind::ReturnToNormal, Language::Fi)
    };
    assert_eq!(closing.check(), Ok(()));
    // Not a bulletin: a call-out need not carry a next update time.
    let call_out = Template {
        body: "Soita {{ recipient }}".into(),
        ..default_template(MessageKind::CallOut, Language::Fi)
    };
    assert_eq!(call_out.check(), Ok(()));
}

#[test]
fn the_call_out_says_when_it_was_escalated_to_the_deputy() {
    let mut f = facts();
    f.recipient = "Ville Varahenkilö".into();
    let plain = default_template(MessageKind::CallOut, Language::Fi)
        .render(&f, Helsinki)
        .expect("renders");
    assert!(!plain.subject.starts_with("Eskaloitu"), "{}", plain.subject);
    f.escalated = true;
    let escalated = default_template(MessageKind::CallOut, Language::Fi)
        .render(&f, Helsinki)
        .expect("renders");
    assert!(
        escalated
            .subject
            .starts_with("Eskaloitu: Arvioi häiriö: Wilma"),
        "{}",
        escalated.subject
    );
    assert!(
        escalated.text.contains("varahenkilönä"),
        "{}",
        escalated.text
    );
    assert!(
        escalated.text.contains("punainen"),
        "the colour in words: {}",
        escalated.text
    );
}

/// The README documents every template variable, so an added one can't go undocumented.
#[test]
fn the_readme_documents_every_variable() {
    let readme = include_str!("../../../README.md");
    for (name, _) in mim_messages::VARIABLES {
        assert!(
            readme.contains(&format!("| `{name}` |")),
            "README.md, \"Message templates\": the variable {name} is not in the table"
        );
    }
}

#[test]
fn a_reminder_names_the_point_in_local_time_with_its_offset_either_side_of_the_autumn_change() {
    let mut f = facts();
    f.recipient = "Pia".into();
    // 01:10Z on 25 October 2026 is 03:10 EET, the second 03:10 of the night.
    f.next_update_at = Utc.with_ymd_and_hms(2026, 10, 25, 1, 10, 0).single();
    let fi = default_template(MessageKind::UpdateReminder, Language::Fi)
        .render(&f, Helsinki)
        .expect("renders");
    assert!(fi.subject.starts_with("Muistutus:"), "{}", fi.subject);
    assert!(
        fi.text.contains("25.10.2026 klo 3.10 (UTC+2)"),
        "{}",
        fi.text
    );
    assert!(!fi.text.contains("4.10"), "{}", fi.text);
    assert!(fi.text.contains("MIM-2026-0007 (Wilma)"), "{}", fi.text);
    assert!(
        fi.text.contains("Lähetä tiedote"),
        "what to do: {}",
        fi.text
    );
    let en = default_template(MessageKind::UpdateReminder, Language::En)
        .render(&f, Helsinki)
        .expect("renders");
    assert!(
        en.text.contains("25 Oct 2026 03:10 EET (UTC+2)"),
        "{}",
        en.text
    );
    // The first 03:10 of the night, an hour earlier, is summer time.
    f.next_update_at = Utc.with_ymd_and_hms(2026, 10, 25, 0, 10, 0).single();
    f.overdue = true;
    let sv = default_template(MessageKind::UpdateReminder, Language::Sv)
        .render(&f, Helsinki)
        .expect("renders");
    assert!(sv.subject.starts_with("Försenat:"), "{}", sv.subject);
    assert!(
        sv.text.contains("25.10.2026 kl. 3.10 (UTC+3)"),
        "{}",
        sv.text
    );
    assert!(sv.text.contains("har inte skickats"), "{}", sv.text);
}

#[test]
fn a_reminder_template_that_leaves_out_the_time_is_refused() {
    let mut t = default_template(MessageKind::UpdateReminder, Language::Fi);
    t.body = "Hei {{ recipient }}, muista tiedote.".into();
    t.subject = "Muistutus {{ case_id }}".into();
    assert!(matches!(
        t.check(),
        Err(TemplateError::Missing {
            kind: MessageKind::UpdateReminder,
            ..
        })
    ));
}
