//! Case C21: Finnish and Swedish subjects arrive intact. Each subject of
//! `fixtures/C21-email-subjects.json` goes through the e-mail channel to a real SMTP server
//! (aiosmtpd on 127.0.0.1) and the Subject header is read from the raw message as received:
//! 7-bit ASCII, folded to lines of at most 78 characters, encoded-words of at most 75, each
//! encoded-word whole UTF-8 on its own, and decoding — by this test's own RFC 2047 reader and
//! by Python's e-mail parser — to the subject byte for byte (so never double-encoded). Any
//! valid encoding passes: the decoded text is compared, not the bytes.

mod common;

use base64::Engine;
use common::{Mode, SmtpServer, outgoing};
use mim_channels::{Channel, SmtpChannel, SmtpConfig, SmtpSecurity};
use serde_json::Value;

fn channel(port: u16) -> SmtpChannel {
    SmtpChannel::new(&SmtpConfig {
        host: "127.0.0.1".into(),
        port,
        security: SmtpSecurity::None,
        username: None,
        password: None,
        from_address: "mim@kunta.example".into(),
        from_name: Some("Kuusijärven kaupunki".into()),
        timeout_secs: 10,
        connections: 4,
        max_attachment_bytes: 100_000,
        ca_cert_pem: None,
        tls_server_name: None,
        accept_invalid_certs_for_tests: false,
    })
    .expect("a channel")
}

/// The Subject header's physical lines in a raw message: the first and its continuations.
fn subject_lines(raw: &str) -> Vec<&str> {
    let mut lines = raw.split("\r\n").skip_while(|l| !l.starts_with("Subject:"));
    let first = lines.next().expect("a Subject header");
    let mut out = vec![first];
    out.extend(lines.take_while(|l| l.starts_with(' ') || l.starts_with('\t')));
    out
}

/// One encoded-word `=?charset?B|Q?text?=` as its charset and bytes, or `None` for plain text.
fn encoded_word(word: &str) -> Option<(String, Vec<u8>)> {
    let inner = word.strip_prefix("=?")?.strip_suffix("?=")?;
    let mut parts = inner.splitn(3, '?');
    let (charset, encoding, text) = (parts.next()?, parts.next()?, parts.next()?);
    let bytes = match encoding {
        "B" | "b" => base64::engine::general_purpose::STANDARD
            .decode(text)
            .expect("valid base64 in an encoded-word"),
        "Q" | "q" => {
            let mut out = Vec::new();
            let b = text.as_bytes();
            let mut i = 0;
            while i < b.len() {
                match b[i] {
                    b'_' => out.push(b' '),
                    b'=' => {
                        let hex = std::str::from_utf8(&b[i + 1..i + 3]).expect("hex");
                        out.push(u8::from_str_radix(hex, 16).expect("a Q escape"));
                        i += 2;
                    }
                    c => out.push(c),
                }
                i += 1;
            }
            out
        }
        other => panic!("unknown encoding {other} in {word}"),
    };
    Some((charset.to_string(), bytes))
}

/// RFC 2047 decoding of an unstructured header value (unfolded): whitespace between two
/// adjacent encoded-words is dropped, every other piece is kept as it is. Asserts each
/// encoded-word is at most 75 characters and whole UTF-8 by itself.
fn decode(value: &str) -> String {
    let mut out = String::new();
    let mut previous_encoded = false;
    let mut rest = value;
    while !rest.is_empty() {
        let ws_len = rest.len() - rest.trim_start().len();
        let (ws, after) = rest.split_at(ws_len);
        let word_len = after.find([' ', '\t']).unwrap_or(after.len());
        let (word, after) = after.split_at(word_len);
        rest = after;
        match encoded_word(word) {
            Some((charset, bytes)) => {
                assert!(word.len() <= 75, "encoded-word over 75 chars: {word}");
                assert!(charset.eq_ignore_ascii_case("utf-8"), "{word}");
                let text = String::from_utf8(bytes).unwrap_or_else(|_| {
                    panic!("a UTF-8 sequence split across encoded-words: {word}")
                });
                if !previous_encoded {
                    out.push_str(ws);
                }
                out.push_str(&text);
                previous_encoded = true;
            }
            None => {
                out.push_str(ws);
                out.push_str(word);
                previous_encoded = false;
            }
        }
    }
    out
}

#[tokio::test]
async fn every_subject_arrives_encoded_within_the_limits_and_decodes_exactly() {
    let cases: serde_json::Map<String, Value> =
        serde_json::from_str(&common::fixture("C21-email-subjects.json")).expect("C21 file");
    let server = SmtpServer::start(Mode::Plain, None).await;
    let channel = channel(server.port);

    for (name, case) in &cases {
        let subject = case["subject"].as_str().expect("a subject");
        let mut msg = outgoing("paivi.jarvinen@kunta.example");
        msg.subject = subject.to_string();
        channel.send(&msg).await.expect("sent");

        let received = server.received();
        let (raw, mail) = received.last().expect("the message arrived");
        let lines = subject_lines(raw);
        for line in &lines {
            assert!(line.is_ascii(), "{name}: not 7-bit: {line}");
            assert!(line.len() <= 78, "{name}: a line of {}: {line}", line.len());
        }
        let value = lines.concat();
        let value = value.strip_prefix("Subject:").expect("the header name");
        let decoded = decode(value.trim_start());
        assert_eq!(decoded, subject, "{name}: {lines:#?}");
        assert!(!decoded.contains('Ã'), "{name}: double-encoded");
        assert_eq!(
            mail["subject"], subject,
            "{name}: as Python's parser reads it"
        );
    }
}

#[test]
fn the_decoder_reads_the_files_own_wire_forms() {
    // The reader above is checked against the one valid wire form the case gives for each.
    let cases: serde_json::Map<String, Value> =
        serde_json::from_str(&common::fixture("C21-email-subjects.json")).expect("C21 file");
    for (name, case) in &cases {
        let lines: Vec<&str> = case["one_valid_wire_form"]
            .as_array()
            .expect("wire lines")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let value = lines.concat();
        let value = value.strip_prefix("Subject:").expect("the header name");
        assert_eq!(decode(value.trim_start()), case["subject"], "{name}");
    }
}

#[test]
#[should_panic(expected = "split across encoded-words")]
fn the_decoder_catches_a_character_split_across_encoded_words() {
    // "Hä" with the two bytes of "ä" in two encoded-words: decodes to the right text when
    // joined, yet a reader decoding word by word shows garbage; the check must see it.
    decode("=?utf-8?q?H=C3?= =?utf-8?q?=A4iri=C3=B6?=");
}
