//! `--render`: graph.dot in, graph.svg or graph.png out, by running Graphviz with a time limit.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Svg,
    Png,
}

/// Above this many nodes `dot`'s layered layout takes minutes; `sfdp` copes.
const SFDP_ABOVE: usize = 300;
const TIME_LIMIT: Duration = Duration::from_secs(120);

pub fn render(dot: &Path, format: Format, nodes: usize) -> anyhow::Result<PathBuf> {
    let (ext, flag) = match format {
        Format::Svg => ("svg", "-Tsvg"),
        Format::Png => ("png", "-Tpng"),
    };
    let program = if nodes > SFDP_ABOVE { "sfdp" } else { "dot" };
    let out = dot.with_extension(ext);
    let tmp = dot.with_extension(format!("{ext}.tmp"));
    let mut child = match Command::new(program)
        .arg(flag)
        .arg("-o")
        .arg(&tmp)
        .arg(dot)
        .stdin(Stdio::null())
        .spawn()
    {
        Ok(child) => child,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            bail!("cannot render: Graphviz's `{program}` is not installed (apt install graphviz, brew install graphviz, or see https://graphviz.org/download/); {} is written", dot.display())
        }
        Err(err) => return Err(err).with_context(|| format!("cannot run {program}")),
    };
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            if !status.success() {
                bail!("{program} failed ({status}) on {}", dot.display());
            }
            break;
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = std::fs::remove_file(&tmp);
            bail!("{program} took more than {} s on {nodes} nodes; draw less with --episode N or --around NAME", TIME_LIMIT.as_secs());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    std::fs::rename(&tmp, &out).with_context(|| format!("cannot write {}", out.display()))?;
    Ok(out)
}
