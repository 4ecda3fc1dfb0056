//! Profiles a file through `certkit::read::open` and `certkit::profile::Profiler`, and
//! reports how fast, against reading alone.
//!
//! ```text
//! cargo run --release --example gen_focus -- --rows 200000 --out /tmp/p.csv
//! cargo run --release --example profile_bench -- /tmp/p.csv [--batch-rows N] [--json]
//! ```
//!
//! Prints one line of `key=value` pairs: rows, columns, bytes, read_seconds (reading
//! alone), profile_seconds (reading and profiling), the CPU seconds of each pass
//! (Linux only; steadier than the wall clock on a shared machine), rows_per_s and
//! mb_per_s of the profiling pass, the profiler's state_bytes at the end, and
//! peak_rss_mb (Linux only).
//! `--json` also prints the profile itself.

use std::process::ExitCode;
use std::time::Instant;

use certkit::profile::{ProfileOptions, Profiler};
use certkit::read::{self, FileSource, ReadError, ReadOptions};

/// The process's peak resident memory in MiB, where the system tells it.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// CPU seconds this process has used (user and system), where the system tells it:
/// on a busy machine it measures the work better than the wall clock does.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let user: f64 = fields.get(11)?.parse().ok()?;
    let system: f64 = fields.get(12)?.parse().ok()?;
    // Linux reports them in clock ticks of 1/100 s on every common configuration.
    Some((user + system) / 100.0)
}

/// Reads the whole file, profiling it when `profile` is true; returns the seconds it
/// took, the rows, columns and bytes read, and the profiler if one ran.
fn pass(
    path: &str,
    opts: &ReadOptions,
    profile: bool,
) -> Result<(f64, u64, usize, u64, Option<Profiler>), ReadError> {
    let start = Instant::now();
    let source = FileSource::open(path)?;
    let name = path.rsplit('/').next().unwrap_or(path).to_string();
    let mut reader = read::open(Box::new(source), &name, opts)?;
    let schema = reader.schema();
    let mut profiler =
        profile.then(|| Profiler::new(reader.header(), &schema, ProfileOptions::default()));
    while let Some(batch) = reader.next_batch() {
        let batch = batch?;
        if let Some(p) = profiler.as_mut() {
            p.push(&batch);
        }
    }
    Ok((
        start.elapsed().as_secs_f64(),
        reader.rows_read(),
        reader.header().len(),
        reader.bytes_read(),
        profiler,
    ))
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let mut json = false;
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
            "--json" => json = true,
            _ if path.is_none() => path = Some(arg),
            other => {
                eprintln!("unexpected argument {other}\nusage: profile_bench PATH [--batch-rows N] [--json]");
                return ExitCode::from(2);
            }
        }
    }
    let Some(path) = path else {
        eprintln!("usage: profile_bench PATH [--batch-rows N] [--json]");
        return ExitCode::from(2);
    };
    let cpu_start = cpu_seconds();
    let read_only = pass(&path, &opts, false);
    let cpu_read = cpu_seconds();
    let profiled = pass(&path, &opts, true);
    let cpu_end = cpu_seconds();
    let cpu = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => format!("{:.2}", b - a),
        _ => "unknown".to_string(),
    };
    let (read_cpu, profile_cpu) = (cpu(cpu_start, cpu_read), cpu(cpu_read, cpu_end));
    match (read_only, profiled) {
        (Ok((read_seconds, ..)), Ok((seconds, rows, columns, bytes, Some(profiler)))) => {
            let state_bytes = profiler.state_bytes();
            let peak = peak_rss_mb().map_or("unknown".to_string(), |mb| format!("{mb:.1}"));
            println!(
                "rows={rows} columns={columns} bytes={bytes} read_seconds={read_seconds:.3} profile_seconds={seconds:.3} \
                 read_cpu_seconds={read_cpu} profile_cpu_seconds={profile_cpu} \
                 rows_per_s={:.0} mb_per_s={:.1} state_bytes={state_bytes} peak_rss_mb={peak}",
                rows as f64 / seconds,
                bytes as f64 / 1e6 / seconds,
            );
            if json {
                match serde_json::to_string_pretty(&profiler.finish()) {
                    Ok(text) => println!("{text}"),
                    Err(error) => {
                        eprintln!("the profile could not be written as JSON: {error}");
                        return ExitCode::FAILURE;
                    }
                }
            }
            ExitCode::SUCCESS
        }
        (Err(error), _) | (_, Err(error)) => {
            eprintln!("{path}: {error}");
            ExitCode::FAILURE
        }
        (Ok(_), Ok((_, _, _, _, None))) => {
            eprintln!("{path}: the profiling pass ran without a profiler, which is a bug in this benchmark");
            ExitCode::FAILURE
        }
    }
}
