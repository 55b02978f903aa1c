//! Links: a URL and its link text in, the entity the link names (if any) out.
//!
//! A package index page names a package, a repository names a project, a PEP page names the PEP,
//! a standard-library doc page names the module, a social profile names a person. A link whose
//! text spells its own domain (`[Beer Garden](https://beer-garden.io)`) names the thing the site is
//! about. Pure functions over strings; the caller decides what a hit is worth.

use super::ecosystem::Ecosystem;
use super::names;
use super::EntityKind;

/// What a URL says about the entity it points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A registry's page of one package: `pypi.org/project/NAME`, `npmjs.com/package/@scope/x`,
    /// crates.io, pkg.go.dev, rubygems.org, packagist.org, hex.pm, CRAN.
    Package { eco: Ecosystem, name: String },
    /// A source repository: owner and repository name.
    Repo { owner: String, repo: String },
    /// `NAME.readthedocs.io` and similar documentation hosts.
    Docs(String),
    /// `docs.python.org/3/library/MOD.html`.
    Stdlib(String),
    /// `peps.python.org/pep-0584`.
    Pep(u32),
    /// A person's profile: the handle.
    Profile(String),
    /// Any other page: its host and path segments, for matching against link text.
    Page { host: String, path: Vec<String> },
}

/// A URL's lower-case host without `www.`, user or port; `None` when it has no dot.
pub(crate) fn host(url: &str) -> Option<String> {
    split_url(url).map(|(host, _)| host)
}

/// Splits a URL into lower-case host and non-empty path segments (query and fragment dropped).
fn split_url(url: &str) -> Option<(String, Vec<String>)> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let mut parts = rest.split('/');
    let host = parts.next()?.to_ascii_lowercase();
    let host = host
        .rsplit('@')
        .next()
        .unwrap_or(&host)
        .split(':')
        .next()
        .unwrap_or("")
        .to_string();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    if !host.contains('.') {
        return None;
    }
    let path = parts
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    Some((host, path))
}

const SOCIAL: [&str; 9] = [
    "twitter.com",
    "x.com",
    "fosstodon.org",
    "mastodon.social",
    "hachyderm.io",
    "bsky.app",
    "linkedin.com",
    "threads.net",
    "mstdn.social",
];

/// Paths on GitHub-like hosts that are not repositories.
const NOT_OWNERS: [&str; 14] = [
    "features",
    "blog",
    "sponsors",
    "orgs",
    "topics",
    "marketplace",
    "about",
    "pricing",
    "site",
    "collections",
    "trending",
    "settings",
    "apps",
    "readme",
];

/// A path segment that is a year ("2020"): the mark of a dated blog post.
fn is_year(segment: &str) -> bool {
    segment.len() == 4
        && segment.chars().all(|c| c.is_ascii_digit())
        && (segment.starts_with("19") || segment.starts_with("20"))
}

/// A PyPI project name as PEP 508 allows it: ASCII letters, digits, `.`, `_` and `-`, starting
/// and ending with a letter or digit. Anything else in that place of a URL names nothing.
fn is_pypi_name(name: &str) -> bool {
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    edge(name.chars().next())
        && edge(name.chars().last())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// A path segment that can name something: "**" or "-" cannot, and would give an entity whose
/// name has no letter to show.
fn has_alnum(segment: &str) -> bool {
    segment.chars().any(char::is_alphanumeric)
}

pub fn classify(url: &str) -> Option<Target> {
    let (host, path) = split_url(url)?;
    if let Some((eco, name)) = registry_page(&host, &path) {
        return Some(Target::Package { eco, name });
    }
    let seg = |i: usize| path.get(i).map(String::as_str);
    let target = match host.as_str() {
        "github.com" | "gitlab.com" | "codeberg.org" | "bitbucket.org" => match (seg(0), seg(1)) {
            (Some(owner), Some(repo)) if !NOT_OWNERS.contains(&owner) && has_alnum(repo) => {
                Target::Repo {
                    owner: owner.to_string(),
                    repo: repo.trim_end_matches(".git").to_string(),
                }
            }
            _ => Target::Page { host, path },
        },
        "peps.python.org" | "python.org" | "legacy.python.org" => match pep_number(&path) {
            Some(n) => Target::Pep(n),
            None => Target::Page { host, path },
        },
        "docs.python.org" => match path.iter().position(|p| p == "library") {
            Some(i) => match path.get(i + 1) {
                Some(page) => Target::Stdlib(page.trim_end_matches(".html").to_string()),
                None => Target::Page { host, path },
            },
            None => Target::Page { host, path },
        },
        h if h.ends_with(".readthedocs.io") || h.ends_with(".readthedocs.org") => {
            Target::Docs(h.split('.').next().unwrap_or("").to_string())
        }
        // "rednafi.github.io/digressions/python/2020/03/26/…" is a blog post, not a project.
        h if h.ends_with(".github.io")
            && seg(0).is_some_and(|s| !matches!(s, "blog" | "posts" | "post") && has_alnum(s))
            && !path.iter().any(|p| is_year(p)) =>
        {
            Target::Repo {
                owner: h.split('.').next().unwrap_or("").to_string(),
                repo: seg(0).unwrap_or("").to_string(),
            }
        }
        h if SOCIAL.contains(&h) => profile(h, &path)
            .map(Target::Profile)
            .unwrap_or(Target::Page { host, path }),
        // Any other Mastodon instance: `host/@handle`.
        _ if seg(0).is_some_and(|p| p.starts_with('@') && p.len() > 2) && path.len() <= 2 => {
            Target::Profile(seg(0).unwrap_or("")[1..].to_string())
        }
        _ => Target::Page { host, path },
    };
    Some(target)
}

/// The registry and package name of a registry's page for one package.
fn registry_page(host: &str, path: &[String]) -> Option<(Ecosystem, String)> {
    let seg = |i: usize| path.get(i).map(String::as_str);
    // npm's `@scope/name` and Composer's `vendor/name` take two segments.
    let two = |i: usize| Some(format!("{}/{}", seg(i)?, seg(i + 1)?));
    let (eco, name) = match (host, seg(0)?) {
        ("pypi.org" | "pypi.python.org", "project" | "pypi") => (Ecosystem::Pypi, seg(1)?.into()),
        ("npmjs.com" | "npmjs.org", "package") if seg(1)?.starts_with('@') => {
            (Ecosystem::Npm, two(1)?)
        }
        ("npmjs.com" | "npmjs.org", "package") => (Ecosystem::Npm, seg(1)?.into()),
        ("crates.io" | "lib.rs", "crates") => (Ecosystem::Crates, seg(1)?.into()),
        ("docs.rs", "crate") => (Ecosystem::Crates, seg(1)?.into()),
        ("docs.rs", name) => (Ecosystem::Crates, name.into()),
        // A module path starts with a host ("github.com/spf13/cobra"); "net/http" is the
        // standard library, no module.
        ("pkg.go.dev", first) if first.contains('.') => {
            let module = path.join("/");
            (Ecosystem::Go, module.split('@').next()?.to_string())
        }
        ("rubygems.org", "gems") => (Ecosystem::Gems, seg(1)?.into()),
        ("packagist.org", "packages") => (Ecosystem::Packagist, two(1)?),
        ("hex.pm", "packages") => (Ecosystem::Hex, seg(1)?.into()),
        ("cran.r-project.org", first) if first.starts_with("package=") => {
            (Ecosystem::Cran, first["package=".len()..].into())
        }
        ("cran.r-project.org", "web") if seg(1)? == "packages" => (Ecosystem::Cran, seg(2)?.into()),
        _ => return None,
    };
    // A segment that cannot be a name ("**", "-x-", "__") names no package: a PyPI name is a
    // PEP 508 name, any other registry's holds a letter or digit.
    let valid = match eco {
        Ecosystem::Pypi => is_pypi_name(&name),
        _ => has_alnum(&name),
    };
    valid.then_some((eco, name))
}

fn pep_number(path: &[String]) -> Option<u32> {
    let last = path
        .iter()
        .rev()
        .find(|p| p.starts_with("pep-") || p.starts_with("pep"))?;
    let digits: String = last
        .trim_start_matches("pep")
        .trim_start_matches('-')
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

fn profile(host: &str, path: &[String]) -> Option<String> {
    let first = path.first()?;
    let handle = match host {
        "bsky.app" => (first == "profile")
            .then(|| path.get(1).cloned())
            .flatten()?,
        "linkedin.com" => (first == "in").then(|| path.get(1).cloned()).flatten()?,
        "twitter.com" | "x.com" => {
            let reserved = [
                "search", "hashtag", "i", "intent", "home", "share", "explore", "settings",
                "messages",
            ];
            if reserved.contains(&first.as_str()) {
                return None;
            }
            first.clone()
        }
        _ => first.strip_prefix('@')?.to_string(),
    };
    let handle = handle.trim_start_matches('@').to_string();
    (!handle.is_empty()).then_some(handle)
}

/// Whether a URL is on GitHub Pages (`owner.github.io/…`), which `classify` reads as a
/// repository.
pub fn is_pages_site(url: &str) -> bool {
    split_url(url).is_some_and(|(host, _)| host.ends_with(".github.io"))
}

/// Whether a social link is one post (a tweet, a toot) rather than the profile itself.
pub fn is_post(url: &str) -> bool {
    let Some((host, path)) = split_url(url) else {
        return false;
    };
    // A LinkedIn profile is only ever `/in/NAME`, never a post.
    match host.as_str() {
        "bsky.app" => path.len() >= 3,
        "linkedin.com" => false,
        _ => path.len() >= 2,
    }
}

/// Host labels that say nothing about a site's subject.
fn is_generic_label(label: &str) -> bool {
    matches!(
        label,
        "www"
            | "docs"
            | "doc"
            | "blog"
            | "en"
            | "app"
            | "api"
            | "dev"
            | "web"
            | "pages"
            | "info"
            | "help"
            | "get"
            | "try"
    )
}

/// The whole link text when it spells the page's own slug: "[Quickle](…/quickle/)",
/// "[The Complete pytest Course](…/the-complete-pytest-course)", "[XPath](…/wiki/XPath)". A page
/// named after the text is a page about that thing. Headlines ("Why I love pytest") and generic
/// words ("docs", "here") are not names, so the text must be short and look like one.
pub fn subject_from_path<'t>(text: &'t str, path: &[String]) -> Option<&'t str> {
    let name = name_like(text)?;
    let key = names::squash(name);
    if key.len() < 3 || is_generic_label(&key) || NOT_OWNERS.contains(&key.as_str()) {
        return None;
    }
    match path.last() {
        // "[Online Template Wizard](https://generator.example/)": a home page under a
        // name of several words is that site's name. One word ("Here") proves too little.
        None => name.contains(' ').then_some(name),
        Some(slug) => {
            let slug = slug.rsplit_once('.').map_or(slug.as_str(), |(stem, ext)| {
                if ext.chars().all(|c| c.is_ascii_alphabetic()) && ext.len() <= 4 {
                    stem
                } else {
                    slug
                }
            });
            (names::squash(slug) == key).then_some(name)
        }
    }
}

/// Link texts of a course site's own pages, which are no course's title.
const NAVIGATION: [&str; 12] = [
    "getting started",
    "get started",
    "start here",
    "learn more",
    "read more",
    "sign up",
    "sign in",
    "log in",
    "enroll now",
    "buy now",
    "all courses",
    "free trial",
];

/// The link text when it is a course's title: the page is a course ("training." or "courses."
/// host, or a `courses` path segment) and every word of the text is in the page's path, as in
/// "[Mastering PyCharm](…/courses/explore_pycharm/mastering-pycharm-ide)". Courses are projects
/// by the labelling rules. Text about the course ("the HTMX course", "come and get it") is not
/// its title.
pub fn course_title<'t>(text: &'t str, host: &str, path: &[String]) -> Option<&'t str> {
    let on_courses = |s: &str| matches!(s, "course" | "courses" | "training");
    let is_course = host.split('.').next().is_some_and(on_courses)
        || path.iter().any(|p| p == "course" || p == "courses");
    if !is_course {
        return None;
    }
    let title = text.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '*' | ':' | ',' | '.' | '!' | '"' | '“' | '”')
    });
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let first = words.first()?;
    let last = words.last()?;
    if matches!(
        first.as_str(),
        "the" | "a" | "an" | "our" | "my" | "this" | "new" | "see"
    ) || matches!(last.as_str(), "course" | "courses")
        || NAVIGATION.contains(&words.join(" ").as_str())
    {
        return None;
    }
    let content: Vec<&String> = words
        .iter()
        .filter(|w| w.len() >= 3 && !matches!(w.as_str(), "and" | "for" | "with" | "the"))
        .collect();
    // One slug of several words spells the title ("getnotified" is a page, not a course).
    let spells = |segment: &String| {
        let slug = names::squash(segment);
        segment.contains(['-', '_']) && content.iter().all(|w| slug.contains(w.as_str()))
    };
    (content.len() >= 2 && path.iter().any(spells)).then_some(title)
}

/// The link text trimmed to a name, when it reads as one: short, no headline (verbs, articles,
/// function words, commas), capitalised like a name.
fn name_like(text: &str) -> Option<&str> {
    let name =
        text.trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | ':' | ',' | '.' | '!'));
    // "GNU Affero General Public License (AGPL)": the abbreviation is no part of the slug.
    let name = match name.rsplit_once(" (") {
        Some((head, tail)) if tail.ends_with(')') => head,
        _ => name,
    };
    let words: Vec<&str> = name.split_whitespace().collect();
    let lower_words = words
        .iter()
        .filter(|w| w.len() > 3 && w.chars().next().is_some_and(char::is_lowercase))
        .count();
    // A headline reads as a sentence: it starts with a verb ("Using …", "Running …") or an
    // article, or joins its words with lower-case function words ("… is not faster").
    let first = *words.first()?;
    // Questions and listicles ("Will AI Kill …", "Top pytest Plugins", "Before GitHub") and a
    // site's furniture ("FAQ") are titles, not names.
    let sentence_like = first.ends_with("ing")
        || matches!(
            first,
            "A" | "An"
                | "Will"
                | "Can"
                | "Should"
                | "Why"
                | "How"
                | "What"
                | "When"
                | "Where"
                | "Who"
                | "Is"
                | "Are"
                | "Do"
                | "Does"
                | "Before"
                | "After"
                | "Top"
                | "Best"
                | "My"
                | "Our"
                | "Your"
                | "This"
        )
        || words.iter().skip(1).any(|w| {
            matches!(
                *w,
                "a" | "an"
                    | "the"
                    | "is"
                    | "are"
                    | "was"
                    | "not"
                    | "with"
                    | "on"
                    | "for"
                    | "in"
                    | "of"
                    | "to"
                    | "and"
                    | "or"
                    | "my"
                    | "your"
                    | "how"
                    | "why"
                    | "what"
                    | "vs"
                    | "from"
                    | "about"
                    | "into"
                    | "at"
                    | "by"
            )
        });
    // "The Complete pytest Course" keeps a lower-case name inside; "NumFOCUS concerns" ends in
    // a plain word.
    let ends_plain = words.len() > 1
        && words
            .last()
            .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase));
    let looks_like_name = !name.starts_with(['#', '@'])
        && !name.contains([',', ':'])
        && !ends_plain
        && match words.len() {
            1 => {
                !matches!(first, "FAQ" | "Home" | "About" | "Contact")
                    && (name.chars().any(|c| c.is_uppercase() || c.is_ascii_digit())
                        || name.contains(['-', '_', '.']))
            }
            2..=5 => {
                lower_words <= 1
                    && !sentence_like
                    && first.chars().next().is_some_and(char::is_uppercase)
            }
            _ => false,
        };
    looks_like_name.then_some(name)
}

/// The leading words of `text` that spell the site's own name ("Beer Garden Plugins" on
/// beer-garden.io → "Beer Garden"), if any.
pub fn subject_from_domain<'t>(text: &'t str, host: &str) -> Option<&'t str> {
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2 {
        return None;
    }
    let names: Vec<String> = labels[..labels.len() - 1]
        .iter()
        .filter(|l| !is_generic_label(l))
        .map(|l| names::squash(l))
        .collect();
    let mut candidates: Vec<String> = names.clone();
    candidates.push(names.concat());
    candidates.push(names.iter().rev().cloned().collect::<Vec<_>>().concat());
    candidates.retain(|c| c.len() >= 3);
    let longest = candidates.iter().map(String::len).max().unwrap_or(0);
    let mut best = None;
    // The squashed prefix grows word by word instead of being squashed afresh at each space
    // (trimmed punctuation never survives squashing anyway), and once it is longer than every
    // candidate no longer prefix can match.
    let mut squashed = String::new();
    let mut done = 0;
    for (end, _) in text
        .match_indices(' ')
        .chain(std::iter::once((text.len(), "")))
    {
        squashed.push_str(&names::squash(&text[done..end]));
        done = end;
        if squashed.len() > longest {
            break;
        }
        if candidates.contains(&squashed) {
            best = Some(text[..end].trim_end_matches([':', ',', '.', '!']));
        }
    }
    best.filter(|p| p.chars().next().is_some_and(|c| c.is_alphanumeric()))
}

/// A link to a personal site whose text is a person's name: `[Craig Kerstiens](craigkerstiens.com)`.
pub fn author_of_site(text: &str, host: &str) -> bool {
    // "[Chaos Toolkit](chaostoolkit.org)" is shaped like a name too; a person's starts with a
    // given name.
    if !names::starts_with_given_name(text) {
        return false;
    }
    let site = names::squash(host);
    text.split_whitespace()
        .map(names::squash)
        .filter(|w| w.len() >= 3)
        .any(|w| site.contains(&w))
}

/// The kind a repository or docs name suggests before any gazetteer is consulted.
pub fn default_kind(target: &Target) -> Option<EntityKind> {
    match target {
        Target::Package { .. } => Some(EntityKind::Package),
        Target::Repo { .. } | Target::Docs(_) | Target::Stdlib(_) | Target::Pep(_) => {
            Some(EntityKind::Project)
        }
        Target::Profile(_) => Some(EntityKind::Person),
        Target::Page { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_classified() {
        let repo = |o: &str, r: &str| Target::Repo {
            owner: o.into(),
            repo: r.into(),
        };
        let package = |eco, name: &str| Target::Package {
            eco,
            name: name.into(),
        };
        let cases = [
            (
                "https://pypi.org/project/memory-profiler/",
                package(Ecosystem::Pypi, "memory-profiler"),
            ),
            (
                "https://www.npmjs.com/package/@tanstack/query-core",
                package(Ecosystem::Npm, "@tanstack/query-core"),
            ),
            (
                "https://www.npmjs.com/package/solid-js?activeTab=readme",
                package(Ecosystem::Npm, "solid-js"),
            ),
            (
                "https://crates.io/crates/serde_json",
                package(Ecosystem::Crates, "serde_json"),
            ),
            (
                "https://docs.rs/tokio/latest/tokio/",
                package(Ecosystem::Crates, "tokio"),
            ),
            (
                "https://pkg.go.dev/github.com/spf13/cobra@v1.8.0",
                package(Ecosystem::Go, "github.com/spf13/cobra"),
            ),
            (
                "https://rubygems.org/gems/rails",
                package(Ecosystem::Gems, "rails"),
            ),
            (
                "https://packagist.org/packages/laravel/framework",
                package(Ecosystem::Packagist, "laravel/framework"),
            ),
            (
                "https://hex.pm/packages/phoenix",
                package(Ecosystem::Hex, "phoenix"),
            ),
            (
                "https://CRAN.R-project.org/package=ggplot2",
                package(Ecosystem::Cran, "ggplot2"),
            ),
            (
                "https://cran.r-project.org/web/packages/dplyr/index.html",
                package(Ecosystem::Cran, "dplyr"),
            ),
            (
                "https://github.com/pyjokes/pyjokes",
                repo("pyjokes", "pyjokes"),
            ),
            (
                "https://github.com/pydantic/httpx2/pull/209",
                repo("pydantic", "httpx2"),
            ),
            (
                "https://www.python.org/dev/peps/pep-0584/",
                Target::Pep(584),
            ),
            ("https://peps.python.org/pep-0703/", Target::Pep(703)),
            (
                "https://docs.python.org/3/library/zoneinfo.html",
                Target::Stdlib("zoneinfo".into()),
            ),
            (
                "https://pyjanitor.readthedocs.io/",
                Target::Docs("pyjanitor".into()),
            ),
            (
                "https://twitter.com/derchambers/status/1107843771557765120",
                Target::Profile("derchambers".into()),
            ),
            (
                "https://fosstodon.org/@mkennedy",
                Target::Profile("mkennedy".into()),
            ),
            (
                "https://bsky.app/profile/mkennedy.codes",
                Target::Profile("mkennedy.codes".into()),
            ),
            (
                "https://sixfeetup.social/@calvin",
                Target::Profile("calvin".into()),
            ),
            (
                "https://www.linkedin.com/in/mkennedy/",
                Target::Profile("mkennedy".into()),
            ),
            (
                "https://offen.github.io/docker-volume-backup/",
                repo("offen", "docker-volume-backup"),
            ),
        ];
        for (url, expected) in cases {
            assert_eq!(classify(url), Some(expected), "{url}");
        }
        assert!(matches!(
            classify("https://github.com/features/copilot"),
            Some(Target::Page { .. })
        ));
        assert_eq!(classify("not a url"), None);
        // The standard library, a registry's other pages, and path segments that cannot be
        // names name nothing.
        for url in [
            "https://pkg.go.dev/net/http",
            "https://www.npmjs.com/search?q=react",
            "https://rubygems.org/",
            "https://pypi.org/project/**",
            "https://pypi.org/project/-x-/",
            "https://github.com/owner/---",
            "https://npmjs.com/package/__",
        ] {
            assert!(matches!(classify(url), Some(Target::Page { .. })), "{url}");
        }
        assert!(matches!(
            classify("https://someone.github.io/digressions/python/2020/03/26/post.html"),
            Some(Target::Page { .. })
        ));
    }

    #[test]
    fn link_text_that_spells_the_domain() {
        let cases = [
            ("Beer Garden Plugins", "beer-garden.io", Some("Beer Garden")),
            ("Firefox Send", "send.firefox.com", Some("Firefox Send")),
            ("Hindsight", "hindsight.vectorize.io", Some("Hindsight")),
            ("Why I Avoid Slack", "matthewrocklin.com", None),
            ("pythonbytes.fm/live", "pythonbytes.fm", None),
        ];
        for (text, host, expected) in cases {
            assert_eq!(subject_from_domain(text, host), expected, "{text}");
        }
    }

    #[test]
    fn course_titles_are_link_texts_spelled_by_a_course_page_path() {
        let cases = [
            (
                "**Mastering PyCharm**",
                "training.example.fm",
                "courses/explore_pycharm/mastering-pycharm-ide",
                Some("Mastering PyCharm"),
            ),
            (
                "pytest: working with projects",
                "courses.example.com",
                "p/pytest-working-with-projects",
                Some("pytest: working with projects"),
            ),
            // About the course, not its title.
            (
                "the HTMX course",
                "training.example.fm",
                "courses/htmx-flask",
                None,
            ),
            (
                "FastAPI course",
                "training.example.fm",
                "courses/fastapi-course",
                None,
            ),
            (
                "come and get it",
                "training.example.fm",
                "courses/all",
                None,
            ),
            ("get notified", "training.example.fm", "getnotified", None),
            (
                "Getting Started",
                "courses.example.com",
                "course/getting-started",
                None,
            ),
            // Not a course page: an article named like its slug is not a project.
            (
                "Deploying Flask to a cluster",
                "example.com",
                "deploying-flask-to-a-cluster",
                None,
            ),
            // One word is too little to call a title.
            ("Polars", "training.example.fm", "courses/polars", None),
        ];
        for (text, host, path, expected) in cases {
            let path: Vec<String> = path.split('/').map(str::to_string).collect();
            assert_eq!(course_title(text, host, &path), expected, "{text}");
        }
    }

    #[test]
    fn link_text_that_spells_the_slug() {
        let path = |p: &str| {
            p.split('/')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        let cases = [
            ("Quickle", "quickle", Some("Quickle")),
            (
                "**The Complete pytest Course**",
                "p/the-complete-pytest-course",
                Some("The Complete pytest Course"),
            ),
            (
                "GNU Affero General Public License (AGPL)",
                "wiki/GNU_Affero_General_Public_License",
                Some("GNU Affero General Public License"),
            ),
            ("Speedscope", "austin/speedscope.app", Some("Speedscope")),
            (
                "Deploying Flask to a cluster",
                "deploying-flask-to-a-cluster",
                None,
            ),
            (
                "Async code is not always quicker",
                "async-code-is-not-always-quicker",
                None,
            ),
            ("NumFOCUS concerns", "numfocus-concerns", None),
            ("docs", "docs", None),
            ("#Austin", "austin", None),
            ("", "x", None),
            ("Online Template Wizard", "", Some("Online Template Wizard")),
            ("Here", "", None),
            (
                "Can Robots Write Our Tests",
                "can-robots-write-our-tests",
                None,
            ),
            ("FAQ", "faq", None),
            ("Server Setup Helper: Ansible", "", None),
        ];
        for (text, p, expected) in cases {
            assert_eq!(subject_from_path(text, &path(p)), expected, "{text}");
        }
    }

    #[test]
    fn personal_sites() {
        assert!(author_of_site("Craig Kerstiens", "craigkerstiens.com"));
        assert!(!author_of_site("Give Me Back", "craigkerstiens.com"));
        assert!(!author_of_site("Tim Sommer", "example.com"));
        assert!(!author_of_site("Chaos Toolkit", "chaostoolkit.org"));
    }
}
