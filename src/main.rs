//! The `podgraph` command: parses arguments, calls the library, prints. Exit codes: 0 ok, 1
//! finished but skipped some input, 2 fatal or usage error. A closed stdout pipe is not an error.

mod cmd;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        Err(err) if cmd::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("podgraph: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
