//! Times as recipients read them: in the organisation's zone, in the message's language.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use mim_domain::Language;

/// `t` in `tz` as a person writing in `lang` would write it: "4.12.2026 klo 13.05",
/// "4.12.2026 kl. 13.05", "4 Dec 2026 13:05 EET". English names the zone (EET or EEST), since
/// its readers may be anywhere; Finnish and Swedish readers read local time.
pub fn local_time(t: DateTime<Utc>, tz: Tz, lang: Language) -> String {
    let local = t.with_timezone(&tz);
    match lang {
        Language::Fi => local.format("%-d.%-m.%Y klo %-H.%M").to_string(),
        Language::Sv => local.format("%-d.%-m.%Y kl. %-H.%M").to_string(),
        Language::En => local.format("%-d %b %Y %H:%M %Z").to_string(),
    }
}
