//! Reads a file through `certkit::read::open` and reports how fast and in how much memory.
//!
//! ```text
//! cargo run --release --example read_bench -- PATH [--batch-rows N]
//! ```
//!
//! Prints one line of `key=value` pairs (format, rows, columns, batches, bytes, seconds,
//! rows_per_s, mb_per_s, peak_rss_mb) that `scripts/bench.sh` turns into its table.
//! Peak memory is the process's high-water mark (`VmHWM` in /proc/self/status), so it
//! is only known on Linux.

use std::process::ExitCode;
use std::time::Instant;

use certkit::read::{self, FileSource, ReadOptions};

/// The process's peak resident memory in MiB, where the system tells it.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let mut opts = ReadOptions::default();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--batch-rows" => match args.next().and_then(|v| v.parse().ok()) {
                Some(n) => opts.batch_rows = n,
                None => {
                    eprintln!("--batch-rows needs a number");
                    return ExitCode::from(2);
                }
            },
            _ if path.is_none() => path = Some(arg),
            other => {
                eprintln!("unexpected argument {other}\nusage: read_bench PATH [--batch-rows N]");
                return ExitCode::from(2);
            }
        }
    }
    let Some(path) = path else {
        eprintln!("usage: read_bench PATH [--batch-rows N]");
        return ExitCode::from(2);
    };
    let start = Instant::now();
    let result = FileSource::open(&path).and_then(|source| {
        let name = path.rsplit('/').next().unwrap_or(&path).to_string();
        let mut reader = read::open(Box::new(source), &name, &opts)?;
        let mut batches = 0u64;
        while let Some(batch) = reader.next_batch() {
            batch?;
            batches += 1;
        }
        Ok((
            reader.format(),
            reader.header().len(),
            reader.rows_read(),
            reader.bytes_read(),
            batches,
        ))
    });
    let seconds = start.elapsed().as_secs_f64();
    match result {
        Ok((format, columns, rows, bytes, batches)) => {
            let mb = bytes as f64 / 1e6;
            let peak = peak_rss_mb().map_or("unknown".to_string(), |mb| format!("{mb:.1}"));
            println!(
                "format=\"{format}\" rows={rows} columns={columns} batches={batches} bytes={bytes} seconds={seconds:.3} \
                 rows_per_s={:.0} mb_per_s={:.1} peak_rss_mb={peak}",
                rows as f64 / seconds,
                mb / seconds,
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{path}: {error}");
            ExitCode::FAILURE
        }
    }
}
