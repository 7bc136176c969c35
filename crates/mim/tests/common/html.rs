//! Reading server-rendered pages back: a small tokenizer for start tags and their attributes,
//! enough to check labels, ids and ARIA links on the pages mim renders (no scripts, no
//! comments, attributes quoted with `"`).

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub attrs: BTreeMap<String, String>,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }
    pub fn has(&self, name: &str) -> bool {
        self.attrs.contains_key(name)
    }
}

/// Every start tag in document order, attribute values unescaped.
pub fn start_tags(html: &str) -> Vec<Tag> {
    let mut tags = vec![];
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off + 1;
        i = start;
        let Some(&first) = bytes.get(start) else {
            break;
        };
        if !first.is_ascii_alphabetic() {
            continue; // an end tag, the doctype or text
        }
        let name_end = html[start..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .map_or(html.len(), |n| start + n);
        let name = html[start..name_end].to_ascii_lowercase();
        let mut attrs = BTreeMap::new();
        let mut j = name_end;
        loop {
            while j < html.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= html.len() || bytes[j] == b'>' {
                break;
            }
            let key_end = html[j..]
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>')
                .map_or(html.len(), |n| j + n);
            let key = html[j..key_end].to_ascii_lowercase();
            j = key_end;
            let mut value = String::new();
            if bytes.get(j) == Some(&b'=') {
                j += 1;
                if bytes.get(j) == Some(&b'"') {
                    let close = html[j + 1..].find('"').map_or(html.len(), |n| j + 1 + n);
                    value = super::rendered::html_unescape(&html[j + 1..close]);
                    j = close + 1;
                } else {
                    let end = html[j..]
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .map_or(html.len(), |n| j + n);
                    value = super::rendered::html_unescape(&html[j..end]);
                    j = end;
                }
            }
            attrs.insert(key, value);
        }
        tags.push(Tag { name, attrs });
        i = j.min(html.len());
    }
    tags
}

/// The text inside the first `<name …>…</name>` whose start tag has `id`.
pub fn inner_by_id(html: &str, name: &str, id: &str) -> Option<String> {
    let marker = format!("id=\"{id}\"");
    let mut from = 0;
    while let Some(off) = html[from..].find(&format!("<{name}")) {
        let at = from + off;
        let open_end = at + html[at..].find('>')?;
        if html[at..open_end].contains(&marker) {
            let close = open_end + html[open_end..].find(&format!("</{name}>"))?;
            return Some(html[open_end + 1..close].to_owned());
        }
        from = open_end;
    }
    None
}

/// The value of the hidden input `name`.
pub fn hidden(html: &str, name: &str) -> Option<String> {
    start_tags(html)
        .into_iter()
        .find(|t| {
            t.name == "input" && t.attr("type") == Some("hidden") && t.attr("name") == Some(name)
        })
        .and_then(|t| t.attr("value").map(str::to_owned))
}
