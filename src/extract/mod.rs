//! Extract: a segment's blocks in, entity mentions with evidence out.
//!
//! Each signal is a small function over one block: link targets, code spans and install
//! commands, "by / via / from NAME", a list item that is only a name, law patterns, gazetteer
//! hits, and the hosts' own names. Overlapping candidates are settled by confidence, and every
//! mention keeps its line, surface text and URL. Mentions are per segment; merging them into
//! canonical entities across episodes is the graph's job. Never fails, never reads files.

pub mod ecosystem;
pub mod gazetteer;
pub mod links;
mod lists;
pub mod names;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::markup::{Block, BlockKind};
use crate::segment::{Episode, Segment};
pub use ecosystem::Ecosystem;
use gazetteer::{key_for, Gazetteer};
use links::Target;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Person,
    Package,
    Project,
    Organization,
    Law,
}

impl EntityKind {
    pub const ALL: [EntityKind; 5] = [
        EntityKind::Person,
        EntityKind::Package,
        EntityKind::Project,
        EntityKind::Organization,
        EntityKind::Law,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Package => "package",
            EntityKind::Project => "project",
            EntityKind::Organization => "organization",
            EntityKind::Law => "law",
        }
    }

    pub fn parse(text: &str) -> Option<EntityKind> {
        EntityKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(text))
    }
}

/// Which rule found a mention; it sets the mention's confidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    /// The segment's host, named in its header.
    Host,
    /// A package index page.
    PackageLink,
    /// A source repository or documentation site.
    RepoLink,
    /// A PEP or standard-library documentation page.
    PythonDocsLink,
    /// A social profile.
    ProfileLink,
    /// Link text that spells the linked site's name, or a personal site under its owner's name.
    SiteLink,
    /// `pip install X`, `uv add X`, `import X`.
    Install,
    /// A code span naming a known package or module.
    CodeSpan,
    /// "by NAME", "via NAME", "thanks to NAME".
    Attribution,
    /// A list item that is only a person's name.
    NameItem,
    /// A common given name followed by a capitalised surname.
    NameShape,
    /// A word shaped like a product's name: CamelCase, a domain shown as text.
    ProductShape,
    /// A conference series and its place ("PyCon Bolivia"), more specific than the series.
    SeriesPlace,
    /// "X's Law", "the X Principle".
    LawPattern,
    /// A name from the curated lists.
    Gazetteer,
    /// A bare name listed among sure packages ("aiohttp, treq, tornado").
    Enumeration,
    /// "University of Michigan", "Linux Foundation": a name shaped like an institution's.
    InstitutionShape,
    /// Link text that spells the linked page's slug: "[Quickle](…/quickle/)".
    SlugLink,
    /// "Sponsored by NAME".
    Sponsor,
    /// A link into a publication's own site (a podcast, a course site): data/sites.tsv.
    Site,
}

impl Signal {
    pub fn confidence(self) -> f32 {
        match self {
            Signal::Host => 1.0,
            Signal::PackageLink => 0.95,
            Signal::PythonDocsLink => 0.95,
            Signal::Install => 0.9,
            Signal::RepoLink => 0.85,
            Signal::CodeSpan => 0.85,
            Signal::LawPattern => 0.85,
            Signal::Gazetteer => 0.8,
            Signal::ProfileLink => 0.75,
            Signal::Attribution => 0.75,
            Signal::SiteLink => 0.7,
            Signal::NameItem => 0.6,
            Signal::NameShape => 0.65,
            Signal::ProductShape => 0.6,
            Signal::SeriesPlace => 0.85,
            Signal::Enumeration => 0.55,
            Signal::InstitutionShape => 0.8,
            Signal::SlugLink => 0.85,
            Signal::Sponsor => 0.8,
            // Above a list name, so "[Talk Python](https://training.talkpython.fm)" is the
            // training site, not the podcast the two words also name.
            Signal::Site => 0.85,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Signal::Host => "host",
            Signal::PackageLink => "package-link",
            Signal::RepoLink => "repo-link",
            Signal::PythonDocsLink => "python-docs-link",
            Signal::ProfileLink => "profile-link",
            Signal::SiteLink => "site-link",
            Signal::Install => "install",
            Signal::CodeSpan => "code-span",
            Signal::Attribution => "attribution",
            Signal::NameItem => "name-item",
            Signal::NameShape => "name-shape",
            Signal::ProductShape => "product-shape",
            Signal::SeriesPlace => "series-place",
            Signal::LawPattern => "law-pattern",
            Signal::Gazetteer => "gazetteer",
            Signal::Enumeration => "enumeration",
            Signal::InstitutionShape => "institution-shape",
            Signal::SlugLink => "slug-link",
            Signal::Sponsor => "sponsor",
            Signal::Site => "site",
        }
    }
}

/// One sighting of an entity in a segment. Serialized whole (the private fields too) in
/// extraction records: `build --from-jsonl` and the cache rebuild exactly what extraction found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub kind: EntityKind,
    /// Identity key within the kind (PEP 503 name for packages).
    pub key: String,
    /// The best name this sighting gives (a gazetteer's canonical form, else the surface).
    pub name: String,
    /// The text as written.
    pub surface: String,
    pub line: usize,
    pub url: Option<String>,
    pub signal: Signal,
    /// Where in the block's text the sighting is, when it is in the text at all.
    span: Option<Range<usize>>,
    block: usize,
    /// An ordinary word that names a known entity ("flask", "black") with no evidence of its own:
    /// it stays only if the same entity has real evidence elsewhere in the episode.
    tentative: bool,
    /// A package whose registry the evidence says (a registry link, an install command, a list
    /// row): [`resolve_registries`] leaves it alone.
    registry_known: bool,
}

impl Mention {
    pub fn confidence(&self) -> f32 {
        self.signal.confidence()
    }

    /// A bare mention, for tests of code that rewrites mentions.
    #[doc(hidden)]
    pub fn for_tests(kind: EntityKind, name: &str) -> Mention {
        mention(kind, name, name, 1, None, Signal::Gazetteer, None, 0)
    }

    /// The same sighting as a package of `eco` (a no-op for other kinds).
    fn in_ecosystem(mut self, eco: Ecosystem) -> Mention {
        if self.kind == EntityKind::Package {
            self.key = eco.key(&self.name);
            self.registry_known = true;
        }
        self
    }

    /// A package's registry, read from its key.
    pub fn ecosystem(&self) -> Option<Ecosystem> {
        (self.kind == EntityKind::Package).then(|| ecosystem::split_key(&self.key).0)
    }

    /// Gives the sighting another name (and kind): a package keeps its registry.
    pub fn rename(&mut self, kind: EntityKind, name: &str) {
        let eco = self.ecosystem().unwrap_or(Ecosystem::Pypi);
        self.kind = kind;
        self.name = name.to_string();
        self.key = key_for(kind, name);
        if kind == EntityKind::Package {
            self.key = eco.key(name);
        }
    }

    /// Where the sighting is: the index of its block in the episode's blocks and, when it is in
    /// that block's text at all, its byte range there (for tests that check every offset).
    pub fn place(&self) -> (usize, Option<Range<usize>>) {
        (self.block, self.span.clone())
    }

    /// True for the mention of a segment's host that its header names.
    pub fn block_is_header(&self) -> bool {
        self.signal == Signal::Host && self.span.is_none()
    }
}

/// What extraction knows beyond the text: curated lists, the episode's hosts and the show's
/// registries.
pub struct Context<'a> {
    pub gazetteer: &'a Gazetteer,
    /// Short names of this episode's hosts ("Brian", "Calvin") and the full names they stand for.
    pub hosts: HashMap<String, String>,
    /// The registries the show is about, most likely first (`[Pypi]` for a Python show,
    /// `[Npm]` for a web one): a repository named like a package is that package only on the
    /// first, and a listed name on several registries is the earliest's.
    pub ecosystems: Vec<Ecosystem>,
}

impl<'a> Context<'a> {
    /// Collects the episode's hosts from its segments (header names resolved to full names).
    pub fn for_episode(
        gazetteer: &'a Gazetteer,
        episode: &Episode,
        table: &crate::hosts::Hosts,
    ) -> Context<'a> {
        Context::for_show(gazetteer, episode, table, &[Ecosystem::Pypi])
    }

    /// The context of an episode of a show whose packages come from `ecosystems` (in order of
    /// preference: a bare repository name is looked up in the first).
    pub fn for_show(
        gazetteer: &'a Gazetteer,
        episode: &Episode,
        table: &crate::hosts::Hosts,
        ecosystems: &[Ecosystem],
    ) -> Context<'a> {
        let mut hosts = HashMap::new();
        for host in &table.hosts {
            for alias in &host.aliases {
                hosts.insert(alias.clone(), host.name.clone());
            }
        }
        for seg in &episode.segments {
            if let (Some(written), Some(full)) = (&seg.host_as_written, &seg.host) {
                hosts.insert(written.clone(), full.clone());
                if let Some(first) = full.split_whitespace().next() {
                    hosts.insert(first.to_string(), full.clone());
                }
            }
        }
        Context {
            gazetteer,
            hosts,
            ecosystems: ecosystems.to_vec(),
        }
    }

    /// Whether a list entry may be found on this show: a registry's generated list only on a
    /// show of that registry.
    fn allows(&self, entry: &gazetteer::Entry) -> bool {
        !entry.gated
            || entry
                .ecosystem
                .is_some_and(|e| self.ecosystems.contains(&e))
    }

    /// An entry's key on this show: a package row that does not fix its registry is the
    /// package of the show's first registry that has the name ("playwright" on a web show is
    /// npm's), else of its list's.
    fn key_of(&self, entry: &gazetteer::Entry) -> String {
        match entry.ecosystem {
            Some(own) if !entry.fixed_ecosystem => self
                .ecosystems
                .iter()
                .take_while(|&&e| e != own)
                .find(|&&e| Gazetteer::on_registry(e, &entry.canonical) == Some(true))
                .map_or_else(|| entry.key.clone(), |e| e.key(&entry.canonical)),
            _ => entry.key.clone(),
        }
    }

    /// The listed package of this name: a hand-written row, else a generated one of a registry
    /// the show is about.
    fn lookup_package(&self, name: &str) -> Option<&'a gazetteer::Entry> {
        self.gazetteer
            .lookup(EntityKind::Package, name)
            .or_else(|| self.gazetteer.lookup_gated(name).filter(|e| self.allows(e)))
    }

    /// Whether any generated list may be found on this show.
    fn scans_gated(&self) -> bool {
        self.ecosystems.iter().any(|e| *e != Ecosystem::Pypi)
    }

    /// The show's first registry, where a repository or a bare name is looked up.
    fn first_ecosystem(&self) -> Ecosystem {
        self.ecosystems.first().copied().unwrap_or(Ecosystem::Pypi)
    }

    /// Whether the show's first registry has a name shown to be software; PyPI also under the
    /// names a repository wraps ("python-diskcache" is `diskcache`).
    fn on_first_registry(&self, name: &str) -> bool {
        match self.first_ecosystem() {
            Ecosystem::Pypi => on_pypi_as(name),
            eco => Gazetteer::on_registry(eco, name) == Some(true),
        }
    }
}

/// All mentions in one segment, in block order.
pub fn extract(episode: &Episode, segment: &Segment, ctx: &Context) -> Vec<Mention> {
    let mut mentions = Vec::new();
    for (offset, block) in episode.segment_blocks(segment).iter().enumerate() {
        let index = segment.blocks.start + offset;
        let mut found = Vec::new();
        // The header names the segment's host; settling merges it with the name in the text.
        if let (0, Some(host)) = (offset, &segment.host) {
            let surface = segment
                .host_as_written
                .clone()
                .unwrap_or_else(|| host.clone());
            found.push(mention(
                EntityKind::Person,
                host,
                &surface,
                block.line,
                None,
                Signal::Host,
                None,
                index,
            ));
        }
        block_mentions(block, index, ctx, &mut found);
        if episode.title_block == Some(index) {
            // "# Python Bytes 190": the show's name before the number is the title line's
            // furniture, not something the episode talks about.
            let number_at = block.text.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
            found.retain(|m| m.span.as_ref().is_none_or(|s| s.start >= number_at));
        }
        lists::enumerations(block, index, &mut found);
        resolve_registries(ctx, &mut found);
        publish_npm_twins(ctx, &mut found);
        tidy_names(ctx, &mut found);
        settle(&mut found);
        mentions.extend(found);
    }
    mentions
}

/// All mentions of an episode, per segment. Tentative sightings of ordinary words survive only
/// when the episode names the same entity with real evidence somewhere (a link, a code span, a
/// capitalised use), so "flask" counts in an episode about Flask but "rich" in prose does not.
pub fn extract_episode(episode: &Episode, ctx: &Context) -> Vec<Vec<Mention>> {
    let mut per_segment: Vec<Vec<Mention>> = episode
        .segments
        .iter()
        .map(|s| extract(episode, s, ctx))
        .collect();
    let confirmed: std::collections::HashSet<(EntityKind, String)> = per_segment
        .iter()
        .flatten()
        .filter(|m| !m.tentative)
        .map(|m| (m.kind, m.key.clone()))
        .collect();
    for mentions in &mut per_segment {
        mentions.retain(|m| !m.tentative || confirmed.contains(&(m.kind, m.key.clone())));
    }
    per_segment
}

#[allow(clippy::too_many_arguments)]
fn mention(
    kind: EntityKind,
    name: &str,
    surface: &str,
    line: usize,
    url: Option<&str>,
    signal: Signal,
    span: Option<Range<usize>>,
    block: usize,
) -> Mention {
    Mention {
        kind,
        key: key_for(kind, name),
        name: name.to_string(),
        surface: surface.to_string(),
        line,
        url: url.map(str::to_string),
        signal,
        span,
        block,
        tentative: false,
        registry_known: false,
    }
}

/// Gives each package that no registry link, command or list row placed the registry the show
/// finds it on: a listed name through its row, else the show's first registry when that has
/// it; a name only PyPI was asked about stays PyPI's.
fn resolve_registries(ctx: &Context, found: &mut [Mention]) {
    for m in found
        .iter_mut()
        .filter(|m| m.kind == EntityKind::Package && !m.registry_known)
    {
        let listed = ctx.lookup_package(&m.name);
        if let Some(entry) = listed {
            m.key = ctx.key_of(entry);
        } else if ctx.first_ecosystem() != Ecosystem::Pypi
            && Gazetteer::on_registry(ctx.first_ecosystem(), &m.name) == Some(true)
        {
            m.key = ctx.first_ecosystem().key(&m.name);
        }
        m.registry_known = true;
    }
}

/// On a show whose main registry is npm, a project that is itself a widely used npm package
/// ("Next.js", "Vite") is that package: a web show's listeners install it. Elsewhere it stays
/// the project (Electron on a Python show is the platform, not a dependency).
fn publish_npm_twins(ctx: &Context, found: &mut [Mention]) {
    if ctx.first_ecosystem() != Ecosystem::Npm {
        return;
    }
    for m in found.iter_mut().filter(|m| m.kind == EntityKind::Project) {
        if let Some(key) = ctx.gazetteer.npm_twin(&m.key) {
            m.kind = EntityKind::Package;
            m.key = key.to_string();
            m.registry_known = true;
        }
    }
}

/// No name ends in a possessive or a separator: "Josh Comeau's" is Josh Comeau, "Scott’s" the
/// host Scott stands for, "Tailwind UI -" Tailwind UI. The span shrinks with the surface.
fn tidy_names(ctx: &Context, found: &mut Vec<Mention>) {
    for m in found.iter_mut() {
        let tidy = names::tidy_label(&m.name);
        if tidy.len() == m.name.len() {
            continue;
        }
        let name = match ctx.hosts.get(tidy) {
            Some(full) if m.kind == EntityKind::Person => full.clone(),
            _ => tidy.to_string(),
        };
        let surface = names::tidy_label(&m.surface).to_string();
        if let Some(span) = &mut m.span {
            span.end -= (m.surface.len() - surface.len()).min(span.len());
        }
        m.surface = surface;
        m.rename(m.kind, &name);
    }
    found.retain(|m| !m.name.is_empty());
}

fn block_mentions(block: &Block, index: usize, ctx: &Context, out: &mut Vec<Mention>) {
    if block.kind == BlockKind::Code {
        installs(block, index, out);
        return;
    }
    for link in &block.links {
        link_mention(block, link, index, ctx, out);
    }
    bare_urls(block, index, ctx, out);
    for span in &block.code {
        code_span(block, span.clone(), index, ctx, out);
    }
    installs(block, index, out);
    attributions(block, index, ctx, out);
    sponsors(block, index, ctx, out);
    name_item(block, index, ctx, out);
    lead_name(block, index, out);
    laws(block, index, ctx, out);
    given_name_pairs(block, index, ctx, out);
    product_shapes(block, index, ctx, out);
    gazetteer_hits(block, index, ctx, out);
    short_names(block, index, ctx, out);
    host_names(block, index, ctx, out);
}

/// A link whose site spells its whole text ("[Lightning CSS](https://lightningcss.dev/)") names
/// one piece of software, so the shorter listed names inside that text ("CSS") are not
/// sightings of their own there, however sure the list that knows them. Only a site's name:
/// a personal site under its owner's name ("[Ada Quill personal site](adaquill.dev)") is a
/// weaker guess than the names inside it, and people and hosts named inside are never dropped.
fn drop_names_inside_site_links(found: &mut Vec<Mention>) {
    let whole: Vec<(usize, Range<usize>)> = found
        .iter()
        .filter(|m| m.signal == Signal::SiteLink && m.kind != EntityKind::Person && !m.tentative)
        .filter_map(|m| Some((m.block, m.span.clone()?)))
        .collect();
    if whole.is_empty() {
        return;
    }
    found.retain(|m| {
        let Some(s) = &m.span else {
            return true;
        };
        m.kind == EntityKind::Person
            || m.signal == Signal::Host
            || !whole.iter().any(|(block, w)| {
                *block == m.block && w.start <= s.start && s.end <= w.end && w.len() > s.len()
            })
    });
}

/// Keeps the most confident of overlapping sightings, and one sighting per entity per block.
fn settle(found: &mut Vec<Mention>) {
    drop_names_inside_site_links(found);
    // Equally sure sightings: the earlier, then the longer ("Ford Foundation" over "Ford").
    let place = |m: &Mention| m.span.as_ref().map(|s| (s.start, usize::MAX - s.end));
    // A tentative sighting may yet be dropped for want of evidence, so it never pushes out a
    // sure one: "by Rich Jones" is a person, not the package `rich` waiting for proof.
    found.sort_by(|a, b| {
        a.tentative
            .cmp(&b.tentative)
            .then(b.confidence().total_cmp(&a.confidence()))
            .then(place(a).cmp(&place(b)))
    });
    let mut kept: Vec<Mention> = Vec::with_capacity(found.len());
    for m in found.drain(..) {
        let overlaps = |k: &Mention| match (&k.span, &m.span) {
            (Some(a), Some(b)) => a.start < b.end && b.start < a.end,
            _ => false,
        };
        if let Some(same) = kept.iter_mut().find(|k| k.kind == m.kind && k.key == m.key) {
            if same.url.is_none() {
                same.url = m.url;
            }
            continue;
        }
        if kept.iter().any(overlaps) {
            continue;
        }
        kept.push(m);
    }
    kept.sort_by_key(|m| {
        (
            m.span.as_ref().map_or(usize::MAX, |s| s.start),
            m.kind,
            m.key.clone(),
        )
    });
    *found = kept;
}

fn link_mention(
    block: &Block,
    link: &crate::markup::Link,
    index: usize,
    ctx: &Context,
    out: &mut Vec<Mention>,
) {
    let Some(target) = links::classify(&link.url) else {
        return;
    };
    let text = block.link_text(link).trim();
    let url = Some(link.url.as_str());
    // The mention covers the link text only when the text names the same thing.
    let covering = |name: &str| {
        let (t, n) = (names::squash(text), names::squash(name));
        (!n.is_empty() && t.contains(&n)).then(|| link.range.clone())
    };
    let display = |name: &str| {
        if names::squash(text) == names::squash(name) {
            text.to_string()
        } else {
            name.to_string()
        }
    };
    // The surface is the link text only when it is the name itself, not a whole headline.
    let push = |out: &mut Vec<Mention>, kind: EntityKind, name: &str, signal: Signal| {
        let surface = if names::squash(text) == names::squash(name) {
            text
        } else {
            name
        };
        out.push(mention(
            kind,
            name,
            surface,
            block.line,
            url,
            signal,
            covering(name),
            index,
        ));
    };
    match &target {
        Target::Package { eco, name } => {
            push(
                out,
                EntityKind::Package,
                &eco.normalise(name),
                Signal::PackageLink,
            );
            if let Some(last) = out.pop() {
                out.push(last.in_ecosystem(*eco));
            }
        }
        // A GitHub Pages site is often a tutorial or a talk named by its slug: it names a
        // project only when the link text does too.
        Target::Repo { repo, .. }
            if links::is_pages_site(&link.url)
                && !names::squash(text).contains(&names::squash(repo)) => {}
        Target::Repo { owner, repo } => {
            let found = repo_mention(ctx, Some(owner), repo, &display(repo));
            push_found(out, found, &push);
        }
        Target::Docs(repo) => {
            let found = repo_mention(ctx, None, repo, &display(repo));
            push_found(out, found, &push);
        }
        Target::Stdlib(module) => {
            let module = module.split('.').next().unwrap_or(module);
            push(out, EntityKind::Project, module, Signal::PythonDocsLink);
        }
        Target::Pep(n) => push(
            out,
            EntityKind::Project,
            &format!("PEP {n}"),
            Signal::PythonDocsLink,
        ),
        Target::Profile(handle) => profile_mention(block, link, text, handle, index, ctx, out),
        Target::Page { host, path } => page_mention(block, link, text, host, path, index, ctx, out),
    }
}

/// What a repository (or a docs site) names, as a kind, a name and the key to merge on, if
/// that is not the name's own key.
struct RepoName {
    kind: EntityKind,
    name: String,
    key: Option<String>,
}

/// A known name keeps its kind; an unknown repository whose name the show's first registry
/// has is that package ("someorg/ping" on a web show is no PyPI package). Any other repository
/// is a project of its owner: `org-a/rfcs` and `org-b/rfcs` are two.
fn repo_mention(ctx: &Context, owner: Option<&str>, repo: &str, display: &str) -> RepoName {
    let g = ctx.gazetteer;
    let known = ctx
        .lookup_package(repo)
        .or_else(|| g.lookup(EntityKind::Project, repo));
    if let Some(entry) = known {
        let key = (entry.kind == EntityKind::Package).then(|| ctx.key_of(entry));
        return RepoName {
            kind: entry.kind,
            name: entry.canonical.clone(),
            key,
        };
    }
    // A repository named by a plain word ("someorg/build") is that package only on PyPI, whose
    // rule the Python gold set measured; elsewhere the name must look like a package's (a
    // hyphen, a digit) or be one of the registry's widely used names.
    let package_like = ctx.first_ecosystem() == Ecosystem::Pypi
        || repo.contains(|c: char| c == '-' || c.is_ascii_digit())
        || ctx.gazetteer.lookup_gated(repo).is_some();
    if package_like && ctx.on_first_registry(repo) {
        return RepoName {
            kind: EntityKind::Package,
            key: Some(ctx.first_ecosystem().key(display)),
            name: display.to_string(),
        };
    }
    RepoName {
        kind: EntityKind::Project,
        name: display.to_string(),
        key: owner.map(|o| names::fold(&format!("{o}/{repo}"))),
    }
}

/// `link_mention`'s way to add a mention of a kind and name found by a signal.
type Push<'p> = dyn Fn(&mut Vec<Mention>, EntityKind, &str, Signal) + 'p;

/// Pushes a repository's mention with `push`, then gives it the key `found` asks for.
fn push_found(out: &mut Vec<Mention>, found: RepoName, push: &Push) {
    push(out, found.kind, &found.name, Signal::RepoLink);
    if let (Some(key), Some(last)) = (found.key, out.last_mut()) {
        last.key = key;
        last.registry_known = true;
    }
}

/// What a link to any other page names: the publication whose site it is, the person whose
/// site it is, the site's own name, a course, or the thing the page's slug spells.
#[allow(clippy::too_many_arguments)]
fn page_mention(
    block: &Block,
    link: &crate::markup::Link,
    text: &str,
    host: &str,
    path: &[String],
    index: usize,
    ctx: &Context,
    out: &mut Vec<Mention>,
) {
    let g = ctx.gazetteer;
    if let Some(entry) = g.site(host) {
        out.push(site_mention(block, link, entry, index));
    }
    // `text` is the link text trimmed: offsets into it start after any leading whitespace.
    let text_start = link.range.end - block.link_text(link).trim_start().len();
    let mut published = None;
    let (kind, name, surface, signal, span) = if links::author_of_site(text, host) {
        let span = Some(link.range.clone());
        (
            EntityKind::Person,
            text.to_string(),
            text,
            Signal::SiteLink,
            span,
        )
    } else if let Some(subject) = links::subject_from_domain(text, host) {
        let (kind, name) = known_or(g, subject, EntityKind::Project);
        if name == subject && kind == EntityKind::Project {
            published = widely_used_package(ctx, subject);
        }
        let span = Some(text_start..text_start + subject.len());
        (kind, name, subject, Signal::SiteLink, span)
    } else if let Some(title) = links::course_title(text, host, path) {
        // Off the text: the names inside a course's title ("… with pip and Virtual
        // Environments") are mentions of their own.
        let (kind, name) = known_or(g, title, EntityKind::Project);
        (kind, name, title, Signal::SlugLink, None)
    } else if let Some(subject) = links::subject_from_path(text, path) {
        // "[Richard Luscombe](…/profile/richardluscombe)" is a person's page.
        let default = if names::starts_with_given_name(subject) {
            EntityKind::Person
        } else {
            unknown_software_kind(ctx, subject)
        };
        let (kind, name) = known_or(g, subject, default);
        let at = text_start + text.find(subject).unwrap_or(0);
        (
            kind,
            name,
            subject,
            Signal::SlugLink,
            Some(at..at + subject.len()),
        )
    } else {
        return;
    };
    let url = Some(link.url.as_str());
    out.push(mention(
        kind, &name, surface, block.line, url, signal, span, index,
    ));
    if let (Some(key), Some(last)) = (published, out.last_mut()) {
        last.kind = EntityKind::Package;
        last.key = key;
        last.registry_known = true;
    }
}

/// The key of the package a site's own name spells, letters and digits only, when a registry
/// the show is about lists it among its widely used names: "[Lightning CSS](lightningcss.dev)"
/// on a web show is npm's `lightningcss`. Unknown names stay projects.
fn widely_used_package(ctx: &Context, subject: &str) -> Option<String> {
    let entry = ctx
        .gazetteer
        .lookup_gated(&names::squash(subject))
        .filter(|e| ctx.allows(e))?;
    Some(ctx.key_of(entry))
}

/// Whether a link's text names an entity known by these forms: it equals, contains or is
/// contained in one of them, compared as letters and digits in lower case. A URL never does.
fn names_it(text: &str, forms: &[&str]) -> bool {
    let t = names::squash(text);
    if t.len() < 2 || text.contains("://") {
        return false;
    }
    forms
        .iter()
        .map(|f| names::squash(f))
        .any(|f| f.len() >= 2 && (t == f || t.contains(&f) || f.contains(&t)))
}

/// "[via sampledev, thanks](https://fosstodon.org/@sampledev/1)": link text that credits the handle
/// ("[projectbot release notes](…)" from a project's own account does not).
fn credits_handle(text: &str, handle: &str) -> bool {
    let credits = ["via ", "by ", "from ", "thanks to "].iter().any(|w| {
        text.get(..w.len())
            .is_some_and(|t| t.eq_ignore_ascii_case(w))
    });
    credits
        && text
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .any(|w| w.len() >= 3 && w.eq_ignore_ascii_case(handle))
}

/// A link into a publication's site mentions the publication. Where the link text spells the
/// site's name or its leading words ("[courses at Talk Python](https://training.talkpython.fm/)")
/// the mention covers them, and outranks a shorter list name found there ("Talk Python" the
/// podcast); otherwise it is a mention off the text.
fn site_mention(
    block: &Block,
    link: &crate::markup::Link,
    entry: &gazetteer::Entry,
    index: usize,
) -> Mention {
    let text = &block.text[link.range.clone()];
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = entry.canonical.split_whitespace().collect();
    // One word of a longer name proves nothing: "[Django tips](https://djangochat.com/…)" is
    // about Django, not a span of Django Chat.
    let fewest = words.len().min(2);
    let span = (fewest..=words.len()).rev().find_map(|n| {
        let lead = words[..n].join(" ").to_ascii_lowercase();
        let at = lower.find(&lead).filter(|_| lead.len() >= 4)?;
        let start = link.range.start + at;
        stands_alone(&block.text, start, start + lead.len()).then_some(start..start + lead.len())
    });
    let surface = span
        .as_ref()
        .map_or(entry.canonical.as_str(), |s| &block.text[s.clone()]);
    Mention {
        kind: entry.kind,
        key: entry.key.clone(),
        name: entry.canonical.clone(),
        surface: surface.to_string(),
        line: block.line,
        url: Some(link.url.clone()),
        signal: Signal::Site,
        span,
        block: index,
        tentative: false,
        registry_known: false,
    }
}

/// "pytest plugin: https://github.com/owner/pytest-x": a URL written out, not linked, is a link
/// target all the same.
fn bare_urls(block: &Block, index: usize, ctx: &Context, out: &mut Vec<Mention>) {
    if !block.text.contains("://") {
        return;
    }
    static R: OnceLock<Regex> = OnceLock::new();
    let re = R.get_or_init(|| {
        Regex::new(r#"https?://[^\s)\]>"'`]+"#).expect("bare URL pattern is valid")
    });
    for m in re.find_iter(&block.text) {
        // A URL shown as link text is the link's own business, even when text runs on after it.
        if block.link_covering(m.start(), m.start() + 1).is_some()
            || block.in_code(m.start(), m.end())
        {
            continue;
        }
        let url = m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?']);
        let link = crate::markup::Link {
            range: m.start()..m.start() + url.len(),
            url: url.to_string(),
        };
        link_mention(block, &link, index, ctx, out);
    }
}

/// Whether a repository's name, or the name it wraps, is a PyPI project: "python-diskcache"
/// installs as `diskcache`, "rich-bench" as `richbench`, "dateparser-py" as `dateparser`.
fn on_pypi_as(repo: &str) -> bool {
    let lower = repo.to_ascii_lowercase();
    let bare = lower
        .strip_prefix("python-")
        .or_else(|| lower.strip_prefix("py-"))
        .or_else(|| lower.strip_suffix("-python"))
        .or_else(|| lower.strip_suffix("-py"))
        .or_else(|| lower.strip_suffix(".py"));
    let joined: String = lower
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | '.'))
        .collect();
    std::iter::once(lower.as_str())
        .chain(bare)
        .chain(std::iter::once(joined.as_str()))
        .any(|name| name.len() >= 3 && Gazetteer::on_pypi(name))
}

/// The kind of software no list knows, named by a page of its own: a one-word name the show's
/// first registry has ("[Quickle](https://jcristharif.com/quickle/)" on a Python show) is the
/// package, anything else a project.
fn unknown_software_kind(ctx: &Context, name: &str) -> EntityKind {
    if !name.contains(' ') && ctx.on_first_registry(name) {
        EntityKind::Package
    } else {
        EntityKind::Project
    }
}

/// The gazetteer's kind and canonical name for a name, else the given kind and the name itself.
fn known_or(g: &Gazetteer, name: &str, kind: EntityKind) -> (EntityKind, String) {
    // "TOML" is the format even though the package `toml` squashes to the same letters.
    let mut entries = g.lookup_any(name);
    let first = entries.next();
    let exact = first
        .filter(|e| e.canonical == name)
        .or_else(|| entries.find(|e| e.canonical == name));
    match exact.or(first) {
        Some(entry) => (entry.kind, entry.canonical.clone()),
        None => (kind, name.to_string()),
    }
}

fn profile_mention(
    block: &Block,
    link: &crate::markup::Link,
    text: &str,
    handle: &str,
    index: usize,
    ctx: &Context,
    out: &mut Vec<Mention>,
) {
    let url = Some(link.url.as_str());
    let bare = handle.split('.').next().unwrap_or(handle);
    // A post's link text is often its topic ("[More Mars](…/status/1)"): there it names the
    // person only when it starts with a given name.
    let person_text = names::is_person_name(text)
        && (!links::is_post(&link.url) || names::starts_with_given_name(text));
    let (kind, name) = if person_text {
        (EntityKind::Person, text.to_string())
    } else if let Some(full) = ctx
        .hosts
        .iter()
        .find(|(short, _)| short.eq_ignore_ascii_case(bare))
        .map(|(_, full)| full.clone())
    {
        (EntityKind::Person, full)
    } else if let Some(entry) = ctx
        .gazetteer
        .lookup_any(handle)
        .next()
        .or_else(|| ctx.gazetteer.lookup_any(bare).next())
    {
        (entry.kind, entry.canonical.clone())
    } else if names::squash(text) == names::squash(handle)
        || names::squash(text) == names::squash(bare)
        || credits_handle(text, bare)
    {
        (EntityKind::Person, format!("@{handle}"))
    } else {
        // A profile behind other words ("Proud Parents") may be an account, not a person.
        return;
    };
    let span = names::squash(text)
        .contains(&names::squash(bare))
        .then(|| link.range.clone())
        .or_else(|| {
            (kind == EntityKind::Person && names::is_person_name(text)).then(|| link.range.clone())
        });
    // "[here](…/status/1)", "[HTMX for the win](…)" and a URL shown as text are no names of
    // the person: the surface, which becomes an alias, is then the name itself.
    let surface = if names_it(text, &[&name, handle, bare]) {
        text
    } else {
        name.as_str()
    };
    out.push(mention(
        kind,
        &name,
        surface,
        block.line,
        url,
        Signal::ProfileLink,
        span,
        index,
    ));
}

fn code_span(
    block: &Block,
    span: Range<usize>,
    index: usize,
    ctx: &Context,
    out: &mut Vec<Mention>,
) {
    let code = &block.text[span.clone()];
    let raw = code.trim();
    // The span covers the trimmed text: a code span can open with a space (or a line break).
    let start = span.start + (code.len() - code.trim_start().len());
    let word = raw.trim_end_matches("()").trim_start_matches(['$', ' ']);
    if word.is_empty()
        || !word
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
    {
        return;
    }
    let head = word.split('.').next().unwrap_or(word);
    let g = ctx.gazetteer;
    let package = ctx
        .lookup_package(word)
        .or_else(|| ctx.lookup_package(head));
    let found = if let Some(entry) = package {
        Some((EntityKind::Package, entry.canonical.clone(), Some(entry)))
    } else if Gazetteer::is_stdlib(head) {
        Some((EntityKind::Project, head.to_string(), None))
    } else {
        g.lookup_any(word)
            .find(|e| e.kind != EntityKind::Person)
            .map(|e| (e.kind, e.canonical.clone(), Some(e)))
    };
    if let Some((kind, name, entry)) = found {
        let mut m = mention(
            kind,
            &name,
            raw,
            block.line,
            None,
            Signal::CodeSpan,
            Some(start..start + raw.len()),
            index,
        );
        if let Some(entry) = entry.filter(|e| e.kind == EntityKind::Package) {
            m.key = ctx.key_of(entry);
            m.registry_known = true;
        }
        out.push(m);
    }
}

/// `$ pip install x` in a code block: the installer is named too (prose names it through the
/// lists, code blocks are not scanned for names).
fn installer(command: &str, at: usize, block: &Block, index: usize, out: &mut Vec<Mention>) {
    let tool = command.split_whitespace().next().unwrap_or("");
    let (tool, offset) = if tool.starts_with("python") {
        ("pip", command.find("pip").unwrap_or(0))
    } else {
        (tool.trim_end_matches('3'), 0)
    };
    let kind = if tool == "conda" {
        EntityKind::Project
    } else {
        EntityKind::Package
    };
    out.push(mention(
        kind,
        tool,
        tool,
        block.line,
        None,
        Signal::Install,
        Some(at + offset..at + offset + tool.len()),
        index,
    ));
}

fn install_pattern() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?-u:\b)(?:(?:python3?\s+-m\s+)?pip3?\s+install|uv\s+pip\s+install|uv\s+add|uv\s+tool\s+install|pipx\s+install|poetry\s+add|conda\s+install)\s+((?:[-\w.\[\],=<>~!\x22'+/@()]+\s?)+)")
            .expect("install pattern is valid")
    })
}

/// Other registries' commands: `npm i -D x`, `pnpm add x`, `npx x`, `cargo add x`,
/// `go get x`, `gem install x`, `composer require vendor/name`. Group 1 is the tool.
fn other_install_pattern() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?-u:\b)(npm|pnpm|yarn|bun|npx|bunx|pnpx|cargo|go|gem|bundle|composer)(?:\s+(?:install|i|add|get|require|dlx|global\s+add))?\s+((?:[-\w.\[\],=<>~!\x22'+/@()]+\s?)+)")
            .expect("install pattern is valid")
    })
}

/// The registry an install command's tool installs from, when the command is one: `npx x`
/// runs a package without a verb, every other tool needs its verb (`go x` is no install).
fn command_ecosystem(tool: &str, command: &str) -> Option<Ecosystem> {
    let verb = command[tool.len()..]
        .split_whitespace()
        .next()
        .unwrap_or("");
    let installs = matches!(
        verb,
        "install" | "i" | "add" | "get" | "require" | "dlx" | "global"
    );
    let eco = match tool {
        "npx" | "bunx" | "pnpx" => return Some(Ecosystem::Npm),
        "npm" | "pnpm" | "yarn" | "bun" => Ecosystem::Npm,
        "cargo" => Ecosystem::Crates,
        "go" if verb == "get" || verb == "install" => Ecosystem::Go,
        "gem" | "bundle" => Ecosystem::Gems,
        "composer" if verb == "require" => Ecosystem::Packagist,
        _ => return None,
    };
    installs.then_some(eco)
}

/// `pip install a b[extra]>=1`, `uv add x`, `npm i -D x`, `cargo add x`: each named
/// requirement is a package of the command's registry.
fn installs(block: &Block, index: usize, out: &mut Vec<Mention>) {
    let text = &block.text;
    // Every command the patterns know says `install`, `add`, `get`, `require` or `npx`; most
    // blocks say none of these, and a few substring searches are much cheaper than running
    // the patterns' captures over them.
    let verbs = [
        "install", "add", "get", "require", "npx", "bunx", "pnpx", "npm i",
    ];
    if !verbs.iter().any(|v| text.contains(v)) {
        return;
    }
    for caps in install_pattern().captures_iter(text) {
        let args = caps.get(1).expect("group 1 always matches");
        if block.kind == BlockKind::Code {
            installer(
                &caps[0],
                caps.get(0).map_or(0, |m| m.start()),
                block,
                index,
                out,
            );
        }
        let command = Command {
            args,
            eco: Ecosystem::Pypi,
            runs_package: false,
        };
        requirements(block, &command, index, out);
    }
    for caps in other_install_pattern().captures_iter(text) {
        let (tool, args) = (&caps[1], caps.get(2).expect("group 2 always matches"));
        if let Some(eco) = command_ecosystem(tool, &caps[0]) {
            let runs_package = matches!(tool, "npx" | "bunx" | "pnpx") || caps[0].contains("dlx");
            let command = Command {
                args,
                eco,
                runs_package,
            };
            requirements(block, &command, index, out);
        }
    }
}

/// An install command's arguments, the registry it installs from, and whether it runs the
/// package it names (`npx x`, `pnpm dlx x`) rather than installing a list of them.
struct Command<'t> {
    args: regex::Match<'t>,
    eco: Ecosystem,
    runs_package: bool,
}

/// The requirements an install command's arguments name, as packages of its registry.
fn requirements(block: &Block, command: &Command, index: usize, out: &mut Vec<Mention>) {
    let Command {
        args,
        eco,
        runs_package,
    } = *command;
    let text = &block.text;
    // In a command (code) every argument is a requirement; in prose ("pip install it via
    // pipx") only the first word is.
    let in_code = block.kind == BlockKind::Code || block.in_code(args.start(), args.start() + 1);
    // "`pip install x` or `conda install y`": a command ends with its code span.
    let span_end = match block.kind {
        BlockKind::Code => args.end(),
        _ => block
            .code_covering(args.start(), args.start() + 1)
            .map_or(args.end(), |r| r.end.min(args.end())),
    };
    let args_text = &text[args.start()..span_end.max(args.start())];
    let mut at = args.start();
    let mut after_option = false;
    for (position, token) in args_text.split(' ').enumerate() {
        let start = at;
        at += token.len() + 1;
        // `-c conda-forge`, `-r requirements.txt`, `-i URL`: an option's value is no name.
        let value = std::mem::replace(&mut after_option, takes_value(token));
        // In prose ("uv pip install --group doesn’t work") only a first word names anything.
        if !in_code && position > 0 {
            break;
        }
        if value || token.starts_with('-') || NOT_REQUIREMENTS.contains(&token) {
            continue;
        }
        let Some(name) = requirement_name(token, eco) else {
            continue;
        };
        let span = Some(start..start + name.len());
        let key_name = match eco {
            Ecosystem::Pypi => names::pep503(name),
            _ => name.to_string(),
        };
        out.push(
            mention(
                EntityKind::Package,
                &key_name,
                name,
                block.line,
                None,
                Signal::Install,
                span,
                index,
            )
            .in_ecosystem(eco),
        );
        // `npx skills install x` runs `skills`; what follows is the program's own arguments.
        if runs_package {
            break;
        }
    }
}

/// Words after an install command in prose that are no package's name.
const NOT_REQUIREMENTS: [&str; 13] = [
    "it", "them", "the", "a", "via", "or", "and", "with", "from", "to", "using", "package",
    "packages",
];

/// Options whose value follows them: `-c conda-forge`, `-r requirements.txt`, `-i URL`.
fn takes_value(token: &str) -> bool {
    matches!(
        token,
        "-c" | "--channel"
            | "-r"
            | "--requirement"
            | "-i"
            | "--index-url"
            | "-e"
            | "--editable"
            | "--python"
            | "-p"
    )
}

/// The package an argument names, without its version or extras: `x[extra]>=1` → `x`,
/// `@scope/x@2` → `@scope/x`, `github.com/a/b@latest` → `github.com/a/b`. Paths, URLs and
/// files name none.
fn requirement_name(token: &str, eco: Ecosystem) -> Option<&str> {
    let token = token.trim_matches(['"', '\'']);
    // npm scopes, Go module paths and Composer's `vendor/name` hold a `/`; PyPI names never.
    let slash_ok = matches!(eco, Ecosystem::Npm | Ecosystem::Go | Ecosystem::Packagist);
    let scoped = eco == Ecosystem::Npm && token.starts_with('@');
    let body = if scoped { &token[1..] } else { token };
    let len = body
        .find(|c: char| {
            !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.') || (slash_ok && c == '/'))
        })
        .unwrap_or(body.len());
    let name = token[..len + usize::from(scoped)].trim_end_matches(['.', '/']);
    // `pkg.install()` after the command is code, not a requirement; `git+https://…`, `./src`,
    // `requirements.txt` are no names.
    let is_path = token.contains(['+', ':', '('])
        || (!slash_ok && token.contains('/'))
        || token.starts_with(['.', '/'])
        || name.ends_with(".txt")
        || name == "e";
    let number = name.chars().all(|c| c.is_ascii_digit() || c == '.');
    (!is_path && !number && !name.is_empty() && name != "@").then_some(name)
}

fn attribution_pattern() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?i-u:\b(?:written by|created by|maintained by|submitted by|suggested by|thanks to|courtesy of|special guest|guest host|author|by|via|from|with)\b:?[ \t]+@?)")
            .expect("attribution pattern is valid")
    })
}

/// "“…I didn’t have time to write you a short one.” – Blaise Pascal": the name after a closing
/// quote and a dash is who said it.
fn quote_author_pattern() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r#"[”"][ \t]*[–—-]{1,2}[ \t]*"#).expect("quote pattern is valid"))
}

/// "by Matthew Rocklin", "via Nik Tomazic", "From Derrick Chambers", "Special guest: Seth Larson",
/// and who said a quote.
fn attributions(block: &Block, index: usize, ctx: &Context, out: &mut Vec<Mention>) {
    let text = &block.text;
    let quoted = text
        .contains(['”', '"'])
        .then(|| quote_author_pattern().find_iter(text));
    for m in attribution_pattern()
        .find_iter(text)
        .chain(quoted.into_iter().flatten())
    {
        let rest = &block.text[m.end()..];
        let Some(name) = names::leading_person_name(rest) else {
            continue;
        };
        // "from Python Software Foundation" is an organization, found by the gazetteer.
        if ctx
            .gazetteer
            .lookup_any(name)
            .any(|e| e.kind != EntityKind::Person)
        {
            continue;
        }
        let start = m.end();
        out.push(person_at(block, name, start, Signal::Attribution, index));
    }
}

/// "Sponsored by Microsoft for Startups Founders Hub: …": the sponsor's name, whatever it is.
fn sponsors(block: &Block, index: usize, ctx: &Context, out: &mut Vec<Mention>) {
    static R: OnceLock<Regex> = OnceLock::new();
    let re = R.get_or_init(|| {
        Regex::new(r"(?i:sponsored by|brought to you by)[\s:*\[]*")
            .expect("sponsor pattern is valid")
    });
    let text = &block.text;
    for m in re.find_iter(text) {
        let rest = &text[m.end()..];
        let end = rest
            .find([':', ',', '.', '!', '(', ')', ']', '*', '\n'])
            .unwrap_or(rest.len());
        let end = rest[..end].find(" - ").map_or(end, |i| i.min(end));
        // "Datadog pythonbytes.fm/…", "InfluxDB from InfluxData": the name is the run of
        // capitalised words, joined only by "for", "of", "and", "&".
        let phrase = rest[..end].trim();
        let mut taken = 0;
        let mut at = 0;
        for word in phrase.split(' ') {
            let capital = word
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
            if capital {
                taken = at + word.len();
            } else if !matches!(word, "for" | "of" | "and" | "&" | "") {
                break;
            }
            at += word.len() + 1;
        }
        let name = &phrase[..taken];
        let words = name.split_whitespace().count();
        if !(1..=6).contains(&words)
            || !name.chars().next().is_some_and(char::is_uppercase)
            || name.eq_ignore_ascii_case("us")
        {
            continue;
        }
        let (kind, canonical) = known_or(ctx.gazetteer, name, EntityKind::Organization);
        let start = m.end() + (rest.len() - rest.trim_start().len());
        out.push(named_at(
            block,
            kind,
            &canonical,
            name,
            start,
            Signal::Sponsor,
            index,
        ));
    }
}

/// "- subprocess32: a reliable subprocess module", "- html-to-markdown": a list item led by a
/// bare name with a digit, `-` or `_` (no English word looks like that) that PyPI knows.
fn lead_name(block: &Block, index: usize, out: &mut Vec<Mention>) {
    if !matches!(block.kind, BlockKind::Item(_)) {
        return;
    }
    let text = &block.text;
    let start = text.len() - text.trim_start().len();
    let lead = &text[start..];
    // The first ":", " - ", " – " or " — ": one pass over the bytes instead of four searches
    // through the whole item.
    let bytes = lead.as_bytes();
    let end = (0..bytes.len())
        .find(|&i| {
            bytes[i] == b':'
                || (bytes[i] == b' '
                    && ["- ", "– ", "— "]
                        .iter()
                        .any(|sep| bytes[i + 1..].starts_with(sep.as_bytes())))
        })
        .unwrap_or(lead.len());
    let name = lead[..end].trim_end();
    let shaped = name.contains(|c: char| c.is_ascii_digit() || c == '-' || c == '_');
    if !shaped || !lists::is_bare_name(name) || !Gazetteer::on_pypi(name) {
        return;
    }
    out.push(named_at(
        block,
        EntityKind::Package,
        &names::pep503(name),
        name,
        start,
        Signal::NameItem,
        index,
    ));
}

/// A list item that is only a name ("- Tim Sommer") names the item's author or subject.
fn name_item(block: &Block, index: usize, ctx: &Context, out: &mut Vec<Mention>) {
    if !matches!(block.kind, BlockKind::Item(_)) {
        return;
    }
    let text = block.text.trim().trim_end_matches(['.', ':', ',']);
    let first = text.split_whitespace().next().unwrap_or("");
    if names::is_person_name(text)
        && (names::is_given_name(first) || ctx.gazetteer.lookup(EntityKind::Person, text).is_some())
        && ctx
            .gazetteer
            .lookup_any(text)
            .all(|e| e.kind == EntityKind::Person)
    {
        let url = block.links.first().map(|l| l.url.as_str());
        out.push(mention(
            EntityKind::Person,
            text,
            text,
            block.line,
            url,
            Signal::NameItem,
            Some(0..text.len()),
            index,
        ));
    }
}

/// "David Bieber", "Gajendra Deshpande": a common given name followed by a capitalised surname
/// is a person wherever it stands, unless the curated lists know the phrase as something else.
fn given_name_pairs(block: &Block, index: usize, ctx: &Context, out: &mut Vec<Mention>) {
    let text = &block.text;
    for (start, word) in words(text) {
        if !names::is_given_name(word)
            || (start > 0
                && !text[..start].ends_with(|c: char| {
                    c.is_whitespace() || matches!(c, '(' | '[' | '"' | '“' | '*')
                }))
        {
            continue;
        }
        let Some(name) = names::leading_person_name(&text[start..]) else {
            continue;
        };
        if ctx
            .gazetteer
            .lookup_any(name)
            .any(|e| e.kind != EntityKind::Person)
        {
            continue;
        }
        out.push(person_at(block, name, start, Signal::NameShape, index));
    }
}

/// Words that only a product is called: CamelCase ("CodeCombat", "FlameGraph", "PyBay"), a
/// domain written as text ("TestDriven.io", "snarky.ca"), a conference series with its place
/// ("PyCon Bolivia"). Ordinary prose has none of these shapes.
fn product_shapes(block: &Block, index: usize, ctx: &Context, out: &mut Vec<Mention>) {
    let text = &block.text;
    for (start, token) in tokens(text) {
        let name = token
            .trim_end_matches(['.', ',', ':', ';', ')', '!', '?', '\'', '’'])
            .trim_start_matches(['(', '"', '“']);
        if name.is_empty() {
            continue;
        }
        // `name` is a slice of `token`, so where it starts is pointer arithmetic, not a search.
        let start = start + (name.as_ptr() as usize - token.as_ptr() as usize);
        if let Some(plugin) = plugin_name(name, ctx.gazetteer) {
            // `plugin` is `name` without its bold markers ("**datasette-vega**").
            let start = start + (plugin.as_ptr() as usize - name.as_ptr() as usize);
            if !inside_url(text, start) && !block.in_code(start, start + 1) {
                out.push(named_at(
                    block,
                    EntityKind::Package,
                    plugin,
                    plugin,
                    start,
                    Signal::ProductShape,
                    index,
                ));
            }
            continue;
        }
        let camel = is_camel_case(name);
        if !camel && !is_visible_domain(name) {
            continue;
        }
        // Class names in code (`DataFrame`, `ValueError`) are CamelCase too, and not products.
        let in_code = block.in_code(start, start + 1);
        let class_like = [
            "Error",
            "Exception",
            "Warning",
            "Dict",
            "Visitor",
            "Frame",
            "Class",
            "Case",
            "Type",
            "Namespace",
            "Is",
        ]
        .iter()
        .any(|s| name.ends_with(s));
        let shaped =
            (camel && !in_code && !class_like && !camel_case_word(name)) || is_visible_domain(name);
        // The curated lists and the gazetteer pass already decide names they know.
        if !shaped
            || inside_url(text, start)
            || ctx.hosts.contains_key(name)
            || ctx.gazetteer.lookup_any(name).next().is_some()
        {
            continue;
        }
        out.push(named_at(
            block,
            EntityKind::Project,
            name,
            name,
            start,
            Signal::ProductShape,
            index,
        ));
    }
    conference_places(block, index, out);
    institutions(block, index, out);
    owned_acronyms(block, index, ctx, out);
}

/// Acronyms a company has that are no product: its officers and the parts of any software.
const ROLES_AND_PARTS: [&str; 24] = [
    "CEO", "CTO", "CFO", "COO", "CIO", "CISO", "CPO", "API", "SDK", "CLI", "GPU", "CPU", "TPU",
    "NPU", "LLM", "CDN", "IDE", "URL", "SQL", "IPO", "SEO", "DNS", "VPN", "SSO",
];

/// "Tencent’s NCNN, Alibaba’s MNN": an acronym a company owns is its product. An acronym alone
/// is too often an abbreviation of something generic to count.
fn owned_acronyms(block: &Block, index: usize, ctx: &Context, out: &mut Vec<Mention>) {
    let text = &block.text;
    if !text.contains("’s ") && !text.contains("'s ") {
        return;
    }
    static R: OnceLock<Regex> = OnceLock::new();
    let re = R.get_or_init(|| {
        // ASCII word boundaries: the curly apostrophe would otherwise send every such block to
        // the slow Unicode engine.
        Regex::new(r"(?-u:\b)([A-Z][A-Za-z]+)(?:’|')s ([A-Z][A-Z0-9]{2,})(?-u:\b)")
            .expect("owned acronym pattern")
    });
    for caps in re.captures_iter(text) {
        let (owner, product) = (&caps[1], caps.get(2).expect("product group"));
        let g = ctx.gazetteer;
        let by_company = g.lookup(EntityKind::Organization, owner).is_some();
        let generic = ROLES_AND_PARTS.contains(&product.as_str());
        let placed =
            !inside_url(text, product.start()) && !block.in_code(product.start(), product.end());
        if by_company && !generic && placed && g.lookup_any(product.as_str()).next().is_none() {
            out.push(named_at(
                block,
                EntityKind::Project,
                product.as_str(),
                product.as_str(),
                product.start(),
                Signal::ProductShape,
                index,
            ));
        }
    }
}

/// "University of Michigan", "Department of Energy", "National Renewable Energy Laboratory",
/// "Linux Foundation": capitalised words around a word only institutions are named with.
fn institutions(block: &Block, index: usize, out: &mut Vec<Mention>) {
    static R: OnceLock<Regex> = OnceLock::new();
    let re = R.get_or_init(|| {
        let word = r"[A-Z][A-Za-z&]+";
        Regex::new(&format!(
            r"\b(?:(?:University|Department|Institute|Ministry) of (?:the )?{word}(?: {word})*|(?:{word} ){{1,4}}(?:University|Foundation|Institute|Laboratory|Administration|Association|Society|Agency)\b)"
        ))
        .expect("institution pattern is valid")
    });
    // Every match contains one of these words. Few blocks do, and one scan for them is much
    // cheaper than the pattern, whose Unicode `\b` sends text with any non-ASCII letter to a
    // slow engine.
    static KEYWORDS: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    let keywords = KEYWORDS.get_or_init(|| {
        aho_corasick::AhoCorasick::new([
            "University",
            "Department",
            "Institute",
            "Ministry",
            "Foundation",
            "Laboratory",
            "Administration",
            "Association",
            "Society",
            "Agency",
        ])
        .expect("institution words build")
    });
    // A headline's capitals run on past the name ("Department of Energy Wants You").
    if !keywords.is_match(&block.text) || title_case(&block.text) {
        return;
    }
    for m in re.find_iter(&block.text) {
        let mut start = m.start();
        let mut name = m.as_str();
        // "The Linux Foundation", "From the Ford Foundation": leading function words are no part.
        while let Some((first, rest)) = name.split_once(' ') {
            if !matches!(
                first,
                "The"
                    | "From"
                    | "A"
                    | "An"
                    | "Our"
                    | "By"
                    | "At"
                    | "In"
                    | "And"
                    | "With"
                    | "Via"
                    | "To"
            ) {
                break;
            }
            start += first.len() + 1;
            name = rest;
        }
        if !name.contains(' ') {
            continue;
        }
        out.push(named_at(
            block,
            EntityKind::Organization,
            name,
            name,
            start,
            Signal::InstitutionShape,
            index,
        ));
    }
}

/// "datasette-vega", "peewee-async": a known package's name, a hyphen and more, that PyPI
/// knows, is a plugin or companion package (`pytest-cov`, `django-ninja`). A generic suffix
/// makes an adjective or a noun instead ("black-box testing", "pytest-plugins", "django-admin").
fn plugin_name<'t>(word: &'t str, g: &Gazetteer) -> Option<&'t str> {
    let word = word.trim_matches('*');
    let (base, rest) = word.split_once('-')?;
    let shaped = word
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !rest.is_empty()
        && !word.ends_with('-');
    let generic = rest.split('-').any(|part| GENERIC_SUFFIXES.contains(&part));
    let known_base = || g.lookup(EntityKind::Package, base).is_some();
    (shaped && !generic && base.len() >= 3 && known_base() && Gazetteer::on_pypi(word))
        .then_some(word)
}

/// Words after a hyphen that make an adjective or a generic noun, not a plugin's name.
const GENERIC_SUFFIXES: [&str; 20] = [
    "box",
    "style",
    "like",
    "based",
    "plugin",
    "plugins",
    "admin",
    "compatible",
    "friendly",
    "ready",
    "free",
    "only",
    "specific",
    "powered",
    "driven",
    "level",
    "side",
    "native",
    "first",
    "aware",
];

/// Words after a conference's name that say what about it, not where.
const EVENT_WORDS: [&str; 16] = [
    "CFP",
    "Talks",
    "Talk",
    "Videos",
    "Video",
    "Tickets",
    "Registration",
    "Sprints",
    "Sprint",
    "Tutorials",
    "Keynote",
    "Keynotes",
    "Recap",
    "Schedule",
    "Is",
    "Was",
];

/// "PyCon Bolivia", "PyData Seattle": a conference series and the place that names one event.
fn conference_places(block: &Block, index: usize, out: &mut Vec<Mention>) {
    static R: OnceLock<Regex> = OnceLock::new();
    let re = R.get_or_init(|| Regex::new(r"\b(?:PyCon|PyData|DjangoCon|PyOhio|EuroPython|PyCascades)(?:\s+(?:[A-Z][A-Za-z]+|[A-Z]{2,}))+").expect("conference pattern is valid"));
    for m in re.find_iter(&block.text) {
        // "PyCascades CFP", "PyCon Videos": what follows the series is about the event, not
        // where it is.
        let mut name = m.as_str().trim_end();
        while let Some((head, last)) = name.rsplit_once(char::is_whitespace) {
            if !EVENT_WORDS.contains(&last) {
                break;
            }
            name = head.trim_end();
        }
        if !name.contains(char::is_whitespace) {
            continue;
        }
        out.push(mention(
            EntityKind::Project,
            name,
            name,
            block.line,
            None,
            Signal::SeriesPlace,
            Some(m.start()..m.start() + name.len()),
            index,
        ));
    }
}

/// Whitespace-separated tokens with their byte offsets.
fn tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace()
        .map(move |t| (t.as_ptr() as usize - text.as_ptr() as usize, t))
}

/// "CodeCombat", "PyViz", "KeepTheScore": a lower-case letter followed by a capital, letters
/// (and digits) only, not an all-capitals acronym.
/// Ordinary words some writers spell in CamelCase: practices and data structures, not products.
fn camel_case_word(word: &str) -> bool {
    let word = word.strip_suffix('s').unwrap_or(word);
    [
        "DevOps",
        "DevSecOps",
        "MLOps",
        "GitOps",
        "FinOps",
        "OpenSource",
        "DataFrame",
        "LifeCycle",
        "WebApp",
        "BackEnd",
        "FrontEnd",
        "FullStack",
    ]
    .iter()
    .any(|w| w.strip_suffix('s').unwrap_or(w).eq_ignore_ascii_case(word))
}

fn is_camel_case(word: &str) -> bool {
    // One pass over the chars, no Vec: asked of every token of every block.
    let mut chars = word.chars();
    if !chars.next().is_some_and(char::is_uppercase) {
        return false;
    }
    let (mut count, mut lower, mut hump) = (1, 0, false);
    let mut previous_lower = false;
    for c in chars {
        if !c.is_alphanumeric() {
            return false;
        }
        count += 1;
        let is_lower = c.is_lowercase();
        hump |= previous_lower && c.is_uppercase();
        lower += usize::from(is_lower);
        previous_lower = is_lower;
    }
    count >= 4 && hump && lower >= 2
}

/// "TestDriven.io", "snarky.ca", "blackarbs.com": a site named by its domain in the text.
fn is_visible_domain(word: &str) -> bool {
    // Asked of every token: a byte scan for the dot rejects most words before any other test.
    let Some(dot) = word.bytes().rposition(|b| b == b'.') else {
        return false;
    };
    let (name, tld) = (&word[..dot], &word[dot + 1..]);
    let tlds = [
        "com", "org", "io", "net", "dev", "ca", "fm", "ai", "co", "app", "me", "sh", "tech", "info",
    ];
    // "pex.readthedocs.io" is a page on a host of many projects; the link names the project.
    let hosted = [
        ".readthedocs",
        ".github",
        ".gitlab",
        ".netlify",
        ".herokuapp",
        ".vercel",
    ];
    tlds.contains(&tld)
        && name.len() >= 3
        && !hosted.iter().any(|h| name.ends_with(h))
        && !name.contains('/')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.'))
        && name.chars().any(|c| c.is_alphabetic())
}

fn law_patterns() -> &'static [Regex; 2] {
    static R: OnceLock<[Regex; 2]> = OnceLock::new();
    R.get_or_init(|| {
        [
            Regex::new(r"\b((?:[A-Z][\w\-]+\s+){0,2}[A-Z][\w\-]*(?:'s|’s|s'|s’)\s+(?:[Ll]aw|[Pp]rinciple|[Rr]azor|[Ee]ffect|[Rr]ule|[Tt]heorem|[Ff]allacy|[Pp]aradox))\b").expect("law pattern is valid"),
            Regex::new(r"\b[Tt]he\s+((?:[A-Z][\w\-]+\s+){1,3}(?:Principle|Effect|Law|Rule|Razor|Paradox))\b").expect("law pattern is valid"),
        ]
    })
}

/// "Hofstadter’s Law", "the Peter Principle": named folklore, canonicalised through the list.
fn laws(block: &Block, index: usize, ctx: &Context, out: &mut Vec<Mention>) {
    // Most blocks name no law; a cheap look for the closing words spares the two regexes.
    static WORDS: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    let words = WORDS.get_or_init(|| {
        let words = [
            "law",
            "principle",
            "razor",
            "effect",
            "rule",
            "theorem",
            "fallacy",
            "paradox",
        ];
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(words)
            .expect("law words build")
    });
    if !words.is_match(&block.text) {
        return;
    }
    for re in law_patterns() {
        for caps in re.captures_iter(&block.text) {
            let m = caps.get(1).expect("group 1 always matches");
            let surface = m.as_str();
            let name = match ctx.gazetteer.lookup(EntityKind::Law, surface) {
                Some(entry) => entry.canonical.clone(),
                None => law_display(surface),
            };
            out.push(mention(
                EntityKind::Law,
                &name,
                surface,
                block.line,
                None,
                Signal::LawPattern,
                Some(m.range()),
                index,
            ));
        }
    }
}

/// "Hofstadter’s law" → "Hofstadter's Law": straight apostrophe, capitalised last word.
fn law_display(surface: &str) -> String {
    let text = surface.replace('’', "'");
    match text.rsplit_once(' ') {
        Some((head, last)) => {
            let mut chars = last.chars();
            let last: String = chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
            format!("{head} {last}")
        }
        None => text,
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether a gazetteer hit stands as a word of its own, not part of a longer token or a URL.
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let rest = &text[end..];
    let after = rest.chars().next();
    let after2 = rest.chars().nth(1);
    // "functools.reduce" and "Electron-like" still name the thing; "pytest-xdist" does not.
    let joined_after = after.is_some_and(is_word_char)
        || (after == Some('-')
            && after2.is_some_and(is_word_char)
            && !adjective_suffix(&rest[1..]));
    // "YAPF/autopep" names two tools; a slash inside a URL is caught by `inside_url`.
    let joined_before =
        before.is_some_and(|c| is_word_char(c) || matches!(c, '-' | '.' | '@' | '#'));
    !joined_before && !joined_after
}

/// "-like", "-based", "-powered": suffixes that make a name into an adjective, not a new name.
fn adjective_suffix(rest: &str) -> bool {
    let word: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
    matches!(
        word.as_str(),
        "like"
            | "based"
            | "powered"
            | "style"
            | "compatible"
            | "friendly"
            | "specific"
            | "only"
            | "native"
            | "related"
            | "ish"
    )
}

/// "Python's logging module", "threading.Thread", "Module: math": prose that can only mean the
/// standard-library module, not the ordinary word.
fn reads_as_module(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end_matches([' ', ':']);
    // Only the last words matter; lower-casing the whole block per hit would be quadratic.
    let tail = before.char_indices().rev().nth(15).map_or(0, |(i, _)| i);
    let before = before[tail..].to_lowercase();
    let after = &text[end..];
    let attribute = after.strip_prefix('.').is_some_and(|rest| {
        rest.chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
    });
    // "this module" is a determiner; "the logging module", "Python's logging module" are not.
    let named_module = after.starts_with(" module")
        && [
            "the", "'s", "’s", "standard", "stdlib", "built-in", "builtin",
        ]
        .iter()
        .any(|w| before.ends_with(w));
    attribute || named_module || before.ends_with("module") || before.ends_with("modules")
}

/// Whether a URL has `word` as a whole host label or path segment ("click" in
/// `click.palletsprojects.com`, "attrs" in `github.com/python-attrs/attrs`); with `in_slug`,
/// also as one word of a slug ("heroku" in `…/heroku-announces-plans`).
fn url_has_part(url: &str, word: &str, in_slug: bool) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let parts = |seps: &'static [char]| rest.split(seps).any(|p| p.eq_ignore_ascii_case(word));
    parts(&['/', '.']) || (in_slug && parts(&['/', '.', '-', '_']))
}

/// "use attrs", "using hypothesis for": a name right after a verb of use, and not an adjective
/// before a noun ("use black coffee").
fn used(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].strip_suffix(' ').unwrap_or("");
    let verb = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let ends_phrase = word_after(text, end).is_none_or(|w| {
        w.is_empty()
            || matches!(
                w,
                "for" | "to" | "and" | "or" | "with" | "in" | "instead" | "on" | "if" | "when"
            )
    });
    matches!(verb, "use" | "Use" | "using" | "Using" | "uses") && ends_phrase
}

/// The code span around `start` is the name itself, a call or attribute of it, or an import.
fn code_span_names(block: &Block, start: usize, surface: &str) -> bool {
    let Some(span) = block.code_covering(start, start + surface.len()) else {
        return false;
    };
    let code = block.text[span.clone()].trim();
    let rest = code.strip_prefix(surface);
    // The first word of a command is a program ("`conda install …`", "`bash run.sh`").
    rest.is_some_and(|r| r.is_empty() || r.starts_with(['.', '(', '[', ',', ':', ' ']))
        || code.starts_with("import ")
        || code.starts_with("from ")
        || code.starts_with("pip ")
        || code.starts_with("uv ")
}

/// "Face Mesh", "Packaging Council", "Experts Panel": a capitalised word beside another is part
/// of a longer name, not the package of that word.
fn in_longer_name(text: &str, start: usize, end: usize) -> bool {
    // "Python, Ruby, Bash" is a list of names, not one name: punctuation breaks the run.
    let capital = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().last().is_some_and(char::is_alphanumeric)
    };
    let next = text[end..]
        .strip_prefix(' ')
        .and_then(|r| r.split(' ').next());
    let prev = text[..start]
        .strip_suffix(' ')
        .and_then(|r| r.rsplit(' ').next())
        .map(|w| w.trim_start_matches(|c: char| !c.is_alphanumeric()));
    next.is_some_and(capital) || prev.is_some_and(capital)
}

/// The word right after `end`, when one space separates it ("" if punctuation follows).
fn word_after(text: &str, end: usize) -> Option<&str> {
    text[end..].strip_prefix(' ').map(|rest| {
        rest.split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
    })
}

/// "a flask application", "the attrs library": the next word says the name is software.
fn reads_as_software(text: &str, end: usize) -> bool {
    word_after(text, end).is_some_and(|w| {
        matches!(
            w,
            "library"
                | "libraries"
                | "package"
                | "plugin"
                | "plugins"
                | "framework"
                | "extension"
                | "API"
                | "CLI"
        )
    })
}

/// A capitalised single word ("Black", "Rich") reads as an ordinary word at a sentence start.
fn ordinary_word(surface: &str) -> bool {
    let mut chars = surface.chars();
    chars.next().is_some_and(char::is_alphabetic) && chars.all(|c| c.is_lowercase())
}

fn gazetteer_hits(block: &Block, index: usize, ctx: &Context, out: &mut Vec<Mention>) {
    let text = &block.text;
    let g = ctx.gazetteer;
    let mut taken = 0;
    // Computed once per block, not per hit: a headline's capitals prove nothing.
    let mut headline: Option<bool> = None;
    for (hit, form) in g.find(text, ctx.scans_gated()) {
        // Several entries may share a span ("Black" the package, "black" elsewhere): the first
        // whose rules pass takes it.
        // A span already taken by a tentative reading may still find a sure one (below).
        let retry = out
            .last()
            .is_some_and(|m| m.tentative && m.span.as_ref() == Some(&(hit.start..hit.end)));
        if (hit.start < taken && !retry)
            || !stands_alone(text, hit.start, hit.end)
            || inside_url(text, hit.start)
        {
            continue;
        }
        let surface = &text[hit.start..hit.end];
        let entry = &g.entries[hit.entry];
        if !ctx.allows(entry) {
            continue;
        }
        // "Kate Heddleston" is a person, not KDE's editor Kate followed by a word.
        if entry.kind != EntityKind::Person
            && !surface.contains(' ')
            && names::is_given_name(surface)
            && names::leading_person_name(&text[hit.start..])
                .is_some_and(|name| name.len() > surface.len())
        {
            continue;
        }
        if !written_as_listed(text, hit.start, surface, form, entry) {
            continue;
        }
        let in_code = block.in_code(hit.start, hit.end);
        let link = block.link_covering(hit.start, hit.end);
        let ordinary = entry.needs_evidence && ordinary_word(surface);
        // A standard-library module named by an ordinary word ("code", "time") needs a code
        // span: link text such as "[code](…)" proves nothing.
        let is_module = Gazetteer::is_stdlib(&entry.canonical) && entry.kind == EntityKind::Project;
        let module_prose = ordinary && is_module && reads_as_module(text, hit.start, hit.end);
        if ordinary && !in_code && is_module && !module_prose {
            continue;
        }
        // Only an ordinary word needs evidence; the checks below run for it alone.
        let tentative = ordinary
            && !module_prose
            && !has_evidence(
                block,
                hit,
                surface,
                form,
                entry.kind,
                link,
                in_code,
                &mut headline,
            );
        // A person's handle counts only as a handle.
        if entry.kind == EntityKind::Person
            && !surface.contains(' ')
            && surface != entry.canonical
            && !surface.chars().next().is_some_and(char::is_uppercase)
        {
            continue;
        }
        let mut found = listed(ctx, entry, block, hit.start..hit.end, index);
        found.tentative = tentative;
        place_hit(out, found, &mut taken);
    }
}

/// Adds a curated sighting unless an earlier one took its span, except that a sure reading
/// replaces a tentative one of the same span: "markdown files" is the format even though the
/// package `markdown` comes first and would need evidence.
fn place_hit(out: &mut Vec<Mention>, found: Mention, taken: &mut usize) {
    let Some(span) = found.span.clone() else {
        return;
    };
    if let Some(last) = out.last_mut() {
        let same_span = last.span.as_ref() == Some(&span);
        if same_span && last.tentative && last.signal == Signal::Gazetteer && !found.tentative {
            *last = found;
            *taken = span.end;
            return;
        }
    }
    if span.start >= *taken {
        *taken = span.end;
        out.push(found);
    }
}

/// Whether the text writes a list form as the list needs it written.
fn written_as_listed(
    text: &str,
    start: usize,
    surface: &str,
    form: &str,
    entry: &gazetteer::Entry,
) -> bool {
    // A list form with capitals must match exactly ("Slack", not "slack"); a lower-case form
    // ("pandas") also matches its capitalised spelling at a sentence start.
    // A name that is no ordinary word ("GitHub", "asyncio", "PyPI") counts in any case; an
    // ordinary word must be written as the list writes it ("Slack", not "slack"), or
    // capitalised at a sentence start when the list writes it in lower case ("Flask").
    // "PyPI" may be written "pypi"; an acronym ("PROJ", "TOML") only as an acronym.
    let acronym = form
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    let inner_capitals = !acronym && form.chars().skip(1).any(char::is_uppercase);
    // Two-letter names ("uv", "jq") only as the list writes them.
    let short = form.chars().count() <= 2;
    // "Clean Code" the book, not "clean code": a name of several words keeps its capital
    // initial ("GitHub actions" and "Hour of code" still count).
    let words_ok = !form.contains(' ')
        || form.chars().next().is_none_or(|c| !c.is_uppercase())
        || surface.chars().next().is_some_and(char::is_uppercase);
    let case_ok = words_ok
        && (surface == form
            || (!short
                && !acronym
                && (!entry.needs_evidence || inner_capitals)
                && surface.eq_ignore_ascii_case(form))
            || (!short && !form.chars().any(char::is_uppercase) && capitalised(form) == surface));
    // A module is written as it is imported: "UUID" and "Datetime for Humans" are the
    // ideas, not `uuid` and `datetime` (a sentence may still start with "Asyncio").
    let module_case = surface == form
        || entry.kind != EntityKind::Project
        || !Gazetteer::is_stdlib(&entry.canonical)
        || sentence_start(text, start);
    case_ok && module_case
}

/// Names of one or two letters the gazetteer does not scan for ("C", "R", "Go", "C#"): only as
/// written, mid-sentence, and not as someone's initial ("Brett C.") or a drive ("C:\\").
fn short_names(block: &Block, index: usize, ctx: &Context, out: &mut Vec<Mention>) {
    static R: OnceLock<Regex> = OnceLock::new();
    let re = R.get_or_init(|| {
        Regex::new(r"(?:^|[\s(/,>])(C#|F#|C|R|Go|Qt)(?:[\s),;/<]|[.:]\s|[.:]?$)")
            .expect("short name pattern is valid")
    });
    let text = &block.text;
    for caps in re.captures_iter(text) {
        let m = caps.get(1).expect("group 1 always matches");
        let before = text[..m.start()].trim_end();
        let initial = before
            .rsplit(char::is_whitespace)
            .next()
            .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase) && !w.ends_with(','));
        // "Go to Definition" is an editor command, not the language.
        let go_to = m.as_str() == "Go" && text[m.end()..].starts_with(" to ");
        if initial || go_to || sentence_start(text, m.start()) || block.in_code(m.start(), m.end())
        {
            continue;
        }
        let Some(entry) = ctx.gazetteer.lookup(EntityKind::Project, m.as_str()) else {
            continue;
        };
        out.push(listed(ctx, entry, block, m.range(), index));
    }
}

/// Whether the text around an ordinary-word hit shows it is the product: the link or code span
/// around it names it, it is capitalised inside a sentence, it is all of a list item, or software
/// words surround it. `headline` caches whether the block is a Title Case headline.
#[allow(clippy::too_many_arguments)]
fn has_evidence(
    block: &Block,
    hit: gazetteer::Hit,
    surface: &str,
    form: &str,
    kind: EntityKind,
    link: Option<&crate::markup::Link>,
    in_code: bool,
    headline: &mut Option<bool>,
) -> bool {
    let text = &block.text;
    // "[Click](https://click.palletsprojects.com)" vouches for the word; a headline that
    // happens to hold it ("[How to use Pandas to access databases](…)") does not.
    let link_names_it = || {
        link.is_some_and(|l| {
            let label = block
                .link_text(l)
                .trim_matches(|c: char| !c.is_alphanumeric());
            let short = label.split_whitespace().count() <= 2;
            // "[Heroku ends free plans](…/heroku-ends-…)" but not "[Build an idea bank](…/build-…)":
            // a headline's first word is capitalised anyway, so it must be written as the
            // list writes it.
            // In a Title Case headline ("[Make Each Line Count](…/make-each-line-count)") every
            // word is capitalised, so the first one says nothing.
            let leads = surface == form
                && label
                    .get(..surface.len())
                    .is_some_and(|w| w.eq_ignore_ascii_case(surface))
                && !title_case(label);
            let is_label = names::squash(label) == names::squash(surface);
            is_label || url_has_part(&l.url, surface, leads || short)
        })
    };
    // "`black`", "`rich.print()`", "`import attrs`", "`conda install x`" name the program;
    // in "`mkdocs build`" the word is an argument.
    let code_names_it = || in_code && code_span_names(block, hit.start, surface);
    // A capitalised word in running text ("we moved to Flask") is a product's name; at the
    // start of a sentence or in a Title Case headline it proves nothing.
    let named = |headline: &mut Option<bool>| {
        surface.chars().next().is_some_and(char::is_uppercase)
            && !sentence_start(text, hit.start)
            && !in_longer_name(text, hit.start, hit.end)
            // A link's text starts with a capital as a title does.
            && link.is_none_or(|l| l.range.start != hit.start)
            && !*headline.get_or_insert_with(|| title_case(text))
    };
    // "- Windsurf": a list item that is only the name names it.
    let whole_item = || {
        matches!(block.kind, BlockKind::Item(_))
            && surface.chars().next().is_some_and(char::is_uppercase)
            && text.trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '.' | ':'))
                == surface
    };
    // "- Grumpy: A compiler from Python source to Go": an item that defines the name leading it is about
    // that thing; "- Coverage: 95% of lines" merely labels a line.
    let leads_item = || {
        let definition = text[hit.end..]
            .trim_start_matches('*')
            .strip_prefix(':')
            .map(|rest| rest.trim_start_matches(|c: char| c.is_whitespace() || c == '*'))
            .is_some_and(|rest| {
                ["A ", "An ", "a ", "an "]
                    .iter()
                    .any(|article| rest.starts_with(article))
            });
        matches!(block.kind, BlockKind::Item(_))
            && text[..hit.start]
                .trim_matches(|c: char| c.is_whitespace() || c == '*')
                .is_empty()
            && definition
    };
    let software_words = || {
        kind == EntityKind::Package
            && (reads_as_software(text, hit.end) || used(text, hit.start, hit.end))
    };
    whole_item()
        || leads_item()
        || code_names_it()
        || link_names_it()
        || named(headline)
        || software_words()
}

/// A sighting of a curated entry at `span` of the block's text (already keyed: no lookup).
fn listed(
    ctx: &Context,
    entry: &gazetteer::Entry,
    block: &Block,
    span: Range<usize>,
    index: usize,
) -> Mention {
    Mention {
        kind: entry.kind,
        key: ctx.key_of(entry),
        name: entry.canonical.clone(),
        surface: block.text[span.clone()].to_string(),
        line: block.line,
        url: block
            .link_covering(span.start, span.end)
            .map(|l| l.url.clone()),
        signal: Signal::Gazetteer,
        span: Some(span),
        block: index,
        tentative: false,
        registry_known: true,
    }
}

/// A person named at `start` of the block's text.
fn person_at(block: &Block, name: &str, start: usize, signal: Signal, index: usize) -> Mention {
    named_at(block, EntityKind::Person, name, name, start, signal, index)
}

/// A mention of `name`, written as `surface` at byte `start` of the block's text, with the URL of
/// the link around it if there is one.
fn named_at(
    block: &Block,
    kind: EntityKind,
    name: &str,
    surface: &str,
    start: usize,
    signal: Signal,
    index: usize,
) -> Mention {
    mention(
        kind,
        name,
        surface,
        block.line,
        link_at(block, start),
        signal,
        Some(start..start + surface.len()),
        index,
    )
}

/// The URL of the link whose text covers byte `at`, if any.
fn link_at(block: &Block, at: usize) -> Option<&str> {
    block.link_covering(at, at + 1).map(|l| l.url.as_str())
}

/// Whether the word at `at` is part of a bare URL written in the text (`https://…`, `www.…`).
fn inside_url(text: &str, at: usize) -> bool {
    let start = text[..at]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[at..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| at + i);
    let token = &text[start..end];
    token.contains("://") || token.starts_with("www.")
}

/// Whether `at` starts a sentence: the start of the block, or after `.`, `!`, `?` or `:`.
fn sentence_start(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end();
    before.is_empty() || before.ends_with(['.', '!', '?', ':', '“', '"', '(', '-', '–', '—'])
}

/// A headline in Title Case capitalises every word, so a capital says nothing there.
fn title_case(text: &str) -> bool {
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .collect();
    let capitalised = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    words.len() >= 3 && capitalised * 4 >= words.len() * 3
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// "Michael and Brian": the hosts' short names in running text are the hosts.
fn host_names(block: &Block, index: usize, ctx: &Context, out: &mut Vec<Mention>) {
    if ctx.hosts.is_empty() {
        return;
    }
    for (start, word) in words(&block.text) {
        if !word.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        if let Some(full) = ctx.hosts.get(word) {
            // "Brian Skinn" is not Brian Okken: a different full name starting here wins.
            let other = names::leading_person_name(&block.text[start..])
                .is_some_and(|n| n != full.as_str() && n.contains(' '));
            if other || !stands_alone(&block.text, start, start + word.len()) {
                continue;
            }
            out.push(mention(
                EntityKind::Person,
                full,
                word,
                block.line,
                None,
                Signal::Host,
                Some(start..start + word.len()),
                index,
            ));
        }
    }
}

fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !c.is_alphanumeric())
        .scan(0usize, |_, w| Some(w))
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

#[cfg(test)]
mod tests;
