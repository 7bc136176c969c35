//! CSRF protection for forms without a login: a signed double-submit token.
//!
//! The browser gets a cookie holding a random id signed with a key that lives only in this
//! process (`HttpOnly; SameSite=Strict`). Every rendered form carries a hidden token bound to
//! that id: a fresh nonce, the time it was issued and an HMAC over the three. A POST is taken
//! only when its cookie is one this process signed and its token was signed for that cookie
//! and has not expired. Another site can neither read the cookie nor make a token for it, and
//! a strict cookie is not sent with its cross-site POST at all. Each rendered form has its own
//! nonce, so two open tabs both work, and the nonce identifies one filled-in form: a form sent
//! twice is one report.
//!
//! The key is made at start: after a restart, forms opened before it are refused (the reader
//! is asked to reload), which is also why a token needs no server-side record to be checked.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use chrono::{DateTime, Duration, Utc};
use mim_app::intake::hmac_sha256;
use std::collections::HashMap;
use std::sync::Mutex;
use subtle::ConstantTimeEq;

/// The cookie that holds the browser's signed id.
pub const COOKIE: &str = "mim_form";
/// The hidden field that holds the form's token.
pub const FIELD: &str = "csrf";
/// How long a rendered form may be sent: long enough for anyone to fill it in at their pace.
pub const TOKEN_TTL: Duration = Duration::hours(4);
/// Forms remembered as sent, at most (each only until its token expires).
const USED_MAX: usize = 100_000;

/// Why a POST's token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    NoCookie,
    BadCookie,
    NoToken,
    BadToken,
    Expired,
}

/// A token that checked out: its nonce identifies the rendered form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub nonce: String,
    expires: DateTime<Utc>,
}

pub struct FormTokens {
    key: [u8; 32],
    /// Forms already sent (by nonce), until their token expires.
    used: Mutex<HashMap<String, DateTime<Utc>>>,
}

fn mac(key: &[u8; 32], parts: &[&str]) -> String {
    B64.encode(hmac_sha256(key, parts.join("|").as_bytes()))
}

fn same(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

impl FormTokens {
    /// With a key from the caller (the process's random key; a fixed one in tests).
    pub fn new(key: [u8; 32]) -> Self {
        FormTokens {
            key,
            used: Mutex::new(HashMap::new()),
        }
    }

    /// The browser's id from its cookie value, when this process signed it.
    pub fn cookie_id<'a>(&self, cookie: &'a str) -> Option<&'a str> {
        let (id, sig) = cookie.split_once('.')?;
        (!id.is_empty() && same(sig, &mac(&self.key, &["cookie", id]))).then_some(id)
    }

    /// A new signed cookie value: `<id>.<mac>`.
    pub fn new_cookie(&self) -> String {
        let id = B64.encode(rand::random::<[u8; 24]>());
        let sig = mac(&self.key, &["cookie", &id]);
        format!("{id}.{sig}")
    }

    /// A token for one rendered form, bound to the browser's id: `<issued>.<nonce>.<mac>`.
    pub fn issue(&self, cookie_id: &str, now: DateTime<Utc>) -> String {
        let issued = now.timestamp().to_string();
        let nonce = B64.encode(rand::random::<[u8; 18]>());
        let sig = mac(&self.key, &["form", cookie_id, &issued, &nonce]);
        format!("{issued}.{nonce}.{sig}")
    }

    /// Checks a POST's cookie value and token at `now`.
    pub fn verify(
        &self,
        cookie: Option<&str>,
        token: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Verified, Refused> {
        let cookie = cookie.ok_or(Refused::NoCookie)?;
        let id = self.cookie_id(cookie).ok_or(Refused::BadCookie)?;
        let token = token.filter(|t| !t.is_empty()).ok_or(Refused::NoToken)?;
        let mut parts = token.splitn(3, '.');
        let (Some(issued), Some(nonce), Some(sig)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(Refused::BadToken);
        };
        if !same(sig, &mac(&self.key, &["form", id, issued, nonce])) {
            return Err(Refused::BadToken);
        }
        let issued_at = issued
            .parse::<i64>()
            .ok()
            .and_then(|s| DateTime::<Utc>::from_timestamp(s, 0))
            .ok_or(Refused::BadToken)?;
        let expires = issued_at + TOKEN_TTL;
        if now >= expires {
            return Err(Refused::Expired);
        }
        Ok(Verified {
            nonce: nonce.to_owned(),
            expires,
        })
    }

    /// Whether the form was sent before (and is remembered still).
    pub fn was_used(&self, v: &Verified, now: DateTime<Utc>) -> bool {
        let used = self.used.lock().unwrap_or_else(|p| p.into_inner());
        used.get(&v.nonce).is_some_and(|exp| now < *exp)
    }

    /// Remembers the form as sent until its token expires. Bounded: when full, the expired
    /// go first, then the soonest to expire (the inbox's idempotency key still catches a
    /// repeat of those within its window).
    pub fn mark_used(&self, v: &Verified, now: DateTime<Utc>) {
        let mut used = self.used.lock().unwrap_or_else(|p| p.into_inner());
        if used.len() >= USED_MAX {
            used.retain(|_, exp| now < *exp);
        }
        if used.len() >= USED_MAX {
            let mut expiries: Vec<DateTime<Utc>> = used.values().copied().collect();
            let cut = expiries.len() / 10;
            let (_, nth, _) = expiries.select_nth_unstable(cut);
            let nth = *nth;
            used.retain(|_, exp| *exp > nth);
        }
        used.insert(v.nonce.clone(), v.expires);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 2, 10, 7, 0, 0).unwrap()
    }

    #[test]
    fn a_token_checks_out_only_with_its_own_cookie_and_in_time() {
        let tokens = FormTokens::new([7; 32]);
        let cookie = tokens.new_cookie();
        let id = tokens.cookie_id(&cookie).unwrap().to_owned();
        let token = tokens.issue(&id, t0());
        let ok = tokens.verify(Some(&cookie), Some(&token), t0()).unwrap();
        assert!(!ok.nonce.is_empty());
        // Two forms from one browser have different nonces.
        let other = tokens.issue(&id, t0());
        assert_ne!(
            tokens
                .verify(Some(&cookie), Some(&other), t0())
                .unwrap()
                .nonce,
            ok.nonce
        );
        // Another browser's cookie, a forged cookie, a changed token, no token, too late.
        let stranger = tokens.new_cookie();
        assert_eq!(
            tokens.verify(Some(&stranger), Some(&token), t0()),
            Err(Refused::BadToken)
        );
        assert_eq!(
            tokens.verify(Some("abc.def"), Some(&token), t0()),
            Err(Refused::BadCookie)
        );
        assert_eq!(
            tokens.verify(None, Some(&token), t0()),
            Err(Refused::NoCookie)
        );
        assert_eq!(
            tokens.verify(Some(&cookie), None, t0()),
            Err(Refused::NoToken)
        );
        let mut changed = token.clone();
        changed.replace_range(0..1, "9");
        assert_eq!(
            tokens.verify(Some(&cookie), Some(&changed), t0()),
            Err(Refused::BadToken)
        );
        assert_eq!(
            tokens.verify(Some(&cookie), Some(&token), t0() + TOKEN_TTL),
            Err(Refused::Expired)
        );
        // A key of another process knows neither.
        let restarted = FormTokens::new([8; 32]);
        assert_eq!(
            restarted.verify(Some(&cookie), Some(&token), t0()),
            Err(Refused::BadCookie)
        );
    }

    #[test]
    fn a_sent_form_is_remembered_until_its_token_expires() {
        let tokens = FormTokens::new([7; 32]);
        let cookie = tokens.new_cookie();
        let id = tokens.cookie_id(&cookie).unwrap().to_owned();
        let v = tokens
            .verify(Some(&cookie), Some(&tokens.issue(&id, t0())), t0())
            .unwrap();
        assert!(!tokens.was_used(&v, t0()));
        tokens.mark_used(&v, t0());
        assert!(tokens.was_used(&v, t0() + Duration::hours(1)));
        assert!(!tokens.was_used(&v, t0() + TOKEN_TTL));
    }
}
