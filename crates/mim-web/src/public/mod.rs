//! The public pages, no login: the end-user report form at `/report`.
//!
//! Server-rendered HTML from minijinja templates (auto-escaped), texts from the one catalogue
//! in the reader's language (`?lang=`, then `Accept-Language`, then the organisation's first
//! language), no scripts, one stylesheet of our own under a strict CSP. A POST is taken only
//! with a valid CSRF token (`csrf`), counts against its address's rate limit, and is committed
//! to the inbox (source `public-form`) before the reader is sent to the thank-you page.

pub(crate) mod csrf;
pub(crate) mod limit;

use crate::state::WebState;
use axum::Router;
use axum::extract::{ConnectInfo, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::Duration;
use mim_app::AppError;
use mim_app::intake::{FORM_TEXT_MAX, FormReport, FormText, ReportableSystem};
use mim_domain::Language;
use mim_domain::detection::HowMany;
use mim_domain::impact::Severity;
use mim_domain::text::{Line, TextError};
use serde::Serialize;
use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The largest form body read: the text's 2000 characters percent-encoded, and the rest.
const FORM_BODY_MAX: usize = 64 * 1024;

/// The pages' policy: nothing but our own stylesheet; forms post only back to us; no framing.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
                   frame-ancestors 'none'; base-uri 'none'";

/// What guards the public pages, shared by every request of this process.
pub struct Guard {
    pub tokens: csrf::FormTokens,
    pub limiter: limit::RateLimiter,
}

impl Guard {
    /// With a fresh random key: forms rendered by another process (or before a restart) are
    /// refused.
    pub fn new(limit: limit::Limit) -> Self {
        Guard {
            tokens: csrf::FormTokens::new(rand::random()),
            limiter: limit::RateLimiter::new(limit),
        }
    }
}

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/report", get(form).post(submit))
        .route("/report/thanks", get(thanks))
        .route("/assets/public.css", get(stylesheet))
}

// ---------------------------------------------------------------------------------------------
// Language

fn endonym(l: Language) -> &'static str {
    match l {
        Language::Fi => "suomi",
        Language::Sv => "svenska",
        Language::En => "English",
    }
}

/// `lang` from the query string, when it names one of the three languages.
fn query_language(query: Option<&str>) -> Option<Language> {
    form_urlencoded::parse(query?.as_bytes())
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| v.parse().ok())
}

/// The most preferred of fi, sv, en in an `Accept-Language` header (`sv-FI, en;q=0.8`).
fn accepted_language(headers: &HeaderMap) -> Option<Language> {
    let value = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
    let mut best: Option<(Language, f32)> = None;
    for item in value.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or("").trim();
        let primary = tag.split('-').next().unwrap_or("");
        let Ok(lang) = primary.parse::<Language>() else {
            continue;
        };
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
            best = Some((lang, q));
        }
    }
    best.map(|(l, _)| l)
}

/// The organisation's name and the page's language.
async fn reader(s: &WebState, query: Option<&str>, headers: &HeaderMap) -> (String, Language) {
    let org = s.app.organisation_or_default().await;
    let (name, default) = match &org {
        Ok(o) => (o.name.clone(), o.default_language()),
        Err(e) => {
            tracing::error!(error = %e, "reading the organisation for the public form");
            (String::new(), Language::Fi)
        }
    };
    let lang = query_language(query)
        .or_else(|| accepted_language(headers))
        .unwrap_or(default);
    (name, lang)
}

// ---------------------------------------------------------------------------------------------
// Pages

#[derive(Serialize)]
struct LanguageLink {
    code: &'static str,
    name: &'static str,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct Page<'a> {
    lang: &'static str,
    organisation: &'a str,
    title: String,
    languages: Vec<LanguageLink>,
    t: BTreeMap<String, String>,
    errors: Vec<ErrorItem>,
}

#[derive(Serialize)]
struct ErrorItem {
    target: String,
    message: String,
}

#[derive(Serialize)]
struct SystemOption {
    id: String,
    name: String,
}

#[derive(Serialize)]
struct Choice {
    value: &'static str,
    label: String,
    checked: bool,
}

#[derive(Serialize)]
struct ChoiceGroup {
    name: &'static str,
    legend: String,
    options: Vec<Choice>,
}

#[derive(Serialize, Default)]
struct Values {
    system: Option<String>,
    text: String,
    contact: String,
    affected: Option<String>,
    work: Option<String>,
}

#[derive(Serialize)]
struct FormPage<'a> {
    #[serde(flatten)]
    page: Page<'a>,
    action: String,
    csrf: String,
    text_max: usize,
    systems: Vec<SystemOption>,
    choices: Vec<ChoiceGroup>,
    values: &'a Values,
    err: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
struct MessagePage<'a> {
    #[serde(flatten)]
    page: Page<'a>,
    body: String,
    back: String,
    back_href: String,
}

/// The form's answers to "how many are affected?".
const AFFECTED: [(&str, HowMany, &str); 3] = [
    ("just_me", HowMany::JustMe, "report-affected-just-me"),
    ("my_team", HowMany::MyTeam, "report-affected-my-team"),
    ("everyone", HowMany::Everyone, "report-affected-everyone"),
];

/// The form's answers to "can you still work?" and the severity each stands for.
const WORK: [(&str, Severity, &str); 4] = [
    ("normally", Severity::Minor, "report-work-normally"),
    (
        "extra_effort",
        Severity::Inconvenient,
        "report-work-extra-effort",
    ),
    ("partly", Severity::DisruptsWork, "report-work-partly"),
    (
        "not_at_all",
        Severity::PreventsWork,
        "report-work-not-at-all",
    ),
];

fn page<'a>(s: &WebState, org: &'a str, lang: Language, title_key: &str, path: &str) -> Page<'a> {
    let c = &s.catalogue;
    let t: BTreeMap<String, String> = c
        .keys(lang)
        .into_iter()
        .filter(|k| k.starts_with("report-"))
        .map(|k| {
            let v = c.t(lang, &k);
            (k, v)
        })
        .collect();
    Page {
        lang: lang.code(),
        organisation: org,
        title: c.t(lang, title_key),
        languages: Language::ALL
            .into_iter()
            .map(|l| LanguageLink {
                code: l.code(),
                name: endonym(l),
                href: format!("{path}?lang={}", l.code()),
                current: l == lang,
            })
            .collect(),
        t,
        errors: vec![],
    }
}

/// An HTML answer with the public pages' headers.
fn html(status: StatusCode, body: String) -> Response {
    let mut res = (status, body).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::VARY, HeaderValue::from_static("Accept-Language"));
    res
}

/// A page that only says something, with a link back to the form.
fn message(
    s: &WebState,
    org: &str,
    lang: Language,
    status: StatusCode,
    (title, body): (&str, String),
    back_key: &str,
) -> Response {
    let path = if status == StatusCode::OK {
        "/report/thanks"
    } else {
        "/report"
    };
    let page = MessagePage {
        page: page(s, org, lang, title, path),
        body,
        back: s.catalogue.t(lang, back_key),
        back_href: format!("/report?lang={}", lang.code()),
    };
    match s.renderer.page("report_message.html", &page) {
        Ok(body) => html(status, body),
        Err(e) => plain_failure(&e),
    }
}

/// When even a page can't be rendered: a short plain answer, the cause logged.
fn plain_failure(e: &AppError) -> Response {
    tracing::error!(error = %e, request_id = ?crate::request_id::current(), "public page failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "500",
    )
        .into_response()
}

fn failure(s: &WebState, org: &str, lang: Language, e: &AppError) -> Response {
    tracing::error!(error = %e, request_id = ?crate::request_id::current(), "public report form failed");
    let body = s.catalogue.t(lang, "report-failed-body");
    message(
        s,
        org,
        lang,
        StatusCode::INTERNAL_SERVER_ERROR,
        ("report-failed-title", body),
        "report-back",
    )
}

/// Renders the form, with what the reader entered and what was wrong with it.
#[allow(clippy::too_many_arguments)]
fn render_form(
    s: &WebState,
    org: &str,
    lang: Language,
    status: StatusCode,
    csrf: String,
    systems: &[ReportableSystem],
    values: &Values,
    errors: Vec<(&'static str, String)>,
) -> Response {
    let t = |k: &str| s.catalogue.t(lang, k);
    let mut p = page(s, org, lang, "report-page-title", "/report");
    p.errors = errors
        .iter()
        .map(|(field, message)| ErrorItem {
            target: match *field {
                "affected" => format!("affected-{}", AFFECTED[0].0),
                "work" => format!("work-{}", WORK[0].0),
                other => other.to_owned(),
            },
            message: message.clone(),
        })
        .collect();
    let group = |name: &'static str,
                 legend: &str,
                 opts: &[(&'static str, &str)],
                 chosen: &Option<String>| {
        ChoiceGroup {
            name,
            legend: t(legend),
            options: opts
                .iter()
                .map(|(value, key)| Choice {
                    value,
                    label: t(key),
                    checked: chosen.as_deref() == Some(*value),
                })
                .collect(),
        }
    };
    let affected: Vec<(&str, &str)> = AFFECTED.iter().map(|(v, _, k)| (*v, *k)).collect();
    let work: Vec<(&str, &str)> = WORK.iter().map(|(v, _, k)| (*v, *k)).collect();
    let form = FormPage {
        page: p,
        action: format!("/report?lang={}", lang.code()),
        csrf,
        text_max: FORM_TEXT_MAX,
        systems: systems
            .iter()
            .map(|s| SystemOption {
                id: s.id.to_string(),
                name: s.name.clone(),
            })
            .collect(),
        choices: vec![
            group(
                "affected",
                "report-affected-legend",
                &affected,
                &values.affected,
            ),
            group("work", "report-work-legend", &work, &values.work),
        ],
        values,
        err: errors.into_iter().collect(),
    };
    match s.renderer.page("report.html", &form) {
        Ok(body) => html(status, body),
        Err(e) => plain_failure(&e),
    }
}

fn form_cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == csrf::COOKIE)
        .map(|(_, v)| v)
}

/// `GET /report`: the empty form, with a token bound to the browser's cookie (set if needed).
async fn form(State(s): State<WebState>, RawQuery(q): RawQuery, headers: HeaderMap) -> Response {
    let (org, lang) = reader(&s, q.as_deref(), &headers).await;
    let systems = match s.app.reportable_systems().await {
        Ok(v) => v,
        Err(e) => return failure(&s, &org, lang, &e),
    };
    let tokens = &s.public.tokens;
    let (cookie, fresh) = match form_cookie(&headers).filter(|c| tokens.cookie_id(c).is_some()) {
        Some(c) => (c.to_owned(), false),
        None => (tokens.new_cookie(), true),
    };
    let id = tokens.cookie_id(&cookie).unwrap_or_default().to_owned();
    let token = tokens.issue(&id, s.app.now());
    let mut res = render_form(
        &s,
        &org,
        lang,
        StatusCode::OK,
        token,
        &systems,
        &Values::default(),
        vec![],
    );
    if fresh
        && let Ok(v) = HeaderValue::from_str(&format!(
            "{}={cookie}; Path=/report; HttpOnly; SameSite=Strict",
            csrf::COOKIE
        ))
    {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

/// `GET /report/thanks`: the thank-you page.
async fn thanks(State(s): State<WebState>, RawQuery(q): RawQuery, headers: HeaderMap) -> Response {
    let (org, lang) = reader(&s, q.as_deref(), &headers).await;
    let body = s.catalogue.t(lang, "report-thanks-body");
    message(
        &s,
        &org,
        lang,
        StatusCode::OK,
        ("report-thanks-title", body),
        "report-another",
    )
}

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        include_str!("../../assets/public.css"),
    )
        .into_response()
}

// ---------------------------------------------------------------------------------------------
// Submitting

/// A form's fields as sent (the first value of each name).
fn fields(body: &[u8]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (k, v) in form_urlencoded::parse(body) {
        out.entry(k.into_owned()).or_insert_with(|| v.into_owned());
    }
    out
}

/// What a valid form says, or what is wrong with it (field, message).
fn check(
    s: &WebState,
    lang: Language,
    f: &BTreeMap<String, String>,
    systems: &[ReportableSystem],
    values: &mut Values,
) -> Result<FormReport, Vec<(&'static str, String)>> {
    let t = |k: &str| s.catalogue.t(lang, k);
    let get = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
    let mut errors = vec![];
    // Browsers send a textarea's line breaks as CRLF; count them as one character.
    values.text = get("text").replace("\r\n", "\n");
    values.contact = get("contact").to_owned();

    let system = match get("system").trim() {
        "" => None,
        id => match systems.iter().find(|s| s.id.as_str() == id) {
            Some(found) => {
                values.system = Some(id.to_owned());
                Some(found.id.clone())
            }
            None => {
                errors.push(("system", t("report-error-system")));
                None
            }
        },
    };
    let text = match FormText::new(&values.text) {
        Ok(text) => Some(text),
        Err(e) => {
            let msg = match e {
                TextError::Empty => t("report-error-text-empty"),
                TextError::TooLong { len, .. } => s.catalogue.t_with(
                    lang,
                    "report-error-text-long",
                    &[("count", i64::try_from(len).unwrap_or(i64::MAX))],
                ),
                TextError::Control | TextError::LineBreak => t("report-error-text-control"),
            };
            errors.push(("text", msg));
            None
        }
    };
    let affected = match get("affected") {
        "" => None,
        v => match AFFECTED.iter().find(|(code, _, _)| *code == v) {
            Some((code, answer, _)) => {
                values.affected = Some((*code).to_owned());
                Some(*answer)
            }
            None => {
                errors.push(("affected", t("report-error-choice")));
                None
            }
        },
    };
    let severity = match get("work") {
        "" => None,
        v => match WORK.iter().find(|(code, _, _)| *code == v) {
            Some((code, severity, _)) => {
                values.work = Some((*code).to_owned());
                Some(*severity)
            }
            None => {
                errors.push(("work", t("report-error-choice")));
                None
            }
        },
    };
    let contact = match values.contact.trim() {
        "" => None,
        c => match Line::new(c) {
            Ok(line) => Some(line),
            Err(_) => {
                errors.push(("contact", t("report-error-contact")));
                None
            }
        },
    };
    match text {
        Some(text) if errors.is_empty() => Ok(FormReport {
            system,
            text,
            affected,
            severity,
            contact,
            form_key: String::new(),
        }),
        _ => Err(errors),
    }
}

fn see_other(to: &str) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// `POST /report`: check the token, the answers and the sender's rate; commit; thank.
async fn submit(State(s): State<WebState>, RawQuery(q): RawQuery, req: Request) -> Response {
    // The TCP peer (`serve` provides it); a router used without it counts every caller as one.
    let peer: IpAddr = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
    let headers = req.headers().clone();
    let (org, lang) = reader(&s, q.as_deref(), &headers).await;
    let body = match axum::body::to_bytes(req.into_body(), FORM_BODY_MAX).await {
        Ok(b) => b,
        Err(_) => {
            let body = s.catalogue.t(lang, "report-too-large-body");
            return message(
                &s,
                &org,
                lang,
                StatusCode::PAYLOAD_TOO_LARGE,
                ("report-too-large-title", body),
                "report-back",
            );
        }
    };
    let f = fields(&body);
    let now = s.app.now();
    let tokens = &s.public.tokens;
    let token = f.get(csrf::FIELD).map(String::as_str);
    let verified = match tokens.verify(form_cookie(&headers), token, now) {
        Ok(v) => v,
        Err(why) => {
            tracing::info!(?why, "public form refused: CSRF token");
            let body = s.catalogue.t(lang, "report-forbidden-body");
            return message(
                &s,
                &org,
                lang,
                StatusCode::FORBIDDEN,
                ("report-forbidden-title", body),
                "report-back",
            );
        }
    };
    let thanks_url = format!("/report/thanks?lang={}", lang.code());
    // The same filled-in form sent again: it was taken the first time.
    if tokens.was_used(&verified, now) {
        return see_other(&thanks_url);
    }
    let systems = match s.app.reportable_systems().await {
        Ok(v) => v,
        Err(e) => return failure(&s, &org, lang, &e),
    };
    let mut values = Values::default();
    let mut report = match check(&s, lang, &f, &systems, &mut values) {
        Ok(r) => r,
        Err(errors) => {
            return render_form(
                &s,
                &org,
                lang,
                StatusCode::BAD_REQUEST,
                token.unwrap_or_default().to_owned(),
                &systems,
                &values,
                errors,
            );
        }
    };
    if let Err(wait) = s.public.limiter.take(peer, now) {
        let minutes = (wait + Duration::seconds(59)).num_minutes().max(1);
        let body = s
            .catalogue
            .t_with(lang, "report-limited-body", &[("minutes", minutes)]);
        let mut res = message(
            &s,
            &org,
            lang,
            StatusCode::TOO_MANY_REQUESTS,
            ("report-limited-title", body),
            "report-back",
        );
        if let Ok(v) = HeaderValue::from_str(&wait.num_seconds().max(1).to_string()) {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return res;
    }
    report.form_key = verified.nonce.clone();
    match s.app.form_report(report).await {
        Ok(_) => {
            tokens.mark_used(&verified, now);
            see_other(&thanks_url)
        }
        // The system left the register in between: ask again.
        Err(AppError::Invalid { field, .. }) if field == "system" => {
            values.system = None;
            render_form(
                &s,
                &org,
                lang,
                StatusCode::BAD_REQUEST,
                token.unwrap_or_default().to_owned(),
                &systems,
                &values,
                vec![("system", s.catalogue.t(lang, "report-error-system"))],
            )
        }
        Err(e) => failure(&s, &org, lang, &e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(v: &str) -> Option<Language> {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_str(v).unwrap());
        accepted_language(&h)
    }

    #[test]
    fn the_language_comes_from_the_query_then_accept_language() {
        assert_eq!(query_language(Some("lang=sv")), Some(Language::Sv));
        assert_eq!(query_language(Some("x=1&lang=EN")), Some(Language::En));
        assert_eq!(query_language(Some("lang=de")), None);
        assert_eq!(query_language(None), None);
        assert_eq!(accept("sv-FI,sv;q=0.9,en;q=0.8"), Some(Language::Sv));
        assert_eq!(accept("de-DE, en;q=0.5, fi;q=0.7"), Some(Language::Fi));
        assert_eq!(accept("fi;q=0, en"), Some(Language::En));
        assert_eq!(accept("de, fr"), None);
    }
}
