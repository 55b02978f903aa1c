//! Headers: one block's plain text in, the segment it would open (if any) out.
//!
//! Pure classification of a single block: numbered items (`Brian #1: Title`, `#1 (Brian):`,
//! `**10: Title**`), section headings by the keyword lists in data/sections.toml, chapter lines,
//! host labels. Whether a header really opens a segment where it stands is the walk's decision
//! (mod.rs), which knows what is open. Nothing here reads files or fails.

use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

use super::{chapters, SegmentKind};
use crate::extract::names;
use crate::hosts::{self, Hosts};
use crate::markup::{Block, BlockKind};

/// What a block starts, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Header {
    Topic {
        host: Option<String>,
        number: Option<u32>,
        title: String,
    },
    Section(SegmentKind, Option<String>),
    /// `## Show Notes`: frames what follows without being a segment of its own.
    Container,
    /// Any other heading: a topic titled by the heading, in notes structured by headings.
    Heading(String),
    /// `5:23`, `02:25 - Title`, `**[09:36](#t=09:36)** Title`: a chapter starting at `start`.
    Chapter {
        start: u32,
        title: String,
    },
    /// `Michael:` alone, or `Scott: [Pick](…)` in picks: what follows is that host's.
    HostLabel {
        host: String,
        rest: String,
    },
    /// `## News items`: unnumbered items follow.
    NewsItems,
}

/// A block's plain text as header patterns see it, and the shape around it.
pub(super) struct Shape<'a> {
    /// The text with literal `*` removed, so bold split in odd places looks the same.
    pub text: &'a str,
    pub starts_bold: bool,
    pub is_item: bool,
}

/// What the speaker rule needs: the show's hosts and the episode's whole text.
pub(super) struct People<'a> {
    pub hosts: &'a Hosts,
    pub text: &'a str,
}

pub(super) fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("segment patterns are valid"))
}

/// `Brian #1: Title`, `Brian 5 : Title`, `BO 1: Title`, `(bonus) Matt #7 Title`, and a guest's
/// full or hyphenated name: `Anthony Shaw #2: Title`, `Anna-Lena #3: Title`.
fn host_first() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"^(?:\(bonus\)\s*)?(?P<host>[A-Z][a-z]+(?:[- ][A-Z][a-z]+){0,2}|[A-Z]{2})\s*(?:#\s*(?P<n1>\d{1,2})\b|(?P<n2>\d{1,2})\s*:)\s*(?P<sep>[:.\-–])?\s*(?P<title>.*)$",
    )
}

/// `#1 (Brian): Title`, `#5: (Brian): Title`, `#1 Brian: Title`, `# 6 Michael: Title`.
fn number_first() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"^#\s*(?P<n>\d{1,2})\s*:?\s*(?P<paren>\()?(?P<host>[A-Z][a-z]+)\)?\s*:\s*(?P<title>.*)$",
    )
}

/// `#1 Title` (early episodes) and `10: Title` (a year review, only when bold).
fn number_only() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"^(?:#\s*(?P<n1>\d{1,2})[:.]?|(?P<n2>\d{1,2})[:.])\s+(?P<title>\S.*)$",
    )
}

/// Whether a name written before `#N` is a real speaker: a host of the show (or one edit from
/// one), or a person the episode names. A single word is a person when it is a given name or
/// the episode gives its full name; a longer one when it starts with a given name or recurs in
/// the text. "Level", "Phase" or "Solution" are none of these, with no list of such words.
pub(super) fn is_speaker(written: &str, people: &People) -> bool {
    if people.hosts.lookup(written).is_some() || people.hosts.lookup_misspelt(written).is_some() {
        return true;
    }
    if written.contains(' ') {
        return names::starts_with_given_name(written) || people.text.matches(written).count() > 1;
    }
    names::is_given_name(written)
        || hosts::full_name_in(written, people.text).is_some_and(|n| names::is_person_name(&n))
        || heads_several_items(written, people.text)
}

/// A nickname the notes never expand ("Juanpe #3", "Juanpe #6") is still a speaker when it
/// heads two or more numbered lines outside any list: a presenter, not a word in a sub-list.
fn heads_several_items(written: &str, text: &str) -> bool {
    let heads = |line: &str| {
        let line = line.trim_start_matches(['*', '_']);
        line.strip_prefix(written).is_some_and(|rest| {
            rest.trim_start_matches(['*', '_', ' '])
                .strip_prefix('#')
                .is_some_and(|n| n.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        })
    };
    text.lines().filter(|l| heads(l)).nth(1).is_some()
}

fn is_show_host(written: &str, hosts: &Hosts) -> bool {
    hosts.lookup(written).is_some() || hosts.lookup_misspelt(written).is_some()
}

/// A numbered item's header, by the three patterns.
pub(super) fn numbered_topic(shape: &Shape, people: &People) -> Option<Header> {
    // Each pattern is anchored and can only start with the characters checked before it is
    // run: most blocks fail that check, which is far cheaper than a captures search.
    let text = shape.text;
    let first = text.chars().next().unwrap_or(' ');
    let can_start = |ok: bool, re: &Regex| if ok { re.captures(text) } else { None };
    if let Some(c) = can_start(first == '(' || first.is_ascii_uppercase(), host_first()) {
        if let Some(header) = host_first_topic(&c, shape, people) {
            return Some(header);
        }
    }
    if let Some(c) = can_start(first == '#', number_first()) {
        let host = &c["host"];
        if (c.name("paren").is_some() || is_show_host(host, people.hosts)) && !shape.is_item {
            return Some(Header::Topic {
                host: Some(host.to_string()),
                number: c["n"].parse().ok(),
                title: clean_title(&c["title"]),
            });
        }
    }
    if shape.starts_bold && !shape.is_item {
        if let Some(c) = can_start(first == '#' || first.is_ascii_digit(), number_only()) {
            return Some(Header::Topic {
                host: None,
                number: number(&c),
                title: clean_title(&c["title"]),
            });
        }
    }
    None
}

fn number(c: &regex::Captures) -> Option<u32> {
    c.name("n1")
        .or(c.name("n2"))
        .and_then(|m| m.as_str().parse().ok())
}

/// `Word #N: Title`: the word is the host when it is a speaker. A list item is a header only
/// for a host of the show (a sub-list's "Level 1:" or "Solution #2" never is); a bold line whose
/// word is no speaker ("Topic #0: …") is an item without a host.
fn host_first_topic(c: &regex::Captures, shape: &Shape, people: &People) -> Option<Header> {
    let written = &c["host"];
    let table = is_show_host(written, people.hosts);
    let shaped = shape.starts_bold
        || (c.name("n1").is_some() && c.name("sep").is_some())
        || shape.text.starts_with("(bonus)");
    let host = if shape.is_item {
        (shape.starts_bold && table).then_some(written)?
    } else if table || (shaped && is_speaker(written, people)) {
        written
    } else if shape.starts_bold && c.name("sep").is_some_and(|s| s.as_str() == ":") {
        return Some(Header::Topic {
            host: None,
            number: number(c),
            title: clean_title(&c["title"]),
        });
    } else {
        return None;
    };
    Some(Header::Topic {
        host: Some(host.to_string()),
        number: number(c),
        title: clean_title(&c["title"]),
    })
}

/// Where a section heading leads, as data/sections.toml names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Segment(SegmentKind),
    Container,
}

#[derive(Deserialize)]
struct Rule {
    kind: String,
    #[serde(default)]
    starts: Vec<String>,
    #[serde(default)]
    ends: Vec<String>,
    #[serde(default)]
    after_name: bool,
}

#[derive(Deserialize)]
struct Rules {
    section: Vec<Rule>,
}

struct Section {
    target: Target,
    rule: Rule,
}

fn sections() -> &'static [Section] {
    static S: OnceLock<Vec<Section>> = OnceLock::new();
    S.get_or_init(|| {
        let rules: Rules = toml::from_str(include_str!("../../data/sections.toml"))
            .expect("data/sections.toml is valid");
        rules
            .section
            .into_iter()
            .map(|rule| {
                let target = match rule.kind.as_str() {
                    "container" => Target::Container,
                    name => Target::Segment(
                        SegmentKind::ALL
                            .into_iter()
                            .find(|k| k.as_str() == name)
                            .expect("data/sections.toml names known segment kinds"),
                    ),
                };
                Section { target, rule }
            })
            .collect()
    })
}

/// Lower case, every run of non-alphanumerics one space, a letter written three or more times
/// in a row once ("SIIIIICK ××× PIIIICKS" is "sick picks"; "shameless" keeps its double s).
pub(super) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run: (char, usize) = (' ', 0);
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = if c.is_alphanumeric() { c } else { ' ' };
        run = if c == run.0 { (c, run.1 + 1) } else { (c, 1) };
        match (c, run.1) {
            (' ', _) if out.is_empty() || out.ends_with(' ') => {}
            (_, 3) if c.is_alphabetic() => {
                out.pop();
            }
            (_, n) if n > 3 && c.is_alphabetic() => {}
            _ => out.push(c),
        }
    }
    out.truncate(out.trim_end().len());
    out
}

fn phrase_at_start(folded: &str, phrase: &str) -> bool {
    folded
        .strip_prefix(phrase)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

fn phrase_at_end(folded: &str, phrase: &str) -> bool {
    folded
        .strip_suffix(phrase)
        .is_some_and(|rest| rest.is_empty() || rest.ends_with(' '))
}

/// The section a folded heading names, and the name before the keyword when the rule allows one.
fn section_of(folded: &str) -> Option<(Target, Option<&str>)> {
    for s in sections() {
        let r = &s.rule;
        if r.starts.iter().any(|p| phrase_at_start(folded, p))
            || r.ends.iter().any(|p| phrase_at_end(folded, p))
        {
            return Some((s.target, None));
        }
        let Some((name, rest)) = folded.split_once(' ').filter(|_| r.after_name) else {
            continue;
        };
        let rest = rest.strip_prefix("s ").unwrap_or(rest);
        if r.starts.iter().any(|p| phrase_at_start(rest, p)) {
            return Some((s.target, Some(name)));
        }
    }
    None
}

/// A section heading or header line. Prose that happens to start with a keyword ("Links to …")
/// is not one: a paragraph must be short, or carry a colon, or be a sponsor line.
pub(super) fn section_header(text: &str, block: &Block) -> Option<Header> {
    let folded = fold(text);
    let (target, name) = section_of(&folded)?;
    let paragraph = block.kind == BlockKind::Paragraph;
    let sponsor = target == Target::Segment(SegmentKind::Sponsor);
    if paragraph && !sponsor && (text.len() > 80 || (text.len() > 40 && !text.contains(':'))) {
        return None;
    }
    match target {
        Target::Container => Some(Header::Container),
        // A sponsor line is part of the episode's opening, as it always was for Python Bytes; a
        // sponsor heading is a section of its own.
        Target::Segment(SegmentKind::Sponsor) if paragraph => {
            Some(Header::Section(SegmentKind::Intro, None))
        }
        Target::Segment(kind) => Some(Header::Section(kind, name.map(capitalise))),
    }
}

/// Whether a chapter's title is a sponsor read ("Brought to you by Sentry", "Sponsor: Mux").
pub(super) fn is_sponsor_read(title: &str) -> bool {
    let folded = fold(title);
    let padded = format!(" {folded} ");
    sections()
        .iter()
        .filter(|s| s.target == Target::Segment(SegmentKind::Sponsor))
        .flat_map(|s| s.rule.starts.iter())
        .any(|p| {
            if p.contains(' ') {
                padded.contains(&format!(" {p} "))
            } else {
                phrase_at_start(&folded, p)
            }
        })
}

/// A chapter line, re-kinded as a sponsor read when its title says so.
pub(super) fn chapter(text: &str) -> Option<Header> {
    let (start, title) = chapters::parse(text)?;
    Some(Header::Chapter {
        start,
        title: clean_title(title),
    })
}

pub(super) fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `Michael:` or `Brian` alone: a host label inside extras.
pub(super) fn host_label(text: &str) -> Option<String> {
    let name = text.trim_end_matches(':').trim();
    let ok = !name.is_empty()
        && name.len() <= 20
        && name.chars().next().is_some_and(char::is_uppercase)
        && name.chars().all(char::is_alphabetic);
    ok.then(|| name.to_string())
}

/// `Scott: [Pick](…)`: a name, a colon and what that person brings.
pub(super) fn host_line(text: &str) -> Option<(String, &str)> {
    let (name, rest) = text.split_once(':')?;
    let name = host_label(name)?;
    Some((name, rest.trim()))
}

/// A title as written, without leftover markup and header punctuation.
pub(super) fn clean_title(raw: &str) -> String {
    static LINK: OnceLock<Regex> = OnceLock::new();
    // Markdown the parser left as text (inside a code span, or a link with spaces in its URL).
    let unlinked = re(&LINK, r"\[([^\]]*)\]\([^)]*\)").replace_all(raw, "$1");
    let t = unlinked.trim().trim_matches('`').trim();
    let t = t.trim_end_matches([':', '*']).trim_end();
    let t = t.trim_start_matches([':', '*', '-', '–']).trim_start();
    t.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        let cases = [
            ("××× SIIIIICK ××× PIIIICKS ×××", "sick picks"),
            ("Sentry - Sponsor", "sentry sponsor"),
            ("Michael’s Extras:", "michael s extras"),
            ("Shameless Plugs", "shameless plugs"),
            ("Follow-up", "follow up"),
        ];
        for (text, expected) in cases {
            assert_eq!(fold(text), expected, "{text}");
        }
    }

    #[test]
    fn sections_by_keyword() {
        let cases: &[(&str, Option<Target>, Option<&str>)] = &[
            (
                "sentry sponsor",
                Some(Target::Segment(SegmentKind::Sponsor)),
                None,
            ),
            ("sponsor", Some(Target::Segment(SegmentKind::Sponsor)), None),
            (
                "sick picks",
                Some(Target::Segment(SegmentKind::Picks)),
                None,
            ),
            (
                "shameless plugs",
                Some(Target::Segment(SegmentKind::Plugs)),
                None,
            ),
            ("guests", Some(Target::Segment(SegmentKind::Guests)), None),
            ("show notes", Some(Target::Container), None),
            ("the show notes", Some(Target::Container), None),
            (
                "michael s extras",
                Some(Target::Segment(SegmentKind::Extras)),
                Some("michael"),
            ),
            ("extras", Some(Target::Segment(SegmentKind::Extras)), None),
            (
                "joke proud parents",
                Some(Target::Segment(SegmentKind::Joke)),
                None,
            ),
            ("hit us up on socials", None, None),
            ("freshbooks is the best", None, None),
            ("linksys routers", None, None),
        ];
        for (folded, target, name) in cases {
            let got = section_of(folded);
            assert_eq!(got.map(|g| g.0), *target, "{folded}");
            assert_eq!(got.and_then(|g| g.1), *name, "{folded}");
        }
    }

    #[test]
    fn sponsor_reads() {
        let cases = [
            ("Brought to you by Sentry.io", true),
            ("Syntax Brought to you by Sentry", true),
            ("Sponsor: LogRocket", true),
            ("Why sponsors matter to a show", false),
            ("Welcome to Syntax!", false),
        ];
        for (title, expected) in cases {
            assert_eq!(is_sponsor_read(title), expected, "{title}");
        }
    }

    fn pb_people(text: &str) -> bool {
        let hosts = Hosts::parse(
            "[[host]]\nname = \"Brian Okken\"\naliases = [\"Brian\"]\n",
            std::path::Path::new("t.toml"),
        )
        .unwrap();
        let people = People {
            hosts: &hosts,
            text: "Special guest: Xanthe Quill\n\n**Jopo #1:** One\n\n**Jopo #4:** Two\n- **Phase #1:** a\n- **Phase #2:** b\n",
        };
        is_speaker(text, &people)
    }

    #[test]
    fn speakers_are_people() {
        let cases = [
            ("Brian", true),
            ("Brain", true),
            ("Anthony Shaw", true),
            ("Anna-Lena", true),
            ("Dan", true),
            ("Xanthe", true),
            ("Jopo", true),
            ("Level", false),
            ("Phase", false),
            ("Solution", false),
            ("Topic", false),
            ("Release Notes", false),
        ];
        for (written, expected) in cases {
            assert_eq!(pb_people(written), expected, "{written}");
        }
    }
}
