//! Source: one input file's decoded text in, documents carrying their episode metadata out.
//!
//! Whatever the layout, a document says what it can about its episode before any segmenting:
//! number and season, title, date, slug, guests and tags. Front matter ([`front_matter`]) wins
//! over the file name ([`file_name`]); the notes' own title line is read later by `segment`, and
//! only fills what both leave open. A date is never a number. Feeds and HTML pages will come
//! through the same [`Meta`]. Pure: `ingest` reads the bytes, this only looks at them.

pub mod date;
pub mod feed;
pub mod file_name;
pub mod front_matter;

use std::path::Path;

use crate::error::{Diagnostic, Severity};

/// What is known about an episode before its notes are segmented.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub number: Option<u32>,
    pub season: Option<u32>,
    pub title: Option<String>,
    /// ISO 8601 day.
    pub date: Option<String>,
    /// Lower-case words joined by `-`, from the file name or front matter.
    pub slug: Option<String>,
    pub guests: Vec<String>,
    pub tags: Vec<String>,
    /// A title spelled by the file name, used only when nothing better is found.
    pub name_title: Option<String>,
    /// The file name's number when the front matter gives another one: the fallback when the
    /// front matter's number is already another file's (a typo in the block).
    pub name_number: Option<u32>,
    /// Length in seconds (a feed's `itunes:duration`).
    pub duration: Option<u32>,
}

/// Reads a markdown file's metadata: its front matter (blanked out of `text`, lines kept) and
/// its file name. Problems become diagnostics naming the file and line.
pub fn markdown(path: Option<&Path>, source: &str, text: &mut String) -> (Meta, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let parsed = front_matter::split(text);
    if let Some((line, message)) = parsed.problem {
        diags.push(Diagnostic::new(Severity::Warning, source, message).at_line(line));
    }
    let named = path.map(file_name::parse).unwrap_or_default();
    (merge(parsed.meta, named), diags)
}

/// Metadata from the file name alone (page text, transcripts).
pub fn from_name(path: Option<&Path>) -> Meta {
    merge(
        Meta::default(),
        path.map(file_name::parse).unwrap_or_default(),
    )
}

/// Front matter first, then the name.
fn merge(front: Meta, named: file_name::FromName) -> Meta {
    Meta {
        number: front.number.or(named.number),
        season: front.season.or(named.season),
        date: front.date.or(named.date),
        slug: front.slug.map(|s| slugify(&s)).or(named.slug),
        name_title: named.title,
        name_number: named
            .number
            .filter(|n| front.number.is_some_and(|f| f != *n)),
        ..front
    }
}

/// Lower-case letters and digits, other runs as one `-`: ids and slugs.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_wins_over_the_name() {
        let mut text = "---\nnumber: 4\ntitle: From the block\n---\nbody\n".to_string();
        let (meta, diags) = markdown(Some(Path::new("shows/405 - nextjs.md")), "x", &mut text);
        assert!(diags.is_empty());
        assert_eq!(meta.number, Some(4));
        assert_eq!(meta.title.as_deref(), Some("From the block"));
        assert_eq!(meta.name_title.as_deref(), Some("nextjs"));
    }

    #[test]
    fn dated_posts_have_a_date_and_no_number() {
        let mut text = "---\ntitle: A guest\ndate: 2019-08-09\n---\nbody\n".to_string();
        let path = Path::new("_posts/2019-08-08-guest-name.md");
        let (meta, _) = markdown(Some(path), "x", &mut text);
        assert_eq!(meta.number, None);
        assert_eq!(meta.date.as_deref(), Some("2019-08-09"));
        assert_eq!(meta.slug.as_deref(), Some("guest-name"));
    }

    #[test]
    fn slugs() {
        for (text, slug) in [
            ("Python Bytes", "python-bytes"),
            ("  Fast & Loose! ", "fast-loose"),
            ("Ünïcode", "ünïcode"),
        ] {
            assert_eq!(slugify(text), slug, "{text}");
        }
    }
}
