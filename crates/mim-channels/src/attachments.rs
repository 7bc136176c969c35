//! Which attachments travel as files and which as links: files in the given order while
//! their sizes add up to the channel's limit, the rest (and those given without their bytes)
//! as links. An oversized file is never a reason to fail a message.

use crate::message::Attachment;
use crate::words;
use mim_domain::Language;

/// Attachments split by how they travel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentPlan<'a> {
    /// Sent as files.
    pub attached: Vec<&'a Attachment>,
    /// Sent as their links (or named as too large when they have none).
    pub linked: Vec<&'a Attachment>,
}

/// Splits `attachments` so the files sent add up to at most `max_bytes`. A channel that
/// carries no files passes 0.
pub fn plan_attachments(attachments: &[Attachment], max_bytes: usize) -> AttachmentPlan<'_> {
    let mut used = 0usize;
    let mut plan = AttachmentPlan {
        attached: Vec::new(),
        linked: Vec::new(),
    };
    for a in attachments {
        let size = a.bytes.as_ref().map(|b| b.len());
        match size.and_then(|n| used.checked_add(n)) {
            Some(total) if total <= max_bytes => {
                used = total;
                plan.attached.push(a);
            }
            _ => plan.linked.push(a),
        }
    }
    plan
}

impl AttachmentPlan<'_> {
    /// The lines that end a text for the attachments sent as links: "Liitteet:" and one line
    /// each, "- name (size): link". `None` when every attachment went as a file.
    pub fn links_text(&self, language: Language) -> Option<String> {
        if self.linked.is_empty() {
            return None;
        }
        let mut out = format!("{}:", words::attachments(language));
        for a in &self.linked {
            let size = human_size(a.size, language);
            let place = a
                .link
                .clone()
                .unwrap_or_else(|| words::not_sent(language).to_string());
            out.push_str(&format!("\n- {} ({size}): {place}", a.file_name));
        }
        Some(out)
    }
}

/// A size as people read it: "12,3 MB" in Finnish and Swedish, "12.3 MB" in English.
fn human_size(bytes: u64, language: Language) -> String {
    let s = if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    } else if bytes >= 1_000 {
        format!("{} kB", bytes.div_ceil(1_000))
    } else {
        format!("{bytes} B")
    };
    match language {
        Language::Fi | Language::Sv => s.replace('.', ","),
        Language::En => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, len: usize, link: Option<&str>) -> Attachment {
        Attachment::file(
            name,
            "application/pdf",
            vec![0; len],
            link.map(str::to_string),
        )
    }

    #[test]
    fn files_go_while_they_fit_the_rest_as_links() {
        let list = [
            file("a.pdf", 600, None),
            file("b.pdf", 600, Some("https://x/b")),
            file("c.pdf", 300, None),
        ];
        let plan = plan_attachments(&list, 1_000);
        let names =
            |v: &Vec<&Attachment>| v.iter().map(|a| a.file_name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&plan.attached), ["a.pdf", "c.pdf"]);
        assert_eq!(names(&plan.linked), ["b.pdf"]);
        assert_eq!(
            plan.links_text(Language::En).as_deref(),
            Some("Attachments:\n- b.pdf (600 B): https://x/b")
        );
    }

    #[test]
    fn a_file_without_its_bytes_goes_as_its_link_even_when_it_would_fit() {
        let mut small = file("raportti.pdf", 1_500, Some("https://x/1"));
        small.bytes = None;
        let list = [small];
        let plan = plan_attachments(&list, 1_000_000);
        assert!(plan.attached.is_empty());
        assert_eq!(
            plan.links_text(Language::Fi).as_deref(),
            Some("Liitteet:\n- raportti.pdf (2 kB): https://x/1")
        );
    }

    #[test]
    fn an_oversized_file_without_a_link_is_named() {
        let list = [file("raportti.pdf", 12_345_678, None)];
        let plan = plan_attachments(&list, 10_000_000);
        assert_eq!(
            plan.links_text(Language::Fi).as_deref(),
            Some("Liitteet:\n- raportti.pdf (12,3 MB): liian suuri lähetettäväksi")
        );
    }
}
