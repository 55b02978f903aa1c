//! Helpers shared by the integration tests: where the real corpus is, and the built binary.

use std::path::PathBuf;

/// The shared folder with the real corpus: `$PODGRAPH_SHARED`, else `../shared` beside the
/// checkout. `None` (with the reason printed) when it is absent, as on a user's clone.
pub fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("PODGRAPH_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    if dir.join("corpus/python-bytes/show_notes").is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: the real corpus is not at {} (set PODGRAPH_SHARED to run this test)",
            dir.display()
        );
        None
    }
}

pub fn show_notes() -> Option<PathBuf> {
    shared().map(|dir| dir.join("corpus/python-bytes/show_notes"))
}

pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}
