//! Reports from people, through the real server: the public end-user form at `/report` (no
//! login; labels, languages, escaping, CSRF, the rate limit per address, a committed report
//! that counts once and lands on the chosen system's case) and service-desk entries through
//! `POST /api/reports`.

mod common;

use common::html::{Tag, inner_by_id, start_tags};
use common::{Answer, TestApp, spawn_app};
use mim_domain::case::ReportChannel;
use mim_domain::detection::{ReportSignal, Signal};
use mim_domain::impact::Severity;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::net::IpAddr;

fn report_of(d: &mim_store::StoredDelivery) -> &ReportSignal {
    assert_eq!(d.batch.signals.len(), 1, "{:?}", d.batch);
    match &d.batch.signals[0] {
        Signal::Report(r) => r,
        other => panic!("a report was expected: {other:?}"),
    }
}

fn tags(a: &Answer) -> Vec<Tag> {
    start_tags(&a.text)
}

/// A good filled-in form with `csrf`.
fn good<'a>(csrf: &'a str, text: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("system", "wilma"),
        ("text", text),
        ("affected", "my_team"),
        ("work", "partly"),
        ("contact", "Aino Järvinen, 040 123 4567"),
    ]
}

// ---------------------------------------------------------------------------------------------
// The form as a page

#[tokio::test]
async fn every_control_has_a_label_and_the_page_speaks_the_chosen_language() {
    let app = spawn_app().await;
    let mut b = app.browser(None);
    let expect = [
        (
            "fi",
            "Ilmoita häiriöstä",
            "En tiedä",
            "Keitä häiriö koskee?",
        ),
        (
            "sv",
            "Anmäl en störning",
            "Vet inte",
            "Vem berörs av störningen?",
        ),
        (
            "en",
            "Report a disruption",
            "I don't know",
            "Who is affected?",
        ),
    ];
    for (lang, title, unknown, legend) in expect {
        let a = b.get(&format!("/report?lang={lang}")).await;
        assert_eq!(a.status, 200, "{}", a.text);
        let all = tags(&a);
        let html = all.iter().find(|t| t.name == "html").expect("<html>");
        assert_eq!(html.attr("lang"), Some(lang));
        let text = common::rendered::html_unescape(&a.text);
        for words in [title, unknown, legend] {
            assert!(text.contains(words), "{lang}: {words:?} missing");
        }
        // Every visible control has an id and a <label for=id>.
        let labelled: BTreeSet<&str> = all
            .iter()
            .filter(|t| t.name == "label")
            .filter_map(|t| t.attr("for"))
            .collect();
        let controls: Vec<&Tag> = all
            .iter()
            .filter(|t| matches!(t.name.as_str(), "input" | "select" | "textarea"))
            .filter(|t| t.attr("type") != Some("hidden"))
            .collect();
        assert_eq!(controls.len(), 1 + 1 + 3 + 4 + 1, "{lang}: {controls:?}");
        for c in &controls {
            let id = c
                .attr("id")
                .unwrap_or_else(|| panic!("{lang}: no id: {c:?}"));
            assert!(labelled.contains(id), "{lang}: no <label for={id}>");
        }
        let ids: Vec<&str> = all.iter().filter_map(|t| t.attr("id")).collect();
        let unique: BTreeSet<&&str> = ids.iter().collect();
        assert_eq!(ids.len(), unique.len(), "ids are unique: {ids:?}");
        // Choices are grouped: two fieldsets, each with a legend; radios share a name each.
        assert_eq!(all.iter().filter(|t| t.name == "fieldset").count(), 2);
        assert_eq!(all.iter().filter(|t| t.name == "legend").count(), 2);
        let radios: BTreeSet<&str> = controls
            .iter()
            .filter(|t| t.attr("type") == Some("radio"))
            .filter_map(|t| t.attr("name"))
            .collect();
        assert_eq!(radios, BTreeSet::from(["affected", "work"]));
        // The text is required and bounded; the systems are listed by name.
        let textarea = controls
            .iter()
            .find(|t| t.name == "textarea")
            .expect("textarea");
        assert!(textarea.has("required"));
        assert_eq!(textarea.attr("maxlength"), Some("2000"));
        let options: Vec<&Tag> = all.iter().filter(|t| t.name == "option").collect();
        assert_eq!(options[0].attr("value"), Some(""), "\"I don't know\" first");
        assert!(options.iter().any(|o| o.attr("value") == Some("wilma")));
        assert_eq!(
            inner_by_id(&a.text, "select", "system").map(|s| s.contains(">Wilma</option>")),
            Some(true)
        );
        // A language switch of plain links; the current one marked.
        for other in ["fi", "sv", "en"] {
            let href = format!("/report?lang={other}");
            let link = all
                .iter()
                .find(|t| t.name == "a" && t.attr("href") == Some(href.as_str()))
                .unwrap_or_else(|| panic!("{lang}: no link to {href}"));
            assert_eq!(link.has("aria-current"), other == lang);
        }
        // No scripts; a strict policy; the stylesheet is our own.
        assert!(!a.text.contains("<script"), "no scripts");
        assert!(
            !all.iter()
                .any(|t| t.has("style") || t.attrs.keys().any(|k| k.starts_with("on")))
        );
        let csp = a.headers["content-security-policy"].to_str().unwrap();
        for part in [
            "default-src 'none'",
            "style-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(part), "{csp}");
        }
    }
    let css = b.get("/assets/public.css").await;
    assert_eq!(css.status, 200);
    assert!(
        css.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert!(css.text.contains(":focus"), "visible focus styles");
}

#[tokio::test]
async fn the_language_follows_accept_language_then_the_organisation() {
    let app = spawn_app().await;
    let mut b = app.browser(None);
    let lang_of = |a: &Answer| {
        tags(a)
            .into_iter()
            .find(|t| t.name == "html")
            .and_then(|t| t.attr("lang").map(str::to_owned))
    };
    let sv = b
        .get_with("/report", &[("accept-language", "sv-FI,sv;q=0.9,en;q=0.5")])
        .await;
    assert_eq!(lang_of(&sv).as_deref(), Some("sv"));
    let en = b
        .get_with("/report", &[("accept-language", "de-DE, en;q=0.8")])
        .await;
    assert_eq!(lang_of(&en).as_deref(), Some("en"));
    // ?lang= wins over the header; without either, the organisation's first language.
    let fi = b
        .get_with("/report?lang=fi", &[("accept-language", "en")])
        .await;
    assert_eq!(lang_of(&fi).as_deref(), Some("fi"));
    let plain = b.get("/report").await;
    assert_eq!(lang_of(&plain).as_deref(), Some("fi"));
}

#[tokio::test]
async fn the_form_cookie_is_http_only_and_strict() {
    let app = spawn_app().await;
    let mut b = app.browser(None);
    let a = b.get("/report").await;
    let set = a.headers["set-cookie"].to_str().unwrap();
    assert!(set.contains("HttpOnly"), "{set}");
    assert!(set.contains("SameSite=Strict"), "{set}");
    assert!(set.contains("Path=/report"), "{set}");
    // The browser's cookie is kept; each rendered form gets its own token.
    let first = common::html::hidden(&a.text, "csrf").unwrap();
    let again = b.get("/report").await;
    assert!(again.headers.get("set-cookie").is_none());
    assert_ne!(common::html::hidden(&again.text, "csrf").unwrap(), first);
}

// ---------------------------------------------------------------------------------------------
// Validation

#[tokio::test]
async fn script_in_the_text_comes_back_escaped_with_the_errors_linked_to_their_fields() {
    let app = spawn_app().await;
    let mut b = app.browser(None);
    let csrf = b.open_form("/report?lang=en").await;
    let evil = "<script>alert('x')</script> \"quoted\" & <b>bold</b>";
    let a = b
        .post_form(
            "/report?lang=en",
            &[
                ("csrf", &csrf),
                ("system", "wilma"),
                ("text", evil),
                ("affected", "half_the_city"),
                ("work", "partly"),
                ("contact", "<img src=x onerror=alert(1)>"),
            ],
        )
        .await;
    assert_eq!(a.status, 400, "{}", a.text);
    assert!(!a.text.contains("<script>"), "{}", a.text);
    assert!(!a.text.contains("<b>bold"), "{}", a.text);
    assert!(!a.text.contains("<img"), "{}", a.text);
    assert!(a.text.contains("&lt;script&gt;"), "{}", a.text);
    // The values are kept: the text, the contact and the choices that were right.
    let textarea = inner_by_id(&a.text, "textarea", "text").expect("the textarea");
    assert_eq!(common::rendered::html_unescape(&textarea), evil);
    let all = tags(&a);
    let by_id = |id: &str| all.iter().find(|t| t.attr("id") == Some(id)).cloned();
    assert_eq!(
        by_id("contact").and_then(|t| t.attr("value").map(str::to_owned)),
        Some("<img src=x onerror=alert(1)>".to_owned())
    );
    assert!(by_id("work-partly").unwrap().has("checked"));
    let wilma = all
        .iter()
        .find(|t| t.name == "option" && t.attr("value") == Some("wilma"))
        .unwrap();
    assert!(wilma.has("selected"));
    // The summary links to the field; the field points at its message.
    assert!(
        all.iter()
            .any(|t| t.name == "a" && t.attr("href") == Some("#affected-just_me"))
    );
    let fieldset = by_id("affected").expect("the affected fieldset");
    assert_eq!(fieldset.attr("aria-describedby"), Some("affected-error"));
    assert!(by_id("affected-error").is_some());
    let title = inner_by_id(&a.text, "h2", "error-summary-title").expect("summary");
    assert_eq!(title, "Please check the following");
    assert!(a.text.contains("<title>Error:"), "the title says so too");
    // Nothing was committed.
    assert!(app.inbox().await.is_empty());

    // An empty text and a text too long: their errors point at the textarea.
    for (text, says) in [
        ("   ", "Tell us what does not work."),
        (&"x".repeat(2001)[..], "at most 2000 characters, now 2001"),
    ] {
        let a = b
            .post_form("/report?lang=en", &[("csrf", &csrf), ("text", text)])
            .await;
        assert_eq!(a.status, 400, "{}", a.text);
        assert!(a.text.contains(says), "{says}: {}", a.text);
        let all = tags(&a);
        let area = all.iter().find(|t| t.name == "textarea").unwrap();
        assert_eq!(area.attr("aria-describedby"), Some("text-hint text-error"));
        assert_eq!(area.attr("aria-invalid"), Some("true"));
        assert!(
            all.iter()
                .any(|t| t.name == "a" && t.attr("href") == Some("#text"))
        );
    }
    // A system not in the register.
    let a = b
        .post_form(
            "/report?lang=fi",
            &[("csrf", &csrf), ("text", "ei toimi"), ("system", "no-such")],
        )
        .await;
    assert_eq!(a.status, 400, "{}", a.text);
    assert!(a.text.contains("href=\"#system\""), "{}", a.text);
    assert!(app.inbox().await.is_empty());
}

// ---------------------------------------------------------------------------------------------
// CSRF

#[tokio::test]
async fn a_missing_or_wrong_csrf_token_is_refused_in_the_readers_language_and_nothing_is_committed()
{
    let app = spawn_app().await;
    let mut b = app.browser(None);
    let csrf = b.open_form("/report?lang=sv").await;
    let cookie = b.cookie.clone();

    // No token.
    let mut fields = good("", "Wilma fungerar inte");
    fields.retain(|(k, _)| *k != "csrf");
    let a = b.post_form("/report?lang=sv", &fields).await;
    assert_eq!(a.status, 403, "{}", a.text);
    assert!(a.text.contains("<html lang=\"sv\""), "{}", a.text);
    assert!(a.text.contains("Formuläret har gått ut"), "{}", a.text);

    // A changed token, a token of another browser, and no cookie at all.
    let mut changed = csrf.clone();
    changed.push('x');
    let a = b
        .post_form("/report?lang=en", &good(&changed, "Wilma is down"))
        .await;
    assert_eq!(a.status, 403, "{}", a.text);
    assert!(a.text.contains("The form has expired"), "{}", a.text);

    let mut other = app.browser(None);
    let theirs = other.open_form("/report").await;
    let a = b
        .post_form("/report", &good(&theirs, "Wilma ei toimi"))
        .await;
    assert_eq!(a.status, 403, "{}", a.text);

    let mut no_cookie = app.browser(None);
    let a = no_cookie
        .post_form("/report", &good(&csrf, "Wilma ei toimi"))
        .await;
    assert_eq!(a.status, 403, "{}", a.text);

    // A forged cookie with a token made for it elsewhere can't be, without the key.
    let mut forged = app.browser(None);
    forged.cookie = Some("mim_form=AAAA.BBBB".into());
    let a = forged
        .post_form("/report", &good(&csrf, "Wilma ei toimi"))
        .await;
    assert_eq!(a.status, 403, "{}", a.text);

    // After four hours the form has expired.
    assert_eq!(b.cookie, cookie);
    app.clock.advance(chrono::Duration::hours(4));
    let a = b.post_form("/report", &good(&csrf, "Wilma ei toimi")).await;
    assert_eq!(a.status, 403, "{}", a.text);

    assert!(app.inbox().await.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Submitting

#[tokio::test]
async fn a_good_report_is_committed_once_and_lands_on_the_chosen_systems_case() {
    let app = spawn_app().await;
    let mut b = app.browser(None);
    let csrf = b.open_form("/report?lang=en").await;
    let fields = good(&csrf, "Wilma shows an error\r\nafter login");
    let a = b.post_form("/report?lang=en", &fields).await;
    assert_eq!(a.status, 303, "{}", a.text);
    assert_eq!(a.headers["location"], "/report/thanks?lang=en");

    let inbox = app.inbox().await;
    assert_eq!(inbox.len(), 1);
    assert_eq!(inbox[0].source, "public-form");
    assert_eq!(inbox[0].received_at, app.clock_now());
    assert_eq!(
        report_of(&inbox[0]),
        &ReportSignal {
            channel: ReportChannel::EndUserForm,
            system: Some(mim_domain::SystemId::new("wilma").unwrap()),
            text: "Wilma shows an error\nafter login".into(),
            reporter: Some("Aino Järvinen, 040 123 4567".into()),
            stated_affected_users: Some(10),
            severity: Some(Severity::DisruptsWork),
        }
    );

    // Sent again (a double click, the back button): still one.
    let again = b.post_form("/report?lang=en", &fields).await;
    assert_eq!(again.status, 303, "{}", again.text);
    assert_eq!(app.inbox().await.len(), 1);

    let thanks = b.get("/report/thanks?lang=en").await;
    assert_eq!(thanks.status, 200);
    assert!(thanks.text.contains("Thank you for your report"));
    assert!(thanks.text.contains("<html lang=\"en\""));

    // The correlation step puts it on Wilma's case.
    app.app.correlate(100).await.expect("correlate");
    let desk = app.token("palvelupiste").await;
    let list = app.get(&desk, "/api/cases?system=wilma").await;
    let cases = list.body.as_array().expect("a list");
    assert_eq!(cases.len(), 1, "{}", list.text);
    let id = cases[0]["id"].as_str().unwrap();
    let case = app.get(&desk, &format!("/api/cases/{id}")).await;
    assert_eq!(case.body["case"]["reports"], 1, "{}", case.text);
    let tl = app.get(&desk, &format!("/api/cases/{id}/timeline")).await;
    assert!(
        tl.text.contains("Wilma shows an error"),
        "the report is on the case: {}",
        tl.text
    );
}

#[tokio::test]
async fn the_answers_map_to_numbers_and_severities_and_unanswered_stays_unsaid() {
    let app = spawn_app().await;
    let mut b = app.browser(None);
    let cases = [
        ("just_me", "normally", Some(1), Some(Severity::Minor)),
        (
            "my_team",
            "extra_effort",
            Some(10),
            Some(Severity::Inconvenient),
        ),
        (
            "everyone",
            "not_at_all",
            Some(50),
            Some(Severity::PreventsWork),
        ),
        ("", "", None, None),
    ];
    for (i, (affected, work, _, _)) in cases.iter().enumerate() {
        let csrf = b.open_form("/report").await;
        let text = format!("ei toimi {i}");
        let a = b
            .post_form(
                "/report",
                &[
                    ("csrf", &csrf),
                    ("system", ""),
                    ("text", &text),
                    ("affected", affected),
                    ("work", work),
                    ("contact", ""),
                ],
            )
            .await;
        assert_eq!(a.status, 303, "{}", a.text);
    }
    let inbox = app.inbox().await;
    assert_eq!(inbox.len(), cases.len());
    for (d, (_, _, users, severity)) in inbox.iter().zip(cases) {
        let r = report_of(d);
        assert_eq!(r.system, None, "\"I don't know\"");
        assert_eq!(r.reporter, None);
        assert_eq!(r.stated_affected_users, users);
        assert_eq!(r.severity, severity);
    }
}

#[tokio::test]
async fn an_address_over_the_limit_is_told_to_wait_and_another_address_is_not() {
    let app = spawn_app().await;
    let mut b = app.browser(None);
    for i in 0..10 {
        let csrf = b.open_form("/report").await;
        let text = format!("Wilma ei toimi ({i})");
        let a = b.post_form("/report", &good(&csrf, &text)).await;
        assert_eq!(a.status, 303, "report {i}: {}", a.text);
    }
    let csrf = b.open_form("/report?lang=en").await;
    let a = b
        .post_form("/report?lang=en", &good(&csrf, "one more"))
        .await;
    assert_eq!(a.status, 429, "{}", a.text);
    let wait: i64 = a.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .expect("seconds");
    assert!((1..=600).contains(&wait), "{wait}");
    assert!(a.text.contains("Too many reports"), "{}", a.text);
    assert!(a.text.contains("10 minutes"), "{}", a.text);
    assert_eq!(app.inbox().await.len(), 10);

    // Another client address is not affected.
    let other: IpAddr = "127.0.0.2".parse().unwrap();
    let mut elsewhere = app.browser(Some(other));
    let csrf2 = elsewhere.open_form("/report").await;
    let a = elsewhere
        .post_form("/report", &good(&csrf2, "Wilma ei aukea"))
        .await;
    assert_eq!(a.status, 303, "{}", a.text);
    assert_eq!(app.inbox().await.len(), 11);

    // Once the window has passed, the first address may report again (same form, unsent).
    app.clock.advance(chrono::Duration::minutes(10));
    let a = b
        .post_form("/report?lang=en", &good(&csrf, "one more"))
        .await;
    assert_eq!(a.status, 303, "{}", a.text);
    assert_eq!(app.inbox().await.len(), 12);
}

// ---------------------------------------------------------------------------------------------
// Service-desk entries through the API

async fn desk_post(app: &TestApp, token: &str, body: &Value, key: Option<&str>) -> Answer {
    let mut req = app
        .client
        .post(app.url("/api/reports"))
        .bearer_auth(token)
        .json(body);
    if let Some(k) = key {
        req = req.header("idempotency-key", k);
    }
    app.send(req).await
}

#[tokio::test]
async fn desk_reports_about_one_system_are_one_case_and_a_resent_one_counts_once() {
    let app = spawn_app().await;
    let desk = app.token("palvelupiste").await;
    let first = json!({"channel": "phone", "system": "wilma", "text": "Wilma ei aukea",
        "reporter": "Kallion koulu", "affected": "everyone", "severity": "prevents_work"});
    let a = desk_post(&app, &desk, &first, Some("call-0915")).await;
    assert_eq!(a.status, 202, "{}", a.text);
    assert_eq!(a.body["duplicate"], false);
    let seq = a.body["seq"].as_u64().expect("seq");
    let again = desk_post(&app, &desk, &first, Some("call-0915")).await;
    assert_eq!(again.status, 202, "{}", again.text);
    assert_eq!(again.body, json!({"seq": seq, "duplicate": true}));

    // A ticket naming no system: mim finds Wilma in the text. Entered 20 minutes late.
    let it = app.token("tietohallinto").await;
    let at = app.clock_now() - chrono::Duration::minutes(20);
    let second = json!({"channel": "ticket", "text": "Opettajat: Wilma-sovellus ei lataudu",
        "reporter": "Etelän koulu", "affected_users": 120, "occurred_at": at});
    let a = desk_post(&app, &it, &second, None).await;
    assert_eq!(a.status, 202, "{}", a.text);

    let inbox = app.inbox().await;
    assert_eq!(inbox.len(), 2);
    assert!(inbox.iter().all(|d| d.source == "service-desk"));
    let r = report_of(&inbox[0]);
    assert_eq!(r.channel, ReportChannel::Phone);
    assert_eq!(r.stated_affected_users, Some(50));
    assert_eq!(r.severity, Some(Severity::PreventsWork));
    assert_eq!(r.reporter.as_deref(), Some("Kallion koulu"));
    assert_eq!(inbox[1].received_at, at);
    assert_eq!(report_of(&inbox[1]).stated_affected_users, Some(120));

    app.app.correlate(100).await.expect("correlate");
    let list = app.get(&desk, "/api/cases?system=wilma").await;
    let cases = list.body.as_array().expect("a list");
    assert_eq!(cases.len(), 1, "{}", list.text);
    let id = cases[0]["id"].as_str().unwrap();
    let case = app.get(&desk, &format!("/api/cases/{id}")).await;
    assert_eq!(case.body["case"]["reports"], 2, "{}", case.text);
    assert_eq!(case.body["case"]["human_reports"], 2, "{}", case.text);
}

#[tokio::test]
async fn desk_reports_need_a_desk_role_and_checked_values() {
    let app = spawn_app().await;
    let body = json!({"channel": "phone", "system": "wilma", "text": "Wilma ei aukea"});
    // No caller, a stakeholder, an end user: refused, nothing committed.
    let a = app
        .send(app.client.post(app.url("/api/reports")).json(&body))
        .await;
    assert_eq!(a.status, 401, "{}", a.text);
    for user in ["sidosryhma", "loppukayttaja", "toimittaja"] {
        let token = app.token(user).await;
        let a = desk_post(&app, &token, &body, None).await;
        assert_eq!(a.status, 403, "{user}: {}", a.text);
        assert_eq!(a.code(), "forbidden");
    }
    // The MIM contact may, with a session as well as a token.
    let login = app
        .send(
            app.client
                .post(app.url("/api/session"))
                .json(&json!({"username": "mimyhteys", "password": "demo"})),
        )
        .await;
    assert_eq!(login.status, 200, "{}", login.text);
    let cookie = login.headers["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let a = app
        .send(
            app.client
                .post(app.url("/api/reports"))
                .header("cookie", cookie)
                .json(&body),
        )
        .await;
    assert_eq!(a.status, 202, "{}", a.text);
    assert_eq!(app.inbox().await.len(), 1);

    // Values with rules: the field at fault is named.
    let desk = app.token("palvelupiste").await;
    let future = app.clock_now() + chrono::Duration::hours(1);
    for (bad, field) in [
        (json!({"channel": "end_user_form", "text": "x"}), "channel"),
        (json!({"channel": "monitoring", "text": "x"}), "channel"),
        (json!({"channel": "phone", "text": "  "}), "text"),
        (json!({"channel": "phone"}), "text"),
        (
            json!({"channel": "phone", "text": "x", "system": "no-such"}),
            "system",
        ),
        (
            json!({"channel": "phone", "text": "x", "system": "Not An Id"}),
            "system",
        ),
        (
            json!({"channel": "phone", "text": "x", "affected": "just_me", "affected_users": 3}),
            "affected_users",
        ),
        (
            json!({"channel": "phone", "text": "x", "affected_users": 0}),
            "affected_users",
        ),
        (
            json!({"channel": "phone", "text": "x", "affected": "lots"}),
            "affected",
        ),
        (
            json!({"channel": "phone", "text": "x", "severity": "bad"}),
            "severity",
        ),
        (
            json!({"channel": "phone", "text": "x", "occurred_at": future}),
            "occurred_at",
        ),
        (
            json!({"channel": "phone", "text": "x", "colour": "red"}),
            "colour",
        ),
    ] {
        let a = desk_post(&app, &desk, &bad, None).await;
        assert_eq!(a.status, 422, "{bad}: {}", a.text);
        assert_eq!(a.body["error"]["field"], field, "{bad}: {}", a.text);
    }
    assert_eq!(app.inbox().await.len(), 1);

    // The API is documented.
    let doc = app.send(app.client.get(app.url("/api/openapi.json"))).await;
    let post = &doc.body["paths"]["/api/reports"]["post"];
    for status in ["202", "401", "403", "422"] {
        assert!(post["responses"][status].is_object(), "{status}");
    }

    // The built-in sources can't be taken by a configured one.
    let admin = app.token("admin").await;
    for id in ["service-desk", "public-form"] {
        let a = app
            .send(
                app.client
                    .put(app.url(&format!("/api/sources/{id}")))
                    .bearer_auth(&admin)
                    .json(&json!({"name": "x", "format": "generic", "auth": "bearer"})),
            )
            .await;
        assert_eq!(a.status, 422, "{id}: {}", a.text);
        assert_eq!(a.body["error"]["field"], "id");
    }
}
