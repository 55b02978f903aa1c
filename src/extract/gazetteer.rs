//! Gazetteer: curated name lists in, one automaton that finds them in text out.
//!
//! The lists live in `data/*.tsv` (compiled into the binary) as `canonical<TAB>aliases<TAB>flags`.
//! Every canonical name and alias of every list goes into a single aho-corasick automaton, so a
//! block of text is scanned once whatever the number of names. This module only finds
//! candidates; the rules for when a hit counts (word boundaries, case, evidence) are in `extract`.

use rustc_hash::{FxHashMap, FxHashSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::ecosystem::Ecosystem;
use super::names;
use super::EntityKind;

/// One curated entity.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: EntityKind,
    pub canonical: String,
    /// The identity key of `canonical` for its kind, computed once.
    pub key: String,
    /// The name is an ordinary word too ("rich", "black"): it counts only with evidence.
    pub needs_evidence: bool,
    /// A package's registry: the list's, or the row's own when its flags name one (`npm`).
    pub ecosystem: Option<Ecosystem>,
    /// The row names its registry itself, so no show's preference moves it elsewhere.
    pub fixed_ecosystem: bool,
    /// From a registry's generated list: found only on a show of that ecosystem (a Python
    /// show's "debug" or "config" is not the npm package).
    pub gated: bool,
}

/// A gazetteer hit in a piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub entry: usize,
    pub start: usize,
    pub end: usize,
}

/// One automaton over some entries' forms.
struct Scanner {
    /// For each automaton pattern (a lower-cased form): the entries it names and each form as
    /// written in the list. "Black" and "black" share one pattern.
    patterns: Vec<Vec<(usize, String)>>,
    automaton: AhoCorasick,
}

impl Scanner {
    fn new(forms: &[(usize, String)]) -> Scanner {
        // Patterns are lower-cased and matched against an ASCII-lower-cased copy of the text
        // (same byte offsets): a case-sensitive automaton builds twice as fast as a
        // case-insensitive one and scans faster; case rules are applied to the hits afterwards.
        let mut grouped: std::collections::BTreeMap<String, Vec<(usize, String)>> =
            std::collections::BTreeMap::new();
        for (entry, form) in forms {
            grouped
                .entry(form.to_ascii_lowercase())
                .or_default()
                .push((*entry, form.clone()));
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(grouped.keys())
            .expect("gazetteer automaton builds");
        Scanner {
            patterns: grouped.into_values().collect(),
            automaton,
        }
    }

    /// Every hit in the lower-cased `lower` of `text`, each entry a span may name with the
    /// form that names it, a form spelled as the text first.
    fn find<'a>(&'a self, text: &str, lower: &str, hits: &mut Vec<(Hit, &'a str)>) {
        for m in self.automaton.find_iter(lower) {
            let first = hits.len();
            for (entry, form) in &self.patterns[m.pattern().as_usize()] {
                let hit = Hit {
                    entry: *entry,
                    start: m.start(),
                    end: m.end(),
                };
                hits.push((hit, form.as_str()));
            }
            // "Jupyter" as written is the project, not the package `jupyter`: a form spelled
            // exactly as the text comes before one that matches only when case is ignored.
            let surface = &text[m.start()..m.end()];
            hits[first..].sort_by_key(|&(_, form)| form != surface);
        }
    }
}

pub struct Gazetteer {
    pub entries: Vec<Entry>,
    /// The hand-written lists' forms.
    open: Scanner,
    /// The registries' generated lists' forms, scanned apart so that on a show of another
    /// registry they can neither be found nor hide a longer or earlier hand-written name.
    gated: Scanner,
    /// Entry lookup by folded name, for names found by other signals (a link, a code span).
    /// FxHash: asked for most tokens of every block, and only ever looked up, never iterated.
    /// Gated entries are not in it, nor in `by_squash`: `gated_by_key` holds them.
    by_key: FxHashMap<(EntityKind, String), usize>,
    gated_by_key: FxHashMap<String, usize>,
    by_squash: FxHashMap<String, Vec<usize>>,
    /// A project's key → the key of the npm package it is published as (`npm-twins.tsv`).
    npm_twins: FxHashMap<String, String>,
    /// Hosts whose pages are the publication itself (data/sites.tsv), to the entry they name.
    sites: FxHashMap<String, usize>,
}

/// A curated list: its kind, the registry its packages belong to unless a row says otherwise,
/// and whether it is a registry's generated list (see [`Entry::gated`]).
struct List {
    kind: EntityKind,
    ecosystem: Option<Ecosystem>,
    gated: bool,
    text: &'static str,
}

const fn list(kind: EntityKind, text: &'static str) -> List {
    List {
        kind,
        ecosystem: None,
        gated: false,
        text,
    }
}

const LISTS: [List; 7] = [
    List {
        ecosystem: Some(Ecosystem::Pypi),
        ..list(EntityKind::Package, include_str!("../../data/packages.tsv"))
    },
    // Made by examples/make_registries.rs from npm's package list.
    List {
        ecosystem: Some(Ecosystem::Npm),
        gated: true,
        ..list(
            EntityKind::Package,
            include_str!("../../data/registries/npm-top.tsv"),
        )
    },
    list(EntityKind::Project, include_str!("../../data/projects.tsv")),
    list(
        EntityKind::Organization,
        include_str!("../../data/organizations.tsv"),
    ),
    list(EntityKind::Law, include_str!("../../data/laws.tsv")),
    list(EntityKind::Person, include_str!("../../data/people.tsv")),
    // Standard-library modules are projects by the labelling rules.
    list(EntityKind::Project, include_str!("../../data/stdlib.txt")),
];

/// Project rows that are a widely used npm package themselves ("Next.js" is `next`), made by
/// examples/make_registries.rs from npm's package list.
const NPM_TWINS: &str = include_str!("../../data/registries/npm-twins.tsv");

/// Podcasts, course sites and the like: a link to any of their pages mentions them.
const SITES: &str = include_str!("../../data/sites.tsv");

const STDLIB: &str = include_str!("../../data/stdlib.txt");

/// Every project name on PyPI (PEP 503) and every npm name, as FST sets built by
/// `examples/make_registries.rs`.
static PYPI_NAMES: &[u8] = include_bytes!("../../data/registries/pypi.fst");
static NPM_NAMES: &[u8] = include_bytes!("../../data/registries/npm.fst");

impl Gazetteer {
    /// The built-in lists, built once per process (building the automaton takes tens of
    /// milliseconds, so `podgraph::build` starts it on a second thread while files are read).
    pub fn shared() -> &'static Gazetteer {
        static SHARED: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
        SHARED.get_or_init(Gazetteer::built_in)
    }

    /// The built-in lists.
    pub fn built_in() -> Gazetteer {
        let mut rows = Vec::new();
        for list in &LISTS {
            rows.extend(parse_tsv(list.text).into_iter().map(|row| (list, row)));
        }
        Gazetteer::from_rows(rows)
    }

    fn from_rows(rows: Vec<(&List, Row)>) -> Gazetteer {
        let mut entries = Vec::new();
        let mut patterns = Vec::new();
        for (list, row) in rows {
            let Row {
                canonical,
                aliases,
                needs_evidence,
                ecosystem: own,
            } = row;
            let kind = list.kind;
            let entry = entries.len();
            for form in std::iter::once(canonical.clone()).chain(aliases) {
                // One-letter forms match inside too much prose to be worth scanning for; two
                // letters only for a package whose name is no word ("uv", "jq").
                let short_ok = kind == EntityKind::Package
                    && !needs_evidence
                    && form.len() == 2
                    && form.chars().all(|c| c.is_ascii_lowercase());
                if form.chars().count() >= 3 || short_ok {
                    patterns.push((entry, form));
                }
            }
            let ecosystem = (kind == EntityKind::Package)
                .then_some(own.or(list.ecosystem))
                .flatten();
            let key = match ecosystem {
                Some(eco) => eco.key(&canonical),
                None => key_for(kind, &canonical),
            };
            entries.push(Entry {
                kind,
                canonical,
                key,
                needs_evidence,
                ecosystem,
                fixed_ecosystem: own.is_some(),
                gated: list.gated,
            });
        }
        let (gated, patterns): (Vec<_>, Vec<_>) =
            patterns.into_iter().partition(|(i, _)| entries[*i].gated);
        let mut gated_by_key = FxHashMap::default();
        for (entry, form) in &gated {
            gated_by_key
                .entry(lookup_key(EntityKind::Package, form))
                .or_insert(*entry);
        }
        let mut by_key = FxHashMap::default();
        let mut by_squash: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (entry, form) in &patterns {
            let kind = entries[*entry].kind;
            by_key
                .entry((kind, lookup_key(kind, form)))
                .or_insert(*entry);
            let list = by_squash.entry(names::squash(form)).or_default();
            if !list.contains(entry) {
                list.push(*entry);
            }
        }
        for (index, entry) in entries.iter().enumerate().filter(|(_, e)| !e.gated) {
            by_key
                .entry((entry.kind, lookup_key(entry.kind, &entry.canonical)))
                .or_insert(index);
        }
        let mut g = Gazetteer {
            entries,
            open: Scanner::new(&patterns),
            gated: Scanner::new(&gated),
            by_key,
            gated_by_key,
            by_squash,
            npm_twins: parse_twins(NPM_TWINS),
            sites: FxHashMap::default(),
        };
        g.sites = parse_sites(SITES)
            .filter_map(|(host, name)| Some((host.to_string(), g.site_entry(name)?)))
            .collect();
        g
    }

    /// The project or organization a sites.tsv row names.
    fn site_entry(&self, name: &str) -> Option<usize> {
        self.index_of(EntityKind::Project, name)
            .or_else(|| self.index_of(EntityKind::Organization, name))
    }

    /// The npm package key a project is published as, when it is one ("project" key `next.js`
    /// → `npm:next`).
    pub fn npm_twin(&self, project_key: &str) -> Option<&str> {
        self.npm_twins.get(project_key).map(String::as_str)
    }

    /// The publication a link's host belongs to: the host itself, else its nearest listed parent
    /// ("www.realpython.com" → realpython.com; "training.talkpython.fm" is listed on its own).
    pub fn site(&self, host: &str) -> Option<&Entry> {
        let mut host = host;
        loop {
            if let Some(&i) = self.sites.get(host) {
                return Some(&self.entries[i]);
            }
            host = host.split_once('.')?.1;
            if !host.contains('.') {
                return None;
            }
        }
    }

    /// Every hit in `text`, leftmost-longest, whatever the case, with each entry the matched
    /// span may name and the form of the list that names it. With `gated`, the registries'
    /// generated lists too, after any hand-written entry of the same span.
    pub fn find<'a>(&'a self, text: &str, gated: bool) -> Vec<(Hit, &'a str)> {
        let lower = text.to_ascii_lowercase();
        let mut hits = Vec::new();
        self.open.find(text, &lower, &mut hits);
        if gated {
            self.gated.find(text, &lower, &mut hits);
            // Stable: within one span the hand-written entries stay first.
            hits.sort_by_key(|(h, _)| (h.start, std::cmp::Reverse(h.end)));
        }
        hits
    }

    /// The generated-list package of this name, for a show of its registry.
    pub fn lookup_gated(&self, name: &str) -> Option<&Entry> {
        self.gated_by_key
            .get(&lookup_key(EntityKind::Package, name))
            .map(|&i| &self.entries[i])
    }

    /// The entry of this kind whose canonical name or alias has this key.
    pub fn lookup(&self, kind: EntityKind, name: &str) -> Option<&Entry> {
        self.index_of(kind, name).map(|i| &self.entries[i])
    }

    /// Where in `entries` the entry of this kind with this name or alias is.
    fn index_of(&self, kind: EntityKind, name: &str) -> Option<usize> {
        self.by_key.get(&(kind, lookup_key(kind, name))).copied()
    }

    /// Entries of any kind whose name, squashed to letters and digits, equals this one's.
    pub fn lookup_any(&self, name: &str) -> impl Iterator<Item = &Entry> {
        self.by_squash
            .get(&names::squash(name))
            .into_iter()
            .flatten()
            .map(|&i| &self.entries[i])
    }

    /// Whether a name is a project on PyPI. Almost every English word is, so this only ever
    /// decides the kind of a name already known to be software (a repository, a docs site).
    pub fn on_pypi(name: &str) -> bool {
        static SET: std::sync::OnceLock<Option<fst::Set<&'static [u8]>>> =
            std::sync::OnceLock::new();
        SET.get_or_init(|| fst::Set::new(PYPI_NAMES).ok())
            .as_ref()
            .is_some_and(|set| set.contains(names::pep503(name)))
    }

    /// Whether a registry has a name: `None` for a registry whose list podgraph does not carry.
    pub fn on_registry(eco: Ecosystem, name: &str) -> Option<bool> {
        static NPM: std::sync::OnceLock<Option<fst::Set<&'static [u8]>>> =
            std::sync::OnceLock::new();
        match eco {
            Ecosystem::Pypi => Some(Gazetteer::on_pypi(name)),
            Ecosystem::Npm => Some(
                NPM.get_or_init(|| fst::Set::new(NPM_NAMES).ok())
                    .as_ref()
                    .is_some_and(|set| set.contains(eco.normalise(name))),
            ),
            _ => None,
        }
    }

    pub fn is_stdlib(name: &str) -> bool {
        static MODULES: std::sync::OnceLock<FxHashSet<&'static str>> = std::sync::OnceLock::new();
        MODULES
            .get_or_init(|| {
                STDLIB
                    .lines()
                    .filter(|l| !l.starts_with('#'))
                    .filter_map(|l| l.split('\t').next())
                    .map(str::trim)
                    .collect()
            })
            .contains(name)
    }
}

/// The key a name merges on for its kind; a package without a registry of its own is PyPI's.
pub fn key_for(kind: EntityKind, name: &str) -> String {
    match kind {
        EntityKind::Package => Ecosystem::Pypi.key(name),
        _ => names::fold(name),
    }
}

/// The key the lists are looked up by: one for a name on any registry, so that the text's
/// "React" finds the npm row and "memory_profiler" the PyPI one.
fn lookup_key(kind: EntityKind, name: &str) -> String {
    match kind {
        EntityKind::Package => names::pep503(name),
        _ => names::fold(name),
    }
}

/// `host<TAB>name` rows of data/sites.tsv.
fn parse_sites(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(host, name)| (host.trim(), name.trim()))
}

/// One row of a list: `canonical<TAB>aliases<TAB>flags`, the flags being `needs-evidence`
/// and, for a package of another registry than its list's, that registry's name (`npm`).
#[derive(Debug, PartialEq)]
struct Row {
    canonical: String,
    aliases: Vec<String>,
    needs_evidence: bool,
    ecosystem: Option<Ecosystem>,
}

/// `canonical <TAB> npm name` rows as project key → npm key.
fn parse_twins(text: &str) -> FxHashMap<String, String> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(canonical, npm)| {
            (
                key_for(EntityKind::Project, canonical.trim()),
                Ecosystem::Npm.key(npm.trim()),
            )
        })
        .collect()
}

/// Rows of a gazetteer list; comments and blank lines skipped, missing columns empty.
fn parse_tsv(text: &str) -> Vec<Row> {
    let mut rows = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let canonical = cols.next().unwrap_or("").trim().to_string();
        let aliases = cols
            .next()
            .unwrap_or("")
            .split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect();
        let flags: Vec<&str> = cols
            .next()
            .unwrap_or("")
            .split([' ', ','])
            .filter(|f| !f.is_empty())
            .collect();
        if !canonical.is_empty() {
            rows.push(Row {
                canonical,
                aliases,
                needs_evidence: flags.contains(&"needs-evidence"),
                ecosystem: flags.iter().find_map(|f| Ecosystem::parse(f)),
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_lists_load_and_find_names() {
        let g = Gazetteer::built_in();
        let mut found: Vec<&str> = g
            .find("We chose matplotlib and RabbitMQ.", false)
            .into_iter()
            .map(|(h, _)| g.entries[h.entry].canonical.as_str())
            .collect();
        found.dedup();
        assert_eq!(found, ["matplotlib", "RabbitMQ"]);
        assert!(g.lookup(EntityKind::Package, "memory_profiler").is_some());
        assert!(g.lookup(EntityKind::Law, "Conway’s law").is_some());
        assert!(Gazetteer::is_stdlib("zoneinfo"));
        assert!(Gazetteer::on_pypi("memory_profiler") && Gazetteer::on_pypi("pybktree"));
        assert!(!Gazetteer::on_pypi("no-such-package-anywhere-podgraph"));
    }

    #[test]
    fn every_site_names_a_listed_entry_and_the_nearest_host_wins() {
        let g = Gazetteer::shared();
        assert_eq!(
            g.sites.len(),
            parse_sites(SITES).count(),
            "a sites.tsv name is unlisted"
        );
        let site = |host| g.site(host).map(|e| e.canonical.as_str());
        let cases = [
            ("talkpython.fm", Some("Talk Python To Me")),
            ("training.talkpython.fm", Some("Talk Python Training")),
            ("www.realpython.com", Some("Real Python")),
            ("github.com", None),
            ("fm", None),
        ];
        for (host, want) in cases {
            assert_eq!(site(host), want, "{host}");
        }
    }

    #[test]
    fn tsv_rows() {
        let rows = parse_tsv(
            "# comment\nnumpy\tNumPy\t\nrich\tRich\tneeds-evidence\n\nlonely\nvue\tVue\tneeds-evidence npm\n",
        );
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0].canonical, "numpy");
        assert_eq!(rows[0].aliases, ["NumPy"]);
        assert!(!rows[0].needs_evidence && rows[0].ecosystem.is_none());
        assert!(rows[1].needs_evidence);
        assert!(rows[2].aliases.is_empty());
        assert!(rows[3].needs_evidence);
        assert_eq!(rows[3].ecosystem, Some(Ecosystem::Npm));
    }
}
