//! Who changed a register document: a user of mim, or an operator at the command line, who
//! has no user record but must still be named in the history. In storage and JSON an editor is
//! one string — the user name (`anna`), or `cli:` and the operator's login (`cli:root`) — which
//! no user name can be mistaken for, since user names hold no `:`.

use crate::UserId;
use serde::{Deserialize, Serialize};
use std::fmt;

const OPERATOR_PREFIX: &str = "cli:";

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Editor {
    User(UserId),
    /// An operator's login on the host running `mim`, as the environment reported it.
    Operator(String),
}

impl Editor {
    /// The operator with `login`, cut to what can be shown safely: ASCII letters, digits,
    /// `.`, `_` and `-`, at most 64 of them (`unknown` when nothing is left). The login
    /// comes from the environment, which anyone can set, so it is a label, not a proof.
    pub fn operator(login: &str) -> Editor {
        let kept: String = login
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
            .take(64)
            .collect();
        Editor::Operator(if kept.is_empty() {
            "unknown".into()
        } else {
            kept
        })
    }

    pub fn parse(s: impl AsRef<str>) -> Result<Editor, String> {
        let s = s.as_ref();
        match s.strip_prefix(OPERATOR_PREFIX) {
            Some(login) => {
                let editor = Editor::operator(login);
                if editor.to_string() == s {
                    Ok(editor)
                } else {
                    Err(format!("\"{s}\" is not an operator's name"))
                }
            }
            None => UserId::new(s).map(Editor::User),
        }
    }

    /// The user, when a user of mim made the change.
    pub fn user(&self) -> Option<&UserId> {
        match self {
            Editor::User(u) => Some(u),
            Editor::Operator(_) => None,
        }
    }
}

impl fmt::Display for Editor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Editor::User(u) => write!(f, "{u}"),
            Editor::Operator(login) => write!(f, "{OPERATOR_PREFIX}{login}"),
        }
    }
}

impl From<UserId> for Editor {
    fn from(u: UserId) -> Editor {
        Editor::User(u)
    }
}

impl TryFrom<String> for Editor {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Editor::parse(s)
    }
}

impl From<Editor> for String {
    fn from(e: Editor) -> String {
        e.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_and_operators_round_trip_as_text() {
        let anna = Editor::User(UserId::new("anna").unwrap());
        assert_eq!(anna.to_string(), "anna");
        assert_eq!(Editor::parse("anna"), Ok(anna.clone()));
        assert_eq!(anna.user().map(UserId::as_str), Some("anna"));
        let root = Editor::operator("root");
        assert_eq!(root.to_string(), "cli:root");
        assert_eq!(Editor::parse("cli:root"), Ok(root.clone()));
        assert_eq!(root.user(), None);
        assert_eq!(
            serde_json::to_string(&root).unwrap(),
            "\"cli:root\"".to_owned()
        );
        assert_eq!(
            serde_json::from_str::<Editor>("\"anna\"").unwrap(),
            anna.clone()
        );
    }

    #[test]
    fn an_operator_login_is_cut_to_safe_characters() {
        assert_eq!(
            Editor::operator("Eero Lehtonen<script>").to_string(),
            "cli:EeroLehtonenscript"
        );
        assert_eq!(Editor::operator("").to_string(), "cli:unknown");
        assert_eq!(Editor::operator(&"a".repeat(100)).to_string().len(), 4 + 64);
        assert!(Editor::parse("cli:a b").is_err());
        assert!(Editor::parse("Anna").is_err());
    }
}
