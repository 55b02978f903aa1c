//! Ecosystems: which registry a package belongs to, and how that registry spells a name.
//!
//! Takes a registry and a package name and produces the package's identity key
//! (`pypi:pytest`, `npm:@tanstack/query`, `crates:serde-json`), so that the same name on two
//! registries stays two entities. Each registry folds names its own way: PEP 503 for PyPI,
//! lower case with the `@scope/` kept for npm, `-` and `_` as one for crates. Pure functions;
//! no data files, never asks a registry.

use super::names;

/// A package registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ecosystem {
    Pypi,
    Npm,
    Crates,
    Go,
    Gems,
    Packagist,
    Hex,
    Cran,
}

impl Ecosystem {
    pub const ALL: [Ecosystem; 8] = [
        Ecosystem::Pypi,
        Ecosystem::Npm,
        Ecosystem::Crates,
        Ecosystem::Go,
        Ecosystem::Gems,
        Ecosystem::Packagist,
        Ecosystem::Hex,
        Ecosystem::Cran,
    ];

    /// The name graph.json and package ids use.
    pub fn as_str(self) -> &'static str {
        match self {
            Ecosystem::Pypi => "pypi",
            Ecosystem::Npm => "npm",
            Ecosystem::Crates => "crates",
            Ecosystem::Go => "go",
            Ecosystem::Gems => "gems",
            Ecosystem::Packagist => "packagist",
            Ecosystem::Hex => "hex",
            Ecosystem::Cran => "cran",
        }
    }

    pub fn parse(text: &str) -> Option<Ecosystem> {
        Ecosystem::ALL
            .into_iter()
            .find(|e| e.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// A name as this registry folds it: the form two spellings of one package share.
    pub fn normalise(self, name: &str) -> String {
        let name = name.trim();
        match self {
            Ecosystem::Pypi => names::pep503(name),
            // Crates treats `-` and `_` as the same character.
            Ecosystem::Crates => name.to_lowercase().replace('_', "-"),
            // npm names are lower case (old ones had capitals); the `@scope/` is part of the
            // name. Go module paths, gems, Composer's `vendor/name`, Hex and CRAN names are
            // compared without case, which is how people write them in prose.
            _ => name.to_lowercase(),
        }
    }

    /// The identity key of a package of this registry: `npm:react`.
    pub fn key(self, name: &str) -> String {
        format!("{}:{}", self.as_str(), self.normalise(name))
    }
}

/// A package key's registry and name: `npm:@scope/x` → (Npm, "@scope/x"). A key without a
/// known registry (an old `pytest`) is read as PyPI's, the only registry there used to be.
pub fn split_key(key: &str) -> (Ecosystem, &str) {
    match key.split_once(':') {
        Some((eco, name)) => match Ecosystem::parse(eco) {
            Some(eco) => (eco, name),
            None => (Ecosystem::Pypi, key),
        },
        None => (Ecosystem::Pypi, key),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_names_the_way_each_registry_does() {
        let cases = [
            (Ecosystem::Pypi, "Memory_Profiler", "pypi:memory-profiler"),
            (Ecosystem::Npm, "@TanStack/query", "npm:@tanstack/query"),
            (Ecosystem::Npm, "solid-js", "npm:solid-js"),
            (Ecosystem::Crates, "serde_json", "crates:serde-json"),
            (
                Ecosystem::Go,
                "github.com/spf13/Cobra",
                "go:github.com/spf13/cobra",
            ),
            (
                Ecosystem::Packagist,
                "laravel/framework",
                "packagist:laravel/framework",
            ),
            (Ecosystem::Cran, "ggplot2", "cran:ggplot2"),
        ];
        for (eco, name, key) in cases {
            assert_eq!(eco.key(name), key, "{name}");
            assert_eq!(split_key(key), (eco, &key[eco.as_str().len() + 1..]));
        }
        assert_eq!(split_key("pytest"), (Ecosystem::Pypi, "pytest"));
        assert_eq!(split_key("weird:name"), (Ecosystem::Pypi, "weird:name"));
        assert_eq!(Ecosystem::parse("NPM"), Some(Ecosystem::Npm));
        assert_eq!(Ecosystem::parse("maven"), None);
    }
}
