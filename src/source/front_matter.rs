//! Front matter: a markdown file's leading `---` YAML or `+++` TOML block in, episode metadata out.
//!
//! Static-site generators (Jekyll, Hugo, Eleventy, Astro) and many show-notes repositories put
//! an episode's number, title, date, guests and tags there. [`split`] reads the block and blanks
//! it out of the text, keeping every line (so evidence line numbers still match the file). A
//! malformed block is a warning naming its line and the file is read without it: never fails,
//! never touches the file system.

use yaml_rust2::{Yaml, YamlLoader};

use super::{date, Meta};

/// What a front-matter block said, and the text with the block blanked.
#[derive(Debug, Default)]
pub struct Parsed {
    pub meta: Meta,
    /// A problem with the block: (1-based line, message).
    pub problem: Option<(usize, String)>,
    /// Whether there was a block at all.
    pub found: bool,
}

/// Keys that name each field, in order of preference.
const NUMBER: [&str; 5] = ["number", "episode", "episode_number", "episodeNumber", "ep"];
const DATE: [&str; 5] = [
    "date",
    "published",
    "pubDate",
    "publishDate",
    "published_at",
];
const GUESTS: [&str; 2] = ["guests", "guest"];
const TAGS: [&str; 3] = ["tags", "categories", "topics"];

/// Reads and blanks the front matter of `text` in place.
pub fn split(text: &mut String) -> Parsed {
    let Some((fence, body)) = block(text) else {
        return Parsed::default();
    };
    let inner = text[body.clone()].to_string();
    let parsed = match fence {
        Fence::Yaml => from_yaml(&inner),
        Fence::Toml => from_toml(&inner),
    };
    blank(text, 0..body.end + closing_len(text, body.end));
    match parsed {
        Ok(meta) => Parsed {
            meta,
            problem: None,
            found: true,
        },
        // The block's own line 1 is the file's line 2 (the opening fence is line 1).
        Err((line, message)) => Parsed {
            meta: Meta::default(),
            problem: Some((line + 1, message)),
            found: true,
        },
    }
}

enum Fence {
    Yaml,
    Toml,
}

/// The block's kind and the byte range of its contents (between the fences).
fn block(text: &str) -> Option<(Fence, std::ops::Range<usize>)> {
    let (fence, marker) = if text.starts_with("---\n") || text.starts_with("---\r\n") {
        (Fence::Yaml, "---")
    } else if text.starts_with("+++\n") || text.starts_with("+++\r\n") {
        (Fence::Toml, "+++")
    } else {
        return None;
    };
    let start = text.find('\n')? + 1;
    let mut at = start;
    for line in text[start..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == marker || (matches!(fence, Fence::Yaml) && trimmed == "...") {
            return Some((fence, start..at));
        }
        at += line.len();
    }
    None
}

fn closing_len(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len() - at, |n| n + 1)
}

/// Replaces every byte but newlines with nothing, so lines keep their numbers.
fn blank(text: &mut String, range: std::ops::Range<usize>) {
    let newlines = text[range.clone()].matches('\n').count();
    text.replace_range(range, &"\n".repeat(newlines));
}

fn from_yaml(inner: &str) -> Result<Meta, (usize, String)> {
    let docs = YamlLoader::load_from_str(inner).map_err(|e| {
        (
            e.marker().line().max(1),
            format!("front matter is not valid YAML: {}", e.info()),
        )
    })?;
    let Some(doc) = docs.into_iter().next() else {
        return Ok(Meta::default());
    };
    let field = |keys: &[&str]| {
        keys.iter()
            .map(|k| &doc[*k])
            .find(|v| !v.is_badvalue() && !v.is_null())
            .cloned()
    };
    Ok(Meta {
        number: field(&NUMBER).and_then(|v| yaml_number(&v)),
        season: field(&["season"]).and_then(|v| yaml_number(&v)),
        title: field(&["title"]).and_then(|v| yaml_text(&v)),
        date: field(&DATE)
            .and_then(|v| yaml_text(&v))
            .and_then(|t| date::parse(&t)),
        guests: field(&GUESTS).map(|v| yaml_list(&v)).unwrap_or_default(),
        tags: field(&TAGS).map(|v| yaml_list(&v)).unwrap_or_default(),
        slug: field(&["slug"]).and_then(|v| yaml_text(&v)),
        ..Meta::default()
    })
}

fn yaml_text(value: &Yaml) -> Option<String> {
    let text = match value {
        Yaml::String(s) | Yaml::Real(s) => s.clone(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        _ => return None,
    };
    let text = text.trim().to_string();
    (!text.is_empty()).then_some(text)
}

fn yaml_number(value: &Yaml) -> Option<u32> {
    match value {
        Yaml::Integer(i) => u32::try_from(*i).ok(),
        other => number_text(&yaml_text(other)?),
    }
}

fn yaml_list(value: &Yaml) -> Vec<String> {
    match value {
        Yaml::Array(items) => items.iter().filter_map(yaml_text).collect(),
        other => yaml_text(other).map(|t| split_list(&t)).unwrap_or_default(),
    }
}

fn from_toml(inner: &str) -> Result<Meta, (usize, String)> {
    let table: toml::Table = inner.parse().map_err(|e: toml::de::Error| {
        let line = e
            .span()
            .map_or(1, |s| inner[..s.start].lines().count().max(1));
        (
            line,
            format!("front matter is not valid TOML: {}", e.message()),
        )
    })?;
    let field = |keys: &[&str]| keys.iter().find_map(|k| table.get(*k)).cloned();
    Ok(Meta {
        number: field(&NUMBER).and_then(|v| toml_number(&v)),
        season: field(&["season"]).and_then(|v| toml_number(&v)),
        title: field(&["title"]).and_then(|v| toml_text(&v)),
        date: field(&DATE)
            .and_then(|v| toml_text(&v))
            .and_then(|t| date::parse(&t)),
        guests: field(&GUESTS).map(|v| toml_list(&v)).unwrap_or_default(),
        tags: field(&TAGS).map(|v| toml_list(&v)).unwrap_or_default(),
        slug: field(&["slug"]).and_then(|v| toml_text(&v)),
        ..Meta::default()
    })
}

fn toml_text(value: &toml::Value) -> Option<String> {
    let text = match value {
        toml::Value::String(s) => s.clone(),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::Float(f) => f.to_string(),
        _ => return None,
    };
    let text = text.trim().to_string();
    (!text.is_empty()).then_some(text)
}

fn toml_number(value: &toml::Value) -> Option<u32> {
    match value {
        toml::Value::Integer(i) => u32::try_from(*i).ok(),
        other => number_text(&toml_text(other)?),
    }
}

fn toml_list(value: &toml::Value) -> Vec<String> {
    match value {
        toml::Value::Array(items) => items.iter().filter_map(toml_text).collect(),
        other => toml_text(other).map(|t| split_list(&t)).unwrap_or_default(),
    }
}

/// `"066"`, `"#12"`, `12` → the number; anything with other words is no number.
fn number_text(text: &str) -> Option<u32> {
    text.trim().trim_start_matches('#').parse().ok()
}

/// `"Ada Quill, Bo Lin"` → two names.
fn split_list(text: &str) -> Vec<String> {
    text.split([',', ';'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Parsed, String) {
        let mut text = text.to_string();
        let parsed = split(&mut text);
        (parsed, text)
    }

    #[test]
    fn yaml_fields() {
        let (p, body) = read("---\nnumber: 066\ntitle: \"Fast: builds\"\ndate: 1534338000260\nguests:\n  - Ada Quill\n  - Bo Lin\ntags: [css, rust]\n---\n\n# Body\n");
        assert_eq!(p.meta.number, Some(66));
        assert_eq!(p.meta.title.as_deref(), Some("Fast: builds"));
        assert_eq!(p.meta.date.as_deref(), Some("2018-08-15"));
        assert_eq!(p.meta.guests, ["Ada Quill", "Bo Lin"]);
        assert_eq!(p.meta.tags, ["css", "rust"]);
        assert!(p.problem.is_none());
        assert_eq!(body.lines().count(), 11, "lines kept: {body:?}");
        assert_eq!(body.lines().nth(10), Some("# Body"));
    }

    #[test]
    fn key_variants_and_forms() {
        let cases: &[(&str, Option<u32>, Option<&str>)] = &[
            (
                "---\nepisode: 12\ndate: 2019-08-08\n---\n",
                Some(12),
                Some("2019-08-08"),
            ),
            (
                "---\nepisode_number: \"0042\"\npubDate: Thu, 08 Aug 2019 10:00:00 +0000\n---\n",
                Some(42),
                Some("2019-08-08"),
            ),
            (
                "+++\nnumber = 7\ndate = 2020-01-02T10:00:00Z\n+++\n",
                Some(7),
                Some("2020-01-02"),
            ),
            (
                "+++\nepisode = \"9\"\ndate = \"2020-01-02\"\n+++\n",
                Some(9),
                Some("2020-01-02"),
            ),
            ("---\ntitle: no number\n---\n", None, None),
            ("no front matter\n---\nnumber: 3\n---\n", None, None),
        ];
        for &(text, number, date) in cases {
            let (p, _) = read(text);
            assert_eq!(
                (p.meta.number, p.meta.date.as_deref()),
                (number, date),
                "{text}"
            );
        }
    }

    #[test]
    fn a_broken_block_is_reported_with_its_line_and_blanked() {
        let (p, body) = read("---\ntitle: ok\nnumber: [unclosed\n---\nBody\n");
        let (line, message) = p.problem.expect("a problem");
        assert!((2..=4).contains(&line), "line {line}");
        assert!(message.contains("YAML"), "{message}");
        assert_eq!(body, "\n\n\n\nBody\n");
    }

    #[test]
    fn an_unclosed_fence_is_not_front_matter() {
        let (p, body) = read("---\ntitle: x\n\nno closing fence\n");
        assert!(!p.found);
        assert!(body.starts_with("---"));
    }
}
