//! Throughput of the validator on a large generated file (ignored by default: it needs
//! the file, which `scripts/bench.sh` generates into `bench-data/`).
//!
//! ```text
//! CERTKIT_PERF_FILE=bench-data/focus-1.2-1000000.csv cargo test --release -p certkit \
//!     --test samples_perf -- --ignored --nocapture
//! ```
//!
//! It times reading alone and reading plus validating, and prints rows per second for
//! both. With `CERTKIT_PERF_BUDGET_SECS` set, validation must finish within that budget.

use std::ops::ControlFlow;
use std::time::Instant;

use certkit::read::{self, FileSource, ReadOptions};
use certkit::validate::{validate, ValidateOptions};

/// CPU seconds (user + system) this process has used, from `/proc/self/stat` (Linux;
/// `None` elsewhere). Wall time is noisy on a shared machine; CPU time is not.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may contain spaces).
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    // Clock ticks are 100 per second on every Linux configuration in use.
    Some((utime + stime) / 100.0)
}

fn perf_file() -> Option<String> {
    std::env::var("CERTKIT_PERF_FILE")
        .ok()
        .filter(|p| std::path::Path::new(p).exists())
}

#[test]
#[ignore = "needs CERTKIT_PERF_FILE, a large FOCUS file (scripts/bench.sh generates one)"]
fn validation_throughput() {
    let Some(path) = perf_file() else {
        panic!("set CERTKIT_PERF_FILE to a FOCUS file to time (scripts/bench.sh generates bench-data/focus-1.2-1000000.csv)");
    };
    let open = || match FileSource::open(&path) {
        Ok(s) => s,
        Err(e) => panic!("cannot open {path}: {e}"),
    };

    // CERTKIT_PERF_ONLY=validate skips the read-only pass, so that `perf stat` on the
    // process counts the instructions of one validation alone.
    let only_validate = std::env::var("CERTKIT_PERF_ONLY").is_ok_and(|v| v == "validate");
    let cpu_start = cpu_seconds();
    let start = Instant::now();
    let mut reader = match read::open(Box::new(open()), &path, &ReadOptions::default()) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    let mut rows = 0;
    while let Some(batch) = reader.next_batch().filter(|_| !only_validate) {
        match batch {
            Ok(b) => rows += b.num_rows(),
            Err(e) => panic!("{e}"),
        }
    }
    let read_secs = start.elapsed().as_secs_f64();
    let cpu_read = cpu_seconds();

    let start = Instant::now();
    let report = match validate(
        Box::new(open()),
        &path,
        &ValidateOptions::default(),
        &mut |_| ControlFlow::Continue(()),
    ) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    let total_secs = start.elapsed().as_secs_f64();
    let cpu_total = cpu_seconds();
    if let (Some(a), Some(b), Some(c)) = (cpu_start, cpu_read, cpu_total) {
        println!(
            "CPU: read {:.2} s, read + validate {:.2} s, rules {:.2} s",
            b - a,
            c - b,
            (c - b) - (b - a)
        );
    }

    if only_validate {
        rows = report.rows as usize;
    }
    assert_eq!(report.rows, rows as u64);
    println!(
        "{rows} rows: read {read_secs:.2} s ({:.0} rows/s), read + validate {total_secs:.2} s ({:.0} rows/s), rules {:.2} s; {} findings",
        rows as f64 / read_secs,
        rows as f64 / total_secs,
        total_secs - read_secs,
        report.findings.len()
    );
    if let Some(budget) = std::env::var("CERTKIT_PERF_BUDGET_SECS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
    {
        assert!(
            total_secs <= budget,
            "validation took {total_secs:.2} s, over the {budget} s budget"
        );
    }
}
