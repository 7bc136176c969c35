//! Intake sources: adding and changing them (admin, IT management), reading them without
//! their secrets, and finding the one a delivery names (cached, since every webhook asks).
//!
//! A secret leaves mim once, when it is made: bearer tokens and URL secrets are stored as
//! SHA-256 hashes; an HMAC secret is stored as it is (the signature is computed with it) and
//! never shown again.

use crate::identity::secrets::{hash_secret, new_secret};
use crate::{App, AppError, Principal};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use mim_domain::Role;
use mim_domain::detection::SeverityMapping;
use mim_domain::register::{AuthKind, IntakeSource, SourceAuth, SourceFormat, SourceView};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// Who may add, change and read intake sources.
pub const SOURCE_EDITORS: &[Role] = &[Role::Admin, Role::ItManagement];
/// Who may read the quarantine of refused bodies (they may hold anything a sender sent).
pub const QUARANTINE_READERS: &[Role] = &[Role::Admin];
/// The prefix of generated intake secrets.
const SECRET_PREFIX: &str = "mim_i_";
/// How long a source read for a delivery is reused before it is read again. A change made
/// through this process takes effect at once; this bounds a change made by another one.
const CACHE_FOR: Duration = Duration::seconds(30);

/// What to do with a source's secret when it is put.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretChange {
    /// Keep the current secret; a new source, or one whose kind of proof changes, gets a
    /// generated one.
    Keep,
    /// Generate a new secret (rotation); the old one stops working at once.
    Generate,
    /// Use this secret (16–200 of `A–Z a–z 0–9 - _ . ~`, so it fits in a URL and a header).
    Set(String),
}

/// A source as an editor sends it: everything but the stored proof.
#[derive(Debug, Clone)]
pub struct SourceSpec {
    pub id: String,
    pub name: String,
    pub format: SourceFormat,
    pub auth: AuthKind,
    pub time_zone: Tz,
    pub severity_mapping: SeverityMapping,
    pub max_body_bytes: u64,
    pub enabled: bool,
    pub secret: SecretChange,
}

/// What putting a source did.
#[derive(Debug, Clone)]
pub struct SourcePut {
    pub version: u64,
    /// The source did not exist before.
    pub created: bool,
    pub source: SourceView,
    /// The new secret, shown this once; `None` when the secret was kept.
    pub secret: Option<String>,
}

/// A source read for deliveries, with when it was read.
type Cached = (DateTime<Utc>, Arc<IntakeSource>);

/// Sources read for deliveries, by id.
#[derive(Debug, Default)]
pub struct SourceCache {
    entries: RwLock<HashMap<String, Cached>>,
}

impl SourceCache {
    fn get(&self, id: &str, now: DateTime<Utc>) -> Option<Arc<IntakeSource>> {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        entries
            .get(id)
            .filter(|(at, _)| now >= *at && now - *at < CACHE_FOR)
            .map(|(_, s)| s.clone())
    }

    fn put(&self, source: Arc<IntakeSource>, now: DateTime<Utc>) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        entries.insert(source.id.clone(), (now, source));
    }

    fn forget(&self, id: &str) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        entries.remove(id);
    }
}

fn check_secret(secret: &str) -> Result<(), AppError> {
    let ok = (16..=200).contains(&secret.len())
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'));
    if ok {
        Ok(())
    } else {
        Err(AppError::invalid(
            "secret",
            "a secret has 16–200 of A–Z, a–z, 0–9, '-', '_', '.', '~'",
        ))
    }
}

/// The stored proof for a secret of this kind.
fn proof(kind: AuthKind, secret: &str) -> SourceAuth {
    match kind {
        AuthKind::Bearer => SourceAuth::Bearer {
            token_sha256: hash_secret(secret),
        },
        AuthKind::UrlSecret => SourceAuth::UrlSecret {
            secret_sha256: hash_secret(secret),
        },
        AuthKind::Hmac => SourceAuth::Hmac {
            secret: secret.to_owned(),
        },
    }
}

impl App {
    /// Adds or replaces an intake source (admin, IT management; `None` is the operator or the
    /// demo seeding). A new secret is returned once.
    pub async fn put_source(
        &self,
        who: Option<&Principal>,
        spec: SourceSpec,
    ) -> Result<SourcePut, AppError> {
        let stamp = self.stamp(who, SOURCE_EDITORS, "changing intake sources")?;
        if super::BUILT_IN_SOURCES.contains(&spec.id.as_str()) {
            return Err(AppError::invalid(
                "id",
                format!(
                    "\"{}\" is mim's own source of service-desk entries or the public form",
                    spec.id
                ),
            ));
        }
        let existing = self.store().source(&spec.id).await?;
        let (auth, secret) = match (&spec.secret, &existing) {
            (SecretChange::Set(s), _) => {
                check_secret(s)?;
                (proof(spec.auth, s), Some(s.clone()))
            }
            (SecretChange::Keep, Some(old)) if old.auth.kind() == spec.auth => {
                (old.auth.clone(), None)
            }
            (SecretChange::Keep | SecretChange::Generate, _) => {
                let s = new_secret(SECRET_PREFIX);
                (proof(spec.auth, &s), Some(s))
            }
        };
        let source = IntakeSource {
            id: spec.id,
            name: spec.name.trim().to_owned(),
            format: spec.format,
            auth,
            time_zone: spec.time_zone,
            severity_mapping: spec.severity_mapping,
            max_body_bytes: spec.max_body_bytes,
            enabled: spec.enabled,
        };
        source
            .validate()
            .map_err(|(field, message)| AppError::invalid(field, message))?;
        let version = self.store().put_source(&source, &stamp).await?;
        self.sources.forget(&source.id);
        Ok(SourcePut {
            version,
            created: existing.is_none(),
            source: source.view(),
            secret,
        })
    }

    /// Every intake source, without secrets (admin, IT management).
    pub async fn sources(&self, who: &Principal) -> Result<Vec<SourceView>, AppError> {
        who.require(SOURCE_EDITORS, "reading intake sources")?;
        let all = self.store().sources().await?;
        Ok(all.iter().map(IntakeSource::view).collect())
    }

    /// One intake source, without its secret (admin, IT management).
    pub async fn source(&self, who: &Principal, id: &str) -> Result<SourceView, AppError> {
        who.require(SOURCE_EDITORS, "reading intake sources")?;
        self.store()
            .source(id)
            .await?
            .map(|s| s.view())
            .ok_or_else(|| AppError::NotFound(format!("intake source \"{id}\"")))
    }

    /// The enabled source a delivery names; unknown and disabled ones are alike not found.
    pub(crate) async fn intake_source(&self, id: &str) -> Result<Arc<IntakeSource>, AppError> {
        let now = self.now();
        let source = match self.sources.get(id, now) {
            Some(s) => s,
            None => {
                // Unknown ids are not cached: a caller can't fill the cache with guesses.
                let found = self
                    .store()
                    .source(id)
                    .await?
                    .ok_or_else(|| not_found(id))?;
                let found = Arc::new(found);
                self.sources.put(found.clone(), now);
                found
            }
        };
        if source.enabled {
            Ok(source)
        } else {
            Err(not_found(id))
        }
    }
}

fn not_found(id: &str) -> AppError {
    let shown: String = id.chars().take(64).collect();
    AppError::NotFound(format!("intake source \"{shown}\""))
}
