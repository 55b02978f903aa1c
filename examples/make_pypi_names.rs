//! Builds data/pypi-names.fst, the set of every PyPI project name (PEP 503 normalised), from a
//! text file with one name per line. The list comes from a registry listing of PyPI, e.g. the
//! first column of a `pip index`-style dump; podgraph only asks the set "is this name on PyPI?"
//! for names that a link, repository or code span already shows to be software.
//!
//! Run: `cargo run --release --example make_pypi_names -- names.txt data/pypi-names.fst`

use std::io::BufRead;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        return Err("usage: make_pypi_names NAMES.txt OUT.fst".into());
    };
    let mut names: Vec<String> = std::io::BufReader::new(std::fs::File::open(input)?)
        .lines()
        .map_while(Result::ok)
        .map(|l| podgraph::extract::names::pep503(l.split('\t').next().unwrap_or("")))
        .filter(|n| !n.is_empty() && n != "name")
        .collect();
    names.sort();
    names.dedup();
    let mut builder =
        fst::SetBuilder::new(std::io::BufWriter::new(std::fs::File::create(output)?))?;
    for name in &names {
        builder.insert(name)?;
    }
    builder.finish()?;
    eprintln!("{} names written to {output}", names.len());
    Ok(())
}
