//! Profile: what is particular to one show, as data. TOML text in, a typed [`Profile`] out.
//!
//! A profile names the show and what refers to itself (its name, short names, site, handles:
//! never topics to rank), its hosts (full names, short forms, handles), the forms its notes use
//! to cite earlier episodes (URLs and prose, for `references`), other shows whose numbers are not
//! its own, and the package registries its links mean. Built-in profiles live in
//! `data/profiles/`; a `podgraph.toml` beside the notes or `--profile FILE` gives one; without
//! either, [`infer`] reads one off the notes. Nothing here reads files: callers pass text in.

pub mod infer;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::hosts::{Host, Hosts};
use crate::source::feed::Channel;

/// A show's profile.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub name: String,
    /// The id part of the show's node and episodes (`python-bytes`); from `name` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub short_names: Vec<String>,
    /// The show's own sites (`pythonbytes.fm`): links there are self-references.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub handles: Vec<String>,
    /// Package registries a bare repository name is looked up in, in order (`pypi`, `npm`, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ecosystems: Vec<String>,
    #[serde(default, rename = "host", skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<Host>,
    #[serde(default, skip_serializing_if = "References::is_empty")]
    pub references: References,
    #[serde(default, rename = "other_show", skip_serializing_if = "Vec::is_empty")]
    pub other_shows: Vec<OtherShow>,
    /// Recurring blocks found by repetition (written by `podgraph profile` for review; the
    /// build finds them again itself).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boilerplate: Vec<String>,
}

/// How the notes cite the show's own episodes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct References {
    /// URL forms without the scheme: `site/{n}`, `site/episodes/{slug}`,
    /// `site/{yyyy}/{mm}/{dd}/{slug}`.
    #[serde(default)]
    pub urls: Vec<String>,
    /// Prose forms: `episode {n}`, `Ep {n}`.
    #[serde(default)]
    pub text: Vec<String>,
}

impl References {
    fn is_empty(&self) -> bool {
        self.urls.is_empty() && self.text.is_empty()
    }
}

/// Another podcast the notes mention, whose episode numbers are not this show's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OtherShow {
    pub name: String,
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default)]
    pub sites: Vec<String>,
}

/// The profiles shipped in `data/profiles/`, by file name.
const BUILT_IN: &[(&str, &str)] = &[(
    "python-bytes.toml",
    include_str!("../../data/profiles/python-bytes.toml"),
)];

impl Profile {
    /// Parses a profile; `path` only labels errors.
    pub fn parse(text: &str, path: &Path) -> Result<Profile> {
        toml::from_str(text).map_err(|err| Error::Config {
            path: path.to_path_buf(),
            line: err
                .span()
                .map_or(1, |span| text[..span.start].lines().count().max(1)),
            message: err.message().to_string(),
        })
    }

    /// Every built-in profile.
    pub fn built_in() -> Vec<Profile> {
        BUILT_IN
            .iter()
            .map(|(name, text)| {
                Profile::parse(text, &Path::new("data/profiles").join(name))
                    .expect("built-in profiles are valid")
            })
            .collect()
    }

    /// A profile read off the notes, seeded with what a feed's channel says: the channel's title
    /// names the show, its link is the show's first site, its `podcast:person` hosts (else the
    /// people `itunes:author` names, when the notes gave no hosts) are the hosts.
    pub fn with_channel(mut self, channel: &Channel) -> Profile {
        if let Some(title) = channel.title.as_deref().filter(|t| !t.trim().is_empty()) {
            self.name = title.trim().to_string();
        }
        if let Some(site) = channel.link.as_deref().and_then(site_of) {
            self.sites.retain(|s| *s != site);
            self.sites.insert(0, site);
        }
        let named: Vec<String> = if channel.hosts.is_empty() && self.hosts.is_empty() {
            channel
                .author
                .as_deref()
                .map(author_names)
                .unwrap_or_default()
        } else {
            channel.hosts.iter().map(|p| p.name.clone()).collect()
        };
        if !named.is_empty() {
            self.hosts = named.into_iter().map(host_named).collect();
        }
        self
    }

    /// The built-in profile an inferred one stands for: the same site, or the same name.
    pub fn built_in_like(inferred: &Profile) -> Option<Profile> {
        Profile::built_in().into_iter().find(|p| {
            let same_site = inferred
                .sites
                .iter()
                .any(|s| p.sites.iter().any(|t| t.eq_ignore_ascii_case(s)));
            let same_name = p
                .own_names()
                .any(|n| n.eq_ignore_ascii_case(&inferred.name));
            same_site || same_name
        })
    }

    /// The built-in profile whose site is `site`, if any.
    pub fn built_in_for_site(site: &str) -> Option<Profile> {
        Profile::built_in()
            .into_iter()
            .find(|p| p.sites.iter().any(|s| s.eq_ignore_ascii_case(site)))
    }

    /// The host table of the built-in profile for `site`, or an empty one: for tests and
    /// benchmarks over one show's notes.
    pub fn hosts_for_site(site: &str) -> Hosts {
        Profile::built_in_for_site(site)
            .map(|p| p.host_table())
            .unwrap_or_default()
    }

    /// A profile that knows nothing but a name.
    pub fn named(name: &str) -> Profile {
        Profile {
            name: name.to_string(),
            ..Profile::default()
        }
    }

    pub fn slug(&self) -> String {
        let slug = crate::source::slugify(self.slug.as_deref().unwrap_or(&self.name));
        if slug.is_empty() {
            "show".to_string()
        } else {
            slug
        }
    }

    /// The host table segment headers and picks resolve against.
    pub fn host_table(&self) -> Hosts {
        Hosts {
            hosts: self.hosts.clone(),
        }
    }

    /// The show's own names: its name and short names.
    pub fn own_names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.short_names.iter().map(String::as_str))
    }

    /// The show's references to itself, squashed (`extract::names::squash`): its names (and
    /// "<name> podcast"), its sites and their first label, its handles. Never topics to rank.
    pub fn self_keys(&self) -> Vec<String> {
        use crate::extract::names::squash;
        let mut keys: Vec<String> = Vec::new();
        for name in self.own_names() {
            keys.push(squash(name));
            keys.push(squash(&format!("{name} podcast")));
        }
        for site in &self.sites {
            keys.push(squash(site));
            keys.push(squash(site.split('.').next().unwrap_or(site)));
        }
        keys.extend(
            self.handles
                .iter()
                .map(|h| squash(h.split('@').find(|p| !p.is_empty()).unwrap_or(h))),
        );
        keys.retain(|k| k.len() >= 2);
        keys.sort();
        keys.dedup();
        keys
    }

    /// As TOML, for `podgraph profile` to print.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }
}

/// `https://www.tiny.example/podcast` → `tiny.example`, as profiles write sites: the host as
/// link extraction reads it.
fn site_of(link: &str) -> Option<String> {
    crate::extract::links::host(link.trim())
}

/// "Ada Quill & Bo Lin", "Ada Quill, Bo Lin and Cy Dee": the people an author line names; a
/// company ("Tiny Media") or a single word names no host.
fn author_names(author: &str) -> Vec<String> {
    let names: Vec<String> = author
        .replace(" and ", ",")
        .split([',', '&', '/'])
        .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|n| !n.is_empty())
        .collect();
    let people = names
        .iter()
        .all(|n| crate::extract::names::starts_with_given_name(n) && n.contains(' '));
    if people {
        names
    } else {
        Vec::new()
    }
}

/// A host known by full name, called by the first name in headers.
fn host_named(name: String) -> Host {
    let first = name.split_whitespace().next().unwrap_or("").to_string();
    let aliases = if first != name {
        vec![first]
    } else {
        Vec::new()
    };
    Host { name, aliases }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_profiles_load_and_round_trip() {
        for profile in Profile::built_in() {
            assert!(!profile.name.is_empty());
            let again = Profile::parse(&profile.to_toml(), Path::new("x")).unwrap();
            assert_eq!(again, profile);
        }
        let pb = Profile::built_in_for_site("PythonBytes.fm").expect("found by site");
        assert_eq!(pb.slug(), "python-bytes");
        assert_eq!(pb.host_table().lookup("Brian"), Some("Brian Okken"));
    }

    #[test]
    fn errors_name_the_line() {
        let err = Profile::parse("name = \"A\"\nsites = 3\n", Path::new("p.toml")).unwrap_err();
        assert!(err.to_string().contains("p.toml"), "{err}");
        assert!(err.to_string().contains('2'), "{err}");
        let err = Profile::parse("name = \"A\"\nunknown = 1\n", Path::new("p.toml")).unwrap_err();
        assert!(err.to_string().contains("unknown"), "{err}");
    }

    #[test]
    fn slugs_come_from_the_name() {
        assert_eq!(Profile::named("The Show!").slug(), "the-show");
        assert_eq!(Profile::named("").slug(), "show");
    }
}
