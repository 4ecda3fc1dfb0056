//! The `certkit` command line: the same core as the web app, for CI pipelines.
//!
//! Each subcommand lives in its own module; this file only parses arguments.

mod score;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// certkit: is your FinOps product ready for the FinOps Foundation's certifications?
///
/// Validates FOCUS billing samples the way the FinOps Certified FOCUS Conformant review does,
/// and scores a product against the FinOps Certified Platform criteria. Everything runs
/// locally; nothing is sent anywhere.
#[derive(Parser)]
#[command(name = "certkit", version, about, long_about, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Score an assessment against a certification program (Platform, FOCUS Conformant, ...).
    ///
    /// Exit status: 0 eligible, 1 not eligible, 2 bad input (the message names the field).
    /// The assessment format is documented in docs/assessment.md.
    Score {
        /// The assessment, a JSON file (see docs/assessment.md and examples/assessments/).
        assessment: PathBuf,
        /// Output format.
        #[arg(long, default_value = "text", value_parser = ["text", "json", "markdown"])]
        format: String,
        /// A program file that replaces the built-in criteria (same format as data/programs/).
        #[arg(long, value_name = "FILE")]
        program: Option<PathBuf>,
        /// Write the result to this file instead of standard output.
        #[arg(long, short, value_name = "PATH")]
        output: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Score { assessment, format, program, output } => {
            score::run(&assessment, &format, program.as_deref(), output.as_deref())
        }
    }
}
