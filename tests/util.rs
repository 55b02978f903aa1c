//! Helpers shared by the integration tests: where the real corpus is, and the built binary.

use std::path::PathBuf;

/// The shared folder with the real corpus: `$PODGRAPH_SHARED`, else `../shared` beside the
/// checkout. `None` (with the reason printed) when it is absent, as on a user's clone; but with
/// `PODGRAPH_REQUIRE_CORPUS=1` (CI) a missing corpus fails the test, so corpus tests cannot
/// pass by skipping.
pub fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("PODGRAPH_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    if dir.join("corpus/python-bytes/show_notes").is_dir() {
        return Some(dir);
    }
    let reason = format!("the real corpus is not at {}", dir.display());
    assert!(
        !corpus_required(),
        "{reason}, and PODGRAPH_REQUIRE_CORPUS says it must be"
    );
    eprintln!("skipped: {reason} (set PODGRAPH_SHARED to run this test)");
    None
}

/// Whether a missing corpus is a failure rather than a reason to skip.
fn corpus_required() -> bool {
    std::env::var("PODGRAPH_REQUIRE_CORPUS").is_ok_and(|v| !matches!(v.as_str(), "" | "0"))
}

pub fn show_notes() -> Option<PathBuf> {
    shared().map(|dir| dir.join("corpus/python-bytes/show_notes"))
}

pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}
