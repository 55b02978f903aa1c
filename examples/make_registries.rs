//! Builds data/registries/ from the registries' package lists: `pypi.fst` and `npm.fst`, the set
//! of every name on PyPI (PEP 503) and on npm (lower case), and `npm-top.tsv`, the widely used
//! npm packages as gazetteer rows. Takes the folder of package lists (`pypi.tsv`, `npm.tsv`:
//! name first, npm's downloads a month third), podgraph's data/ folder (names the hand-written
//! lists already decide are left out of npm-top.tsv, so those decisions stand) and a word list
//! (`/usr/share/dict/words`, Debian package `wamerican`). Never asks a registry anything.
//!
//! Run: `cargo run --release --example make_registries -- ../.library/env/packages data /usr/share/dict/words`
//!
//! podgraph asks the sets only whether a name already shown to be software (a repository, a
//! docs site, a bare name in a list of packages) is a package; npm-top.tsv rows are found in
//! prose, and only on a show whose ecosystems include npm.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{BufRead, Write};
use std::path::Path;

use podgraph::extract::ecosystem::Ecosystem;

/// How many of npm's most downloaded names may become gazetteer rows: deep enough to hold the
/// frameworks a web show talks about (Astro, Nuxt and SvelteKit rank between 7,000 and 8,000).
const NPM_TOP: usize = 10_000;

type Error = Box<dyn std::error::Error>;

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [lists, data, words] = args.as_slice() else {
        return Err("usage: make_registries PACKAGE_LISTS_DIR DATA_DIR WORDS.txt".into());
    };
    let (lists, data) = (Path::new(lists), Path::new(data));
    let out = data.join("registries");
    std::fs::create_dir_all(&out)?;
    let pypi = column_names(&lists.join("pypi.tsv"), Ecosystem::Pypi)?;
    write_fst(&pypi, &out.join("pypi.fst"))?;
    let npm = column_names(&lists.join("npm.tsv"), Ecosystem::Npm)?;
    write_fst(&npm, &out.join("npm.fst"))?;
    let curated = curated_names(data)?;
    let words = word_list(Path::new(words))?;
    let by_downloads = npm_by_downloads(&lists.join("npm.tsv"))?;
    let rows = npm_top(&by_downloads, &curated, &words);
    write_top(&rows, &out.join("npm-top.tsv"))?;
    let twins = npm_twins(&by_downloads, &data.join("projects.tsv"))?;
    write_twins(&twins, &out.join("npm-twins.tsv"))?;
    Ok(())
}

/// The first column of a package list, folded as the registry folds names, sorted and unique.
fn column_names(path: &Path, eco: Ecosystem) -> Result<BTreeSet<String>, Error> {
    let mut names = BTreeSet::new();
    for line in std::io::BufReader::new(std::fs::File::open(path)?)
        .lines()
        .skip(1)
    {
        let line = line?;
        let name = eco.normalise(line.split('\t').next().unwrap_or(""));
        if !name.is_empty() {
            names.insert(name);
        }
    }
    Ok(names)
}

fn write_fst(names: &BTreeSet<String>, path: &Path) -> Result<(), Error> {
    let mut builder = fst::SetBuilder::new(std::io::BufWriter::new(std::fs::File::create(path)?))?;
    for name in names {
        builder.insert(name)?;
    }
    builder.finish()?;
    eprintln!("{} names written to {}", names.len(), path.display());
    Ok(())
}

/// Every name and alias of the hand-written lists, letters and digits only, lower case.
fn curated_names(data: &Path) -> Result<HashSet<String>, Error> {
    let mut names = HashSet::new();
    for file in [
        "packages.tsv",
        "projects.tsv",
        "organizations.tsv",
        "people.tsv",
        "laws.tsv",
        "stdlib.txt",
    ] {
        for line in std::fs::read_to_string(data.join(file))?.lines() {
            if line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let canonical = cols.next().unwrap_or("");
            let aliases = cols.next().unwrap_or("").split('|');
            names.extend(
                std::iter::once(canonical)
                    .chain(aliases)
                    .map(podgraph::extract::names::squash)
                    .filter(|n| !n.is_empty()),
            );
        }
    }
    Ok(names)
}

fn word_list(path: &Path) -> Result<HashSet<String>, Error> {
    Ok(std::fs::read_to_string(path)?
        .lines()
        .map(|w| w.trim().to_lowercase())
        .filter(|w| !w.is_empty())
        .collect())
}

/// A gazetteer row: the npm name and whether it needs evidence in prose.
struct Row {
    name: String,
    needs_evidence: bool,
}

/// npm's most downloaded names that the hand-written lists do not already decide. A name of one
/// plain word ("vite", "zod") needs evidence (a capital inside a sentence, a code span, a link
/// naming it); a name with a hyphen, dot, digit or scope ("solid-js", "@tanstack/query") is no
/// word of prose and counts as written.
fn npm_top(
    by_downloads: &[NpmPackage],
    curated: &HashSet<String>,
    words: &HashSet<String>,
) -> Vec<Row> {
    let mut rows = Vec::new();
    for name in by_downloads.iter().take(NPM_TOP).map(|p| p.name.clone()) {
        let plain = name.chars().all(|c| c.is_ascii_lowercase());
        let is_word = words.contains(&name);
        let curated_already = curated.contains(&podgraph::extract::names::squash(&name));
        let too_short = name.chars().count() < 3;
        // An English word ("open", "promise", "which") is far more often meant than the
        // package; the hand-written lists decide the few that matter ("Express").
        if too_short || curated_already || is_word {
            continue;
        }
        rows.push(Row {
            needs_evidence: plain,
            name,
        });
    }
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    rows
}

/// One package of npm's list: its name in lower case, its downloads a month, and its summary
/// without the list's own install notes.
struct NpmPackage {
    name: String,
    downloads: u64,
    summary: String,
}

/// npm's package list, most downloaded first; equal counts by name, so the order never
/// depends on the file's.
fn npm_by_downloads(path: &Path) -> Result<Vec<NpmPackage>, Error> {
    let mut packages = Vec::new();
    for line in std::io::BufReader::new(std::fs::File::open(path)?)
        .lines()
        .skip(1)
    {
        let line = line?;
        let cols: Vec<&str> = line.split('\t').collect();
        packages.push(NpmPackage {
            name: cols[0].to_lowercase(),
            downloads: cols.get(2).and_then(|d| d.parse().ok()).unwrap_or(0),
            summary: without_notes(cols.get(3).copied().unwrap_or("")).to_string(),
        });
    }
    packages.sort_by(|a, b| b.downloads.cmp(&a.downloads).then(a.name.cmp(&b.name)));
    Ok(packages)
}

/// Each name's rank (1 = most downloaded) and its package. Names differing only in case
/// ("jQuery", "jquery") are one name: the most used wins.
fn ranks(by_downloads: &[NpmPackage]) -> HashMap<&str, (usize, &NpmPackage)> {
    let mut ranks = HashMap::new();
    for (i, package) in by_downloads.iter().enumerate() {
        ranks
            .entry(package.name.as_str())
            .or_insert((i + 1, package));
    }
    ranks
}

/// The package list's own install notes (`[tested here: …]`, brackets may nest) are not the
/// authors' summary.
fn without_notes(summary: &str) -> &str {
    if !summary.starts_with("[tested here:") {
        return summary;
    }
    let mut depth = 0;
    for (i, c) in summary.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return summary[i + 1..].trim_start();
                }
            }
            _ => {}
        }
    }
    ""
}

/// Words of a summary that say the package is a tool *for* the thing the project row names
/// (its client, driver, parser, bindings, command line) or that the thing is a language,
/// runtime, protocol or format: then the row stays a project.
const NOT_THE_THING: &[&str] = &[
    "client",
    "driver",
    "binding",
    "bindings",
    "wrapper",
    "sdk",
    "agent",
    "parser",
    "stringifier",
    "serializer",
    "implementation",
    "implemention",
    "encoder",
    "decoder",
    "cli",
    "command line",
    "command-line",
    "interface for",
    "language",
    "runtime",
    "protocol",
    "format",
    "manage",
    "from node",
    "from node.js",
    "api for",
    "for your node",
    "in javascript",
    "to javascript",
    "to pure javascript",
];

/// Hand-written project rows that are themselves a widely used npm package: the framework or
/// tool is installed from npm under the row's name ("Next.js" → `next`, "Tailwind CSS" →
/// `tailwindcss`), so it is that package. Only the row's canonical name is tried (an alias
/// such as "Arch" is too loose); acronyms (CSV, HTTPS) name standards whose npm namesake is a
/// parser; a summary that calls the package a client, driver, parser… of the thing leaves the
/// row a project ("The official MongoDB driver for Node.js").
fn npm_twins(by_downloads: &[NpmPackage], projects: &Path) -> Result<Vec<(String, String)>, Error> {
    let ranked = ranks(by_downloads);
    let mut twins = Vec::new();
    for line in std::fs::read_to_string(projects)?.lines() {
        let mut cols = line.split('\t');
        let canonical = cols.next().unwrap_or("").trim();
        let flagged = cols
            .nth(1)
            .unwrap_or("")
            .split([' ', ','])
            .any(|f| f == "not-npm");
        if line.starts_with('#') || canonical.is_empty() || is_acronym(canonical) || flagged {
            continue;
        }
        let best = twin_names(canonical)
            .into_iter()
            .filter_map(|name| Some((*ranked.get(name.as_str())?, name)))
            .filter(|((rank, _), _)| *rank <= NPM_TOP)
            .min_by_key(|((rank, _), _)| *rank);
        let Some(((_, package), name)) = best else {
            continue;
        };
        let summary = package.summary.to_lowercase();
        let thing = canonical.to_lowercase();
        // "The command-line interface for Vercel", "POSTs to coveralls.io": a tool that
        // serves the thing.
        let serves = ["for", "to"]
            .iter()
            .any(|w| summary.contains(&format!("{w} {thing}")));
        let says_not = NOT_THE_THING.iter().any(|w| has_words(&summary, w))
            || summary.contains(&format!("{thing} for node"))
            || serves;
        if !says_not {
            twins.push((canonical.to_string(), name));
        }
    }
    twins.sort();
    twins.dedup();
    Ok(twins)
}

/// "CSV", "HTTPS", "IEEE 754", "UTF-8": capitals, digits and punctuation only.
fn is_acronym(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_uppercase()) && !name.chars().any(|c| c.is_lowercase())
}

/// The npm names a project's canonical name could be published under: lower case, with its
/// spaces as hyphens or dropped, and without a `.js`/`js` ending ("Next.js" → `next`).
fn twin_names(canonical: &str) -> Vec<String> {
    let lower = canonical.to_lowercase();
    let mut names = vec![
        lower.clone(),
        lower.replace(' ', "-"),
        lower.replace(' ', ""),
    ];
    for ending in [".js", "js"] {
        if let Some(stem) = lower.strip_suffix(ending).filter(|s| s.len() > 1) {
            names.push(stem.trim_end().to_string());
        }
    }
    names.dedup();
    names
}

/// Whether `phrase` occurs in `text` between word boundaries.
fn has_words(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

fn write_twins(twins: &[(String, String)], path: &Path) -> Result<(), Error> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(
        out,
        "# Hand-written project rows (data/projects.tsv) that are a widely used npm package themselves\n\
         # (among the {NPM_TOP} most downloaded a month, and not described as a client, driver, parser…\n\
         # of the thing): podgraph types them as that npm package.\n\
         # Made by examples/make_registries.rs; do not edit by hand.\n\
         # Columns: canonical (as in projects.tsv) <TAB> npm name"
    )?;
    for (canonical, name) in twins {
        writeln!(out, "{canonical}\t{name}")?;
    }
    out.flush()?;
    eprintln!("{} rows written to {}", twins.len(), path.display());
    Ok(())
}

fn write_top(rows: &[Row], path: &Path) -> Result<(), Error> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(
        out,
        "# npm packages: the {NPM_TOP} most downloaded a month (package list, downloads column), minus names\n\
         # the hand-written lists already hold and English words.\n\
         # Made by examples/make_registries.rs; do not edit by hand.\n\
         # Columns: canonical (npm name) <TAB> aliases <TAB> flags"
    )?;
    for row in rows {
        let flag = if row.needs_evidence {
            "needs-evidence"
        } else {
            ""
        };
        writeln!(out, "{}\t\t{flag}", row.name)?;
    }
    out.flush()?;
    eprintln!("{} rows written to {}", rows.len(), path.display());
    Ok(())
}
