//! Errors and diagnostics: what went wrong, in which file, on which line.
//!
//! `Error` is for problems that stop an operation (an unreadable file named by the user, a bad
//! config, a graph.json that is not ours). `Diagnostic` is for problems a parser or the ingest
//! walk works around: they are collected, never printed here, and the binary decides how to show
//! them and which exit code they imply.

use std::fmt;
use std::path::PathBuf;

/// Every error the library returns. Messages are lowercase and name the file.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Config {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{path}: not a podgraph graph.json: {message}")]
    GraphFile { path: PathBuf, message: String },
    #[error("cannot write output: {0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How bad a diagnostic is, which decides the exit code of a build.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worked around; the input was used (lossy UTF-8, a duplicate episode number).
    Warning,
    /// The file or part of it was left out (binary, too large, unknown extension).
    Skipped,
    /// A file the user named could not be read.
    Error,
}

/// One problem found while reading input, with the place it was found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    pub message: String,
}

impl Diagnostic {
    pub fn new(severity: Severity, path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            path: path.into(),
            line: None,
            message: message.into(),
        }
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Skipped => "skipped",
            Severity::Error => "error",
        };
        match self.line {
            Some(line) => write!(
                f,
                "{level}: {}:{line}: {}",
                self.path.display(),
                self.message
            ),
            None => write!(f, "{level}: {}: {}", self.path.display(), self.message),
        }
    }
}
