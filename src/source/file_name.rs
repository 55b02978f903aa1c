//! File names: a show-notes file's path in, what its name says about the episode out.
//!
//! Shows name their files every which way: `123.md`, `0123-slug.md`, `999 - Title.md`,
//! `show-name-123.md`, `ep123.md`, `s02e05.md`, `PB 485.md`, Jekyll's `2019-08-08-slug.md` and
//! Hugo's `content/episodes/slug/index.md`. A leading date is the episode's date, never its
//! number; after a date a number counts only in an explicit form (`episode-12`, `ep12`).
//! Pure: never touches the file system, never fails.

use std::path::Path;

/// What a file name says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FromName {
    pub number: Option<u32>,
    pub season: Option<u32>,
    /// ISO 8601 (`2019-08-08`).
    pub date: Option<String>,
    /// The name without its date and number, lower-case words joined by `-`.
    pub slug: Option<String>,
    /// A title the name spells (`999 - Fast Builds.md` → "Fast Builds"; a slug gives
    /// "Lint all the things").
    pub title: Option<String>,
}

/// Reads a path's file name (or, for `index.md`, its folder's name).
pub fn parse(path: &Path) -> FromName {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let stem = if stem.eq_ignore_ascii_case("index") || stem.eq_ignore_ascii_case("_index") {
        path.parent()
            .and_then(|p| p.file_name())
            .and_then(|s| s.to_str())
            .unwrap_or(stem)
    } else {
        stem
    };
    parse_stem(stem)
}

/// The same for a bare stem (`480-proud-parents`).
pub fn parse_stem(stem: &str) -> FromName {
    let stem = stem.trim();
    if let Some((date, rest)) = leading_date(stem) {
        // After a date only an explicit number right after it counts (`2020-01-01-episode-12`):
        // "not-a-clip-show-episode-100" is a title that says a number, not the post's number.
        let (number, season, rest) = match explicit_number(rest) {
            found @ (Some(_), _, _) if starts_explicit(rest) => found,
            _ => (None, None, rest),
        };
        return finish(
            FromName {
                number,
                season,
                date: Some(date),
                ..FromName::default()
            },
            rest,
        );
    }
    let (number, season, rest) = explicit_number(stem);
    if number.is_some() {
        return finish(
            FromName {
                number,
                season,
                ..FromName::default()
            },
            rest,
        );
    }
    if date_shaped(stem) {
        // `2019-13-45`: not a real date, but no number either.
        return finish(FromName::default(), stem);
    }
    let (number, rest) = number_anywhere(stem);
    finish(
        FromName {
            number,
            ..FromName::default()
        },
        rest,
    )
}

fn finish(mut name: FromName, rest: &str) -> FromName {
    let words = words(rest);
    if !words.is_empty() {
        name.slug = Some(super::slugify(rest)).filter(|s| !s.is_empty());
        name.title = title_of(rest, &words);
    }
    name
}

/// `YYYY-MM-DD` or `YYYYMMDD` at the start, followed by a separator or nothing.
fn leading_date(stem: &str) -> Option<(String, &str)> {
    let b = stem.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    let (y, m, d, len) = if digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10)
    {
        (&stem[0..4], &stem[5..7], &stem[8..10], 10)
    } else if digits(0..8) && !b.get(8).is_some_and(u8::is_ascii_digit) {
        (&stem[0..4], &stem[4..6], &stem[6..8], 8)
    } else {
        return None;
    };
    let rest = &stem[len..];
    if !(rest.is_empty() || rest.starts_with(['-', '_', ' ', '.'])) {
        return None;
    }
    let date = format!("{y}-{m}-{d}");
    super::date::is_valid(&date).then_some((date, rest))
}

fn date_shaped(stem: &str) -> bool {
    let b = stem.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

/// Whether the text (after separators) opens with an explicit number form.
fn starts_explicit(text: &str) -> bool {
    let lower = text
        .trim_start_matches(['-', '_', ' ', '.'])
        .to_ascii_lowercase();
    explicit_at(&lower, 0).is_some()
}

/// `s02e05`, `ep12`, `ep-12`, `episode-12`, `episode 12`, `e12` at a word start.
fn explicit_number(text: &str) -> (Option<u32>, Option<u32>, &str) {
    let lower = text.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    for (at, _) in lower.char_indices() {
        let word_start = at == 0 || !bytes[at - 1].is_ascii_alphanumeric();
        if word_start {
            if let Some((number, season, end)) = explicit_at(&lower, at) {
                let rest = if at == 0 { &text[end..] } else { &text[..at] };
                let rest = if rest.trim_matches(|c: char| !c.is_alphanumeric()).is_empty() && at > 0
                {
                    &text[end..]
                } else {
                    rest
                };
                return (Some(number), season, rest);
            }
        }
    }
    (None, None, text)
}

fn explicit_at(lower: &str, at: usize) -> Option<(u32, Option<u32>, usize)> {
    let tail = &lower[at..];
    // s02e05
    if let Some(after_s) = tail.strip_prefix('s') {
        let sd = after_s.bytes().take_while(u8::is_ascii_digit).count();
        if sd > 0 && after_s[sd..].starts_with('e') {
            let ed = after_s[sd + 1..]
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count();
            if ed > 0 && !after_s[sd + 1 + ed..].starts_with(|c: char| c.is_ascii_alphanumeric()) {
                let season = after_s[..sd].parse().ok();
                let number = after_s[sd + 1..sd + 1 + ed].parse().ok()?;
                return Some((number, season, at + 2 + sd + ed));
            }
        }
    }
    for prefix in ["episode", "ep", "e"] {
        let Some(after) = tail.strip_prefix(prefix) else {
            continue;
        };
        let sep = after.len() - after.trim_start_matches(['-', '_', ' ', '.', '#']).len();
        let digits = after[sep..].bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || (prefix == "e" && sep > 0) {
            continue;
        }
        if after[sep + digits..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let number = after[sep..sep + digits].parse().ok()?;
        return Some((number, None, at + prefix.len() + sep + digits));
    }
    None
}

/// `123`, `0123-slug`, `999 - Title`, `PB 485`, `show-name-123`: a number that starts the name
/// (after at most a short letter prefix) or ends it after a separator. `3d-printing` has none.
fn number_anywhere(stem: &str) -> (Option<u32>, &str) {
    let prefix = stem.len()
        - stem
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .len();
    let after_prefix = &stem[prefix..];
    let trimmed = after_prefix.trim_start_matches(' ');
    let lead_ok = prefix <= 3 && (prefix == 0 || !trimmed.is_empty());
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    if lead_ok && digits > 0 && !trimmed[digits..].starts_with(|c: char| c.is_alphanumeric()) {
        return (trimmed[..digits].parse().ok(), &trimmed[digits..]);
    }
    // A trailing `-123` after words: `the-show-450`.
    let body = stem.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = stem.len() - body.len();
    if digits > 0 && digits <= 5 && body.ends_with(['-', '_', ' ']) && body.len() > 1 {
        return (stem[body.len()..].parse().ok(), body);
    }
    (None, stem)
}

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| c == '-' || c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty() && w.chars().any(char::is_alphanumeric))
        .collect()
}

/// `" - Fast Builds"` keeps its case ("Fast Builds"); a slug gets a capital first letter.
fn title_of(rest: &str, words: &[&str]) -> Option<String> {
    let spaced = rest
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_end();
    if rest.contains(' ') && !spaced.is_empty() {
        return Some(spaced.to_string());
    }
    let joined = words.join(" ");
    let mut chars = joined.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(
        name: &str,
        number: Option<u32>,
        season: Option<u32>,
        date: Option<&str>,
        slug: Option<&str>,
    ) {
        let got = parse(Path::new(name));
        assert_eq!(
            (
                got.number,
                got.season,
                got.date.as_deref(),
                got.slug.as_deref()
            ),
            (number, season, date, slug),
            "{name}"
        );
    }

    #[test]
    fn numbers_dates_and_slugs() {
        type Case<'a> = (
            &'a str,
            Option<u32>,
            Option<u32>,
            Option<&'a str>,
            Option<&'a str>,
        );
        let cases: &[Case] = &[
            ("123.md", Some(123), None, None, None),
            ("001.md", Some(1), None, None, None),
            (
                "0123-slug-here.md",
                Some(123),
                None,
                None,
                Some("slug-here"),
            ),
            (
                "999 - Fast Builds.md",
                Some(999),
                None,
                None,
                Some("fast-builds"),
            ),
            ("show-name-123.md", Some(123), None, None, Some("show-name")),
            ("the-show-450.md", Some(450), None, None, Some("the-show")),
            ("ep123.md", Some(123), None, None, None),
            ("ep-7-intro.md", Some(7), None, None, Some("intro")),
            ("s02e05.md", Some(5), Some(2), None, None),
            ("PB 485.md", Some(485), None, None, None),
            (
                "423 - we’re fine.md",
                Some(423),
                None,
                None,
                Some("we-re-fine"),
            ),
            ("épisode-12.md", Some(12), None, None, Some("épisode")),
            (
                "480-proud-parents.md",
                Some(480),
                None,
                None,
                Some("proud-parents"),
            ),
            ("notes.md", None, None, None, Some("notes")),
            ("3d-printing.md", None, None, None, Some("3d-printing")),
            (
                "2019-08-08-guest-name.md",
                None,
                None,
                Some("2019-08-08"),
                Some("guest-name"),
            ),
            (
                "20190808-guest.md",
                None,
                None,
                Some("2019-08-08"),
                Some("guest"),
            ),
            (
                "2020-01-01-episode-12.md",
                Some(12),
                None,
                Some("2020-01-01"),
                None,
            ),
            (
                "2020-01-01-ep12-rust.md",
                Some(12),
                None,
                Some("2020-01-01"),
                Some("rust"),
            ),
            (
                "2021-03-04-the-2020-review.md",
                None,
                None,
                Some("2021-03-04"),
                Some("the-2020-review"),
            ),
            (
                "content/episodes/fast-builds/index.md",
                None,
                None,
                None,
                Some("fast-builds"),
            ),
            (
                "2019-13-45-not-a-date.md",
                None,
                None,
                None,
                Some("2019-13-45-not-a-date"),
            ),
        ];
        for &(name, number, season, date, slug) in cases {
            check(name, number, season, date, slug);
        }
    }

    #[test]
    fn titles_from_names() {
        let cases = [
            ("999 - Fast Builds.md", Some("Fast Builds")),
            ("203-lint-all-the-things.md", Some("Lint all the things")),
            ("123.md", None),
        ];
        for (name, title) in cases {
            assert_eq!(parse(Path::new(name)).title.as_deref(), title, "{name}");
        }
    }
}
