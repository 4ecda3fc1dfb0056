//! `certkit validate FILE`: checks a billing sample against FOCUS and prints the report.
//!
//! Exit status: 0 no deviations (disclosures may remain), 1 deviations or blocking
//! findings, 2 the input could not be read (one line on stderr says why and where).

use std::io::IsTerminal;
use std::ops::ControlFlow;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use certkit::read::FileSource;
use certkit::report::{self, Report};
use certkit::validate::{validate, ValidateError, ValidateOptions};

const EXIT_CONFORMANT: u8 = 0;
const EXIT_DEVIATIONS: u8 = 1;
const EXIT_UNREADABLE: u8 = 2;

/// Renders a report in one of the CLI's formats.
pub fn render(report: &Report, format: &str) -> String {
    match format {
        "json" => report::json::to_json(report),
        "markdown" => report::markdown::render(report),
        "junit" => report::junit::render(report),
        _ => report::text::render(report),
    }
}

/// Runs the validation of `path` and writes the report in `format` to `output` or stdout.
pub fn run(path: &Path, options: &ValidateOptions, format: &str, output: Option<&Path>, quiet: bool) -> ExitCode {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
    let source = match FileSource::open(path) {
        Ok(source) => source,
        Err(e) => return unreadable(path, &e.to_string()),
    };
    let show_progress = !quiet && std::io::stderr().is_terminal();
    let started = Instant::now();
    let mut last = Instant::now();
    let mut on_progress = |p: &certkit::validate::Progress| {
        if show_progress && last.elapsed() >= Duration::from_millis(500) {
            last = Instant::now();
            let percent = if p.total_bytes > 0 { p.bytes_read as f64 * 100.0 / p.total_bytes as f64 } else { 0.0 };
            let rate = p.bytes_read as f64 / started.elapsed().as_secs_f64().max(0.001) / 1e6;
            eprint!("\rcertkit: {percent:5.1}% · {} rows · {rate:.0} MB/s   ", p.rows);
        }
        ControlFlow::Continue(())
    };
    let result = validate(Box::new(source), &name, options, &mut on_progress);
    if show_progress {
        eprint!("\r{:60}\r", "");
    }
    let report = match result {
        Ok(report) => report,
        Err(ValidateError::Read(e)) => return unreadable(path, &e.to_string()),
        Err(ValidateError::Cancelled) => return unreadable(path, "the validation was cancelled"),
    };
    let rendered = render(&report, format);
    let written = match output {
        Some(out) => std::fs::write(out, rendered.as_bytes()).map_err(|e| format!("cannot write {}: {e}", out.display())),
        None => {
            print!("{rendered}");
            Ok(())
        }
    };
    if let Err(message) = written {
        eprintln!("certkit: {message}");
        return ExitCode::from(EXIT_UNREADABLE);
    }
    let c = &report.certification;
    if c.deviations > 0 || !c.blocking.is_empty() {
        ExitCode::from(EXIT_DEVIATIONS)
    } else {
        ExitCode::from(EXIT_CONFORMANT)
    }
}

fn unreadable(path: &Path, reason: &str) -> ExitCode {
    eprintln!("certkit: {}: {reason}", path.display());
    ExitCode::from(EXIT_UNREADABLE)
}
