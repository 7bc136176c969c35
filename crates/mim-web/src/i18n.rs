//! The interface-text catalogue: one Fluent file per language (`i18n/{fi,sv,en}.ftl`), with
//! Finnish plural rules where texts need them. A missing key falls back to English, then to
//! the key itself, so a gap shows as a visible key rather than an empty string.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use mim_domain::Language;

pub struct Catalogue {
    bundles: Vec<(Language, FluentBundle<FluentResource>)>,
}

const SOURCES: [(Language, &str, &str); 3] = [
    (Language::Fi, "fi", include_str!("../i18n/fi.ftl")),
    (Language::Sv, "sv", include_str!("../i18n/sv.ftl")),
    (Language::En, "en", include_str!("../i18n/en.ftl")),
];

/// The preparedness plan's texts, in files of their own so that they read (and merge) apart
/// from the rest; loaded into the same bundles.
const PLAN_SOURCES: [(Language, &str); 3] = [
    (Language::Fi, include_str!("../i18n/plan/fi.ftl")),
    (Language::Sv, include_str!("../i18n/plan/sv.ftl")),
    (Language::En, include_str!("../i18n/plan/en.ftl")),
];

/// Every file of `lang`.
fn sources(lang: Language) -> impl Iterator<Item = &'static str> {
    SOURCES
        .iter()
        .filter(move |(l, _, _)| *l == lang)
        .map(|(_, _, src)| *src)
        .chain(
            PLAN_SOURCES
                .iter()
                .filter(move |(l, _)| *l == lang)
                .map(|(_, src)| *src),
        )
}

impl Catalogue {
    /// Builds the bundles. The files are compiled in; a syntax error is a bug caught by the
    /// tests below, so it is logged rather than stopping the server.
    pub fn load() -> Self {
        let bundles = SOURCES
            .iter()
            .map(|(lang, tag, _)| {
                let id: unic_langid::LanguageIdentifier = tag.parse().unwrap_or_default();
                let mut bundle = FluentBundle::new_concurrent(vec![id]);
                // No invisible isolation marks around inserted values: they end up in e-mails.
                bundle.set_use_isolating(false);
                for src in sources(*lang) {
                    let resource = FluentResource::try_new(src.to_owned()).unwrap_or_else(
                        |(partial, errors)| {
                            tracing::error!(
                                ?errors,
                                language = tag,
                                "interface texts have syntax errors"
                            );
                            partial
                        },
                    );
                    if let Err(errors) = bundle.add_resource(resource) {
                        tracing::error!(
                            ?errors,
                            language = tag,
                            "interface texts define a key twice"
                        );
                    }
                }
                (*lang, bundle)
            })
            .collect();
        Catalogue { bundles }
    }

    fn lookup(&self, lang: Language, key: &str) -> Option<String> {
        let (_, bundle) = self.bundles.iter().find(|(l, _)| *l == lang)?;
        let pattern = bundle.get_message(key)?.value()?;
        let mut errors = vec![];
        Some(
            bundle
                .format_pattern(pattern, None, &mut errors)
                .into_owned(),
        )
    }

    /// The text for `key` in `lang`.
    pub fn t(&self, lang: Language, key: &str) -> String {
        self.lookup(lang, key)
            .or_else(|| self.lookup(Language::En, key))
            .unwrap_or_else(|| key.to_owned())
    }

    /// The text for `key` in `lang` with numbers put in (`{ $count }`), plural rules applied.
    pub fn t_with(&self, lang: Language, key: &str, args: &[(&str, i64)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, n) in args {
            fluent_args.set(*name, FluentValue::from(*n));
        }
        [lang, Language::En]
            .into_iter()
            .find_map(|l| {
                let (_, bundle) = self.bundles.iter().find(|(b, _)| *b == l)?;
                let pattern = bundle.get_message(key)?.value()?;
                let mut errors = vec![];
                Some(
                    bundle
                        .format_pattern(pattern, Some(&fluent_args), &mut errors)
                        .into_owned(),
                )
            })
            .unwrap_or_else(|| key.to_owned())
    }

    /// Every key of `lang`, for the completeness test.
    pub fn keys(&self, lang: Language) -> Vec<String> {
        sources(lang)
            .flat_map(str::lines)
            .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim().to_owned()))
            .filter(|k| !k.starts_with('#') && !k.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_parses_and_has_every_key() {
        for lang in Language::ALL {
            for src in sources(lang) {
                assert!(
                    FluentResource::try_new(src.to_owned()).is_ok(),
                    "a {lang} file has syntax errors"
                );
            }
        }
        let c = Catalogue::load();
        let mut fi = c.keys(Language::Fi);
        fi.sort();
        for lang in [Language::Sv, Language::En] {
            let mut other = c.keys(lang);
            other.sort();
            assert_eq!(fi, other, "{lang} differs from fi");
        }
        assert_eq!(c.t(Language::Sv, "colour-red"), "röd");
        assert_eq!(c.t(Language::Fi, "no-such-key"), "no-such-key");
    }
}
