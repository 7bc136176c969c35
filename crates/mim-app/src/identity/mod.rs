//! Who is calling: users with roles, argon2id passwords, login sessions and API tokens.
//! Secrets leave mim once, at creation, and are stored only as SHA-256 hashes.

mod api_tokens;
mod passwords;
mod principal;
pub(crate) mod secrets;
mod sessions;
mod throttle;
mod users;

pub use api_tokens::NewToken;
pub use principal::Principal;
pub use sessions::NewSession;
pub use throttle::LoginThrottle;
pub use users::{NewUser, USER_ADMINS};
