//! The `mim` binary: parses the command line and hands over to the library.

use clap::Parser;
use std::process::ExitCode;

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
