//! Hosts: the short names segment headers use ("Brian", "BO", "Brain") in, full names out.
//!
//! A built-in table (data/hosts.toml, overridable by a file of the same shape) names the regular
//! hosts. Guest hosts are found in the episode's own text ("Special guest: Seth Larson") or, when
//! the notes never give the full name, in a transcript the caller supplies. A misspelt first name
//! one edit away from a known host resolves to that host. Nothing here reads files itself.

use std::path::Path;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq, Default)]
pub struct Host {
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// The table of known hosts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Hosts {
    pub hosts: Vec<Host>,
}

#[derive(Deserialize)]
struct HostsFile {
    #[serde(default)]
    host: Vec<Host>,
}

impl Hosts {
    /// Parses a host table; `path` only labels errors.
    pub fn parse(text: &str, path: &Path) -> Result<Hosts> {
        let file: HostsFile = toml::from_str(text).map_err(|err| Error::Config {
            path: path.to_path_buf(),
            line: err
                .span()
                .map_or(1, |span| text[..span.start].lines().count().max(1)),
            message: err.message().to_string(),
        })?;
        Ok(Hosts { hosts: file.host })
    }

    /// The full name for a short name written in a header, if the table knows it.
    pub fn lookup(&self, short: &str) -> Option<&str> {
        self.hosts
            .iter()
            .find(|h| {
                h.name.eq_ignore_ascii_case(short)
                    || h.aliases.iter().any(|a| a.eq_ignore_ascii_case(short))
            })
            .map(|h| h.name.as_str())
    }

    /// The full name for a misspelt first name ("Brain"), when exactly one host is one edit away.
    pub fn lookup_misspelt(&self, short: &str) -> Option<&str> {
        let mut found = None;
        for host in &self.hosts {
            let first = host.name.split_whitespace().next().unwrap_or("");
            let near = std::iter::once(first)
                .chain(host.aliases.iter().map(String::as_str))
                .any(|alias| {
                    alias.len() > 3 && one_edit_apart(&alias.to_lowercase(), &short.to_lowercase())
                });
            if near {
                if found.is_some() {
                    return None;
                }
                found = Some(host.name.as_str());
            }
        }
        found
    }
}

/// True when `a` and `b` differ by one insertion, deletion, substitution or swap of neighbours.
pub fn one_edit_apart(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    let swapped =
        ra.len() >= 2 && rb.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..];
    swapped
        || ra.get(1..) == rb.get(1..)
        || ra == rb.get(1..).unwrap_or(&[])
        || ra.get(1..).unwrap_or(&[]) == rb
}

/// Words that follow a first name without being a surname ("Brian Says", "Michael #2").
pub fn is_not_surname(word: &str) -> bool {
    static STOP: OnceLock<Vec<&str>> = OnceLock::new();
    let stop = STOP.get_or_init(|| {
        "And Or The A An On In Of At Is Was Says Said Thanks Also Here Has Had From Via By With For To Who What When Extras Extra Joke Jokes News Our"
            .split(' ')
            .collect()
    });
    stop.contains(&word)
}

const PARTICLES: [&str; 14] = [
    "van", "von", "de", "der", "den", "da", "di", "du", "del", "la", "le", "dos", "bin", "al",
];

/// The surname words right after an occurrence of a first name: up to two capitalised words,
/// with particles ("van", "de") between.
fn surname_after(rest: &str) -> Option<String> {
    let mut words = Vec::new();
    let mut capitalised = 0;
    for raw in rest.split_whitespace().take(4) {
        // Markup and punctuation end a name: "Larson](https://…" is "Larson".
        let end = raw
            .find(|c: char| !(c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.')))
            .unwrap_or(raw.len());
        let ends_phrase = end < raw.len();
        let word = raw[..end].trim_end_matches(['.', '\'', '’']);
        if PARTICLES.contains(&word) && capitalised == 0 {
            words.push(word);
            continue;
        }
        let is_name = word.chars().next().is_some_and(char::is_uppercase)
            && word
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'));
        if !is_name || is_not_surname(word) || word.chars().count() < 2 {
            break;
        }
        words.push(word);
        capitalised += 1;
        if ends_phrase || capitalised == 2 || raw.ends_with('.') {
            break;
        }
    }
    while words.last().is_some_and(|w| PARTICLES.contains(w)) {
        words.pop();
    }
    (capitalised > 0).then(|| words.join(" "))
}

/// Finds the full name a first name stands for in some text: the most frequent
/// "First Surname" form, ties broken by first appearance.
pub fn full_name_in(first: &str, text: &str) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for (at, _) in text.match_indices(first) {
        let before = text[..at].chars().next_back();
        let after = text[at + first.len()..].chars().next();
        if before.is_some_and(char::is_alphanumeric)
            || !after.is_some_and(|c| c == ' ' || c == '\t')
        {
            continue;
        }
        let Some(surname) = surname_after(&text[at + first.len()..]) else {
            continue;
        };
        let name = format!("{first} {surname}");
        match counts.iter_mut().find(|(n, _)| *n == name) {
            Some((_, count)) => *count += 1,
            None => counts.push((name, 1)),
        }
    }
    let best = counts.iter().map(|(_, c)| *c).max()?;
    counts.into_iter().find(|(_, c)| *c == best).map(|(n, _)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_table_knows_the_regular_hosts() {
        let hosts = crate::profile::Profile::hosts_for_site("pythonbytes.fm");
        let cases = [
            ("Brian", Some("Brian Okken")),
            ("michael", Some("Michael Kennedy")),
            ("BO", Some("Brian Okken")),
            ("Calvin", None),
        ];
        for (short, expected) in cases {
            assert_eq!(hosts.lookup(short), expected, "{short}");
        }
    }

    #[test]
    fn misspelt_hosts_resolve_when_unambiguous() {
        let hosts = crate::profile::Profile::hosts_for_site("pythonbytes.fm");
        let cases = [
            ("Brain", Some("Brian Okken")),
            ("Micheal", Some("Michael Kennedy")),
            ("Bruce", None),
            ("Brian", None),
        ];
        for (short, expected) in cases {
            assert_eq!(hosts.lookup_misspelt(short), expected, "{short}");
        }
    }

    #[test]
    fn edit_distance_of_one() {
        let cases = [
            ("brian", "brain", true),
            ("brian", "bran", true),
            ("brian", "briant", true),
            ("brian", "bryan", true),
            ("brian", "brian", false),
            ("brian", "bruce", false),
        ];
        for (a, b, expected) in cases {
            assert_eq!(one_edit_apart(a, b), expected, "{a} {b}");
        }
    }

    #[test]
    fn full_names_are_found_in_text() {
        let cases = [
            (
                "Calvin",
                "Special guest: Calvin Hendryx-Parker joins us. Calvin says hi.",
                Some("Calvin Hendryx-Parker"),
            ),
            (
                "Guido",
                "a post by Guido van Rossum",
                Some("Guido van Rossum"),
            ),
            ("Seth", "Seth: welcome", None),
            (
                "Kenneth",
                "Kenneth Reitz and later Kenneth Reitz again, Kenneth Love once",
                Some("Kenneth Reitz"),
            ),
        ];
        for (first, text, expected) in cases {
            assert_eq!(full_name_in(first, text).as_deref(), expected, "{first}");
        }
    }

    #[test]
    fn a_bad_host_file_names_its_line() {
        let err = Hosts::parse("[[host]]\nname = 3\n", Path::new("hosts.toml")).unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("hosts.toml:2:"), "{message}");
    }
}
