//! Chapters: a block's plain text in, the chapter start it announces (seconds) and its title out.
//!
//! Notes mark chapters with a time at the start of a line, in three generations of the same idea:
//! a time alone (`5:23`, the topic on the next line), a time and a separator (`02:25 - How it
//! works`), and a bold link to the time (`**[09:36](#t=09:36)** Fluid Typography`, which markup
//! has already reduced to `09:36 Fluid Typography`). Pure text functions; they never look at
//! other blocks and never fail.

use std::sync::OnceLock;

use regex::Regex;

/// A time at the start of a line, then a separator, a space or the end of the line.
fn time_first() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"^(?P<time>\d{1,2}(?::\d{2}){1,2})(?:\s*[-–—:|]\s*|\s+|$)(?P<title>.*)$")
            .expect("the chapter pattern is valid")
    })
}

/// `m:ss`, `mm:ss` or `h:mm:ss` in seconds; `None` when a part after the first is 60 or more
/// (`12:75` is no time).
pub(super) fn seconds(time: &str) -> Option<u32> {
    let mut total: u32 = 0;
    for (i, part) in time.split(':').enumerate() {
        let value: u32 = part.parse().ok()?;
        if i > 0 && value >= 60 {
            return None;
        }
        total = total.checked_mul(60)?.checked_add(value)?;
    }
    Some(total)
}

/// The start and the title (possibly empty: the topic is on the next line) of a chapter line.
pub(super) fn parse(text: &str) -> Option<(u32, &str)> {
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let caps = time_first().captures(text)?;
    let start = seconds(caps.name("time")?.as_str())?;
    let title = caps.name("title").map_or("", |m| m.as_str().trim());
    Some((start, title))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapter_lines() {
        let cases: &[(&str, Option<(u32, &str)>)] = &[
            ("5:23", Some((323, ""))),
            ("02:25 - How it works", Some((145, "How it works"))),
            ("09:36 Fluid Typography", Some((576, "Fluid Typography"))),
            ("1:01:35", Some((3695, ""))),
            ("1:01:35 — Wrap up", Some((3695, "Wrap up"))),
            ("7:05: Questions", Some((425, "Questions"))),
            ("12:75 nothing", None),
            ("10: Python 3.7", None),
            ("12:30pm lunch", None),
            ("Meet at 5:30", None),
            ("2024 was busy", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse(text), *expected, "{text}");
        }
    }
}
