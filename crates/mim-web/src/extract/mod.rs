//! Extractors that turn a request into checked values, answering bad input precisely.

mod auth;
mod json;
mod version;

pub use auth::{Auth, SESSION_COOKIE, session_cookie as auth_cookie};
pub use json::{JsonBody, from_value};
pub use version::{IfMatch, etag as etag_of};
