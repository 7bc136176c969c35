//! The templates mim ships: a starting point the organisation edits and versions. Bulletins
//! follow GLOSSARY.md's skeleton (headline in user terms, status and time, who is affected,
//! what to do instead, what to do and not do, the estimate or plainly none, the next update,
//! the cause, the contact), in each language as its readers write it.

mod en;
mod fi;
mod sv;

use crate::{MessageKind, Template};
use mim_domain::Language;

/// The shipped template of `kind` in `language`.
pub fn default_template(kind: MessageKind, language: Language) -> Template {
    let (subject, body) = match language {
        Language::Fi => fi::text(kind),
        Language::Sv => sv::text(kind),
        Language::En => en::text(kind),
    };
    Template {
        kind,
        language,
        subject: subject.to_owned(),
        body: body.to_owned(),
    }
}
