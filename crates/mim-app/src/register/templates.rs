//! The organisation's message templates: one per kind of message and language, shipped as
//! defaults and edited, previewed and versioned like the rest of the register. A template is
//! checked when it is saved (it must render, and a bulletin must say what a good bulletin
//! says), so a broken one is refused then, never found out in the middle of a disruption.

use super::{Author, Versioned, require_staff};
use crate::{App, AppError, Principal};
use mim_domain::{Language, Role};
use mim_messages::{
    MessageFacts, MessageKind, Rendered, SmsSize, Template, TemplateError, default_template,
    sms_size,
};
use mim_store::{RegisterDocument, RegisterKey};

/// Who may change the organisation's message templates: those who run the communication.
pub const TEMPLATE_EDITORS: &[Role] = &[Role::Admin, Role::ItManagement, Role::MimContact];

/// A template rendered for a preview, with what an SMS of its text would cost and whether
/// saving it would be refused.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub rendered: Rendered,
    /// The text as one SMS message would carry it (subject, then the text).
    pub sms: SmsSize,
    /// Why saving this template would be refused; `None` when it may be saved.
    pub refused: Option<String>,
}

/// The organisation's staff read templates; a vendor's users do not (they are the
/// organisation's words to its own people).
fn require_reader(who: &Principal) -> Result<(), AppError> {
    require_staff(who)?;
    if who.vendor_scope().is_some() {
        return Err(AppError::Forbidden(
            "message templates are for the organisation's own staff".into(),
        ));
    }
    Ok(())
}

/// A template error as the field it concerns (`subject` or `body`).
fn refusal(e: TemplateError) -> AppError {
    let field = match &e {
        TemplateError::Invalid { part, .. }
        | TemplateError::TooLong { part }
        | TemplateError::Empty { part } => *part,
        TemplateError::Missing { .. } => "body",
    };
    AppError::Invalid {
        field: field.to_owned(),
        message: e.to_string(),
    }
}

impl App {
    /// Every kind of message in each of the organisation's languages, at its current version
    /// (version 0: the shipped default, not edited yet).
    pub async fn templates(&self, who: &Principal) -> Result<Vec<Versioned<Template>>, AppError> {
        require_reader(who)?;
        let org = self.organisation_or_default().await?;
        let mut out = Vec::with_capacity(MessageKind::ALL.len() * org.languages.len());
        for kind in MessageKind::ALL {
            for &lang in &org.languages {
                out.push(self.current_template(kind, lang).await?);
            }
        }
        Ok(out)
    }

    /// One template at its current version, the shipped default (version 0) until edited.
    pub async fn template(
        &self,
        who: &Principal,
        kind: MessageKind,
        language: Language,
    ) -> Result<Versioned<Template>, AppError> {
        require_reader(who)?;
        self.current_template(kind, language).await
    }

    /// The template a message of `kind` in `language` is written from: the organisation's
    /// own, else the shipped default.
    pub(crate) async fn current_template(
        &self,
        kind: MessageKind,
        language: Language,
    ) -> Result<Versioned<Template>, AppError> {
        let stored = self
            .store()
            .current(&RegisterKey::Template(kind, language))
            .await?;
        match stored {
            Some(v) => match v.document {
                RegisterDocument::Template(document) => Ok(Versioned {
                    version: v.version,
                    changed: Some(self.change(v.stamp).await?),
                    document,
                }),
                _ => Err(AppError::Internal(format!(
                    "the {kind} template in {language} is stored as another kind of document"
                ))),
            },
            None => Ok(Versioned {
                version: 0,
                changed: None,
                document: default_template(kind, language),
            }),
        }
    }

    /// Every stored version of one template, oldest first; empty while the default applies.
    pub async fn template_history(
        &self,
        who: &Principal,
        kind: MessageKind,
        language: Language,
    ) -> Result<Vec<Versioned<Template>>, AppError> {
        require_reader(who)?;
        let versions = self
            .store()
            .history(&RegisterKey::Template(kind, language))
            .await?;
        self.versions(versions, |d| match d {
            RegisterDocument::Template(t) => Some(t),
            _ => None,
        })
        .await
    }

    /// Saves a new version of a template if it is still at `based_on` (when given; 0: only
    /// while the default applies). A template that does not render, or a bulletin that
    /// leaves out the service, its time or the next update, is refused and nothing is written.
    pub async fn write_template(
        &self,
        by: Author<'_>,
        template: Template,
        based_on: Option<u64>,
    ) -> Result<u64, AppError> {
        let stamp = self.stamp_for(&by, TEMPLATE_EDITORS, "changing message templates")?;
        template.check().map_err(refusal)?;
        self.write(RegisterDocument::Template(template), based_on, &stamp)
            .await
    }

    /// `template` (edited or not yet saved) rendered with `facts`, or with example facts when
    /// none are given, times in the organisation's zone.
    pub async fn preview_template(
        &self,
        who: &Principal,
        template: &Template,
        facts: Option<&MessageFacts>,
    ) -> Result<Preview, AppError> {
        require_reader(who)?;
        let tz = self.organisation_or_default().await?.time_zone;
        let example = MessageFacts::example();
        let rendered = template
            .render(facts.unwrap_or(&example), tz)
            .map_err(refusal)?;
        let sms = sms_size(&format!("{}\n{}", rendered.subject, rendered.text));
        Ok(Preview {
            rendered,
            sms,
            refused: template.check().err().map(|e| e.to_string()),
        })
    }
}
