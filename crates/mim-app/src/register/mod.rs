//! The register use cases: the organisation settings, critical systems and vendors. Staff read
//! them (a vendor's users only their own vendor's entries); admins and IT management change
//! them, or the operator at the command line. Every change is kept with who made it and when,
//! and a change based on a version someone else has already replaced is refused whole.

mod history;
mod matrix;
mod organisation;
mod systems;
mod templates;
mod vendors;

pub use templates::{Preview, TEMPLATE_EDITORS};

use crate::{App, AppError, Principal};
use chrono::{DateTime, Utc};
use mim_domain::register::{Editor, FieldError, NamedPerson};
use mim_domain::{Role, UserId, VendorId};
use mim_store::{RegisterDocument, Stamp};

/// Who may change the organisation settings.
pub const ORGANISATION_EDITORS: &[Role] = &[Role::Admin];
/// Who may change critical systems and vendors.
pub const REGISTER_EDITORS: &[Role] = &[Role::Admin, Role::ItManagement];

/// Who asks for a register change.
#[derive(Debug, Clone)]
pub enum Author<'a> {
    /// A signed-in user, who must hold one of the editing roles.
    User(&'a Principal),
    /// The operator at the command line, or mim seeding its demo data. Trusted like an admin:
    /// whoever runs `mim` on the host holds the database file anyway.
    Operator(Editor),
}

impl<'a> From<&'a Principal> for Author<'a> {
    fn from(p: &'a Principal) -> Self {
        Author::User(p)
    }
}

/// `None` is the operator as earlier versions named it, `operator`.
impl<'a> From<Option<&'a Principal>> for Author<'a> {
    fn from(p: Option<&'a Principal>) -> Self {
        match p {
            Some(p) => Author::User(p),
            None => Author::Operator(legacy_operator()),
        }
    }
}

fn legacy_operator() -> Editor {
    UserId::new("operator").map_or_else(|_| Editor::operator("operator"), Editor::User)
}

/// Who wrote a version of a register document, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub at: DateTime<Utc>,
    pub by: Editor,
    /// The user's name as their record says now; none for an operator or a removed user.
    pub by_name: Option<String>,
}

/// A register document at one version.
#[derive(Debug, Clone, PartialEq)]
pub struct Versioned<T> {
    /// 0 for the built-in defaults of a document nobody has stored yet.
    pub version: u64,
    /// None for the built-in defaults.
    pub changed: Option<Change>,
    pub document: T,
}

impl App {
    /// Who changes the register, and when; `None` is the operator at the command line.
    pub(crate) fn stamp(
        &self,
        who: Option<&Principal>,
        roles: &[Role],
        what: &str,
    ) -> Result<Stamp, AppError> {
        self.stamp_for(&Author::from(who), roles, what)
    }

    pub(crate) fn stamp_for(
        &self,
        by: &Author<'_>,
        roles: &[Role],
        what: &str,
    ) -> Result<Stamp, AppError> {
        let by = match by {
            Author::User(p) => {
                p.require(roles, what)?;
                Editor::User(p.id().clone())
            }
            Author::Operator(editor) => editor.clone(),
        };
        Ok(Stamp { by, at: self.now() })
    }

    /// Writes one document based on `based_on` (when given); a stale version is a conflict
    /// carrying the current one, and nothing is written.
    async fn write(
        &self,
        document: RegisterDocument,
        based_on: Option<u64>,
        stamp: &Stamp,
    ) -> Result<u64, AppError> {
        let version = self
            .store()
            .put_document(&document, based_on, stamp)
            .await?;
        self.register_changed();
        Ok(version)
    }

    /// A MIM contact person in the register: an active user holding the role, named as the
    /// user record says (so no made-up person is copied onto cases).
    pub(crate) async fn contact(
        &self,
        field: &str,
        person: Option<NamedPerson>,
    ) -> Result<Option<NamedPerson>, AppError> {
        let Some(p) = person else { return Ok(None) };
        self.person(field, Some(p.user), crate::cases::MIM_CONTACTS)
            .await
    }

    /// The change behind a stored version, with the editor's name looked up.
    async fn change(&self, stamp: Stamp) -> Result<Change, AppError> {
        let by_name = match stamp.by.user() {
            Some(u) => self.store().user(u).await?.map(|u| u.name),
            None => None,
        };
        Ok(Change {
            at: stamp.at,
            by: stamp.by,
            by_name,
        })
    }
}

fn invalid(e: FieldError) -> AppError {
    AppError::Invalid {
        field: e.field,
        message: e.message,
    }
}

/// Whether `who` may see register entries of `vendor`: everyone but a vendor's user sees all;
/// a vendor's user sees its own vendor's only.
fn sees(who: &Principal, vendor: Option<&VendorId>) -> bool {
    who.vendor_scope().is_none_or(|own| vendor == Some(own))
}

pub(crate) fn require_staff(who: &Principal) -> Result<(), AppError> {
    if who.user.roles.iter().any(|r| r.is_staff()) {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "only staff roles may read the register".into(),
        ))
    }
}
