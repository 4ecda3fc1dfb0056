//! Reads a file through `certkit::read::open` and reports how fast and in how much memory.
//!
//! ```text
//! cargo run --release --example read_bench -- PATH [--batch-rows N] [--repeat N] [--foreground]
//! ```
//!
//! Prints one line of `key=value` pairs (format, rows, columns, batches, bytes, seconds,
//! rows_per_s, mb_per_s, peak_rss_mb) that `scripts/bench.sh` turns into its table.
//! With `--repeat N` the file is read N times: `seconds` (and the rates) are the best
//! run, `seconds_median` the median one, and `cpu_seconds` the process's CPU time per
//! run, a steadier measure than the clock on a busy machine. `--foreground` reads on
//! the calling thread (`read::open_in_foreground`) instead of a background one.
//! Peak memory is the process's high-water mark (`VmHWM` in /proc/self/status), so it
//! is only known on Linux.

use std::process::ExitCode;
use std::time::Instant;

use certkit::read::{self, FileSource, InputFormat, ReadError, ReadOptions};

/// The process's peak resident memory in MiB, where the system tells it.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// CPU seconds (user and system) the process has used so far, where the system
/// tells it (`/proc/self/stat`, in clock ticks of 1/100 s on Linux).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let user: f64 = fields.get(11)?.parse().ok()?;
    let system: f64 = fields.get(12)?.parse().ok()?;
    Some((user + system) / 100.0)
}

/// What one read of the file found.
struct Run {
    format: InputFormat,
    columns: usize,
    rows: u64,
    bytes: u64,
    batches: u64,
    seconds: f64,
}

fn read_once(path: &str, opts: &ReadOptions, foreground: bool) -> Result<Run, ReadError> {
    let start = Instant::now();
    let source = FileSource::open(path)?;
    let name = path.rsplit('/').next().unwrap_or(path).to_string();
    let source = Box::new(source);
    let mut reader = if foreground {
        read::open_in_foreground(source, &name, opts)?
    } else {
        read::open(source, &name, opts)?
    };
    let mut batches = 0u64;
    while let Some(batch) = reader.next_batch() {
        batch?;
        batches += 1;
    }
    Ok(Run {
        format: reader.format(),
        columns: reader.header().len(),
        rows: reader.rows_read(),
        bytes: reader.bytes_read(),
        batches,
        seconds: start.elapsed().as_secs_f64(),
    })
}

const USAGE: &str = "usage: read_bench PATH [--batch-rows N] [--repeat N] [--foreground]";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let mut opts = ReadOptions::default();
    let mut repeat = 1usize;
    let mut foreground = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--batch-rows" | "--repeat" => match args.next().and_then(|v| v.parse().ok()) {
                Some(n) if arg == "--batch-rows" => opts.batch_rows = n,
                Some(n) => repeat = n,
                None => {
                    eprintln!("{arg} needs a number");
                    return ExitCode::from(2);
                }
            },
            "--foreground" => foreground = true,
            _ if path.is_none() => path = Some(arg),
            other => {
                eprintln!("unexpected argument {other}\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let Some(path) = path else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let cpu_before = cpu_seconds();
    let mut runs = Vec::new();
    for _ in 0..repeat.max(1) {
        match read_once(&path, &opts, foreground) {
            Ok(run) => runs.push(run),
            Err(error) => {
                eprintln!("{path}: {error}");
                return ExitCode::FAILURE;
            }
        }
    }
    let cpu = match (cpu_before, cpu_seconds()) {
        (Some(before), Some(after)) => format!("{:.3}", (after - before) / runs.len() as f64),
        _ => "unknown".to_string(),
    };
    runs.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
    let median = runs[runs.len() / 2].seconds;
    let best = &runs[0];
    let mb = best.bytes as f64 / 1e6;
    let peak = peak_rss_mb().map_or("unknown".to_string(), |mb| format!("{mb:.1}"));
    println!(
        "format=\"{}\" rows={} columns={} batches={} bytes={} seconds={:.3} seconds_median={median:.3} \
         cpu_seconds={cpu} runs={} rows_per_s={:.0} mb_per_s={:.1} peak_rss_mb={peak}",
        best.format,
        best.rows,
        best.columns,
        best.batches,
        best.bytes,
        best.seconds,
        runs.len(),
        best.rows as f64 / best.seconds,
        mb / best.seconds,
    );
    ExitCode::SUCCESS
}
