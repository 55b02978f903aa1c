//! Aliases: a producer's file of fixes in, mentions rewritten out.
//!
//! Any extractor makes a few mistakes a producer can see at a glance. The alias file (TOML)
//! fixes them without touching code: merge surface forms into one entity, rename it, give it
//! another kind, or ignore a name altogether. Names are compared the way the evaluation compares
//! them (case-folded, letters and digits only). Applied to mentions before the graph is built.
//!
//! ```toml
//! [[entity]]
//! name = "pytest"                 # the name to show
//! kind = "package"                # optional: retype
//! aliases = ["py.test", "PyTest"] # other names that mean this entity
//!
//! [ignore]
//! names = ["Python Bytes"]
//! ```

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::extract::names::squash;
use crate::extract::{EntityKind, Mention};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasFile {
    #[serde(default)]
    entity: Vec<EntityFix>,
    #[serde(default)]
    ignore: Ignore,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntityFix {
    name: String,
    kind: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Ignore {
    #[serde(default)]
    names: Vec<String>,
}

/// The fixes, ready to apply.
#[derive(Debug, Clone, Default)]
pub struct Aliases {
    /// Squashed name → (kind to give, name to show).
    fixes: HashMap<String, (Option<EntityKind>, String)>,
    ignored: HashSet<String>,
}

impl Aliases {
    /// Parses an alias file; `path` only labels errors, which name the line.
    pub fn parse(text: &str, path: &Path) -> Result<Aliases> {
        let config_error = |line: usize, message: String| Error::Config {
            path: path.to_path_buf(),
            line,
            message,
        };
        let file: AliasFile = toml::from_str(text).map_err(|err| {
            let line = err
                .span()
                .map_or(1, |span| text[..span.start].lines().count().max(1));
            config_error(line, err.message().to_string())
        })?;
        let mut aliases = Aliases::default();
        for fix in file.entity {
            let kind = match fix.kind.as_deref() {
                Some(k) => Some(EntityKind::parse(k).ok_or_else(|| {
                    config_error(
                        line_of(text, &fix.name),
                        format!("unknown kind {k:?} for {:?}", fix.name),
                    )
                })?),
                None => None,
            };
            for name in std::iter::once(&fix.name).chain(&fix.aliases) {
                aliases.fixes.insert(squash(name), (kind, fix.name.clone()));
            }
        }
        aliases.ignored = file.ignore.names.iter().map(|n| squash(n)).collect();
        Ok(aliases)
    }

    pub fn is_empty(&self) -> bool {
        self.fixes.is_empty() && self.ignored.is_empty()
    }

    /// Drops ignored mentions and rewrites fixed ones in place.
    pub fn apply(&self, mentions: &mut Vec<Mention>) {
        if self.is_empty() {
            return;
        }
        mentions.retain(|m| {
            !self.ignored.contains(&squash(&m.name)) && !self.ignored.contains(&squash(&m.surface))
        });
        for m in mentions.iter_mut() {
            let fix = self
                .fixes
                .get(&squash(&m.name))
                .or_else(|| self.fixes.get(&squash(&m.surface)));
            if let Some((kind, name)) = fix {
                m.rename(kind.unwrap_or(m.kind), name);
            }
        }
    }
}

/// The line of the first occurrence of a quoted name, for error messages.
fn line_of(text: &str, name: &str) -> usize {
    text.find(&format!("\"{name}\""))
        .map_or(1, |at| text[..at].lines().count().max(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Signal;

    fn mention(kind: EntityKind, name: &str) -> Mention {
        Mention::for_tests(kind, name)
    }

    #[test]
    fn merge_rename_retype_and_ignore() {
        let text = "[[entity]]\nname = \"pytest\"\nkind = \"package\"\naliases = [\"py.test\"]\n\n[[entity]]\nname = \"Jupyter\"\nkind = \"project\"\n\n[ignore]\nnames = [\"Python Bytes\"]\n";
        let aliases = Aliases::parse(text, Path::new("a.toml")).unwrap();
        let mut found = vec![
            mention(EntityKind::Project, "py.test"),
            mention(EntityKind::Package, "jupyter"),
            mention(EntityKind::Project, "Python Bytes"),
            mention(EntityKind::Person, "Ada Quill"),
        ];
        aliases.apply(&mut found);
        let got: Vec<(EntityKind, &str, &str)> = found
            .iter()
            .map(|m| (m.kind, m.name.as_str(), m.key.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (EntityKind::Package, "pytest", "pypi:pytest"),
                (EntityKind::Project, "Jupyter", "jupyter"),
                (EntityKind::Person, "Ada Quill", "ada-quill"),
            ]
        );
        assert!(found.iter().all(|m| m.signal == Signal::Gazetteer));
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let cases = [
            ("[[entity]]\nname = \"x\"\nkind = \"planet\"\n", "a.toml:2:"),
            ("[[entity]]\nnam = \"x\"\n", "a.toml:"),
        ];
        for (text, prefix) in cases {
            let message = Aliases::parse(text, Path::new("a.toml"))
                .unwrap_err()
                .to_string();
            assert!(message.starts_with(prefix), "{message}");
        }
    }
}
