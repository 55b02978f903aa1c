//! Enumerations: the mentions already found in one block in, the same mentions with list
//! siblings confirmed or added out.
//!
//! Writers list things of one kind together: "asyncio, trio, twisted, curio" or "starlette,
//! uvicorn, orm, databases, broadcaster". When two items of such a list are software the
//! other rules are sure of, an ordinary word in the list ("trio", "databases") is software too,
//! and a bare name that PyPI knows is a package. This module never finds a list without two
//! such anchors, so "fast, simple and reliable" stays prose.

use std::ops::Range;

use super::gazetteer::Gazetteer;
use super::{mention, Ecosystem, EntityKind, Mention, Signal};
use crate::markup::Block;

/// Items a list needs before its siblings say anything about each other.
const MIN_ITEMS: usize = 3;
/// Sure items of a kind needed before a list vouches for the rest.
const MIN_ANCHORS: usize = 2;
/// An item longer than this is a clause, not a name in a list.
const MAX_ITEM_WORDS: usize = 4;
/// A "list" longer than this is data (a dump, a table flattened to one line), not prose.
const MAX_ITEMS: usize = 64;

/// Confirms tentative mentions inside a list of software and adds the list's bare PyPI names.
pub fn enumerations(block: &Block, index: usize, found: &mut Vec<Mention>) {
    // Most blocks hold no list at all; don't split them to find out.
    if found.is_empty() || !block.text.contains([',', '&']) && !block.text.contains(" or ") {
        return;
    }
    let lists = lists(&block.text);
    if lists.is_empty() {
        return;
    }
    // Mentions by where they start, so each item finds its own in logarithmic time: a block can
    // be one 20 MB line of commas.
    let mut spans: Vec<(usize, usize, usize)> = found
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.span.as_ref().map(|s| (s.start, s.end, i)))
        .collect();
    spans.sort_unstable();
    for items in lists {
        let spans = &spans;
        let within = |item: &Range<usize>| {
            let (start, end) = (item.start, item.end);
            let lo = spans.partition_point(|s| s.0 < start);
            let hi = spans.partition_point(|s| s.0 < end);
            spans[lo..hi]
                .iter()
                .filter(move |s| s.1 <= end)
                .map(|s| s.2)
        };
        // What each item holds: a sure mention ending it ("Embeds pycodestyle" anchors a list;
        // "schema migrations" says nothing of "schema"), a tentative one that is all of it.
        let mut software = 0;
        let mut listed = Vec::new();
        for item in &items {
            if within(item).any(|i| {
                let m = &found[i];
                !m.tentative && is_software(m.kind) && ends(m, item)
            }) {
                software += 1;
            }
            listed.extend(within(item).filter(|&i| {
                let m = &found[i];
                m.tentative && is_software(m.kind) && m.span.as_ref() == Some(item)
            }));
        }
        // "asyncio, trio, twisted, curio": one sure item and two more that the lists know as
        // software (though also ordinary words) make a list of software too.
        if software < MIN_ANCHORS && (software == 0 || software + listed.len() < MIN_ITEMS) {
            continue;
        }
        for &i in &listed {
            found[i].tentative = false;
        }
        let anchors: Vec<usize> = items
            .iter()
            .filter_map(|item| {
                within(item).find(|&i| {
                    let m = &found[i];
                    !m.tentative && m.kind == EntityKind::Package && ends(m, item)
                })
            })
            .collect();
        if anchors.len() < MIN_ANCHORS {
            continue;
        }
        // A bare name among npm packages is asked of npm, among PyPI packages of PyPI.
        let eco = found[anchors[0]].ecosystem().unwrap_or(Ecosystem::Pypi);
        for item in &items {
            let word = &block.text[item.clone()];
            if within(item).next().is_some()
                || !is_bare_name(word)
                || Gazetteer::on_registry(eco, word) != Some(true)
            {
                continue;
            }
            let url = block
                .link_covering(item.start, item.end)
                .map(|l| l.url.as_str());
            found.push(
                mention(
                    EntityKind::Package,
                    word,
                    word,
                    block.line,
                    url,
                    Signal::Enumeration,
                    Some(item.clone()),
                    index,
                )
                .in_ecosystem(eco),
            );
        }
    }
}

fn ends(m: &Mention, item: &Range<usize>) -> bool {
    m.span
        .as_ref()
        .is_some_and(|s| s.start >= item.start && s.end == item.end)
}

fn is_software(kind: EntityKind) -> bool {
    matches!(kind, EntityKind::Package | EntityKind::Project)
}

/// "curio", "peewee-async", "gimli": one lower-case token, as package names are written, and
/// not a word that closes a list ("and more", "etc").
pub fn is_bare_name(word: &str) -> bool {
    if matches!(
        word,
        "more" | "others" | "etc" | "friends" | "many" | "co" | "so" | "on"
    ) {
        return false;
    }
    let mut chars = word.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && word.len() >= 2
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !word.ends_with('.')
}

/// The item spans of every list in `text`: runs of short items separated by commas, "and",
/// "or", inside one clause. Spans are trimmed of spaces, quotes and emphasis marks.
fn lists(text: &str) -> Vec<Vec<Range<usize>>> {
    let mut out = Vec::new();
    for clause in clauses(text) {
        let items = items(text, clause);
        let short = items
            .iter()
            .all(|r| text[r.clone()].split_whitespace().count() <= MAX_ITEM_WORDS);
        if (MIN_ITEMS..=MAX_ITEMS).contains(&items.len()) && short {
            out.push(items);
        }
    }
    out
}

/// Clause spans: a list does not run across ". ", ";", ":", parentheses or a line break.
fn clauses(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let stop = match b {
            b';' | b':' | b'(' | b')' | b'\n' | b'!' | b'?' => true,
            b'.' => bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace()),
            _ => false,
        };
        if stop {
            out.push(start..i);
            start = i + 1;
        }
    }
    out.push(start..text.len());
    out
}

/// The items of one clause, split at commas and at the words "and", "or", "&".
fn items(text: &str, clause: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = clause.start;
    let piece = &text[clause.clone()];
    let cut = |from: usize, to: usize, out: &mut Vec<Range<usize>>| {
        if let Some(r) = trimmed(text, from..to) {
            out.push(r);
        }
    };
    for (offset, word) in piece.split_inclusive([',', ' ']).scan(0, |at, w| {
        let here = *at;
        *at += w.len();
        Some((here, w))
    }) {
        let at = clause.start + offset;
        let bare = word.trim_end_matches([',', ' ']);
        if matches!(bare, "and" | "or" | "&") {
            cut(start, at, &mut out);
            start = at + word.len();
        } else if word.ends_with(',') {
            cut(start, at + word.len() - 1, &mut out);
            start = at + word.len();
        }
    }
    cut(start, clause.end, &mut out);
    out
}

/// `range` without surrounding spaces, quotes, emphasis or code marks; None when empty.
fn trimmed(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let junk = |c: char| c.is_whitespace() || matches!(c, '*' | '_' | '`' | '"' | '“' | '”' | '\'');
    let piece = &text[range.clone()];
    let inner = piece.trim_start_matches(junk);
    let start = range.start + (piece.len() - inner.len());
    let inner = inner.trim_end_matches(junk);
    (!inner.is_empty()).then(|| start..start + inner.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(text: &str) -> Vec<Vec<&str>> {
        lists(text)
            .into_iter()
            .map(|items| items.into_iter().map(|r| &text[r]).collect())
            .collect()
    }

    #[test]
    fn lists_are_split_at_commas_and_conjunctions() {
        let cases: &[(&str, Vec<Vec<&str>>)] = &[
            (
                "asyncio, trio, twisted, curio",
                vec![vec!["asyncio", "trio", "twisted", "curio"]],
            ),
            (
                "nose or pytest  or doctest",
                vec![vec!["nose", "pytest", "doctest"]],
            ),
            (
                "async projects: starlette, uvicorn, orm, and databases.",
                vec![vec!["starlette", "uvicorn", "orm", "databases"]],
            ),
            (
                "aiohttp, treq, Tornado (and more)",
                vec![vec!["aiohttp", "treq", "Tornado"]],
            ),
            ("one, two", vec![]),
            (
                "It is fast, and it has a very long clause that is no name, and more",
                vec![],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(&listed(text), want, "{text:?}");
        }
    }

    #[test]
    fn bare_names_are_one_lower_case_token() {
        for (word, want) in [
            ("curio", true),
            ("peewee-async", true),
            ("Tornado", false),
            ("a", false),
            ("two words", false),
            ("etc.", false),
        ] {
            assert_eq!(is_bare_name(word), want, "{word:?}");
        }
    }
}
