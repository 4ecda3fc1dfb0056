//! The anonymizer streams: output leaves in bounded pieces while the input is still
//! being read, for CSV and Parquet output alike, so memory does not grow with the file.

use std::cell::Cell;
use std::io::Write;
use std::ops::ControlFlow;
use std::rc::Rc;

use certkit::anonymize::{anonymize, AnonymizeOptions, OutputFormat};
use certkit::read::ByteSource;

const HEADER: &[u8] = b"BillingAccountId,BilledCost,ChargeCategory\n";
/// Every row has the same length, so any byte can be computed from its offset.
const ROW_LEN: usize = 36;
const ROWS: u64 = 300_000;

/// A CSV made up on the fly: the source holds no rows in memory.
struct SyntheticCsv;

fn row(index: u64) -> Vec<u8> {
    let category = if index % 7 == 0 { "Tax  " } else { "Usage" };
    let text = format!("ACCT-{:010},{:010}.{:02},{category}\n", index % 1000, index, index % 100);
    text.into_bytes()
}

impl ByteSource for SyntheticCsv {
    fn len(&self) -> u64 {
        HEADER.len() as u64 + ROWS * ROW_LEN as u64
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut written = 0;
        let mut at = offset;
        while written < buf.len() && at < self.len() {
            let (bytes, start) = if at < HEADER.len() as u64 {
                (HEADER.to_vec(), at as usize)
            } else {
                let in_rows = at - HEADER.len() as u64;
                (row(in_rows / ROW_LEN as u64), (in_rows % ROW_LEN as u64) as usize)
            };
            let n = (bytes.len() - start).min(buf.len() - written);
            buf[written..written + n].copy_from_slice(&bytes[start..start + n]);
            written += n;
            at += n as u64;
        }
        Ok(written)
    }
}

/// Counts the bytes written and the largest single write.
struct Meter {
    total: Rc<Cell<u64>>,
    largest: Rc<Cell<usize>>,
}

impl Write for Meter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.total.set(self.total.get() + bytes.len() as u64);
        self.largest.set(self.largest.get().max(bytes.len()));
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Anonymizes the synthetic file; returns (bytes written when half the rows were read,
/// total bytes written, largest write).
fn stream(output: OutputFormat) -> (u64, u64, usize) {
    assert_eq!(row(0).len(), ROW_LEN);
    let total = Rc::new(Cell::new(0));
    let largest = Rc::new(Cell::new(0));
    let mut meter = Meter { total: Rc::clone(&total), largest: Rc::clone(&largest) };
    let mut opts = AnonymizeOptions::new("salt");
    opts.output = Some(output);
    let mut at_half = None;
    let summary = anonymize(Box::new(SyntheticCsv), "big.csv", &opts, &mut meter, &mut |_, rows| {
        if rows >= ROWS / 2 && at_half.is_none() {
            at_half = Some(total.get());
        }
        ControlFlow::Continue(())
    })
    .unwrap_or_else(|e| panic!("anonymize failed: {e}"));
    assert_eq!(summary.rows, ROWS);
    (at_half.unwrap_or_default(), total.get(), largest.get())
}

#[test]
fn csv_output_leaves_while_the_input_is_read() {
    let (at_half, total, largest) = stream(OutputFormat::Csv);
    assert!(at_half > total / 3, "only {at_half} of {total} bytes were out when half the rows were read");
    assert!(largest <= 2 << 20, "one write of {largest} bytes");
}

#[test]
fn parquet_output_flushes_row_groups_as_they_fill() {
    let (at_half, total, largest) = stream(OutputFormat::Parquet);
    assert!(at_half > 0, "nothing was written when half the rows were read ({total} bytes in the end)");
    assert!(largest < total as usize, "the whole file was written at once");
}
