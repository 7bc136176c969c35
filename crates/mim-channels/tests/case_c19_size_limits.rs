//! Case C19: a long Finnish/Swedish title (`fixtures/C19-long-title.txt`, 292 characters, 302
//! bytes) over the C14 alert storm (`fixtures/C14-alertmanager-storm-truncated.json`: 50
//! alerts listed, 2 750 more counted) fits Slack's and Teams' limits without being refused:
//! what the local receiver got is measured. Slack: a header of at most 150 characters ending
//! with "…", the title whole in a section, sections of at most 3 000 characters, at most 50
//! blocks. Teams: at most 28 000 bytes of JSON. The alert list ends with "+2 750 muuta
//! hälytystä" — or, listed whole (2 800 lines), is cut by whole lines with the count of the
//! rest; every cut falls between characters (a decomposed "ä" stays whole).

mod common;

use common::{Receiver, outgoing, teams_card, teams_subject, teams_text};
use mim_channels::{
    AlertList, Channel, Outgoing, Secret, SlackChannel, SlackConfig, TeamsChannel, TeamsConfig,
};
use serde_json::Value;

const LINK: &str = "https://mim.kunta.example/m/mim-out-42";
/// The case's threshold for Teams, in bytes of UTF-8 JSON.
const TEAMS_LIMIT: usize = 28_000;

fn title() -> String {
    let t = common::fixture("C19-long-title.txt");
    assert_eq!((t.chars().count(), t.len()), (292, 302), "the C19 title");
    t
}

/// The storm's alerts, a line each as a message lists them, and the count left out.
fn storm() -> AlertList {
    let payload: Value =
        serde_json::from_str(&common::fixture("C14-alertmanager-storm-truncated.json"))
            .expect("C14 file");
    let lines = payload["alerts"]
        .as_array()
        .expect("alerts")
        .iter()
        .map(|a| {
            format!(
                "{}: {} ({}, {})",
                a["labels"]["site"].as_str().expect("a site"),
                a["annotations"]["summary"].as_str().expect("a summary"),
                a["labels"]["alertname"].as_str().expect("a name"),
                a["labels"]["severity"].as_str().expect("a severity"),
            )
        })
        .collect::<Vec<_>>();
    assert_eq!(lines.len(), 50);
    AlertList {
        lines,
        unlisted: payload["truncatedAlerts"]
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .expect("truncatedAlerts"),
    }
}

/// The same storm as a sender that does not truncate would list it: all 2 800 sites.
fn storm_listed_whole() -> AlertList {
    let lines = (1..=2_800)
        .map(|n| format!("toimipiste-{n:04}: Toimipiste {n:04} ei vastaa (ProbeFailed, critical)"))
        .collect();
    AlertList { lines, unlisted: 0 }
}

fn message(alerts: AlertList) -> Outgoing {
    let mut msg = outgoing("");
    msg.subject = title();
    msg.text = "Kuntaverkon toimipisteet eivät vastaa. Selvitämme vikaa operaattorin kanssa.\n\
                Hälytykset:"
        .into();
    msg.alerts = alerts;
    msg
}

async fn post_slack(msg: &Outgoing) -> Value {
    let rx = Receiver::start().await;
    let slack = SlackChannel::new(&SlackConfig {
        url: Secret::new(rx.url("/ok")),
        timeout_secs: 5,
    })
    .expect("a Slack channel");
    slack.send(msg).await.expect("sent, not refused");
    rx.last().json()
}

async fn post_teams(msg: &Outgoing) -> (usize, Value) {
    let rx = Receiver::start().await;
    let teams = TeamsChannel::new(&TeamsConfig {
        url: Secret::new(rx.url("/accepted")),
        timeout_secs: 5,
    })
    .expect("a Teams channel");
    teams.send(msg).await.expect("sent, not refused");
    let hit = rx.last();
    (hit.body.len(), hit.json())
}

/// Slack's blocks, checked against its limits, and the sections' text unescaped.
fn slack_sections(body: &Value) -> Vec<String> {
    let blocks = body["blocks"].as_array().expect("blocks");
    assert!(blocks.len() <= 50, "{} blocks", blocks.len());
    blocks
        .iter()
        .filter(|b| b["type"] == "section")
        .map(|b| {
            let t = b["text"]["text"].as_str().expect("a section's text");
            assert!(
                t.chars().count() <= 3_000,
                "a section of {}",
                t.chars().count()
            );
            t.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        })
        .collect()
}

/// The listed lines and the count line of a text's alert list.
fn list_of(text: &str) -> (Vec<&str>, Option<&str>) {
    let shown = text
        .lines()
        .filter_map(|l| l.strip_prefix("- "))
        .collect::<Vec<_>>();
    let more = text.lines().find(|l| l.ends_with("muuta hälytystä"));
    (shown, more)
}

/// `cut` (its "…" and what follows removed) is where `whole` was cut: a beginning of it that
/// does not leave a combining mark behind.
fn cut_between_characters(cut: &str, whole: &str) {
    let kept = cut.split('…').next().expect("a kept part").trim_end();
    assert!(whole.starts_with(kept), "{kept:?} is not a beginning");
    let next = whole[kept.len()..].chars().next();
    assert!(
        !next.is_some_and(|c| ('\u{300}'..='\u{36f}').contains(&c)),
        "a letter cut from its mark after {kept:?}"
    );
}

#[tokio::test]
async fn slack_cuts_the_header_gives_the_title_whole_and_counts_the_storm() {
    let msg = message(storm());

    let body = post_slack(&msg).await;

    let header = &body["blocks"][0];
    assert_eq!(header["type"], "header");
    let h = header["text"]["text"].as_str().expect("a header");
    assert!(h.chars().count() <= 150, "{} characters", h.chars().count());
    assert!(h.ends_with('…'), "{h}");
    cut_between_characters(h, &msg.subject);
    let sections = slack_sections(&body);
    assert_eq!(sections[0], msg.subject, "the title whole, first");
    let text = sections[1..].join("\n");
    let (shown, more) = list_of(&text);
    assert_eq!(shown, msg.alerts.lines, "all 50 listed alerts");
    assert_eq!(more, Some("+2 750 muuta hälytystä"));
}

#[tokio::test]
async fn teams_stays_under_28_kb_and_counts_the_storm() {
    let msg = message(storm());

    let (bytes, body) = post_teams(&msg).await;

    assert!(bytes <= TEAMS_LIMIT, "{bytes} bytes");
    let card = teams_card(&body);
    assert_eq!(
        teams_subject(card),
        msg.subject,
        "cards have no title limit"
    );
    let text = teams_text(card);
    let (shown, more) = list_of(&text);
    assert_eq!(shown, msg.alerts.lines);
    assert_eq!(more, Some("+2 750 muuta hälytystä"));
}

#[tokio::test]
async fn a_storm_listed_whole_is_cut_by_whole_lines_with_the_count_of_the_rest() {
    let msg = message(storm_listed_whole());

    let (bytes, teams) = post_teams(&msg).await;
    let slack = post_slack(&msg).await;

    assert!(bytes <= TEAMS_LIMIT, "{bytes} bytes");
    let teams_text = teams_text(teams_card(&teams));
    let slack_text = slack_sections(&slack)[1..].join("\n");
    for (channel, text) in [("teams", &teams_text), ("slack", &slack_text)] {
        let (shown, more) = list_of(text);
        assert!(shown.len() >= 50, "{channel}: {} lines shown", shown.len());
        assert!(shown.len() < 2_800, "{channel}");
        assert_eq!(
            shown,
            msg.alerts.lines[..shown.len()],
            "{channel}: whole lines"
        );
        let rest = 2_800 - shown.len();
        let expected = if rest >= 1_000 {
            format!("+{} {:03} muuta hälytystä", rest / 1_000, rest % 1_000)
        } else {
            format!("+{rest} muuta hälytystä")
        };
        assert_eq!(more, Some(expected.as_str()), "{channel}");
        assert!(text.starts_with("Kuntaverkon toimipisteet"), "{channel}");
    }
}

#[tokio::test]
async fn a_long_text_is_cut_between_characters_never_refused() {
    let mut msg = message(AlertList::default());
    // Decomposed "ä", "ö", "å" (a letter and a combining mark), as some editors write them.
    let decomposed: String = msg
        .subject
        .chars()
        .flat_map(|c| match c {
            'ä' => vec!['a', '\u{308}'],
            'ö' => vec!['o', '\u{308}'],
            'å' => vec!['a', '\u{30a}'],
            c => vec![c],
        })
        .collect();
    msg.subject = decomposed.clone();
    msg.text = format!("{decomposed}\n").repeat(200);

    let slack = post_slack(&msg).await;
    let (bytes, teams) = post_teams(&msg).await;

    let h = slack["blocks"][0]["text"]["text"]
        .as_str()
        .expect("a header");
    assert!(h.chars().count() <= 150 && h.ends_with('…'), "{h}");
    cut_between_characters(h, &decomposed);
    let sections = slack_sections(&slack);
    let slack_text = sections[1..].join("\n");
    assert!(slack_text.ends_with(&format!("Koko teksti: {LINK}")));
    cut_between_characters(&slack_text, &msg.text);

    assert!(bytes <= TEAMS_LIMIT, "{bytes} bytes");
    let teams_text = teams_text(teams_card(&teams));
    assert!(teams_text.ends_with(&format!("…\n\nKoko teksti: {LINK}")));
    cut_between_characters(&teams_text, &msg.text);
}
