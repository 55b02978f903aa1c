//! References: a document's text in, the earlier Python Bytes episodes it names out.
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
//! let text = "We covered it in [episode 11](https://pythonbytes.fm/11).";
//! assert_eq!(podgraph::references::find(text)[0].episode, 11);
//! ```

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

/// One mention of a Python Bytes episode by number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub episode: u32,
    /// Byte range in the text: the whole markdown link for a linked reference.
    pub span: Range<usize>,
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

/// A bare URL anywhere in prose.
fn bare_url() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)(?:https?://)?(?:www\.)?pythonbytes\.fm/[^\s)\]>]*",
    )
}

/// A Python Bytes episode page: `/98`, `/episodes/show/98/…`, `/episodes/transcript/98/…`.
fn episode_url() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)^(?:https?://)?(?:www\.)?pythonbytes\.fm/(?:episodes/(?:show|transcript)/)?(\d{1,4})(?:[/?#]|$)",
    )
}

/// Prose forms: "episode 11", "episode #273", "ep. 5", "PB 100", "Python Bytes #332",
/// "back on #277", "see #396".
fn prose() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)\b(?:episodes?\s*#?|ep\.?\s*#?|pb\s*#?|python\s*bytes\s+(?:episode\s+)?#?|(?:on|in|see|from)\s+#)\s*(\d{1,4})\b",
    )
}

/// Names of other shows whose episode numbers look like ours.
const OTHER_SHOWS: &str = r"talk\s*python|test\s*(?:&|and)\s*code|testandcode|\bt&c\b|python\s*test\b|changelog|podcast\.?\s*__init__|podcastinit|real\s*python\s*podcast";

fn other_show() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(&format!("(?i){OTHER_SHOWS}")).expect("show names are valid"))
}

/// The same names, only at the start of the text searched.
fn leading_other_show() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(&format!("(?i)^(?:{OTHER_SHOWS})")).expect("show names are valid"))
}

/// A link to some other site's episode page (talkpython.fm/episodes/show/84/…).
fn other_episode_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    !lower.contains("pythonbytes.fm")
        && (lower.contains("/episode")
            || other_show().is_match(&lower)
            || lower.contains("/podcast"))
}

/// "[PythonTest episode 88](https://example.com/88)": a link elsewhere whose last path
/// segment is the number in its text is that site's episode, whatever the text calls it.
fn number_is_the_page(label: &str, url: &str) -> bool {
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
        && !url.to_ascii_lowercase().contains("pythonbytes.fm")
        && prose().captures_iter(label).any(|c| &c[1] == last)
}

/// Another show named right after the number: "Episode 31 of [Test and Code Podcast](…)". Only a
/// few dozen bytes are looked at, so a line of a thousand references stays linear.
fn before_other_show(text: &str, at: usize) -> bool {
    let markup = |c: char| c.is_whitespace() || matches!(c, '[' | '*' | '(' | ':' | ',' | '-');
    let mut after = window(text, at, at + 60).split('\n').next().unwrap_or("");
    for filler in ["of ", "the "] {
        after = after.trim_start_matches(markup);
        after = after.strip_prefix(filler).unwrap_or(after);
    }
    leading_other_show().is_match(after.trim_start_matches(markup))
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

/// The episode a URL is the page of, if it is a Python Bytes episode page.
pub fn episode_of_url(url: &str) -> Option<u32> {
    let caps = episode_url().captures(url.trim())?;
    caps[1].parse().ok()
}

/// Every Python Bytes episode reference in the text, in order.
pub fn find(text: &str) -> Vec<Reference> {
    let mut found = Vec::new();
    let mut taken: Vec<Range<usize>> = Vec::new();
    for caps in markdown_link().captures_iter(text) {
        let whole = caps.get(0).expect("group 0 always matches").range();
        let (label, url) = (caps.get(1).expect("label group"), &caps[2]);
        if let Some(episode) = episode_of_url(url) {
            found.push(Reference {
                episode,
                span: whole.clone(),
            });
            taken.push(whole);
        } else if other_episode_url(url) || number_is_the_page(label.as_str(), url) {
            // The URL is right where it and the link text disagree: "Talk Python #84".
            taken.push(whole);
        } else {
            // Only the URL is off limits; the link text can still say "episode 11".
            taken.push(label.end()..whole.end);
        }
    }
    for m in bare_url().find_iter(text) {
        if overlaps(&taken, &m.range()) {
            continue;
        }
        if let Some(episode) = episode_of_url(m.as_str()) {
            found.push(Reference {
                episode,
                span: m.range(),
            });
            taken.push(m.range());
        }
    }
    for caps in prose().captures_iter(text) {
        let whole = caps.get(0).expect("group 0 always matches").range();
        if overlaps(&taken, &whole)
            || after_other_show(text, whole.start)
            || before_other_show(text, whole.end)
            || after_code_word(text, whole.start)
        {
            continue;
        }
        if let Ok(episode) = caps[1].parse() {
            found.push(Reference {
                episode,
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

/// Whether another show is named just before `at` on the same line, with no mention of
/// Python Bytes after it: "Talk Python episode 84", "T&C 69", "Test & Code, episode 13".
fn after_other_show(text: &str, at: usize) -> bool {
    let before = window(text, at.saturating_sub(40), at);
    let before = before.rsplit('\n').next().unwrap_or(before);
    let Some(other) = other_show().find_iter(before).last() else {
        return false;
    };
    let ours = before.to_ascii_lowercase();
    let ours = ours
        .rfind("python bytes")
        .or_else(|| ours.rfind("pythonbytes"));
    ours.is_none_or(|i| i < other.start())
}

/// The text with every reference but those to `own` (the document's own number, which its
/// title line and intro give) blanked to spaces, so byte offsets and line numbers are kept.
/// References on the first non-empty line (the title) are never blanked.
pub fn mask(text: &str, own: Option<u32>) -> String {
    let title_end = title_line_end(text);
    let mut out = text.as_bytes().to_vec();
    for r in find(text) {
        if Some(r.episode) == own || r.span.start < title_end {
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

    fn check(text: &str, expected: &[u32]) {
        let got: Vec<u32> = find(text).iter().map(|r| r.episode).collect();
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
        // The number must be the page: a bug's number is not an episode's.
        check(
            "[fixed since episode 9](https://github.com/a/b/issues/12)",
            &[9],
        );
    }

    #[test]
    fn masking_keeps_lines_and_own_number() {
        let text = "# Python Bytes 20\nIn episode 20, recorded\nsee [x](https://pythonbytes.fm/9) é\nepisode 11\n";
        let masked = mask(text, Some(20));
        assert_eq!(masked.len(), text.len());
        assert_eq!(masked.lines().count(), text.lines().count());
        assert!(masked.contains("In episode 20"), "{masked}");
        assert!(!masked.contains("pythonbytes.fm/9"), "{masked}");
        assert!(!masked.contains("episode 11"), "{masked}");
        assert!(masked.starts_with("# Python Bytes 20\n"));
        assert_eq!(find(&masked).iter().filter(|r| r.episode != 20).count(), 0);
    }
}
