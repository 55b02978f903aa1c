//! Names: identity keys and the shape of a person's name.
//!
//! Takes surface strings and produces the keys entities are merged on (PEP 503 for packages, a
//! folded form for everything else) and answers whether a string is shaped like a person's name.
//! Pure functions; no data files, no state.

const GIVEN_NAMES: &str = include_str!("../../data/given-names.txt");

/// Whether a word is a common given name ("David", "Gajendra", "Łukasz"), from data/given-names.txt.
pub fn is_given_name(word: &str) -> bool {
    // Asked for every word of every block: FxHash, not SipHash, on these short keys, and only
    // for a word whose first byte some name starts with (most words are lower case).
    type Names = (rustc_hash::FxHashSet<&'static str>, [bool; 256]);
    static NAMES: std::sync::OnceLock<Names> = std::sync::OnceLock::new();
    let (names, first_bytes) = NAMES.get_or_init(|| {
        let names: rustc_hash::FxHashSet<&'static str> = GIVEN_NAMES
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        let mut first_bytes = [false; 256];
        for name in &names {
            first_bytes[usize::from(name.as_bytes()[0])] = true;
        }
        (names, first_bytes)
    });
    word.as_bytes()
        .first()
        .is_some_and(|&b| first_bytes[usize::from(b)])
        && names.contains(word)
}

pub fn pep503(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_run = false;
    for c in name.trim().chars() {
        if matches!(c, '-' | '_' | '.') {
            if !in_run {
                out.push('-');
            }
            in_run = true;
        } else {
            out.extend(c.to_lowercase());
            in_run = false;
        }
    }
    out
}

/// A key for merging names of people, projects, organizations and laws: lower case, letters and
/// digits kept, every other run of characters one `-`. "Conway’s Law" and "Conway's law" agree.
/// A `+` or `#` that ends a word stays, so C, C++ and C# remain three languages.
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending = false;
    for c in name.chars() {
        if c == '\'' || c == '’' {
            continue;
        }
        if matches!(c, '+' | '#')
            && !pending
            && out.ends_with(|p: char| p.is_alphanumeric() || p == c)
        {
            out.push(c);
            continue;
        }
        if c.is_alphanumeric() {
            if pending && !out.is_empty() {
                out.push('-');
            }
            out.extend(c.to_lowercase());
            pending = false;
        } else {
            pending = true;
        }
    }
    out
}

/// Letters and digits only, lower case: the scoring normalisation, also used to compare link
/// text with a domain ("Beer Garden" vs beer-garden.io).
pub fn squash(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

const PARTICLES: [&str; 14] = [
    "van", "von", "de", "der", "den", "da", "di", "du", "del", "la", "le", "dos", "bin", "al",
];

/// Words that are capitalised at the start of a sentence or in titles but are not names.
const NOT_NAME_WORDS: [&str; 40] = [
    "The", "A", "An", "And", "Or", "Of", "In", "On", "At", "To", "For", "With", "From", "By",
    "Via", "Is", "It", "This", "That", "My", "Our", "Your", "How", "Why", "What", "When", "Using",
    "New", "Python", "Part", "Episode", "Show", "Notes", "Thanks", "See", "Also", "Here", "Not",
    "All", "No",
];

fn is_name_word(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() {
        return false;
    }
    let rest = chars.as_str();
    // "J." and "JP" initials are fine; "HTTP" or "PEP" in the middle of a name is not.
    if rest.is_empty() || rest == "." {
        return true;
    }
    let letters = rest.chars().filter(|c| c.is_alphabetic()).count();
    let lower = rest.chars().filter(|c| c.is_lowercase()).count();
    let allowed = rest
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '.'));
    allowed && letters >= 1 && lower * 2 >= letters && !NOT_NAME_WORDS.contains(&word)
}

pub fn is_person_name(text: &str) -> bool {
    // At most five words count, so a sixth ends the look without collecting the whole text.
    let mut buf = [""; 6];
    let mut len = 0;
    for word in text.split_whitespace() {
        if len == buf.len() {
            return false;
        }
        buf[len] = word;
        len += 1;
    }
    let words = &buf[..len];
    if !(2..=5).contains(&words.len()) {
        return false;
    }
    let (first, last) = (words[0], words[words.len() - 1]);
    let full_first = first.chars().filter(|c| c.is_alphabetic()).count() >= 2;
    let middle_ok = words[1..words.len() - 1]
        .iter()
        .all(|w| is_name_word(w) || PARTICLES.contains(w));
    full_first
        && is_name_word(first)
        && is_name_word(last)
        && last.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && middle_ok
}

/// A person's name that starts with a known given name: "Jane Doe", not "More Mars".
pub fn starts_with_given_name(text: &str) -> bool {
    is_person_name(text) && text.split_whitespace().next().is_some_and(is_given_name)
}

/// The longest person name at the start of `text` ("Matthew Rocklin, who…" → "Matthew Rocklin").
/// A name without its possessive: "Josh Comeau's" → "Josh Comeau", "Scott’s" → "Scott".
pub fn strip_possessive(name: &str) -> &str {
    name.strip_suffix("'s")
        .or_else(|| name.strip_suffix("’s"))
        .unwrap_or(name)
}

/// A name without what a label may not end in: a possessive, or a separator left over from
/// link text ("Tailwind UI -", "Decap CMS |").
pub fn tidy_label(name: &str) -> &str {
    let trimmed = name
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '|' | '-' | '–' | '—' | ':'));
    strip_possessive(trimmed).trim_end()
}

pub fn leading_person_name(text: &str) -> Option<&str> {
    if text.starts_with(char::is_whitespace) {
        return None;
    }
    let mut ends = Vec::new();
    let mut words = 0;
    let mut stopped = false;
    for (index, c) in text.char_indices() {
        if c == ' ' {
            ends.push(index);
            // A name has at most five words; never read further into a long line. A
            // possessive ends it: "Josh Comeau's CSS Reset" is by Josh Comeau.
            if ends.len() > 6 || strip_possessive(&text[..index]).len() < index {
                stopped = true;
                break;
            }
        }
        if matches!(
            c,
            ',' | ';' | ':' | '(' | ')' | '!' | '?' | '"' | '“' | '”' | '/' | '|' | '[' | ']'
        ) {
            ends.push(index);
            stopped = true;
            break;
        }
        if c == '.'
            && text[index + 1..].starts_with([' ', '\n'])
            && index > 0
            && !text[..index].ends_with(|p: char| p.is_uppercase())
        {
            ends.push(index);
            stopped = true;
            break;
        }
    }
    // The whole text is a candidate only when nothing above ended the name first.
    if !stopped {
        ends.push(text.len());
    }
    ends.dedup();
    let mut best = None;
    for end in ends {
        // Only the end is trimmed: callers place the name at the start of `text` (whitespace
        // there, such as a vertical tab the attribution pattern leaves, means no name at all).
        let candidate = strip_possessive(text[..end].trim_end()).trim_end_matches(['.', '\'', '’']);
        words += 1;
        if words > 6 {
            break;
        }
        if is_person_name(candidate) {
            best = Some(candidate);
        } else if best.is_some() {
            break;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pep503_names() {
        let cases = [
            ("memory_profiler", "memory-profiler"),
            ("Flask", "flask"),
            ("zope.interface", "zope-interface"),
            ("a-_.b", "a-b"),
        ];
        for (name, expected) in cases {
            assert_eq!(pep503(name), expected);
        }
    }

    #[test]
    fn folded_keys() {
        let cases = [
            ("Conway’s Law", "conways-law"),
            ("Conway's law", "conways-law"),
            ("PEP 584", "pep-584"),
            ("Łukasz Langa", "łukasz-langa"),
            ("C++", "c++"),
            ("C#", "c#"),
            ("C", "c"),
            ("#100DaysOfCode", "100daysofcode"),
        ];
        for (name, expected) in cases {
            assert_eq!(fold(name), expected);
        }
    }

    #[test]
    fn person_name_shapes() {
        let cases = [
            ("Matthew Rocklin", true),
            ("Wai Chee Yau", true),
            ("Guido van Rossum", true),
            ("Steven D'Aprano", true),
            ("Łukasz Langa", true),
            ("Calvin Hendryx-Parker", true),
            ("Python Software", false),
            ("The Peter", false),
            ("matthew rocklin", false),
            ("Rocklin", false),
            ("HTTP API", false),
            ("Why I Avoid Slack Today", false),
        ];
        for (text, expected) in cases {
            assert_eq!(is_person_name(text), expected, "{text}");
        }
    }

    #[test]
    fn leading_names() {
        let cases = [
            ("Matthew Rocklin", Some("Matthew Rocklin")),
            ("Craig Kerstiens, on monoliths", Some("Craig Kerstiens")),
            ("Derrick Chambers. Then more", Some("Derrick Chambers")),
            ("Tim Sommer (blog)", Some("Tim Sommer")),
            ("the team at Zendesk", None),
            ("Josh Comeau's CSS Reset", Some("Josh Comeau")),
            ("Ada Quill’s Blog Post", Some("Ada Quill")),
            ("\u{b} Ada Quill", None),
        ];
        for (text, expected) in cases {
            assert_eq!(leading_person_name(text), expected, "{text}");
        }
    }

    #[test]
    fn labels_lose_possessives_and_separators() {
        let cases = [
            ("Josh Comeau's", "Josh Comeau"),
            ("Scott’s", "Scott"),
            ("Tailwind UI -", "Tailwind UI"),
            ("Decap CMS |", "Decap CMS"),
            ("Brad Frost – ", "Brad Frost"),
            ("solid-js", "solid-js"),
            ("Charles", "Charles"),
        ];
        for (name, expected) in cases {
            assert_eq!(tidy_label(name), expected, "{name}");
        }
    }
}
