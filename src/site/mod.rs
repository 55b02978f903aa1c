//! The offline explorer: a knowledge graph, its topic graph and its related lists in
//! ([`Input`]), a static site out ([`Site`]): an index with search, a page per episode and per
//! entity, and the topic graph drawn by the vendored cytoscape.js. Pages link with relative
//! paths and load their data with `<script src>`, so the site opens from disk with no server and
//! no network. The same input gives the same bytes. It never prints and never chooses where
//! the site goes: [`Site::write`] hands each file to a [`Sink`] ([`DirSink`] writes a folder).
//!
//! A new page is one function in `pages.rs` and one `push` in [`build`].

mod data;
mod model;
mod pages;
pub mod paths;

use std::io;
use std::path::{Path, PathBuf};

pub use data::{script_safe, GRAPH_LINKS_PER_NODE, GRAPH_STEP};
pub use model::Input;

use model::Catalog;

/// The file every built site has at its root, so a later build knows the folder is a site it
/// may replace.
pub const MARKER: &str = ".podgraph-site";

/// cytoscape.js as vendored by `scripts/update-cytoscape.sh`, with its licence.
const CYTOSCAPE: &str = include_str!("../../vendor/cytoscape/cytoscape.min.js");
const CYTOSCAPE_LICENSE: &str = include_str!("../../vendor/cytoscape/LICENSE");
const STYLE: &str = include_str!("assets/style.css");
const SEARCH: &str = include_str!("assets/search.js");
const GRAPH: &str = include_str!("assets/graph.js");

/// One file of the site: its path under the root (always `/`-separated) and its bytes.
pub struct File {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Every file of the site, in a fixed order.
pub struct Site {
    pub files: Vec<File>,
    /// HTML pages among the files: the index, the graph view, one per episode and entity.
    pub pages: usize,
}

/// Where a site's files go.
pub trait Sink {
    fn put(&mut self, path: &str, bytes: &[u8]) -> io::Result<()>;
}

/// Writes each file under a folder, making subfolders as needed.
pub struct DirSink {
    pub root: PathBuf,
}

impl Sink for DirSink {
    fn put(&mut self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let target = self.root.join(path);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(target, bytes)
    }
}

impl Site {
    pub fn write(&self, sink: &mut dyn Sink) -> io::Result<()> {
        self.files
            .iter()
            .try_for_each(|f| sink.put(&f.path, &f.bytes))
    }

    /// Writes the site into `dir`, as a [`DirSink`] would, on one thread per core (at most
    /// four): five thousand small files cost more in system calls than in rendering. Folders
    /// are made first, so the writers never race to make one.
    pub fn write_dir(&self, dir: &Path) -> io::Result<()> {
        let folders: std::collections::BTreeSet<&str> = self
            .files
            .iter()
            .filter_map(|f| f.path.rsplit_once('/').map(|(folder, _)| folder))
            .collect();
        for folder in folders {
            std::fs::create_dir_all(dir.join(folder))?;
        }
        let writers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let share = self.files.len().div_ceil(writers).max(1);
        std::thread::scope(|scope| {
            let handles: Vec<_> = self
                .files
                .chunks(share)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .try_for_each(|f| std::fs::write(dir.join(&f.path), &f.bytes))
                    })
                })
                .collect();
            handles.into_iter().try_for_each(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(io::Error::other("a site writer panicked")))
            })
        })
    }

    /// The size of every file together.
    pub fn size(&self) -> u64 {
        self.files.iter().map(|f| f.bytes.len() as u64).sum()
    }
}

/// Renders the whole site.
pub fn build(input: &Input) -> Site {
    let catalog = Catalog::new(input);
    let mut files = Vec::new();
    let mut put = |path: String, bytes: Vec<u8>| files.push(File { path, bytes });
    put("index.html".into(), pages::bytes(pages::index(&catalog)));
    put("graph.html".into(), pages::bytes(pages::graph(&catalog)));
    for (node, e) in &catalog.episodes {
        put(
            paths::episode(&e.id),
            pages::bytes(pages::episode(&catalog, *node, e)),
        );
    }
    for (node, e) in &catalog.entities {
        put(
            paths::entity(&e.id),
            pages::bytes(pages::entity(&catalog, *node, e)),
        );
    }
    let pages = 2 + catalog.episodes.len() + catalog.entities.len();
    put(
        "assets/search-data.js".into(),
        data::search(&catalog).into_bytes(),
    );
    put(
        "assets/topics-data.js".into(),
        data::topics(&catalog).into_bytes(),
    );
    put("assets/style.css".into(), STYLE.into());
    put("assets/search.js".into(), SEARCH.into());
    put("assets/graph.js".into(), GRAPH.into());
    put("vendor/cytoscape/cytoscape.min.js".into(), CYTOSCAPE.into());
    put("vendor/cytoscape/LICENSE".into(), CYTOSCAPE_LICENSE.into());
    put(
        MARKER.into(),
        format!("{}\n", crate::export::json::GENERATOR).into_bytes(),
    );
    Site { files, pages }
}
