//! The `podgraph` command: parses arguments, calls the library, prints. Exit codes: 0 ok, 1
//! finished but skipped some input, 2 fatal or usage error. A closed stdout pipe is not an error.

mod cmd;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    no_huge_pages();
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

/// Transparent huge pages make every fresh 2 MiB region cost a 2 MiB zeroing and count whole in
/// the resident set, while a build touches memory in small pieces: with them off, the kernel
/// zeroes a third of the memory it did and the peak is smaller (README, "Figures").
#[cfg(target_os = "linux")]
fn no_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and only sets a flag on this process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn no_huge_pages() {}
