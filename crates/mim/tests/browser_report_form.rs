//! The public report form in a real browser (headless Chromium), used with the keyboard only,
//! as a person who cannot use a mouse would: every control is reached with Tab in reading
//! order and shows where the focus is, every control has a label, radio groups have a legend,
//! and the form is filled in and sent with keys alone — in Finnish, Swedish and English.

#[path = "common/chrome.rs"]
mod chrome;
mod common;

use chrome::Chrome;
use common::spawn_app;
use fantoccini::key::Key;
use mim_domain::detection::Signal;

/// The form's controls in the order Tab should reach them (a radio group is one stop).
const TAB_ORDER: [&str; 6] = [
    "select#system",
    "textarea#text",
    "input#affected-",
    "input#work-",
    "input#contact",
    "button[submit]",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_form_is_filled_in_and_sent_with_the_keyboard_alone_in_every_language() {
    let app = spawn_app().await;
    let chrome = Chrome::start().await;
    let cases = [
        ("fi", "Ilmoita häiriöstä", "Kiitos ilmoituksesta"),
        ("sv", "Anmäl en störning", "Tack för din anmälan"),
        ("en", "Report a disruption", "Thank you for your report"),
    ];
    for (n, (lang, title, thanks)) in cases.into_iter().enumerate() {
        let c = &chrome.client;
        c.goto(&format!("{}/report?lang={lang}", app.base))
            .await
            .expect("the form opens");
        let page = chrome
            .eval(
                "return [document.documentElement.lang, document.querySelector('h1').textContent];",
            )
            .await;
        assert_eq!(page, serde_json::json!([lang, title]));

        // Every control a person fills in has a label; every radio group a legend.
        let unlabelled = chrome
            .eval(
                "return Array.from(document.querySelectorAll('select, textarea, input:not([type=hidden])'))\
                   .filter(e => e.labels.length === 0 || !e.labels[0].textContent.trim())\
                   .map(e => e.id);",
            )
            .await;
        assert_eq!(unlabelled, serde_json::json!([]), "{lang}");
        let legends = chrome
            .eval(
                "return Array.from(document.querySelectorAll('input[type=radio]'))\
                   .every(e => e.closest('fieldset') && e.closest('fieldset').querySelector('legend').textContent.trim());",
            )
            .await;
        assert_eq!(legends, serde_json::json!(true), "{lang}");

        // Tab from the top: past the page's links to the form's controls, in order, each
        // showing a visible focus outline.
        let mut reached = vec![];
        for _ in 0..30 {
            chrome.keys(&Key::Tab.to_string()).await;
            let f = chrome.focused().await;
            if f.starts_with("a") {
                continue;
            }
            let outline = chrome
                .eval("const s = getComputedStyle(document.activeElement); return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;")
                .await;
            assert_eq!(
                outline,
                serde_json::json!(true),
                "{lang}: no visible focus on {f}"
            );
            reached.push(f.clone());
            if f == "button[submit]" {
                break;
            }
        }
        let expected: Vec<bool> = TAB_ORDER.iter().map(|_| true).collect();
        let matched: Vec<bool> = TAB_ORDER
            .iter()
            .zip(&reached)
            .map(|(want, got)| got.starts_with(want))
            .collect();
        assert_eq!(matched, expected, "{lang}: Tab reached {reached:?}");
        assert_eq!(reached.len(), TAB_ORDER.len(), "{lang}: {reached:?}");

        // Fill it in with keys alone: back to the top of the form with Shift+Tab.
        for _ in 0..TAB_ORDER.len() - 1 {
            chrome
                .client
                .active_element()
                .await
                .expect("focus")
                .send_keys(&format!("{}{}", Key::Shift, Key::Tab))
                .await
                .expect("shift tab");
            // Shift is released between presses, as a person would.
            chrome.keys(&Key::Null.to_string()).await;
        }
        assert_eq!(chrome.focused().await, "select#system", "{lang}");
        chrome.keys(&Key::Down.to_string()).await;
        chrome.keys(&Key::Tab.to_string()).await;
        let text = format!("Wilma ei aukea ({lang}) <b>kenellekään</b>");
        chrome.keys(&text).await;
        chrome.keys(&Key::Tab.to_string()).await;
        // Arrow keys move within a radio group and choose.
        chrome.keys(&Key::Down.to_string()).await;
        chrome.keys(&Key::Tab.to_string()).await;
        chrome.keys(&Key::Space.to_string()).await;
        chrome.keys(&Key::Tab.to_string()).await;
        chrome.keys("Aino, 040 123 4567").await;
        chrome.keys(&Key::Tab.to_string()).await;
        assert_eq!(chrome.focused().await, "button[submit]", "{lang}");
        let chosen = chrome
            .eval(
                "const f = document.forms[0]; \
                 return [f.system.value, f.affected.value, f.work.value];",
            )
            .await;
        chrome.keys(&Key::Enter.to_string()).await;

        let h1 = chrome
            .eval("return document.querySelector('h1').textContent;")
            .await;
        assert_eq!(h1, serde_json::json!(thanks), "{lang}");

        // The report is committed with what the keys chose.
        let inbox = app.inbox().await;
        assert_eq!(inbox.len(), n + 1, "{lang}: one report per sending");
        let Signal::Report(r) = &inbox[n].batch.signals[0] else {
            panic!("a report: {:?}", inbox[n].batch);
        };
        assert_eq!(r.text, text, "{lang}: the text as typed, markup and all");
        let system = chosen[0].as_str().expect("system").to_owned();
        assert!(!system.is_empty(), "{lang}: Down chose a system");
        assert_eq!(
            r.system.as_ref().map(|s| s.as_str().to_owned()),
            Some(system),
            "{lang}"
        );
        assert!(
            chosen[1].as_str().is_some_and(|v| !v.is_empty())
                && chosen[2].as_str().is_some_and(|v| !v.is_empty()),
            "{lang}: both radio groups chosen with keys: {chosen}"
        );
    }
    chrome.close().await;
}
