//! Reading rendered forms back as text: undo HTML and Markdown escaping, drop tags.

pub fn html_unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2f;", "/")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
        .replace("&amp;", "&")
}

pub fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

pub fn md_unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&n) = chars.peek()
            && n.is_ascii_punctuation()
        {
            out.push(n);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// The cells of one HTML table row (`<td …>…</td>`), attributes allowed, markup kept.
pub fn table_cells(row: &str) -> Vec<String> {
    let mut cells = vec![];
    let mut rest = row;
    while let Some(j) = rest.find("<td") {
        let Some(open_end) = rest[j..].find('>') else {
            break;
        };
        let body = &rest[j + open_end + 1..];
        let Some(k) = body.find("</td>") else { break };
        cells.push(body[..k].to_owned());
        rest = &body[k + 5..];
    }
    cells
}
