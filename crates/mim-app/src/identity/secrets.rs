//! Random secrets and their stored hashes.

use base64::Engine;
use sha2::{Digest, Sha256};

/// A fresh random secret with a recognisable prefix, e.g. `mim_s_…` for sessions.
pub fn new_secret(prefix: &str) -> String {
    let bytes: [u8; 32] = rand::random();
    format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

/// What is stored instead of the secret: high-entropy secrets need no slow hash.
pub fn hash_secret(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A short random id shown in listings.
pub fn short_id() -> String {
    let bytes: [u8; 6] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
