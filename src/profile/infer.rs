//! Inference: one show's documents in, the profile its notes imply out.
//!
//! What a profile does not say is read off the notes themselves:
//! - the **site**: the domain whose links end in the numbers (or slugs) of the show's other
//!   episodes, and the URL forms those links take (`syntax.fm/show/{n}`);
//! - the **hosts**: given names that open a line (`Scott: [Pick](…)`, `Wes #1:`) in a large
//!   share of the episodes, resolved to the full name the notes most often write after them;
//! - the **name**: from the site (`syntax.fm` → "Syntax") or else the folder.
//!
//! A built-in profile whose site matches wins over inference (`Profile::built_in_for_site`); the
//! caller decides. Pure: looks at text it is given, never at files, never fails.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use regex::Regex;

use super::{Profile, References};
use crate::extract::names::is_given_name;
use crate::hosts::Host;
use crate::ingest::Document;

/// What inference found, with the evidence counts behind it (for `podgraph profile`).
#[derive(Debug, Clone, Default)]
pub struct Inferred {
    pub profile: Profile,
    /// Links to the show's own episodes that decided the site.
    pub site_links: usize,
    /// For each host: in how many episodes the short name opens a line.
    pub host_episodes: Vec<(String, usize)>,
}

/// Share of episodes in which a first name must open a line to be a host.
const HOST_SHARE: f64 = 0.15;
/// A site needs links to this many different episodes of the show (two in a show of fewer than
/// 100 episodes, where every follow-up counts).
const MIN_SITE_LINKS: usize = 3;

/// Infers a profile from a show's documents; `fallback_name` (the folder's name) is used when
/// the notes name no site.
pub fn infer(documents: &[&Document], fallback_name: &str) -> Inferred {
    let (site, forms, site_links) = site(documents);
    let name = title_name(documents)
        .or_else(|| site.as_deref().map(name_from_site))
        .unwrap_or_else(|| fallback_name.to_string());
    let host_episodes = hosts(documents);
    let texts: Vec<&str> = documents.iter().map(|d| d.text.as_str()).collect();
    let hosts = host_episodes
        .iter()
        .map(|(short, _)| Host {
            name: full_name(short, &texts).unwrap_or_else(|| short.clone()),
            aliases: vec![short.clone()],
        })
        .collect();
    let text = if forms.is_empty() {
        Vec::new()
    } else {
        default_text_forms(&name)
    };
    let profile = Profile {
        name,
        ecosystems: ecosystems(documents),
        sites: site.into_iter().collect(),
        hosts,
        references: References { urls: forms, text },
        ..Profile::default()
    };
    Inferred {
        profile,
        site_links,
        host_episodes,
    }
}

/// Folder names that say where notes are kept, not whose they are.
const GENERIC_FOLDERS: &[&str] = &[
    "show_notes",
    "shownotes",
    "show-notes",
    "notes",
    "shows",
    "episodes",
    "_posts",
    "posts",
    "content",
    "input",
    "src",
    "md",
    "markdown",
    "-",
    ".",
    "",
];

/// The show's name as its folder says: `python-bytes/show_notes` → "python-bytes".
pub fn folder_name(dir: &std::path::Path) -> String {
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    canonical
        .iter()
        .rev()
        .filter_map(|c| c.to_str())
        .find(|c| !GENERIC_FOLDERS.contains(&c.to_ascii_lowercase().as_str()))
        .unwrap_or("notes")
        .to_string()
}

fn link() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?i)\bhttps?://(?:www\.)?([a-z0-9.-]+\.[a-z]{2,})(/[^\s)\]>\x22']*)?")
            .expect("valid")
    })
}

/// Per domain: links to other episodes, their URL forms with counts, the distinct targets.
type DomainLinks = (usize, BTreeMap<String, usize>, BTreeSet<String>);

/// The domain most linked to as the show's own episode pages, its URL forms and link count.
fn site(documents: &[&Document]) -> (Option<String>, Vec<String>, usize) {
    let numbers: BTreeSet<u32> = documents.iter().filter_map(|d| d.meta.number).collect();
    let slugs: BTreeSet<&str> = documents
        .iter()
        .filter_map(|d| d.meta.slug.as_deref())
        .collect();
    // Each document's links are read on every core; the counts are summed in document order.
    let per_document = crate::par_map(documents, |doc| episode_links(doc, &numbers, &slugs));
    // domain → (links, forms with counts, distinct targets)
    let mut by_domain: BTreeMap<String, DomainLinks> = BTreeMap::new();
    for (domain, form, target) in per_document.into_iter().flatten() {
        let entry = by_domain.entry(domain).or_default();
        entry.0 += 1;
        *entry.1.entry(form).or_insert(0) += 1;
        entry.2.insert(target);
    }
    // Ranked by how many different episodes it points at: `docs.python.org/3/…` links to
    // "episode 3" a hundred times, a show's own site to hundreds of episodes once or twice.
    let needed = if documents.len() < 100 {
        2
    } else {
        MIN_SITE_LINKS
    };
    let best = by_domain
        .into_iter()
        .filter(|(_, (_, _, targets))| targets.len() >= needed)
        .max_by_key(|(domain, (_, _, targets))| (targets.len(), std::cmp::Reverse(domain.clone())));
    match best {
        Some((domain, (links, forms, _))) => {
            let forms = forms
                .into_iter()
                .filter(|(_, n)| *n >= 2)
                .map(|(f, _)| f)
                .collect();
            (Some(domain), forms, links)
        }
        None => (None, Vec::new(), 0),
    }
}

/// One document's links to other episodes, each (domain, path) once: the domain, the URL form
/// with its domain (`syntax.fm/show/{n}`) and the episode pointed at.
fn episode_links(
    doc: &Document,
    numbers: &BTreeSet<u32>,
    slugs: &BTreeSet<&str>,
) -> Vec<(String, String, String)> {
    let mut seen = BTreeSet::new();
    let mut links = Vec::new();
    for caps in link().captures_iter(&doc.text) {
        let domain = caps[1].to_ascii_lowercase();
        let path = caps.get(2).map_or("", |m| m.as_str());
        let Some((form, target)) = episode_form(path, numbers, slugs, doc) else {
            continue;
        };
        if seen.insert((domain.clone(), path)) {
            let form = format!("{domain}{form}");
            links.push((domain, form, target));
        }
    }
    links
}

/// `/show/650/some-slug` → `/show/{n}` when 650 is another episode of the show; `/episodes/x`
/// → `/episodes/{slug}` when `x` is another episode's slug.
fn episode_form(
    path: &str,
    numbers: &BTreeSet<u32>,
    slugs: &BTreeSet<&str>,
    doc: &Document,
) -> Option<(String, String)> {
    let path = path.split(['?', '#']).next().unwrap_or("");
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    for (i, part) in parts.iter().enumerate().take(4) {
        let is_number =
            !part.is_empty() && part.len() <= 5 && part.bytes().all(|b| b.is_ascii_digit());
        if is_number {
            let n: u32 = part.parse().ok()?;
            if numbers.contains(&n) && doc.meta.number != Some(n) {
                let mut form: Vec<&str> = parts[..i].to_vec();
                form.push("{n}");
                return Some((format!("/{}", form.join("/")), part.to_string()));
            }
            return None;
        }
        if slugs.contains(part) && doc.meta.slug.as_deref() != Some(part) && i + 1 == parts.len() {
            let mut form: Vec<&str> = parts[..i].to_vec();
            form.push("{slug}");
            return Some((format!("/{}", form.join("/")), part.to_string()));
        }
    }
    None
}

fn title_line() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    // `# Python Bytes 205: …`, `## The Show Episode 12 - …`, `# The Show #12`
    R.get_or_init(|| {
        Regex::new(r"(?mi)^#{1,3}[ \t]+(?:\*\*)?([A-Za-z][A-Za-z0-9.&' -]{1,40}?)[ \t]+(?:episode[ \t]+|ep\.?[ \t]*)?#?(\d{1,5})\b")
            .expect("valid")
    })
}

/// The name the episodes' title lines put before their own number ("# Python Bytes 205"),
/// when at least two episodes and a fifth of them agree.
fn title_name(documents: &[&Document]) -> Option<String> {
    let mut counts: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for doc in documents {
        let Some(number) = doc.meta.number else {
            continue;
        };
        let head = &doc.text[..crate::ingest::floor_char_boundary(&doc.text, 2048)];
        let Some(caps) = title_line().captures(head) else {
            continue;
        };
        if caps[2].parse::<u32>().ok() != Some(number) {
            continue;
        }
        let name = caps[1].trim().to_string();
        let entry = counts.entry(name.to_lowercase()).or_insert((0, name));
        entry.0 += 1;
    }
    let needed = (documents.len() / 5).max(2);
    counts
        .into_values()
        .filter(|(n, _)| *n >= needed)
        .max_by_key(|(n, name)| (*n, std::cmp::Reverse(name.clone())))
        .map(|(_, name)| name)
}

/// Where each registry's packages are linked or installed from (`data`-free: these are the
/// registries' own hosts and clients).
const REGISTRY_SIGNS: &[(&str, &[&str])] = &[
    (
        "pypi",
        &[
            "pypi.org/project/",
            "pip install ",
            "uv add ",
            "pipx install ",
        ],
    ),
    (
        "npm",
        &[
            "npmjs.com/package/",
            "npm install ",
            "npm i ",
            "yarn add ",
            "pnpm add ",
            "bun add ",
        ],
    ),
    (
        "crates",
        &["crates.io/crates/", "cargo add ", "cargo install "],
    ),
    ("go", &["pkg.go.dev/", "go get ", "go install "]),
    ("gems", &["rubygems.org/gems/", "gem install "]),
    (
        "packagist",
        &["packagist.org/packages/", "composer require "],
    ),
    ("hex", &["hex.pm/packages/"]),
    ("cran", &["cran.r-project.org/", "install.packages("]),
];

/// The registries the show's notes link to or install from, most episodes first; a registry
/// needs at least two episodes and 2% of them.
fn ecosystems(documents: &[&Document]) -> Vec<String> {
    let mut counts: Vec<(usize, &str)> = REGISTRY_SIGNS
        .iter()
        .map(|(name, signs)| {
            let episodes = documents
                .iter()
                .filter(|d| signs.iter().any(|sign| d.text.contains(sign)))
                .count();
            (episodes, *name)
        })
        .collect();
    let needed = (documents.len() / 50).max(2);
    counts.retain(|(n, _)| *n >= needed);
    counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    counts
        .into_iter()
        .map(|(_, name)| name.to_string())
        .collect()
}

/// `syntax.fm` → "Syntax", `my-show.example.com` → "My Show".
fn name_from_site(site: &str) -> String {
    let label = site.split('.').next().unwrap_or(site);
    label
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn default_text_forms(name: &str) -> Vec<String> {
    ["episode {n}", "episodes {n}", "ep {n}", "ep. {n}"]
        .iter()
        .map(|s| s.to_string())
        .chain([
            format!("{name} {n}", n = "{n}"),
            format!("{name} ep {n}", n = "{n}"),
        ])
        .collect()
}

fn line_opener() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    // A line (or list item) that opens with a name and a colon or an item number:
    // `Scott: …`, `- **Wes**: …`, `**Brian #1:**`.
    R.get_or_init(|| {
        Regex::new(r"(?m)^[ \t]*(?:[-*+][ \t]+)?(?:\*\*)?([A-Z][a-z]+|[A-Z]{2})(?:\*\*)?[ \t]*(?::|#[ \t]*\d{1,2}\b)")
            .expect("valid")
    })
}

/// First names that open lines in a large share of the episodes.
fn hosts(documents: &[&Document]) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for names in crate::par_map(documents, |doc| line_openers(&doc.text)) {
        for name in names {
            *counts.entry(name.to_string()).or_insert(0) += 1;
        }
    }
    let needed = ((documents.len() as f64) * HOST_SHARE).ceil().max(3.0) as usize;
    let mut hosts: Vec<(String, usize)> =
        counts.into_iter().filter(|(_, n)| *n >= needed).collect();
    hosts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    hosts
}

/// The first names (or two-letter initials) that open a line of one document, each once.
fn line_openers(text: &str) -> BTreeSet<&str> {
    line_opener()
        .captures_iter(text)
        .map(|c| c.get(1).map_or("", |m| m.as_str()))
        .filter(|w| is_given_name(w) || (w.len() == 2 && w.bytes().all(|b| b.is_ascii_uppercase())))
        .collect()
}

/// The surname the notes most often write after a first name ("Scott Tolinski"), seen at
/// least twice.
fn full_name(first: &str, texts: &[&str]) -> Option<String> {
    let pattern = format!(
        r"\b{}\s+([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b",
        regex::escape(first)
    );
    let re = Regex::new(&pattern).ok()?;
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for text in texts {
        for caps in re.captures_iter(text) {
            let surname = caps.get(1).map_or("", |m| m.as_str());
            if !crate::hosts::is_not_surname(surname) {
                *counts.entry(surname).or_insert(0) += 1;
            }
        }
    }
    let (surname, count) = counts
        .into_iter()
        .max_by_key(|(s, n)| (*n, std::cmp::Reverse(*s)))?;
    (count >= 2).then(|| format!("{first} {surname}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(number: u32, text: &str) -> Document {
        let mut d = Document::markdown(&format!("{number}.md"), text);
        d.meta.number = Some(number);
        d
    }

    /// A small show written for the test: two hosts who give picks, links to earlier episodes.
    fn show() -> Vec<Document> {
        (1..=8)
            .map(|n| {
                let earlier = if n > 1 {
                    format!("As we said in [the last one](https://www.tinyshow.fm/show/{}/slug).\n", n - 1)
                } else {
                    String::new()
                };
                doc(
                    n,
                    &format!(
                        "Maria Quill and Pedro Lin talk about thing {n}.\n{earlier}\n## Picks\n\n* Maria: [A tool](https://example.org/{n})\n* Pedro: [A book](https://books.example/{n}7)\n\nThanks, Maria Quill! Pedro Lin says hi.\n"
                    ),
                )
            })
            .collect()
    }

    #[test]
    fn site_hosts_and_name() {
        let docs = show();
        let refs: Vec<&Document> = docs.iter().collect();
        let inferred = infer(&refs, "folder");
        let p = &inferred.profile;
        assert_eq!(p.sites, ["tinyshow.fm"]);
        assert_eq!(p.name, "Tinyshow");
        assert_eq!(p.references.urls, ["tinyshow.fm/show/{n}"]);
        let hosts: Vec<(&str, &[String])> = p
            .hosts
            .iter()
            .map(|h| (h.name.as_str(), h.aliases.as_slice()))
            .collect();
        assert_eq!(hosts.len(), 2, "{hosts:?}");
        assert!(
            hosts.contains(&("Maria Quill", &["Maria".to_string()][..])),
            "{hosts:?}"
        );
        assert!(
            hosts.contains(&("Pedro Lin", &["Pedro".to_string()][..])),
            "{hosts:?}"
        );
    }

    #[test]
    fn no_site_without_links_to_other_episodes() {
        let docs = [
            doc(1, "[x](https://github.com/a/b/issues/2)\n"),
            doc(2, "no links\n"),
        ];
        let refs: Vec<&Document> = docs.iter().collect();
        let inferred = infer(&refs, "my-notes");
        assert!(inferred.profile.sites.is_empty());
        assert_eq!(inferred.profile.name, "my-notes");
        assert!(inferred.profile.hosts.is_empty());
    }
}

#[cfg(test)]
mod title_tests {
    use super::*;

    #[test]
    fn names_from_title_lines() {
        let docs: Vec<Document> = [
            (201, "# Python Bytes 201\n\nhi\n"),
            (205, "# Python Bytes 205: Locked files\n"),
            (206, "# #206: x\n"),
        ]
        .iter()
        .map(|(n, t)| {
            let mut d = Document::markdown(&format!("{n}.md"), t);
            d.meta.number = Some(*n);
            d
        })
        .collect();
        let refs: Vec<&Document> = docs.iter().collect();
        assert_eq!(title_name(&refs).as_deref(), Some("Python Bytes"));
    }
}
