//! What the benches share: where the corpus they time is.

use std::path::PathBuf;

/// The real corpus when ../shared (or `$PODGRAPH_SHARED`) has it, else the samples in input/.
pub fn corpus_dir() -> PathBuf {
    let shared = std::env::var_os("PODGRAPH_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared"));
    let notes = shared.join("corpus/python-bytes/show_notes");
    if notes.is_dir() {
        notes
    } else {
        eprintln!("benches: {} is absent; using input/", notes.display());
        PathBuf::from("input")
    }
}
