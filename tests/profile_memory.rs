//! The profiler's memory stays bounded however many rows it sees.

use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use certkit::profile::{ProfileOptions, Profiler};

/// A small deterministic pseudo-random generator (xorshift64*), so the test needs no
/// dependency and always sees the same data.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

#[test]
fn a_million_rows_of_random_ids_keep_the_state_bounded() {
    let names = [
        "ResourceId",
        "x_RandomId",
        "BilledCost",
        "ChargePeriodStart",
        "BillingCurrency",
        "ChargeCategory",
    ];
    let header: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    let schema = Arc::new(Schema::new(
        names
            .iter()
            .map(|n| Field::new(*n, DataType::Utf8, true))
            .collect::<Vec<_>>(),
    ));
    let mut profiler = Profiler::new(&header, &schema, ProfileOptions::default());
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let total = 1_000_000usize;
    let batch_rows = 8192;
    let mut rows = 0;
    let mut after_warm_up = None;
    while rows < total {
        let n = batch_rows.min(total - rows);
        let mut columns: Vec<Vec<String>> = vec![Vec::with_capacity(n); names.len()];
        for _ in 0..n {
            let r = random.next();
            columns[0].push(format!(
                "arn:aws:ec2:us-east-1:123456789012:instance/i-{r:016x}"
            ));
            columns[1].push(format!("{:x}", random.next()));
            columns[2].push(format!("{}.{:06}", r % 10_000, r % 1_000_000));
            // Four years of days: more than the chart's cap of 1,000 days.
            let day = r % 1_461;
            columns[3].push(format!(
                "{:04}-{:02}-{:02}T00:00:00Z",
                2021 + day / 365,
                1 + (day % 365) / 31,
                1 + day % 28
            ));
            columns[4].push(["USD", "EUR", "JPY"][(r % 3) as usize].to_string());
            columns[5].push(
                ["Usage", "Tax", "Credit", "Purchase", "Adjustment"][(r % 5) as usize].to_string(),
            );
        }
        let arrays: Vec<ArrayRef> = columns
            .into_iter()
            .map(|c| Arc::new(StringArray::from_iter_values(c)) as ArrayRef)
            .collect();
        profiler.push(
            &RecordBatch::try_new(schema.clone(), arrays).expect("the test batch is well formed"),
        );
        rows += n;
        if after_warm_up.is_none() && rows >= 100_000 {
            after_warm_up = Some(profiler.state_bytes());
        }
    }
    let end = profiler.state_bytes();
    let warm = after_warm_up.unwrap_or(0);
    eprintln!("profiler state: {warm} bytes at 100,000 rows, {end} bytes at 1,000,000 rows");
    // Six columns: 4 KiB of sketch each, 80 top values of at most 200 bytes each, the
    // preview of 200 rows, the charts (3 currencies × 1,000 days at most): about 340 KB.
    // 1 MiB is a generous ceiling that a million rows of unique ids must not reach.
    assert!(end < 1024 * 1024, "state after 1,000,000 rows: {end} bytes");
    // Nothing grows with the rows once the tables are full.
    assert!(
        end <= warm + warm / 10,
        "state grew from {warm} bytes at 100,000 rows to {end} at 1,000,000"
    );
    let p = profiler.finish();
    assert_eq!(p.rows, total as u64);
    assert!(
        p.cost_by_day
            .iter()
            .map(|b| b.key.as_deref())
            .collect::<std::collections::HashSet<_>>()
            .len()
            <= 1_000
    );
    assert!(
        p.notes.iter().any(|n| n.contains("1000 different days")),
        "{:?}",
        p.notes
    );
    let ids = &p.columns[1];
    let relative = (ids.distinct_estimate as f64 - total as f64).abs() / total as f64;
    assert!(
        relative <= 0.049,
        "distinct estimate {} for {total} random ids",
        ids.distinct_estimate
    );
}
