//! Intake sources: who may post reports to mim, in which format, and how each proves it is who
//! it says. A source is a register document like a system; it holds only hashes of bearer
//! tokens and URL secrets, but an HMAC source must keep its raw secret (the signature is
//! computed with it), so reads outside storage go through the redacted `SourceView`.

use super::organisation::tz_name;
use crate::detection::{SeverityMapping, SourceId};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The body size a source accepts unless set otherwise: a real alert storm exceeds 1 MiB.
pub const DEFAULT_MAX_BODY_BYTES: u64 = 10 * 1024 * 1024;
/// The largest body size a source may be set to accept.
pub const MAX_BODY_BYTES_LIMIT: u64 = 64 * 1024 * 1024;
/// The smallest body size a source may be set to accept.
const MIN_BODY_BYTES: u64 = 1024;
/// Ids that would clash with the intake's own paths (`/api/intake/quarantine`).
const RESERVED_IDS: &[&str] = &["quarantine"];

/// The sender format a source speaks. The names are mim-intake's format names; the use-case
/// layer maps one onto the other with an exhaustive match, and a test keeps the names equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    /// Prometheus Alertmanager webhook, message version 4.
    Alertmanager,
    /// Grafana unified alerting webhook contact point.
    Grafana,
    /// Zabbix through mim's webhook media type.
    Zabbix,
    /// Azure Monitor action group webhook, common alert schema.
    AzureMonitor,
    /// mim's own generic JSON.
    Generic,
}

impl SourceFormat {
    pub const ALL: [SourceFormat; 5] = [
        SourceFormat::Alertmanager,
        SourceFormat::Grafana,
        SourceFormat::Zabbix,
        SourceFormat::AzureMonitor,
        SourceFormat::Generic,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SourceFormat::Alertmanager => "alertmanager",
            SourceFormat::Grafana => "grafana",
            SourceFormat::Zabbix => "zabbix",
            SourceFormat::AzureMonitor => "azure_monitor",
            SourceFormat::Generic => "generic",
        }
    }
}

impl fmt::Display for SourceFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for SourceFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SourceFormat::ALL
            .into_iter()
            .find(|f| f.code() == s.trim())
            .ok_or_else(|| {
                let shown: String = s.chars().take(40).collect();
                format!(
                    "\"{shown}\" is not an intake format (alertmanager, grafana, zabbix, azure_monitor, generic)"
                )
            })
    }
}

/// How a source proves a delivery is its own.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum SourceAuth {
    /// `Authorization: Bearer <token>`; only the token's SHA-256 (hex) is kept.
    Bearer { token_sha256: String },
    /// The secret as the last segment of the URL, for senders that can set no header (Azure
    /// Monitor action groups); only its SHA-256 (hex) is kept.
    UrlSecret { secret_sha256: String },
    /// `X-Mim-Signature: sha256=<hex>`, an HMAC-SHA256 over the raw body. The raw secret is
    /// kept: the signature is computed with it.
    Hmac { secret: String },
}

impl SourceAuth {
    pub fn kind(&self) -> AuthKind {
        match self {
            SourceAuth::Bearer { .. } => AuthKind::Bearer,
            SourceAuth::UrlSecret { .. } => AuthKind::UrlSecret,
            SourceAuth::Hmac { .. } => AuthKind::Hmac,
        }
    }
}

/// Never prints a secret or a hash of one (logs and panics included).
impl fmt::Debug for SourceAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SourceAuth::{:?}(<redacted>)", self.kind())
    }
}

/// The kind of proof a source uses, without its secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthKind {
    Bearer,
    UrlSecret,
    Hmac,
}

impl AuthKind {
    pub const ALL: [AuthKind; 3] = [AuthKind::Bearer, AuthKind::UrlSecret, AuthKind::Hmac];

    pub fn code(self) -> &'static str {
        match self {
            AuthKind::Bearer => "bearer",
            AuthKind::UrlSecret => "url_secret",
            AuthKind::Hmac => "hmac",
        }
    }
}

impl fmt::Display for AuthKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

fn helsinki() -> Tz {
    chrono_tz::Europe::Helsinki
}

fn default_max_body_bytes() -> u64 {
    DEFAULT_MAX_BODY_BYTES
}

fn yes() -> bool {
    true
}

/// A configured intake source, e.g. `alertmanager-prod`: its format, its proof, the zone of
/// its zone-less times, what its severity words mean and how large a body it may send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntakeSource {
    /// A slug: 1–64 of a–z, 0–9, `-`, `_`, `.`; the last segment of its URL.
    pub id: SourceId,
    pub name: String,
    pub format: SourceFormat,
    pub auth: SourceAuth,
    /// The zone of sender times that carry none (Zabbix, the generic format's naive times).
    #[serde(with = "tz_name", default = "helsinki")]
    pub time_zone: Tz,
    /// The source's severity words onto the four levels; the default maps nothing.
    #[serde(default)]
    pub severity_mapping: SeverityMapping,
    /// Bodies larger than this are refused with 413 (at most `MAX_BODY_BYTES_LIMIT`).
    #[serde(default = "default_max_body_bytes")]
    pub max_body_bytes: u64,
    /// A disabled source is answered as if it did not exist.
    #[serde(default = "yes")]
    pub enabled: bool,
}

impl IntakeSource {
    /// What may be shown to anyone allowed to read sources: everything but the secret.
    pub fn view(&self) -> SourceView {
        SourceView {
            id: self.id.clone(),
            name: self.name.clone(),
            format: self.format,
            auth: self.auth.kind(),
            time_zone: self.time_zone,
            severity_mapping: self.severity_mapping.clone(),
            max_body_bytes: self.max_body_bytes,
            enabled: self.enabled,
        }
    }

    /// Checks what serde can't: the id's spelling, a name, the body limit, and that the
    /// stored proof is well-formed (a SHA-256 in hex, an HMAC secret of some length).
    pub fn validate(&self) -> Result<(), (&'static str, String)> {
        let id = self.id.as_str();
        let slug = !id.is_empty()
            && id.len() <= 64
            && id.bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
            });
        if !slug {
            let shown: String = id.chars().take(40).collect();
            return Err((
                "id",
                format!("\"{shown}\" is not a valid source id (1–64 of a–z, 0–9, '-', '_', '.')"),
            ));
        }
        if RESERVED_IDS.contains(&id) {
            return Err(("id", format!("\"{id}\" is reserved")));
        }
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(("name", "a source needs a name of 1–200 characters".into()));
        }
        if !(MIN_BODY_BYTES..=MAX_BODY_BYTES_LIMIT).contains(&self.max_body_bytes) {
            return Err((
                "max_body_bytes",
                format!(
                    "must be between {MIN_BODY_BYTES} and {MAX_BODY_BYTES_LIMIT} bytes (64 MiB)"
                ),
            ));
        }
        let is_sha256 =
            |h: &str| h.len() == 64 && h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        match &self.auth {
            SourceAuth::Bearer { token_sha256: h } | SourceAuth::UrlSecret { secret_sha256: h }
                if !is_sha256(h) =>
            {
                Err(("auth", "the stored hash is not a SHA-256 in hex".into()))
            }
            SourceAuth::Hmac { secret } if secret.len() < 16 => {
                Err(("auth", "an HMAC secret has at least 16 bytes".into()))
            }
            _ => Ok(()),
        }
    }
}

/// A source as the API shows it: no secret, no hash of one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceView {
    pub id: SourceId,
    pub name: String,
    pub format: SourceFormat,
    pub auth: AuthKind,
    #[serde(with = "tz_name")]
    pub time_zone: Tz,
    pub severity_mapping: SeverityMapping,
    pub max_body_bytes: u64,
    pub enabled: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(auth: SourceAuth) -> IntakeSource {
        IntakeSource {
            id: "alertmanager-prod".into(),
            name: "Alertmanager (prod)".into(),
            format: SourceFormat::Alertmanager,
            auth,
            time_zone: helsinki(),
            severity_mapping: SeverityMapping::fixture_m(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            enabled: true,
        }
    }

    fn bearer() -> SourceAuth {
        SourceAuth::Bearer {
            token_sha256: "ab".repeat(32),
        }
    }

    #[test]
    fn json_round_trips_with_defaults() {
        let s = source(bearer());
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["auth"]["type"], "bearer");
        assert_eq!(json["time_zone"], "Europe/Helsinki");
        assert_eq!(json["format"], "alertmanager");
        assert_eq!(serde_json::from_value::<IntakeSource>(json).unwrap(), s);

        let minimal: IntakeSource = serde_json::from_str(
            r#"{"id":"z","name":"Zabbix","format":"zabbix","auth":{"type":"hmac","secret":"0123456789abcdef"}}"#,
        )
        .unwrap();
        assert_eq!(minimal.time_zone, chrono_tz::Europe::Helsinki);
        assert_eq!(minimal.max_body_bytes, 10 * 1024 * 1024);
        assert!(minimal.enabled);
        assert_eq!(minimal.severity_mapping, SeverityMapping::default());
        assert!(minimal.validate().is_ok());
    }

    #[test]
    fn views_and_debug_never_show_secrets() {
        let s = source(SourceAuth::Hmac {
            secret: "very-secret-hmac-key".into(),
        });
        let view = serde_json::to_string(&s.view()).unwrap();
        assert!(!view.contains("very-secret"), "{view}");
        assert!(view.contains("\"auth\":\"hmac\""), "{view}");
        let debug = format!("{s:?}");
        assert!(!debug.contains("very-secret"), "{debug}");
        let debug = format!("{:?}", source(bearer()));
        assert!(!debug.contains("abab"), "{debug}");
    }

    #[test]
    fn validation_names_the_field() {
        assert!(source(bearer()).validate().is_ok());
        let field = |s: IntakeSource| s.validate().unwrap_err().0;
        let mut s = source(bearer());
        s.id = "Bad Id".into();
        assert_eq!(field(s), "id");
        let mut s = source(bearer());
        s.id = "quarantine".into();
        assert_eq!(field(s), "id");
        let mut s = source(bearer());
        s.name = " ".into();
        assert_eq!(field(s), "name");
        for bad in [0, 1023, MAX_BODY_BYTES_LIMIT + 1] {
            let mut s = source(bearer());
            s.max_body_bytes = bad;
            assert_eq!(field(s), "max_body_bytes");
        }
        assert_eq!(
            field(source(SourceAuth::UrlSecret {
                secret_sha256: "xyz".into()
            })),
            "auth"
        );
        assert_eq!(
            field(source(SourceAuth::Hmac {
                secret: "short".into()
            })),
            "auth"
        );
    }

    #[test]
    fn format_codes_are_the_serde_names() {
        for f in SourceFormat::ALL {
            assert_eq!(
                serde_json::to_string(&f).unwrap(),
                format!("\"{}\"", f.code())
            );
            assert_eq!(f.code().parse::<SourceFormat>(), Ok(f));
        }
        for k in AuthKind::ALL {
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.code())
            );
        }
        assert!("prometheus".parse::<SourceFormat>().is_err());
    }
}
