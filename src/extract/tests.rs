//! One minimal example per extraction rule.

use super::*;
use crate::ingest::{Document, Format};
use crate::segment;

/// The episode a text makes and every mention extracted from it.
fn extracted(text: &str, format: Format) -> (Episode, Vec<Mention>) {
    extracted_on(text, format, &[Ecosystem::Pypi])
}

/// The same, on a show of these registries.
fn extracted_on(text: &str, format: Format, ecosystems: &[Ecosystem]) -> (Episode, Vec<Mention>) {
    let mut doc = Document::markdown("t.md", text);
    doc.format = format;
    doc.meta.number = Some(1);
    let hosts = crate::profile::Profile::hosts_for_site("pythonbytes.fm");
    let (episode, _) = segment::split(&doc, &hosts);
    let mut ctx = Context::for_episode(gazetteer(), &episode, &hosts);
    ctx.ecosystems = ecosystems.to_vec();
    let mentions = extract_episode(&episode, &ctx)
        .into_iter()
        .flatten()
        .collect();
    (episode, mentions)
}

fn found(text: &str, format: Format) -> Vec<(EntityKind, String)> {
    let mut all: Vec<(EntityKind, String)> = extracted(text, format)
        .1
        .into_iter()
        .map(|m| (m.kind, m.name))
        .collect();
    all.sort();
    all.dedup();
    all
}

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(Gazetteer::built_in)
}

fn check(text: &str, kind: EntityKind, name: &str) {
    let got = found(text, Format::Markdown);
    assert!(
        got.contains(&(kind, name.to_string())),
        "{text:?} should give {kind:?} {name:?}, got {got:?}"
    );
}

/// A negative case: `text` yields mentions, but not this one. Requiring some mention first means
/// the case cannot pass because extraction found nothing at all (a broken rule, an empty
/// segment); a case whose point yields nothing carries a positive companion in the same text.
fn check_not(text: &str, kind: EntityKind, name: &str) {
    let got = found(text, Format::Markdown);
    assert!(
        !got.is_empty(),
        "{text:?} yields no mention at all, so it cannot show that {kind:?} {name:?} is left out"
    );
    assert!(
        !got.contains(&(kind, name.to_string())),
        "{text:?} should not give {kind:?} {name:?}"
    );
}

/// A paragraph with one sure mention, for negative cases whose text yields nothing on its own.
const COMPANION: &str = "\n\nSee [httpie](https://pypi.org/project/httpie/).";

/// A negative case whose text alone yields nothing: the companion paragraph after it must be
/// found, so the case cannot pass because extraction found nothing at all.
fn check_not_beside(text: &str, kind: EntityKind, name: &str) {
    let text = format!("{text}{COMPANION}");
    check(&text, Package, "httpie");
    check_not(&text, kind, name);
}

use EntityKind::*;

#[test]
fn link_targets() {
    let cases = [
        (
            "see [this](https://pypi.org/project/Memory_Profiler/)",
            Package,
            "memory-profiler",
        ),
        (
            "[easyargs](https://github.com/stedmeister/easyargs)",
            Package,
            "easyargs",
        ),
        (
            "[the tool](https://github.com/someone/not-on-pypi-podgraph-tool)",
            Project,
            "not-on-pypi-podgraph-tool",
        ),
        (
            "[jokes](https://github.com/pyjokes/pyjokes)",
            Package,
            "pyjokes",
        ),
        (
            "[PEP 584 -- dict ops](https://www.python.org/dev/peps/pep-0584/)",
            Project,
            "PEP 584",
        ),
        (
            "[zoneinfo docs](https://docs.python.org/3/library/zoneinfo.html)",
            Project,
            "zoneinfo",
        ),
        (
            "From [Derrick Chambers](https://twitter.com/derchambers/status/1)",
            Person,
            "Derrick Chambers",
        ),
        (
            "by [Craig Kerstiens](http://www.craigkerstiens.com/)",
            Person,
            "Craig Kerstiens",
        ),
        (
            "[Beer Garden Plugins](https://beer-garden.io/)",
            Project,
            "Beer Garden",
        ),
    ];
    for (text, kind, name) in cases {
        check(text, kind, name);
    }
}

#[test]
fn code_spans_and_installs() {
    let cases = [
        ("The `memory_profiler` package", Package, "memory-profiler"),
        ("Run `pip install rich` first", Package, "rich"),
        ("then `uv add httpx2 --dev`", Package, "httpx2"),
        ("use `zoneinfo` now", Project, "zoneinfo"),
        ("`black` formats code", Package, "black"),
    ];
    for (text, kind, name) in cases {
        check(text, kind, name);
    }
}

#[test]
fn attributions_and_name_items() {
    let cases = [
        ("- by Matthew Rocklin", "Matthew Rocklin"),
        ("- via Nik Tomazic, thanks", "Nik Tomazic"),
        ("- Wai Chee Yau", "Wai Chee Yau"),
        ("- Steven D'Aprano", "Steven D'Aprano"),
        (
            "Special guest: **[Seth Larson](https://sethmlarson.dev)**",
            "Seth Larson",
        ),
    ];
    for (text, name) in cases {
        check(text, Person, name);
    }
    check_not("- by the way, Monty Python", Person, "Monty Python");
}

#[test]
fn laws() {
    let cases = [
        ("Hofstadter’s Law: it takes longer", "Hofstadter's Law"),
        ("- Conway’s Law: software mirrors", "Conway's Law"),
        ("- The Peter Principle: in a hierarchy", "Peter Principle"),
        ("- Ninety-ninety rule: the first 90%", "Ninety-ninety rule"),
    ];
    for (text, name) in cases {
        check(text, Law, name);
    }
}

#[test]
fn gazetteer_case_and_evidence_rules() {
    check("We moved off Slack.", Project, "Slack");
    check_not_beside("We cut some slack.", Project, "Slack");
    check("plotting with matplotlib", Package, "matplotlib");
    check_not_beside("a rich history", Package, "rich");
    check_not_beside("Black is a colour", Package, "black");
    check_not("see pytest-randomly", Package, "pytest");
}

#[test]
fn one_and_two_letter_languages_only_as_written_mid_sentence() {
    check("- Written in pure C for speed.", Project, "C");
    check("- Python, R, and Julia kernels", Project, "R");
    check("- a rewrite in Go and Rust", Project, "Go");
    check("- a port to C# and F# soon", Project, "C#");
    check_not_beside("- Question for Brett C about it", Project, "C");
    check_not_beside("- Go to the site now.", Project, "Go");
    check_not_beside("- the file is at `C:\\temp`", Project, "C");
}

#[test]
fn software_context_vouches_for_an_ordinary_package_name() {
    check("- psst, use attrs for that", Package, "attrs");
    check("- built on the flask framework, on a VM", Package, "flask");
    check_not_beside("- we use black coffee", Package, "black");
    check_not_beside("- a rich application of ideas", Package, "rich");
}

#[test]
fn an_install_command_ends_with_its_code_span_and_skips_option_values() {
    let text =
        "- run `pip install --upgrade jupyterlab` or `conda install -c conda-forge jupyterlab`.";
    check(text, Package, "jupyterlab");
    check_not(text, Package, "install");
    check_not(text, Package, "conda-forge");
}

#[test]
fn evidence_must_name_the_word_not_merely_hold_it() {
    // An argument in a command, a headline's first word, a longer capitalised name.
    check_not("- then run `mkdocs build` and done", Package, "build");
    check_not_beside(
        "- see [Build an idea bank](https://example.org/posts/build-an-idea-bank/)",
        Package,
        "build",
    );
    check_not(
        "- it uses MediaPipe's Face Mesh for landmarks",
        Package,
        "face",
    );
    check("- run `conda install -c conda-forge x`", Project, "conda");
    check("- call `rich.print()` anywhere", Package, "rich");
}

#[test]
fn a_call_after_an_install_command_is_no_requirement() {
    let text = "**Brian #1:** Tools\n\n```\n$ pip install friendly.install()\n```\n";
    check_not(text, Package, "friendly-install");
    check_not_beside("- the “Experts Panel on Testing” talk", Package, "panel");
}

#[test]
fn the_installer_in_a_code_block_is_named() {
    let text = "**Brian #1:** Tools\n\n```\n$ pip install rich\n$ uv add httpx\n```\n";
    check(text, Package, "pip");
    check(text, Package, "uv");
    check(text, Package, "httpx");
}

#[test]
fn a_written_out_url_is_a_link_target() {
    check("- repo: https://github.com/Miserlou/NoDB", Package, "NoDB");
    check_not_beside("- see `https://github.com/Miserlou/NoDB`", Package, "NoDB");
}

#[test]
fn a_list_item_that_is_only_a_known_name_names_it() {
    check("- Windsurf", Project, "Windsurf");
    check_not_beside("- windsurf in the bay", Project, "Windsurf");
}

#[test]
fn a_given_name_that_is_also_a_product_starts_a_person() {
    check("- Kate Heddleston", Person, "Kate Heddleston");
    check_not("- Kate Heddleston", Project, "Kate");
}

#[test]
fn an_item_led_by_a_package_shaped_name() {
    check(
        "- subprocess32: a reliable subprocess module",
        Package,
        "subprocess32",
    );
    check("- html-to-markdown", Package, "html-to-markdown");
    check_not_beside("- note: this is fine", Package, "note");
}

#[test]
fn sponsors_are_named_whatever_their_name() {
    check(
        "Sponsored by [**Acme Widgets for Startups Hub**](https://example.org/hub).",
        Organization,
        "Acme Widgets for Startups Hub",
    );
    check(
        "Sponsored by Zorblat pythonbytes.fm/zorblat",
        Organization,
        "Zorblat",
    );
    check_not_beside("Sponsored by us! Back the show", Organization, "us");
}

#[test]
fn plain_phrases_and_practices_are_not_products() {
    check(
        "I just finished reading Clean Code again.",
        Project,
        "Clean Code",
    );
    check_not_beside("Nobody cares about your clean code.", Project, "Clean Code");
    check_not_beside("A DevOps approach to testing.", Project, "DevOps");
    check(
        "We moved builds to GitHub actions.",
        Project,
        "GitHub Actions",
    );
}

#[test]
fn link_text_vouches_for_an_ordinary_word_only_when_it_names_it() {
    check(
        "- we use [black](https://example.org/) daily",
        Package,
        "black",
    );
    check(
        "- [**Heroku ends free plans for good**](https://example.org/heroku-ends-free-plans)",
        Project,
        "Heroku",
    );
    check_not(
        "- [How to use pandas to access databases in a week](https://example.org/post/42)",
        Package,
        "databases",
    );
    // A Title Case headline capitalises its first word whatever it is.
    check_not(
        "- [**Make Each Line Count in Python**](https://example.org/make-each-line-count)",
        Project,
        "GNU Make",
    );
}

#[test]
fn standard_library_words_need_module_context() {
    check("a viewer for Python's logging module", Project, "logging");
    check("use threading.Thread instead", Project, "threading");
    check("- Module: math: a new function", Project, "math");
    check_not_beside("logging in to the site", Project, "logging");
    check_not_beside("the math is hard.", Project, "math");
    check_not_beside("Import this module first.", Project, "this");
}

#[test]
fn a_name_spelled_as_written_wins_over_a_case_folded_one() {
    check("We love Jupyter for teaching.", Project, "Jupyter");
    check_not("We love Jupyter for teaching.", Package, "jupyter");
    check("Config lives in [TOML](https://toml.io/).", Project, "TOML");
    check_not("Config lives in [TOML](https://toml.io/).", Package, "toml");
    check_not(
        "- `pip install git+https://example.org/x.git`",
        Package,
        "git",
    );
}

#[test]
fn institutions_by_their_shape() {
    check(
        "data from the Department of Energy and others",
        Organization,
        "Department of Energy",
    );
    check(
        "funded by the Ford Foundation this year",
        Organization,
        "Ford Foundation",
    );
    check(
        "researchers at New York University said",
        Organization,
        "New York University",
    );
    check_not_beside(
        "The Department Of Fisheries Wants You",
        Organization,
        "Department of Fisheries",
    );
}

#[test]
fn the_show_name_in_the_title_line_is_no_mention() {
    let text =
        "# Python Bytes #7: pytest tips\n\n**Michael #1:** [Slack](https://slack.com) news\n";
    let got = found(text, Format::Markdown);
    assert!(
        !got.contains(&(Project, "Python Bytes".to_string())),
        "{got:?}"
    );
    assert!(got.contains(&(Package, "pytest".to_string())), "{got:?}");
}

#[test]
fn lists_vouch_for_their_items() {
    check("- asyncio, trio, pytest, structlog", Package, "trio");
    check("- supports aiohttp, treq, Tornado", Package, "treq");
    check("- asyncio, trio, twisted, curio", Package, "curio");
    check_not("- aiohttp, tornado, and more", Package, "more");
    check_not("- schema migrations, pytest, structlog", Package, "schema");
    check_not_beside("- red, black, and green", Package, "black");
}

#[test]
fn hosts_are_people() {
    let got = found(
        "**Brian #1:** Thing\n\n- Michael and Brian agree\n",
        Format::Markdown,
    );
    assert!(got.contains(&(Person, "Brian Okken".into())));
    assert!(got.contains(&(Person, "Michael Kennedy".into())));
}

#[test]
fn the_seed_page_yields_its_entities_without_links() {
    let text = "#122: A Title\n\nSponsored by DigitalOcean: pythonbytes.fm/digitalocean\n\nBrian #1: Thing\n\n  • Plot what memory_profiler reports with matplotlib.\n  • Runs on MongoDB and Rabbit MQ with modern Python\n  • at Zendesk.\n";
    let got = found(text, Format::PageText);
    for (kind, name) in [
        (Package, "memory-profiler"),
        (Package, "matplotlib"),
        (Project, "MongoDB"),
        (Project, "RabbitMQ"),
        (Organization, "Zendesk"),
        (Organization, "DigitalOcean"),
    ] {
        assert!(
            got.contains(&(kind, name.to_string())),
            "{kind:?} {name} missing from {got:?}"
        );
    }
}

#[test]
fn name_and_product_shapes() {
    check(
        "- Thanks to Gajendra Deshpande for the tip",
        Person,
        "Gajendra Deshpande",
    );
    check(
        "We talked with Terri Oda about security.",
        Person,
        "Terri Oda",
    );
    check_not_beside("- Dynamic Programming", Person, "Dynamic Programming");
    check("Try CodeCombat with the kids.", Project, "CodeCombat");
    check("Read it on TestDriven.io today.", Project, "TestDriven.io");
    check(
        "Videos from PyCon Bolivia are up.",
        Project,
        "PyCon Bolivia",
    );
    check(
        "Submit a talk: the PyCascades CFP closes Friday",
        Project,
        "PyCascades",
    );
    check_not(
        "Submit a talk: the PyCascades CFP closes Friday",
        Project,
        "PyCascades CFP",
    );
    check_not_beside("Raise a `ValueError` here.", Project, "ValueError");
}

#[test]
fn short_names_stdlib_words_and_confirmation() {
    check("Then run uv sync and go.", Package, "uv");
    check_not_beside("UV light is bad for you.", Package, "uv");
    check("Use `logging` for this.", Project, "logging");
    check_not_beside("More logging helps.", Project, "logging");
    check_not_beside(
        "See the [code](https://example.com/x) here.",
        Project,
        "code",
    );
    // An ordinary word counts only when the episode names the thing with evidence somewhere.
    check(
        "**Brian #1:** [Flask 3](https://pypi.org/project/flask/)\n\n- and flask is nice\n",
        Package,
        "flask",
    );
    check_not_beside("I bought a flask of tea.", Package, "flask");
}

#[test]
fn a_link_into_a_publications_site_mentions_it() {
    let text = "- Our [courses at Talk Python](https://training.talkpython.fm/)\n\
                - Paul explained it on [the podcast](https://talkpython.fm/episodes/show/271)\n";
    check(text, Project, "Talk Python Training");
    check(text, Project, "Talk Python To Me");
    // The two words name the training site here, not the podcast they also name.
    check_not(
        "- Our [courses at Talk Python](https://training.talkpython.fm/)",
        Project,
        "Talk Python To Me",
    );
    // One word of the site's name is no span of it: Django keeps its own mention.
    check(
        "- [Django tips](https://djangochat.com/episodes/1)",
        Package,
        "django",
    );
    check(
        "- [Django tips](https://djangochat.com/episodes/1)",
        Project,
        "Django Chat",
    );
    // A code host is no publication: the link is about the repository.
    check_not("- [tool](https://github.com/owner/tool)", Project, "GitHub");
}

#[test]
fn a_course_page_names_the_course_and_what_its_title_names() {
    let text = "- New course: [Managing Python Dependencies with pip and Virtual Environments]\
                (https://training.example.fm/courses/explore/managing-python-dependencies-with-pip-and-virtual-environments)";
    check(
        text,
        Project,
        "Managing Python Dependencies with pip and Virtual Environments",
    );
    check(text, Package, "pip");
}

#[test]
fn a_sure_reading_of_a_name_beats_a_tentative_one() {
    // `markdown` the package would need evidence; Markdown the format needs none.
    check(
        "- renders a book from a folder of markdown files",
        Project,
        "Markdown",
    );
}

#[test]
fn unknown_software_named_like_a_pypi_project_is_that_package() {
    // The repository wraps the PyPI name.
    check(
        "- [python-diskcache](https://github.com/grantjenks/python-diskcache)",
        Package,
        "python-diskcache",
    );
    // A page of its own whose one-word name PyPI has.
    check(
        "- [Quickle](https://example.com/quickle/)",
        Package,
        "Quickle",
    );
    // A name of several words is no install name.
    check(
        "- [XPath](https://example.org/wiki/XPath) and [Open Widget Hub](https://example.org/open-widget-hub)",
        Project,
        "Open Widget Hub",
    );
}

#[test]
fn an_item_is_about_the_name_that_leads_it() {
    check(
        "- Grumpy: A compiler from Python source to Go",
        Project,
        "Grumpy",
    );
    check_not_beside("- A grumpy reviewer: someone to avoid", Project, "Grumpy");
    // A label on a line is no definition.
    check_not_beside("- Coverage: 95% of lines", Package, "coverage");
}

#[test]
fn a_tentative_name_never_pushes_out_a_sure_one() {
    check(
        "- First shipped last spring by Rich Jones",
        Person,
        "Rich Jones",
    );
}

#[test]
fn a_posts_link_text_is_a_person_only_when_it_starts_with_a_given_name() {
    check_not_beside(
        "- [Tiny Robots](https://twitter.com/someone/status/1)",
        Person,
        "Tiny Robots",
    );
    check(
        "- [Jane Doe](https://twitter.com/someone/status/1)",
        Person,
        "Jane Doe",
    );
}

#[test]
fn the_name_after_a_quote_and_a_dash_said_it() {
    check(
        "“Simple is better than clever.” – Zorblat Quux",
        Person,
        "Zorblat Quux",
    );
}

#[test]
fn a_known_package_with_a_suffix_that_pypi_knows_is_a_plugin() {
    check(
        "- we charted the rows using the datasette-vega add-on",
        Package,
        "datasette-vega",
    );
    // PyPI must know the whole name.
    check_not("- the pandas-like frames are nice", Package, "pandas-like");
    // An ordinary word and a generic suffix make no plugin.
    check_not_beside("- black-box testing of the API", Package, "black-box");
    check_not_beside("- run django-admin to start", Package, "django-admin");
    // In page text the bold markers stay in the text: they are no part of the name's place.
    assert_spans_hold_surfaces("• the **datasette-vega** plugin\n", Format::PageText);
}

/// Every mention with a place in its block's text spells its surface there.
fn assert_spans_hold_surfaces(text: &str, format: Format) {
    let (episode, mentions) = extracted(text, format);
    assert!(!mentions.is_empty(), "nothing found in {text:?}");
    for m in mentions {
        if let Some(span) = &m.span {
            assert_eq!(
                &episode.blocks[m.block].text[span.clone()],
                m.surface,
                "{m:?}"
            );
        }
    }
}

#[test]
fn an_acronym_a_company_owns_is_its_product() {
    check("- a port to Tencent’s NCNN runtime", Project, "NCNN");
    check_not_beside("as the NCNN team said", Project, "NCNN");
    check_not("said Anaconda’s CEO Peter Wang", Project, "CEO");
}

#[test]
fn link_text_that_names_the_profiles_handle_is_that_person() {
    check(
        "- [via sampledev, thanks](https://fosstodon.org/@sampledev/1234)!",
        Person,
        "@sampledev",
    );
    check_not_beside(
        "- [projectbot release notes](https://twitter.com/projectbot/status/1)",
        Person,
        "@projectbot",
    );
}

#[test]
fn go_to_is_an_editor_command_not_the_language() {
    check_not_beside(
        "- Press Go to Definition or Go to Symbol in the editor",
        Project,
        "Go",
    );
    check("- A Python to Go transpiler", Project, "Go");
}

#[test]
fn a_module_is_written_as_it_is_imported() {
    check_not_beside(
        "- [All the UUID values](https://example.com) in one list",
        Project,
        "uuid",
    );
    check("- the uuid module makes them", Project, "uuid");
}

#[test]
fn a_pages_site_names_a_project_only_when_its_link_text_does() {
    check_not_beside(
        "- [Notes on Matrix Calculus](https://someone.github.io/matrix-notes)",
        Project,
        "matrix-notes",
    );
    check(
        "- [docker-volume-backup](https://offen.github.io/docker-volume-backup/)",
        Project,
        "docker-volume-backup",
    );
}

#[test]
fn a_docs_host_written_as_text_is_no_product() {
    check_not(
        "- a tool documented at pex.readthedocs.io today",
        Project,
        "pex.readthedocs.io",
    );
    check("Read it on TestDriven.io today.", Project, "TestDriven.io");
}

/// The package keys a text gives on a show of these registries.
fn package_keys(text: &str, ecosystems: &[Ecosystem]) -> Vec<String> {
    let mut keys: Vec<String> = extracted_on(text, Format::Markdown, ecosystems)
        .1
        .into_iter()
        .filter(|m| m.kind == Package)
        .map(|m| m.key)
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

const PY: &[Ecosystem] = &[Ecosystem::Pypi];
const WEB: &[Ecosystem] = &[Ecosystem::Npm];

#[test]
fn packages_carry_their_registry() {
    let cases: [(&str, &[Ecosystem], &str); 16] = [
        (
            "[it](https://www.npmjs.com/package/@TanStack/query)",
            PY,
            "npm:@tanstack/query",
        ),
        (
            "[it](https://crates.io/crates/serde_json)",
            PY,
            "crates:serde-json",
        ),
        (
            "[it](https://pkg.go.dev/github.com/spf13/cobra)",
            PY,
            "go:github.com/spf13/cobra",
        ),
        ("[it](https://rubygems.org/gems/rails)", WEB, "gems:rails"),
        (
            "[it](https://pypi.org/project/Memory_Profiler/)",
            WEB,
            "pypi:memory-profiler",
        ),
        (
            "Run `npm i -D vitest-mock-extended` first.",
            PY,
            "npm:vitest-mock-extended",
        ),
        (
            "Run `pnpm add @scope/thing@2.1.0` first.",
            PY,
            "npm:@scope/thing",
        ),
        ("Run `yarn add left-pad` first.", PY, "npm:left-pad"),
        (
            "Run `npx create-podgraph-app my-app` first.",
            PY,
            "npm:create-podgraph-app",
        ),
        ("Run `cargo add serde_json` first.", PY, "crates:serde-json"),
        (
            "Run `go get github.com/spf13/cobra@latest` first.",
            PY,
            "go:github.com/spf13/cobra",
        ),
        ("Run `gem install rails` first.", PY, "gems:rails"),
        (
            "Run `composer require laravel/framework` first.",
            PY,
            "packagist:laravel/framework",
        ),
        // A hand-written row that names its registry keeps it on any show.
        (
            "We moved the front end to React last year.",
            PY,
            "npm:react",
        ),
        // A repository named like a registry's package is that package on a show of it.
        ("[ping](https://github.com/someorg/ping)", PY, "pypi:ping"),
        (
            "[is-odd](https://github.com/someorg/is-odd)",
            WEB,
            "npm:is-odd",
        ),
    ];
    for (text, ecosystems, key) in cases {
        let got = package_keys(text, ecosystems);
        assert!(
            got.iter().any(|k| k == key),
            "{text:?} should give {key}, got {got:?}"
        );
    }
}

#[test]
fn repositories_are_not_another_registrys_packages() {
    // `someorg/rfcs` is no npm package, and PyPI is not asked on a web show.
    for repo in [
        "[rfcs](https://github.com/someorg/rfcs)",
        "[ping](https://github.com/someorg/ping)",
    ] {
        assert_eq!(package_keys(repo, WEB), Vec::<String>::new(), "{repo}");
    }
    let projects: Vec<String> = extracted(
        "- [rfcs](https://github.com/org-a/podgraph-rfcs)\n- [rfcs](https://github.com/org-b/podgraph-rfcs)\n",
        Format::Markdown,
    )
    .1
    .into_iter()
    .filter(|m| m.kind == Project)
    .map(|m| m.key)
    .collect();
    assert_eq!(projects, ["org-a-podgraph-rfcs", "org-b-podgraph-rfcs"]);
    // The command after `npx` is the program's own arguments, and prose names one package.
    assert_eq!(
        package_keys("Try `npx skills install some-org/thing` now.", PY),
        ["npm:skills"]
    );
    let prose = package_keys(
        "To add a group, uv pip install --group doesn’t work yet.",
        PY,
    );
    assert!(!prose.iter().any(|k| k.contains("doesn")), "{prose:?}");
    // "go to" and "npm run" install nothing.
    assert_eq!(
        package_keys("Then go to the docs and `npm run build`.", PY),
        Vec::<String>::new()
    );
}

#[test]
fn registry_lists_count_only_on_their_shows() {
    // `react-hot-toast` is in npm's generated list: found on a web show, not on a Python one.
    let text = "We talked about react-hot-toast and what it taught us.";
    assert_eq!(package_keys(text, WEB), ["npm:react-hot-toast"]);
    assert_eq!(package_keys(text, PY), Vec::<String>::new());
}

#[test]
fn possessives_name_the_person() {
    check(
        "A post on Josh Comeau's CSS Reset today.",
        Person,
        "Josh Comeau",
    );
    check_not(
        "A post on Josh Comeau's CSS Reset today.",
        Person,
        "Josh Comeau's",
    );
    check_not(
        "A post on Josh Comeau's CSS Reset today.",
        Person,
        "Josh Comeau's CSS Reset",
    );
}

#[test]
fn link_text_is_an_alias_only_when_it_names_the_entity() {
    let text = "Read [here](https://twitter.com/mkennedy/status/1) and [Michael](https://twitter.com/mkennedy).";
    let (_, mentions) = extracted(text, Format::Markdown);
    let surfaces: Vec<&str> = mentions
        .iter()
        .filter(|m| m.kind == Person)
        .map(|m| m.surface.as_str())
        .collect();
    assert!(!surfaces.contains(&"here"), "{surfaces:?}");
}

#[test]
fn a_web_show_installs_the_frameworks_it_names() {
    // (text, show's registries, package key expected, or none)
    let cases: [(&str, &[Ecosystem], Option<&str>); 6] = [
        (
            "We moved the site to Next.js last month.",
            WEB,
            Some("npm:next"),
        ),
        (
            "- [Tailwind CSS](https://tailwindcss.com/)",
            WEB,
            Some("npm:tailwindcss"),
        ),
        // A Python show names the same project; it is no dependency there.
        ("We moved the site to Next.js last month.", PY, None),
        // The site's own name spells a widely used npm package.
        (
            "- [Lightning CSS](https://lightningcss.dev/)",
            WEB,
            Some("npm:lightningcss"),
        ),
        ("- [Lightning CSS](https://lightningcss.dev/)", PY, None),
        // A client for a database is not the database: MongoDB stays a project.
        ("We stored it all in MongoDB last month.", WEB, None),
    ];
    for (text, ecosystems, key) in cases {
        let keys = package_keys(text, ecosystems);
        match key {
            Some(key) => assert_eq!(keys, vec![key.to_string()], "{text:?} on {ecosystems:?}"),
            None => assert!(keys.is_empty(), "{text:?} on {ecosystems:?}: {keys:?}"),
        }
    }
}

#[test]
fn a_link_whose_site_spells_its_text_names_one_thing() {
    let text = "- [Lightning CSS](https://lightningcss.dev/)";
    check(text, Project, "Lightning CSS");
    // "CSS" inside the link text is part of the name, not a sighting of CSS.
    check_not(text, Project, "CSS");
    // Outside such a link it still is.
    check(
        "- [Lightning](https://lightning.example/post) for CSS",
        Project,
        "CSS",
    );
}
