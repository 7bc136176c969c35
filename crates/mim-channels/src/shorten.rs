//! Fitting a message into a channel's limits by shortening, never by failing: an alert list
//! loses whole lines first, ending with the count of the rest ("+2 750 muuta hälytystä");
//! then the text is cut at a word boundary (never between a letter and its combining mark)
//! and ends with a link to the full text ("Koko teksti: …"), or with a note that it was
//! shortened when there is no link.

use crate::message::{AlertList, Outgoing};
use crate::sms::sms_text;
use crate::{ChannelKind, words};
use mim_domain::Language;
use mim_messages::sms_size;

/// Teams: "The message size limit is 28 KB" for incoming webhooks, and "about 28 KB"
/// including every element for the Workflows (Power Automate) Teams connector's posted
/// messages — over it the post fails with "Request Entity too large".
/// <https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook>,
/// <https://learn.microsoft.com/en-us/connectors/teams/#known-issues-and-limitations-with-actions>.
/// We keep a kilobyte below it for what the flow wraps around the card.
pub const TEAMS_MAX_PAYLOAD_BYTES: usize = 27_000;
/// The text's budget for Teams in [`fits`]; `TeamsChannel` itself measures the whole payload
/// against [`TEAMS_MAX_PAYLOAD_BYTES`].
pub(crate) const TEAMS_TEXT_BYTES: usize = 24_000;

/// Slack truncates a message's `text` beyond 40 000 characters
/// (<https://api.slack.com/changelog/2018-04-truncating-really-long-messages>).
pub const SLACK_MAX_TEXT_CHARS: usize = 40_000;
/// A section block's text is at most 3 000 characters
/// (<https://api.slack.com/reference/block-kit/blocks#section>); a longer text is split over
/// several sections.
pub const SLACK_SECTION_MAX_CHARS: usize = 3_000;
/// What we put in a message's blocks in all: Slack refuses blocks well below 40 000 characters
/// in total (`msg_blocks_too_long` near 13 000, slackapi/bolt-js#2509), so we stay under that.
pub(crate) const SLACK_BLOCKS_MAX_CHARS: usize = 12_000;
/// A header block's plain text is at most 150 characters
/// (<https://api.slack.com/reference/block-kit/blocks#header>).
pub(crate) const SLACK_HEADER_MAX_CHARS: usize = 150;

const SMS_ELLIPSIS: &str = "...";

/// Segments an SMS may take when the gateway's settings do not say.
pub const DEFAULT_SMS_MAX_SEGMENTS: usize = 3;

/// `msg` as it fits `kind` with the default limits (SMS: [`DEFAULT_SMS_MAX_SEGMENTS`]), its
/// alert list folded into the text where the channel shows one. E-mail and webhooks carry
/// any length and come back unchanged.
pub fn fits(kind: ChannelKind, msg: &Outgoing) -> Outgoing {
    match kind {
        ChannelKind::Email | ChannelKind::Webhook => msg.clone(),
        ChannelKind::Teams => with_text(msg, |t| t.len() <= TEAMS_TEXT_BYTES),
        ChannelKind::Slack => with_text(msg, |t| slack_escaped_len(t) <= SLACK_BLOCKS_MAX_CHARS),
        ChannelKind::Sms => fits_sms(msg, DEFAULT_SMS_MAX_SEGMENTS),
    }
}

/// `msg` shortened so that its SMS (subject, a line break, the text: [`sms_text`]) takes at
/// most `max_segments` segments. Its alert list, if any, is folded into the text first.
pub fn fits_sms(msg: &Outgoing, max_segments: usize) -> Outgoing {
    let max_segments = max_segments.max(1);
    let ok =
        |subject: &str, text: &str| sms_size(&sms_text(subject, text)).segments <= max_segments;
    let folded;
    let msg = if msg.alerts.is_empty() {
        msg
    } else {
        let mut m = msg.clone();
        m.text = compose(msg, None, |t| ok(&msg.subject, t));
        m.alerts = AlertList::default();
        folded = m;
        &folded
    };
    if ok(&msg.subject, &msg.text) {
        return msg.clone();
    }
    let link = msg.link.as_deref();
    let mut out = msg.clone();
    if ok(&msg.subject, &tail(msg.language, link, SMS_ELLIPSIS)) {
        out.text = shorten_with(&msg.text, msg.language, link, SMS_ELLIPSIS, |t| {
            ok(&msg.subject, t)
        });
        return out;
    }
    // Not even the subject and the link fit: the subject becomes part of the shortened text.
    let whole = sms_text(&msg.subject, &msg.text);
    out.subject = String::new();
    out.text = shorten_with(&whole, msg.language, link, SMS_ELLIPSIS, |t| ok("", t));
    out
}

fn with_text(msg: &Outgoing, ok: impl Fn(&str) -> bool) -> Outgoing {
    let mut out = msg.clone();
    out.text = compose(msg, None, ok);
    out.alerts = AlertList::default();
    out
}

/// What a channel shows as a message's text: the text, its alert list (a line each, then
/// the count of those not listed) and `extra` (the attachment links), whole when `ok`
/// accepts it. Otherwise the list is cut first — whole lines, as many as `ok` allows, the
/// count line then naming every alert not shown — and only when the text with no line of
/// the list is still too long is the text itself shortened with the link ([`shorten_to`]),
/// keeping the count and `extra` after it.
pub(crate) fn compose(msg: &Outgoing, extra: Option<&str>, ok: impl Fn(&str) -> bool) -> String {
    let render = |text: &str, shown: usize| {
        let mut parts: Vec<String> = Vec::new();
        if !text.is_empty() {
            parts.push(text.to_string());
        }
        if !msg.alerts.is_empty() {
            parts.push(alert_lines(msg, shown));
        }
        parts.extend(extra.map(str::to_string));
        parts.join("\n\n")
    };
    let all = msg.alerts.lines.len();
    let whole = render(&msg.text, all);
    if ok(&whole) {
        return whole;
    }
    if all > 0 && ok(&render(&msg.text, 0)) {
        // More lines never make the text shorter: the largest count that fits, by halves.
        let (mut lo, mut hi) = (0, all);
        while lo < hi {
            let mid = lo + (hi - lo).div_ceil(2);
            if ok(&render(&msg.text, mid)) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return render(&msg.text, lo);
    }
    let text = shorten_to(&msg.text, msg.language, msg.link.as_deref(), |t| {
        ok(&render(t, 0))
    });
    let fitted = render(&text, 0);
    if ok(&fitted) {
        return fitted;
    }
    // Not even the count and the attachment links fit beside a word of text: all of it
    // shortened as one text, as before there were lists.
    shorten_to(&whole, msg.language, msg.link.as_deref(), ok)
}

/// The first `shown` lines of the alert list, each on one line, and the count of the rest.
fn alert_lines(msg: &Outgoing, shown: usize) -> String {
    let list = &msg.alerts;
    let mut lines: Vec<String> = list.lines[..shown]
        .iter()
        .map(|l| format!("- {}", l.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect();
    let rest = list.total() - shown as u64;
    if rest > 0 {
        lines.push(words::more_alerts(msg.language, rest));
    }
    lines.join("\n")
}

/// `text` unchanged when `ok` accepts it; otherwise the longest beginning of it, cut after a
/// word, followed by "…" and the link to the full text ("Full text: <link>" in the message's
/// language), that `ok` accepts. When not even the link fits, the text is cut without it.
pub fn shorten_to(
    text: &str,
    language: Language,
    link: Option<&str>,
    ok: impl Fn(&str) -> bool,
) -> String {
    shorten_with(text, language, link, "…", ok)
}

/// `s` in at most `max` characters: whole, or cut after a word and ended with "…" (a title
/// in a header, where the full title follows in the text).
pub(crate) fn ellipsized(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    format!("{}…", cut(s, max.saturating_sub(1)))
}

/// [`shorten_to`] with the given ellipsis: SMS uses "..." since "…" is not in GSM-7 and
/// would turn the whole message into UCS-2, more than halving the room.
pub(crate) fn shorten_with(
    text: &str,
    language: Language,
    link: Option<&str>,
    ellipsis: &str,
    ok: impl Fn(&str) -> bool,
) -> String {
    if ok(text) {
        return text.to_string();
    }
    let tail = tail(language, link, ellipsis);
    let with_tail = |n: usize| format!("{}{tail}", cut(text, n));
    if let Some(s) = longest(text, |n| ok(&with_tail(n))) {
        return s.map_or_else(|| tail.trim_start().to_string(), with_tail);
    }
    // Not even the tail fits: the text alone, cut hard.
    let bare = |n: usize| format!("{}{ellipsis}", cut(text, n));
    match longest(text, |n| ok(&bare(n))) {
        Some(Some(n)) => bare(n),
        _ => String::new(),
    }
}

/// What ends a shortened text.
fn tail(language: Language, link: Option<&str>, ellipsis: &str) -> String {
    match link {
        Some(link) => format!("{ellipsis}\n\n{}: {link}", words::full_text(language)),
        None => format!("{ellipsis} {}", words::shortened(language)),
    }
}

/// The largest character count `n` (`Some(n)`, or `None` for an empty beginning) whose
/// candidate `ok` accepts: a binary search, since a longer beginning never gets shorter.
/// `None` when even the empty beginning is refused.
fn longest(text: &str, ok: impl Fn(usize) -> bool) -> Option<Option<usize>> {
    if !ok(0) {
        return None;
    }
    let (mut lo, mut hi) = (0usize, text.chars().count());
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if ok(mid) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    Some((lo > 0).then_some(lo))
}

/// The first `n` characters of `text`, backed up to the last whitespace when that loses no
/// more than a fifth (so a word is not cut in half), trailing whitespace removed.
fn cut(text: &str, n: usize) -> &str {
    let mut end = text.char_indices().nth(n).map_or(text.len(), |(i, _)| i);
    // An "ä" written as "a" and a combining diaeresis is two chars: never keep the "a"
    // without its mark (nor an emoji without its joiner or variation selector).
    while let Some(c) = text[end..].chars().next() {
        if end == 0 || !continues_previous(c) {
            break;
        }
        end = text[..end].char_indices().last().map_or(0, |(i, _)| i);
    }
    let head = &text[..end];
    let whole_word = end == text.len()
        || text[end..].starts_with(char::is_whitespace)
        || head.ends_with(char::is_whitespace);
    let head = if whole_word {
        head
    } else {
        match head.rfind(char::is_whitespace) {
            Some(i) if i >= head.len() - head.len() / 5 => &head[..i],
            _ => head,
        }
    };
    head.trim_end()
}

/// A char drawn as part of the one before it: combining marks, variation selectors, the
/// zero-width joiner. Not the whole of Unicode's grapheme rules, but the cases Finnish and
/// Swedish text (decomposed "ä", "ö", "å") and emoji in titles bring.
fn continues_previous(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{200D}')
}

/// Characters `text` takes in Slack's mrkdwn, where `&`, `<` and `>` are escaped.
pub(crate) fn slack_escaped_len(text: &str) -> usize {
    text.chars()
        .map(|c| match c {
            '&' => 5,
            '<' | '>' => 4,
            _ => 1,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Recipient;
    use mim_messages::SmsEncoding;

    fn msg(text: &str, link: Option<&str>) -> Outgoing {
        Outgoing {
            message_id: "m-1".into(),
            possible_duplicate: false,
            recipient: Recipient::default(),
            language: Language::Fi,
            subject: "Häiriö: Wilma".into(),
            text: text.into(),
            link: link.map(str::to_string),
            alerts: AlertList::default(),
            attachments: vec![],
        }
    }

    #[test]
    fn a_short_text_is_left_alone() {
        for kind in ChannelKind::ALL {
            assert_eq!(
                fits(kind, &msg("Wilma ei toimi.", None)).text,
                "Wilma ei toimi."
            );
        }
    }

    #[test]
    fn a_long_teams_text_ends_with_the_link() {
        let long = "Wilma ei toimi kouluissa. ".repeat(2_000);
        let out = fits(
            ChannelKind::Teams,
            &msg(&long, Some("https://mim.example/m/1")),
        );
        assert!(out.text.len() <= TEAMS_TEXT_BYTES);
        assert!(
            out.text
                .ends_with("…\n\nKoko teksti: https://mim.example/m/1")
        );
        // Cut after a word, not inside one.
        let head = out.text.split('…').next().expect("a beginning");
        assert!(long.starts_with(head) && long[head.len()..].starts_with(' '));
    }

    #[test]
    fn slack_counts_escaped_characters() {
        let long = "a < b & c > d ".repeat(2_000);
        let out = fits(ChannelKind::Slack, &msg(&long, Some("https://x.example/1")));
        assert!(slack_escaped_len(&out.text) <= SLACK_BLOCKS_MAX_CHARS);
        assert!(out.text.ends_with("Koko teksti: https://x.example/1"));
    }

    #[test]
    fn without_a_link_the_text_says_it_was_shortened() {
        let mut m = msg(&"word ".repeat(10_000), None);
        m.language = Language::Sv;
        let out = fits(ChannelKind::Slack, &m);
        assert!(out.text.ends_with("… (meddelandet förkortat)"));
    }

    #[test]
    fn an_sms_over_its_segments_is_shortened_with_the_link() {
        let m = msg(
            &"Wilma ei toimi. ".repeat(40),
            Some("https://mim.example/m/1"),
        );
        assert!(sms_size(&sms_text(&m.subject, &m.text)).segments > 3);
        let out = fits_sms(&m, 3);
        let size = sms_size(&sms_text(&out.subject, &out.text));
        assert_eq!(size.encoding, SmsEncoding::Gsm7);
        assert!(size.segments <= 3, "{size:?}");
        assert!(
            out.text
                .ends_with("...\n\nKoko teksti: https://mim.example/m/1")
        );
        // Nearly all of the room is used.
        assert!(size.units > 2 * 153, "{size:?}");
    }

    #[test]
    fn a_ucs2_sms_is_fitted_in_ucs2_units() {
        let m = msg(&"Ошибка системы. ".repeat(30), None);
        let out = fits_sms(&m, 2);
        let size = sms_size(&sms_text(&out.subject, &out.text));
        assert_eq!(size.encoding, SmsEncoding::Ucs2);
        assert!(size.segments <= 2);
    }

    #[test]
    fn a_link_too_long_for_one_sms_still_gives_a_text() {
        let link = format!("https://mim.example/{}", "x".repeat(400));
        let m = msg(&"Wilma ei toimi. ".repeat(40), Some(&link));
        let out = fits_sms(&m, 1);
        let size = sms_size(&sms_text(&out.subject, &out.text));
        assert_eq!(size.segments, 1);
        assert!(!out.text.is_empty());
    }

    #[test]
    fn cut_keeps_whole_words_and_characters() {
        assert_eq!(cut("Wilma ei toimi kouluissa", 16), "Wilma ei toimi");
        // A word is cut rather than losing more than a fifth.
        assert_eq!(cut("Häiriö Wilmassa", 10), "Häiriö Wil");
        assert_eq!(cut("Häiriö", 3), "Häi");
        assert_eq!(cut("ab", 5), "ab");
        // A decomposed "ä" (a + U+0308) stays whole: cut before it, not between.
        assert_eq!(cut("Ha\u{308}iri\u{308}o\u{308}", 2), "H");
        assert_eq!(cut("Ha\u{308}iri\u{308}o\u{308}", 3), "Ha\u{308}");
    }
}
