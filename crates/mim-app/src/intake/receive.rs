//! Receiving one delivery from a source: find the source, check its proof, its size and its
//! shape, and commit it to the inbox before answering. A refused body is kept once in the
//! quarantine; nothing of it reaches the inbox.
//!
//! The order of the checks: an unknown or disabled source is 404; a missing or wrong bearer
//! token or URL secret is 401 before the body is looked at; a body over the source's limit is
//! 413; a missing or wrong HMAC signature is 401; a body that does not parse is 400. Only
//! bodies from a caller that proved who it is enter the quarantine, so nobody else can fill it.

use crate::identity::secrets::hash_secret;
use crate::{App, AppError, Principal};
use mim_domain::register::{AuthKind, IntakeSource, SourceAuth, SourceFormat};
use mim_store::{
    NewDelivery, NewQuarantine, QUARANTINE_BODY_BYTES, QUARANTINE_ENTRIES, Quarantined,
};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The header carrying an HMAC source's signature: `sha256=<hex>` over the raw body.
pub const SIGNATURE_HEADER: &str = "X-Mim-Signature";
/// Idempotency keys longer than this are kept as their SHA-256.
const MAX_KEY_LEN: usize = 200;

/// One delivery as a front door received it: the source named in the URL, the proofs that
/// came with it, the sender's idempotency key and the raw body.
#[derive(Debug, Clone, Copy)]
pub struct Delivery<'a> {
    pub source: &'a str,
    /// The token of `Authorization: Bearer <token>`.
    pub bearer: Option<&'a str>,
    /// The secret from the URL's last segment.
    pub url_secret: Option<&'a str>,
    /// The value of the `X-Mim-Signature` header.
    pub signature: Option<&'a str>,
    pub idempotency_key: Option<&'a str>,
    pub body: &'a [u8],
}

/// What became of an accepted delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Receipt {
    /// Its place in the inbox (the first copy's, for a duplicate).
    pub seq: u64,
    /// The same key was sent before: not stored again.
    pub duplicate: bool,
    /// How many alerts and reports it carried.
    pub signals: usize,
    /// Alerts the sender counted but left out.
    pub truncated: u32,
}

/// A source that may send, before its body is read: how large a body it may send.
#[derive(Debug, Clone)]
pub struct IntakeGate {
    source: std::sync::Arc<IntakeSource>,
}

impl IntakeGate {
    pub fn max_body_bytes(&self) -> u64 {
        self.source.max_body_bytes
    }
    pub fn auth(&self) -> AuthKind {
        self.source.auth.kind()
    }
}

fn intake_format(f: SourceFormat) -> mim_intake::Format {
    match f {
        SourceFormat::Alertmanager => mim_intake::Format::Alertmanager,
        SourceFormat::Grafana => mim_intake::Format::Grafana,
        SourceFormat::Zabbix => mim_intake::Format::Zabbix,
        SourceFormat::AzureMonitor => mim_intake::Format::AzureMonitor,
        SourceFormat::Generic => mim_intake::Format::Generic,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `presented` hashes to `stored` (hex), in time independent of where they differ.
fn matches_hash(presented: &str, stored: &str) -> bool {
    hash_secret(presented)
        .as_bytes()
        .ct_eq(stored.as_bytes())
        .into()
}

/// HMAC-SHA256 (RFC 2104), through RustCrypto's `hmac`: any key length is valid.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    use hmac::{Hmac, Mac, digest::KeyInit};
    #[allow(clippy::expect_used)] // HMAC takes keys of every length: it cannot fail.
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("any key length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// The `X-Mim-Signature` value a sender puts on `body` for an HMAC source with `secret`:
/// `sha256=` and the hex of HMAC-SHA256 over the raw body.
pub fn signature(secret: &str, body: &[u8]) -> String {
    format!("sha256={}", hex(&hmac_sha256(secret.as_bytes(), body)))
}

/// `sha256=<64 hex digits>` as bytes.
fn parse_signature(header: &str) -> Option<[u8; 32]> {
    let header = header.trim();
    let hex = header
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("sha256="))
        .map(|_| &header[7..])?;
    if hex.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, pair) in hex.as_bytes().chunks(2).enumerate() {
        let pair = std::str::from_utf8(pair).ok()?;
        out[i] = u8::from_str_radix(pair, 16).ok()?;
    }
    Some(out)
}

fn refused(source: &IntakeSource, why: &str) -> AppError {
    AppError::BadCredentials(format!("intake source \"{}\": {why}", source.id))
}

/// Checks a token sent in the header or the URL; HMAC sources are checked with the body.
fn check_token(
    source: &IntakeSource,
    bearer: Option<&str>,
    url_secret: Option<&str>,
) -> Result<(), AppError> {
    match &source.auth {
        SourceAuth::Bearer { token_sha256 } => match bearer {
            Some(t) if matches_hash(t.trim(), token_sha256) => Ok(()),
            Some(_) => Err(refused(source, "the bearer token is wrong")),
            None => Err(refused(
                source,
                "send the source's token as Authorization: Bearer <token>",
            )),
        },
        SourceAuth::UrlSecret { secret_sha256 } => match url_secret {
            Some(s) if matches_hash(s, secret_sha256) => Ok(()),
            Some(_) => Err(refused(source, "the secret in the URL is wrong")),
            None => Err(refused(
                source,
                "this source sends its secret in the URL: /api/intake/<source>/<secret>",
            )),
        },
        SourceAuth::Hmac { .. } => Ok(()),
    }
}

fn check_signature(
    source: &IntakeSource,
    signature: Option<&str>,
    body: &[u8],
) -> Result<(), AppError> {
    let SourceAuth::Hmac { secret } = &source.auth else {
        return Ok(());
    };
    let Some(header) = signature else {
        return Err(refused(
            source,
            "sign the body: X-Mim-Signature: sha256=<hex of HMAC-SHA256 over the raw body>",
        ));
    };
    let Some(given) = parse_signature(header) else {
        return Err(refused(
            source,
            "X-Mim-Signature is not sha256=<64 hex digits>",
        ));
    };
    let expected = hmac_sha256(secret.as_bytes(), body);
    if bool::from(expected.ct_eq(&given)) {
        Ok(())
    } else {
        Err(refused(source, "the signature does not match the body"))
    }
}

/// The key a delivery is deduplicated by: the sender's, trimmed; a long one by its hash.
fn idempotency_key(raw: Option<&str>) -> Option<String> {
    let key = raw.map(str::trim).filter(|k| !k.is_empty())?;
    Some(if key.len() > MAX_KEY_LEN {
        format!("sha256:{}", hex(&Sha256::digest(key.as_bytes())))
    } else {
        key.to_owned()
    })
}

impl App {
    /// Before the body is read: the source exists and is enabled (else 404) and a token sent
    /// in the header or the URL is right (else 401). Says how large a body the source may send.
    pub async fn intake_gate(
        &self,
        source: &str,
        bearer: Option<&str>,
        url_secret: Option<&str>,
    ) -> Result<IntakeGate, AppError> {
        let source = self.intake_source(source).await?;
        check_token(&source, bearer, url_secret)?;
        Ok(IntakeGate { source })
    }

    /// Takes one delivery in: checks it, reads it in the source's format and commits it to
    /// the inbox; returns only once it is durable. A body that can't be read is quarantined
    /// and refused with `BadDelivery` (400), never an internal error.
    pub async fn receive(&self, d: Delivery<'_>) -> Result<Receipt, AppError> {
        let gate = self.intake_gate(d.source, d.bearer, d.url_secret).await?;
        let source = &gate.source;
        let len = d.body.len() as u64;
        if len > source.max_body_bytes {
            return Err(self.refuse_oversized(&gate, d.body, Some(len)).await);
        }
        check_signature(source, d.signature, d.body)?;
        let config = mim_intake::SourceConfig::new(intake_format(source.format), source.time_zone);
        let batch = match mim_intake::parse(d.body, &config) {
            Ok(batch) => batch,
            Err(e) => {
                let refusal = bad_delivery(&e);
                self.keep_refused(source, e.code(), &e.to_string(), d.body, len)
                    .await;
                return Err(refusal);
            }
        };
        let (signals, truncated) = (batch.signals.len(), batch.truncated_alerts);
        let accepted = self
            .commit_delivery(NewDelivery {
                source: source.id.clone(),
                received_at: self.now(),
                idempotency_key: idempotency_key(d.idempotency_key),
                batch,
                route: None,
            })
            .await?;
        Ok(Receipt {
            seq: accepted.seq,
            duplicate: accepted.duplicate,
            signals,
            truncated,
        })
    }

    /// A body over the source's limit, of which `kept` was read (its beginning; a front door
    /// need not read the rest). It is quarantined when the source's token was checked before
    /// the body (not for HMAC sources, whose proof is the whole body). Returns the 413.
    pub async fn refuse_oversized(
        &self,
        gate: &IntakeGate,
        kept: &[u8],
        body_len: Option<u64>,
    ) -> AppError {
        let source = &gate.source;
        let limit = source.max_body_bytes;
        if gate.auth() != AuthKind::Hmac {
            let kept = &kept[..kept.len().min(QUARANTINE_BODY_BYTES)];
            let len = body_len.unwrap_or(kept.len() as u64).max(kept.len() as u64);
            self.keep_refused(
                source,
                "too_large",
                &format!("the body is larger than this source's limit of {limit} bytes"),
                kept,
                len,
            )
            .await;
        }
        AppError::TooLarge { limit }
    }

    /// Keeps a refused body in the quarantine (once per distinct body). A failure to keep it
    /// is logged: the sender still hears why its body was refused.
    async fn keep_refused(
        &self,
        source: &IntakeSource,
        code: &str,
        reason: &str,
        body: &[u8],
        body_len: u64,
    ) {
        let entry = NewQuarantine {
            source: source.id.clone(),
            at: self.now(),
            reason_code: code.to_owned(),
            reason: reason.to_owned(),
            body: body[..body.len().min(QUARANTINE_BODY_BYTES)].to_vec(),
            body_sha256: hex(&Sha256::digest(body)),
            body_len,
        };
        if let Err(e) = self.store().quarantine(&entry).await {
            tracing::error!(error = %e, source = %source.id, "keeping a refused body failed");
        }
    }

    /// The newest refused bodies first, at most `limit` (admin).
    pub async fn quarantined(
        &self,
        who: &Principal,
        limit: u32,
    ) -> Result<Vec<Quarantined>, AppError> {
        who.require(super::QUARANTINE_READERS, "reading the intake quarantine")?;
        let cap = u32::try_from(QUARANTINE_ENTRIES).unwrap_or(u32::MAX);
        Ok(self.store().quarantined(limit.clamp(1, cap)).await?)
    }
}

fn bad_delivery(e: &mim_intake::IntakeError) -> AppError {
    use mim_intake::IntakeError as E;
    let (line, column, path) = match e {
        E::Empty => (None, None, None),
        E::NotJson { line, column, .. } => (Some(*line), Some(*column), None),
        E::WrongShape { path, .. } => (None, None, Some(path.clone())),
    };
    AppError::BadDelivery {
        code: e.code(),
        message: e.to_string(),
        line,
        column,
        path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 1.
        assert_eq!(
            hex(&hmac_sha256(&[0x0b; 20], b"Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        // Test case 2.
        assert_eq!(
            hex(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Test case 6: a key longer than the block.
        assert_eq!(
            hex(&hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
        assert_eq!(unhex("0a0b"), [10, 11]);
    }

    #[test]
    fn signatures_parse_only_in_their_one_shape() {
        let sig = format!("sha256={}", "ab".repeat(32));
        assert_eq!(parse_signature(&sig), Some([0xab; 32]));
        assert_eq!(
            parse_signature(&format!(" SHA256={} ", "AB".repeat(32))),
            Some([0xab; 32])
        );
        for bad in [
            "",
            "sha256=",
            "sha1=abcd",
            &"ab".repeat(32),
            &format!("sha256={}", "ab".repeat(31)),
            &format!("sha256={}zz", "ab".repeat(31)),
            "sha256=ééééééééééééééééééééééééééééééééééééé",
        ] {
            assert_eq!(parse_signature(bad), None, "{bad}");
        }
    }

    #[test]
    fn keys_are_trimmed_and_long_ones_hashed() {
        assert_eq!(idempotency_key(None), None);
        assert_eq!(idempotency_key(Some("  ")), None);
        assert_eq!(idempotency_key(Some(" abc ")).as_deref(), Some("abc"));
        let long = idempotency_key(Some(&"x".repeat(500))).unwrap();
        assert!(
            long.starts_with("sha256:") && long.len() == 7 + 64,
            "{long}"
        );
    }

    #[test]
    fn formats_map_one_to_one() {
        for f in SourceFormat::ALL {
            assert_eq!(intake_format(f).code(), f.code());
        }
        assert_eq!(SourceFormat::ALL.len(), mim_intake::Format::ALL.len());
    }
}
