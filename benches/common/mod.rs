//! What the benches share: where the corpus they time is.

use std::path::PathBuf;

/// `$PODGRAPH_SHARED`, else ../shared: where the real corpus is when it is present.
#[allow(dead_code)] // each bench uses what it needs
pub fn shared_dir() -> PathBuf {
    std::env::var_os("PODGRAPH_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared"))
}

/// The real corpus when ../shared (or `$PODGRAPH_SHARED`) has it, else the samples in input/.
#[allow(dead_code)]
pub fn corpus_dir() -> PathBuf {
    let notes = shared_dir().join("corpus/python-bytes/show_notes");
    if notes.is_dir() {
        notes
    } else {
        eprintln!("benches: {} is absent; using input/", notes.display());
        PathBuf::from("input")
    }
}
