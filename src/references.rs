//! References: a document's text and its show's profile in, the show's episodes it names out.
//!
//! Show notes follow up on earlier episodes by link (`pythonbytes.fm/98`,
//! `pythonbytes.fm/episodes/show/98/slug`) and in prose ("covered in episode 11", "Back on
//! #277", "Python Bytes #332"). [`find`] returns each with its byte span; [`mask`] blanks them
//! out so a recommender evaluated against them cannot read the answer. Other shows' numbers look
//! the same and are not references: a link to any other site's episode page decides its link
//! text ("Talk Python #84" linked to talkpython.fm), and prose right after another show's name
//! ("T&C 69", "Test & Code, episode 13") is skipped. Never reads files, never fails.
//!
//! ```
//! use podgraph::{profile::Profile, references};
//! let profile = Profile::built_in_for_site("pythonbytes.fm").unwrap();
//! let forms = references::Forms::new(&profile);
//! let text = "We covered it in [episode 11](https://pythonbytes.fm/11).";
//! assert_eq!(references::find(text, &forms)[0].number(), Some(11));
//! ```

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use crate::profile::Profile;

/// What a reference points at: an episode number, or a slug (and date) for shows that never
/// number their episodes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    Number(u32),
    Slug(String),
}

/// One mention of one of the show's episodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub target: Target,
    /// Byte range in the text: the whole markdown link for a linked reference.
    pub span: Range<usize>,
}

impl Reference {
    /// The number referred to, when the reference is by number.
    pub fn number(&self) -> Option<u32> {
        match self.target {
            Target::Number(n) => Some(n),
            Target::Slug(_) => None,
        }
    }
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("reference patterns are valid"))
}

/// `[text](url)`; link text may hold one level of brackets (`[**#433: Dev**]`).
fn markdown_link() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(\s*<?([^()\s>]*)>?\s*\)",
    )
}

/// The forms one show's notes cite its own episodes with, compiled from its profile: URL forms
/// on its own sites, prose forms, and the other shows whose numbers are not its own.
#[derive(Debug, Clone)]
pub struct Forms {
    sites: Vec<String>,
    /// Bare URLs on one of the show's sites.
    bare_url: Option<Regex>,
    /// Anchored URL forms; each captures `n` or `slug`.
    urls: Vec<Regex>,
    /// Prose forms; group 1 is the number.
    prose: Regex,
    /// Other shows' names or sites, anywhere and at the start of a text.
    other: Option<Regex>,
    leading_other: Option<Regex>,
    /// The show's own names ("Python Bytes", "PB"): after another show's name they win.
    own: Option<Regex>,
}

/// Prose forms every show uses: "on #277", "see #396".
const GENERIC_PROSE: &str = r"\b(?:on|in|see|from)\s+#";

impl Forms {
    pub fn new(profile: &Profile) -> Forms {
        let sites: Vec<String> = profile
            .sites
            .iter()
            .map(|s| s.to_ascii_lowercase())
            .collect();
        let bare_url = (!sites.is_empty()).then(|| {
            let alternatives: Vec<String> = sites.iter().map(|s| regex::escape(s)).collect();
            Regex::new(&format!(
                r"(?i)(?:https?://)?(?:www\.)?(?:{})/[^\s)\]>]*",
                alternatives.join("|")
            ))
            .expect("escaped sites are valid")
        });
        let urls = profile
            .references
            .urls
            .iter()
            .filter_map(|form| url_form(form))
            .collect();
        let mut prose: Vec<String> = profile
            .references
            .text
            .iter()
            .map(|f| prose_form(f))
            .collect();
        prose.sort();
        prose.dedup();
        // Longer forms first, so "Python Bytes episode 5" wins over "episode 5".
        prose.sort_by_key(|p| std::cmp::Reverse(p.len()));
        prose.push(GENERIC_PROSE.to_string());
        let prose = Regex::new(&format!(r"(?i)(?:{})\s*(\d{{1,4}})\b", prose.join("|")))
            .expect("escaped forms are valid");
        let names: Vec<String> = profile
            .other_shows
            .iter()
            .flat_map(|o| {
                o.names
                    .iter()
                    .chain(std::iter::once(&o.name))
                    .chain(&o.sites)
            })
            .filter(|n| !n.trim().is_empty())
            .map(|n| name_pattern(n))
            .collect();
        let (other, leading_other) = if names.is_empty() {
            (None, None)
        } else {
            let any = names.join("|");
            (
                Regex::new(&format!("(?i){any}")).ok(),
                Regex::new(&format!("(?i)^(?:{any})")).ok(),
            )
        };
        let own_names: Vec<String> = profile
            .own_names()
            .chain(profile.sites.iter().map(String::as_str))
            .filter(|n| !n.trim().is_empty())
            .map(name_pattern)
            .collect();
        let own = (!own_names.is_empty())
            .then(|| Regex::new(&format!("(?i){}", own_names.join("|"))).ok())
            .flatten();
        Forms {
            sites,
            bare_url,
            urls,
            prose,
            other,
            leading_other,
            own,
        }
    }

    fn on_own_site(&self, url: &str) -> bool {
        let lower = url.to_ascii_lowercase();
        self.sites.iter().any(|s| lower.contains(s.as_str()))
    }

    fn names_other_show(&self, text: &str) -> bool {
        self.other.as_ref().is_some_and(|r| r.is_match(text))
    }
}

/// `site/episodes/show/{n}` → an anchored pattern capturing `n` (or `slug`; `{yyyy}`, `{mm}`,
/// `{dd}` match a date's parts).
fn url_form(form: &str) -> Option<Regex> {
    let form = form
        .trim()
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    let form = form.trim_start_matches("www.").trim_end_matches('/');
    let mut pattern = String::from(r"(?i)^(?:https?://)?(?:www\.)?");
    let mut rest = form;
    while let Some(open) = rest.find('{') {
        pattern.push_str(&regex::escape(&rest[..open]));
        let close = rest[open..].find('}')? + open;
        pattern.push_str(match &rest[open + 1..close] {
            "n" => r"(?P<n>\d{1,5})",
            "slug" => r"(?P<slug>[A-Za-z0-9][A-Za-z0-9_-]*)",
            "yyyy" => r"\d{4}",
            "mm" | "dd" => r"\d{1,2}",
            _ => return None,
        });
        rest = &rest[close + 1..];
    }
    pattern.push_str(&regex::escape(rest));
    pattern.push_str(r"(?:[/?#]|$)");
    Regex::new(&pattern).ok()
}

/// `Python Bytes episode {n}` → `\bpython\s*bytes\s+episode\s*#?` (the number follows).
fn prose_form(form: &str) -> String {
    let before = form.split("{n}").next().unwrap_or(form).trim();
    let words: Vec<String> = before.split_whitespace().map(regex::escape).collect();
    let boundary = if before.starts_with(|c: char| c.is_alphanumeric()) {
        r"\b"
    } else {
        ""
    };
    format!(r"{boundary}{}\s*#?", words.join(r"\s*"))
}

/// A show's name as a pattern: words with any spacing, a word boundary at a word's edge.
fn name_pattern(name: &str) -> String {
    let words: Vec<String> = name.split_whitespace().map(regex::escape).collect();
    let joined = words.join(r"\s*");
    let start = if name.starts_with(|c: char| c.is_alphanumeric()) {
        r"\b"
    } else {
        ""
    };
    let end = if name.ends_with(|c: char| c.is_alphanumeric()) {
        r"\b"
    } else {
        ""
    };
    format!("{start}{joined}{end}")
}

/// A link to some other site's episode page (talkpython.fm/episodes/show/84/…).
fn other_episode_url(url: &str, forms: &Forms) -> bool {
    let lower = url.to_ascii_lowercase();
    !forms.on_own_site(&lower)
        && (lower.contains("/episode")
            || forms.names_other_show(&lower)
            || lower.contains("/podcast"))
}

/// "[PythonTest episode 88](https://example.com/88)": a link elsewhere whose last path
/// segment is the number in its text is that site's episode, whatever the text calls it.
fn number_is_the_page(label: &str, url: &str, forms: &Forms) -> bool {
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or(url)
        .trim_end_matches('/');
    let Some((_, last)) = path.rsplit_once('/') else {
        return false;
    };
    !last.is_empty()
        && last.bytes().all(|b| b.is_ascii_digit())
        && !forms.on_own_site(url)
        && forms.prose.captures_iter(label).any(|c| &c[1] == last)
}

/// Another show named right after the number: "Episode 31 of [Test and Code Podcast](…)". Only a
/// few dozen bytes are looked at, so a line of a thousand references stays linear.
fn before_other_show(text: &str, at: usize, forms: &Forms) -> bool {
    let Some(leading) = &forms.leading_other else {
        return false;
    };
    let markup = |c: char| c.is_whitespace() || matches!(c, '[' | '*' | '(' | ':' | ',' | '-');
    let mut after = window(text, at, at + 60).split('\n').next().unwrap_or("");
    for filler in ["of ", "the "] {
        after = after.trim_start_matches(markup);
        after = after.strip_prefix(filler).unwrap_or(after);
    }
    leading.is_match(after.trim_start_matches(markup))
}

/// A discount code is no episode: "pay less with code PB15" (but "Unicode 15" is no code).
fn after_code_word(text: &str, at: usize) -> bool {
    let before = window(text, at.saturating_sub(12), at).trim_end();
    ["code", "coupon"].iter().any(|word| {
        before.len() >= word.len()
            && before.is_char_boundary(before.len() - word.len())
            && before[before.len() - word.len()..].eq_ignore_ascii_case(word)
            && !before[..before.len() - word.len()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
    })
}

/// `text[from..to]`, both ends moved inward to character boundaries.
fn window(text: &str, mut from: usize, mut to: usize) -> &str {
    to = to.min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    from = from.min(to);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    &text[from..to]
}

/// The episode a URL is the page of, if it is one of the show's episode pages.
pub fn episode_of_url(url: &str, forms: &Forms) -> Option<Target> {
    let url = url.trim();
    forms.urls.iter().find_map(|form| {
        let caps = form.captures(url)?;
        if let Some(n) = caps.name("n") {
            return n.as_str().parse().ok().map(Target::Number);
        }
        caps.name("slug")
            .map(|s| Target::Slug(s.as_str().to_ascii_lowercase()))
    })
}

/// Every reference to one of the show's episodes in the text, in order.
pub fn find(text: &str, forms: &Forms) -> Vec<Reference> {
    let mut found = Vec::new();
    let mut taken: Vec<Range<usize>> = Vec::new();
    for caps in markdown_link().captures_iter(text) {
        let whole = caps.get(0).expect("group 0 always matches").range();
        let (label, url) = (caps.get(1).expect("label group"), &caps[2]);
        if let Some(target) = episode_of_url(url, forms) {
            found.push(Reference {
                target,
                span: whole.clone(),
            });
            taken.push(whole);
        } else if other_episode_url(url, forms) || number_is_the_page(label.as_str(), url, forms) {
            // The URL is right where it and the link text disagree: "Talk Python #84".
            taken.push(whole);
        } else {
            // Only the URL is off limits; the link text can still say "episode 11".
            taken.push(label.end()..whole.end);
        }
    }
    if let Some(bare) = &forms.bare_url {
        for m in bare.find_iter(text) {
            if overlaps(&taken, &m.range()) {
                continue;
            }
            if let Some(target) = episode_of_url(m.as_str(), forms) {
                found.push(Reference {
                    target,
                    span: m.range(),
                });
                taken.push(m.range());
            }
        }
    }
    for caps in forms.prose.captures_iter(text) {
        let whole = caps.get(0).expect("group 0 always matches").range();
        if overlaps(&taken, &whole)
            || after_other_show(text, whole.start, forms)
            || before_other_show(text, whole.end, forms)
            || after_code_word(text, whole.start)
        {
            continue;
        }
        if let Ok(episode) = caps[1].parse() {
            found.push(Reference {
                target: Target::Number(episode),
                span: whole,
            });
        }
    }
    found.sort_by_key(|r| (r.span.start, r.span.end));
    found
}

fn overlaps(taken: &[Range<usize>], span: &Range<usize>) -> bool {
    taken
        .iter()
        .any(|t| t.start < span.end && span.start < t.end)
}

/// Whether another show is named just before `at` on the same line, with no mention of the
/// show itself after it: "Talk Python episode 84", "T&C 69", "Test & Code, episode 13".
fn after_other_show(text: &str, at: usize, forms: &Forms) -> bool {
    let Some(other_shows) = &forms.other else {
        return false;
    };
    let before = window(text, at.saturating_sub(40), at);
    let before = before.rsplit('\n').next().unwrap_or(before);
    let Some(other) = other_shows.find_iter(before).last() else {
        return false;
    };
    // "Talk Python … Python Bytes episode 5": the show's own name after the other's wins.
    let own_after = forms
        .own
        .as_ref()
        .is_some_and(|own| own.is_match(&before[other.end()..]));
    !own_after
}

/// The text with every reference but those to `own` (the document's own number, which its
/// title line and intro give) blanked to spaces, so byte offsets and line numbers are kept.
/// References on the first non-empty line (the title) are never blanked.
pub fn mask(text: &str, own: Option<u32>, forms: &Forms) -> String {
    let title_end = title_line_end(text);
    let mut out = text.as_bytes().to_vec();
    for r in find(text, forms) {
        if (own.is_some() && r.number() == own) || r.span.start < title_end {
            continue;
        }
        for b in &mut out[r.span.clone()] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    }
    // Whole UTF-8 sequences inside a span become spaces, so the bytes stay valid UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn title_line_end(text: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        offset += line.len();
        if !line.trim().is_empty() {
            return offset;
        }
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pb() -> Forms {
        Forms::new(&Profile::built_in_for_site("pythonbytes.fm").expect("built in"))
    }

    fn check(text: &str, expected: &[u32]) {
        let got: Vec<u32> = find(text, &pb())
            .iter()
            .filter_map(Reference::number)
            .collect();
        assert_eq!(got, expected, "in {text:?}");
    }

    #[test]
    fn references_to_our_episodes() {
        check("covered in [episode 11](https://pythonbytes.fm/11)", &[11]);
        check("see pythonbytes.fm/7 for more", &[7]);
        check(
            "[the post](https://pythonbytes.fm/episodes/show/98/some-slug)",
            &[98],
        );
        check(
            "[text](https://pythonbytes.fm/episodes/transcript/5/x)",
            &[5],
        );
        check("We covered it in episode 11.", &[11]);
        check("In episode #273, you said", &[273]);
        check("Back on #277 we talked", &[277]);
        check(
            "[Python Bytes #332, about huak](https://example.org/x)",
            &[332],
        );
        check("discussed on [PB 100](https://pythonbytes.fm/100)", &[100]);
        check("Follow up: episode 3 and episode 4", &[3, 4]);
    }

    #[test]
    fn url_beats_link_text() {
        check(
            "[in episode 12](https://pythonbytes.fm/episodes/show/54/x)",
            &[54],
        );
        check(
            "[episode 101](https://talkpython.fm/episodes/show/101/x)",
            &[],
        );
        check("[mentioned in episode 9](https://github.com/a/b)", &[9]);
    }

    #[test]
    fn other_shows_are_not_references() {
        check("Also on [Talk Python #84](https://talkpython.fm/84)", &[]);
        check("Talk Python episode 84 was good", &[]);
        check("see testandcode.com/69", &[]);
        check("as on T&C 69 and T&C #70", &[]);
        check("Ian was on Test & Code, episode 13", &[]);
        check("sponsor: pythonbytes.fm/foundershub2022", &[]);
        check("- #1 Rust, #2 Kotlin", &[]);
        check("**Brian #1:** a title", &[]);
        check(
            "- Episode 31 of [Test and Code Podcast](http://example.net/) is out",
            &[],
        );
        check(
            "[a chat on PythonTest episode 88](https://example.com/88)",
            &[],
        );
        check(
            "[episode 216 of another show](https://example.com/216)",
            &[],
        );
        check("pay less with code PB15 at checkout", &[]);
        check("as PythonTest episode 57 explained", &[]);
        // Only the word "code" marks a discount code.
        check("new in Unicode episode 12", &[12]);
        // "on #" must be a word: not "Solution #1" or a misspelt "Brain #1".
        check("- **Solution #1: No variable**", &[]);
        check("**Brain #1:** a title", &[]);
        // The number must be the page: a bug's number is not an episode's.
        check(
            "[fixed since episode 9](https://github.com/a/b/issues/12)",
            &[9],
        );
    }

    #[test]
    fn masking_keeps_lines_and_own_number() {
        let text = "# Python Bytes 20\nIn episode 20, recorded\nsee [x](https://pythonbytes.fm/9) é\nepisode 11\n";
        let masked = mask(text, Some(20), &pb());
        assert_eq!(masked.len(), text.len());
        assert_eq!(masked.lines().count(), text.lines().count());
        assert!(masked.contains("In episode 20"), "{masked}");
        assert!(!masked.contains("pythonbytes.fm/9"), "{masked}");
        assert!(!masked.contains("episode 11"), "{masked}");
        assert!(masked.starts_with("# Python Bytes 20\n"));
        assert_eq!(
            find(&masked, &pb())
                .iter()
                .filter(|r| r.number() != Some(20))
                .count(),
            0
        );
    }
}
