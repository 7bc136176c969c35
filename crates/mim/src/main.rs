//! The `mim` binary: parses the command line and hands over to the library.

use clap::Parser;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: under a flood of small requests glibc's
/// per-thread arenas fragment until the server holds far more memory than it uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = mim::cli::Cli::parse();
    mim::init_tracing();
    match mim::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mim: {e}");
            ExitCode::FAILURE
        }
    }
}
