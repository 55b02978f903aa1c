//! The files of one build, replaced together: each output is written to a temporary file in the
//! target folder, and only when every one of them is complete are they all renamed into place.
//! On any error, or if the set is dropped before `commit`, the temporary files are removed and
//! the old outputs stay as they were. Also reads how many episodes an existing graph.json holds,
//! without parsing it, so a build can refuse to replace a big graph with a much smaller one.
//!
//! It never decides what to write: a new output format joins a build with one `stage` line.
//!
//! ```ignore
//! let outputs = OutputSet::new(&dir);
//! outputs.stage("graph.json", |w| podgraph::export::json::write(&graph, w))?;
//! outputs.commit()?;
//! ```

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::Context;
use tempfile::NamedTempFile;

/// Complete temporary files waiting to be renamed over their targets.
pub struct OutputSet {
    dir: PathBuf,
    // A mutex so exporters running on several threads can stage into one set.
    staged: Mutex<Vec<(NamedTempFile, PathBuf)>>,
}

impl OutputSet {
    pub fn new(dir: &Path) -> OutputSet {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        OutputSet {
            dir: dir.to_path_buf(),
            staged: Mutex::new(Vec::new()),
        }
    }

    /// The path `name` will have once the set is committed.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Writes `name` to a temporary file beside its target; nothing visible changes yet.
    pub fn stage(
        &self,
        name: &str,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> anyhow::Result<()> {
        let target = self.path(name);
        // A folder format (`csv/nodes.csv`) stages into its own folder.
        let dir = target.parent().unwrap_or(&self.dir).to_path_buf();
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        let tmp = write_temp(&dir, &target, write)?;
        self.staged
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push((tmp, target));
        Ok(())
    }

    /// Renames every staged file over its target, in the order staged. A rename within one
    /// folder does not fail for want of space, so once every file is written the set lands whole.
    pub fn commit(self) -> anyhow::Result<()> {
        let staged = self
            .staged
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        for (tmp, target) in staged {
            tmp.persist(&target)
                .with_context(|| format!("cannot write {}", target.display()))?;
        }
        Ok(())
    }
}

/// Replaces the folder `target` with one `fill` writes: `fill` writes into a temporary folder
/// beside it, which is then renamed into place, so an error leaves the old folder as it was.
/// A folder is only replaced when it is empty or holds `marker` (written by an earlier run), so
/// `-o` pointed at a folder of other things fails instead of deleting them. Linux cannot rename
/// a folder over a non-empty one, so the old folder is first moved aside: between the two
/// renames `target` is briefly absent.
pub fn replace_dir(
    target: &Path,
    marker: &str,
    fill: impl FnOnce(&Path) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .context("an output folder needs a name")?;
    let replaceable = |dir: &Path| -> anyhow::Result<bool> {
        let mut entries =
            std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        Ok(entries.next().is_none() || dir.join(marker).is_file())
    };
    let exists = target.exists();
    if exists && !(target.is_dir() && replaceable(target)?) {
        anyhow::bail!(
            "{} exists and is not a site podgraph wrote; name a new or empty folder",
            target.display()
        );
    }
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let staged = tempfile::Builder::new()
        .prefix(".podgraph-new-")
        .tempdir_in(parent)
        .with_context(|| format!("cannot create a temporary folder in {}", parent.display()))?;
    fill(staged.path())?;
    // Temporary folders are private (0700); the site should be as readable as any output.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(staged.path(), std::fs::Permissions::from_mode(0o755));
    }
    let old = parent.join(format!(".podgraph-old-{}", name.to_string_lossy()));
    if exists {
        let _ = std::fs::remove_dir_all(&old);
        std::fs::rename(target, &old)
            .with_context(|| format!("cannot move {} aside", target.display()))?;
    }
    let staged = staged.keep();
    if let Err(err) = std::fs::rename(&staged, target) {
        if exists {
            let _ = std::fs::rename(&old, target);
        }
        let _ = std::fs::remove_dir_all(&staged);
        return Err(err).with_context(|| format!("cannot write {}", target.display()));
    }
    if exists {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

fn write_temp(
    dir: &Path,
    target: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<NamedTempFile> {
    let mut tmp = NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    let failed = || format!("cannot write {}", target.display());
    {
        let mut buffered = std::io::BufWriter::new(tmp.as_file_mut());
        write(&mut buffered).with_context(failed)?;
        buffered.flush().with_context(failed)?;
    }
    // Temporary files are private (0600); the result should be as readable as any other output.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    Ok(tmp)
}

/// How many episode records a graph.json holds, counted line by line without parsing: in
/// JSON text the quotes of `"kind":"episode"` can only be structure, never inside a string
/// (where they would be escaped). `None` when there is no readable file.
pub fn episodes_in(graph_json: &Path) -> Option<usize> {
    let file = std::fs::File::open(graph_json).ok()?;
    let patterns = Patterns::new();
    let mut count = 0;
    for line in std::io::BufReader::new(file).split(b'\n') {
        count += patterns.count(&line.ok()?);
    }
    Some(count)
}

/// An episode record's `kind`, compact and spaced, as SIMD substring finders: the check runs
/// on every build, over a graph.json of tens of megabytes.
struct Patterns([memchr::memmem::Finder<'static>; 2]);

impl Patterns {
    fn new() -> Self {
        Patterns([
            memchr::memmem::Finder::new(b"\"kind\":\"episode\""),
            memchr::memmem::Finder::new(b"\"kind\": \"episode\""),
        ])
    }

    fn count(&self, line: &[u8]) -> usize {
        self.0.iter().map(|f| f.find_iter(line).count()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn episode_records_are_counted_only_as_structure() {
        let cases: [(&str, usize); 6] = [
            (r#"{"id":"episode:1","kind":"episode","title":"x"},"#, 1),
            (r#"{"id": "episode:1", "kind": "episode"}"#, 1),
            (r#"{"id":"segment:1:1","kind":"segment","episode":1}"#, 0),
            (r#"{"source":"a","target":"b","kind":"has_episode"}"#, 0),
            // A title that spells the pattern has its quotes escaped.
            (r#"{"kind":"segment","title":"\"kind\":\"episode\""}"#, 0),
            (r#"{"kind":"episode"},{"kind":"episode"}"#, 2),
        ];
        for (line, expected) in cases {
            assert_eq!(Patterns::new().count(line.as_bytes()), expected, "{line}");
        }
    }

    #[test]
    fn a_set_lands_whole_or_not_at_all() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        std::fs::write(dir.join("a.txt"), "old a").unwrap();
        let set = OutputSet::new(dir);
        set.stage("a.txt", |w| w.write_all(b"new a")).unwrap();
        let failed = set.stage("b.txt", |_| Err(std::io::Error::other("disk full")));
        assert!(failed.is_err());
        drop(set);
        let names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.txt"], "temporary files are removed");
        assert_eq!(std::fs::read_to_string(dir.join("a.txt")).unwrap(), "old a");

        let set = OutputSet::new(dir);
        set.stage("a.txt", |w| w.write_all(b"new a")).unwrap();
        set.stage("b.txt", |w| w.write_all(b"new b")).unwrap();
        assert_eq!(std::fs::read_to_string(dir.join("a.txt")).unwrap(), "old a");
        set.commit().unwrap();
        assert_eq!(std::fs::read_to_string(dir.join("a.txt")).unwrap(), "new a");
        assert_eq!(std::fs::read_to_string(dir.join("b.txt")).unwrap(), "new b");
    }

    #[test]
    fn a_missing_graph_has_no_count() {
        let tmp = tempfile::tempdir().unwrap();
        assert_eq!(episodes_in(&tmp.path().join("graph.json")), None);
        std::fs::write(
            tmp.path().join("graph.json"),
            "{\"kind\":\"episode\"}\n{\"kind\":\"episode\"}\n",
        )
        .unwrap();
        assert_eq!(episodes_in(&tmp.path().join("graph.json")), Some(2));
    }
}
