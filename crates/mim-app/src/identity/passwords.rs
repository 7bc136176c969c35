//! Argon2id password hashes (PHC strings).

use crate::AppError;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// The shortest password a person may choose.
pub const MIN_PASSWORD_CHARS: usize = 10;

pub fn hash_password(password: &str) -> Result<String, AppError> {
    hash_password_at_least(password, MIN_PASSWORD_CHARS)
}

/// Hashes a password of at least `min_chars` characters. Only the demo seeding goes below
/// the policy, for its published password `demo`.
pub fn hash_password_at_least(password: &str, min_chars: usize) -> Result<String, AppError> {
    // Spaces around it don't count: ten spaces are no password.
    if password.trim().chars().count() < min_chars {
        return Err(AppError::invalid(
            "password",
            format!("must be at least {min_chars} characters"),
        ));
    }
    if password.len() > 1024 {
        return Err(AppError::invalid("password", "must be at most 1024 bytes"));
    }
    let salt_bytes: [u8; 16] = rand::random();
    let salt =
        SaltString::encode_b64(&salt_bytes).map_err(|e| AppError::Internal(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("hashing the password failed: {e}")))
}

pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to verify against when the user does not exist, so that the answer takes as long
/// for an unknown user as for a wrong password.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not-a-password-of-anyone").unwrap_or_default())
}
