//! Reading on a background thread gives exactly what reading on the calling thread
//! gives (batches, errors, row numbers, progress, notices), reads only a bounded
//! distance ahead, and stops when the reader is dropped.

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use certkit::read::{self, BatchReader, ByteSource, BytesSource, ReadError, ReadOptions};

fn opts(batch_rows: usize) -> ReadOptions {
    ReadOptions {
        batch_rows,
        ..ReadOptions::default()
    }
}

/// What opening gives.
type Opened = Result<Box<dyn BatchReader>, ReadError>;

/// `bytes` opened on the calling thread, and on a background one.
fn open_both(bytes: &[u8], name: &str, opts: &ReadOptions) -> (Opened, Opened) {
    let source = || Box::new(BytesSource::new(bytes.to_vec()));
    (
        read::open_in_foreground(source(), name, opts),
        read::open(source(), name, opts),
    )
}

/// Reads `bytes` both ways and checks that every step gives the same.
fn assert_same_both_ways(bytes: &[u8], name: &str, batch_rows: usize) {
    let what = format!("{name}, {batch_rows} rows per batch");
    let (foreground, background) = open_both(bytes, name, &opts(batch_rows));
    let (mut foreground, mut background) = match (foreground, background) {
        (Ok(f), Ok(b)) => (f, b),
        (Err(f), Err(b)) => {
            assert_eq!(f, b, "{what}: opening errors differ");
            return;
        }
        (f, b) => panic!(
            "{what}: one way opened, the other did not: {:?} / {:?}",
            f.err(),
            b.err()
        ),
    };
    assert_eq!(foreground.format(), background.format(), "{what}");
    assert_eq!(foreground.header(), background.header(), "{what}");
    assert_eq!(foreground.schema(), background.schema(), "{what}");
    let mut step = 0;
    loop {
        assert_eq!(
            foreground.notices(),
            background.notices(),
            "{what}, step {step}"
        );
        assert_eq!(
            foreground.bytes_read(),
            background.bytes_read(),
            "{what}, step {step}"
        );
        assert_eq!(
            foreground.rows_read(),
            background.rows_read(),
            "{what}, step {step}"
        );
        let expected = foreground.next_batch();
        let actual = background.next_batch();
        assert_eq!(expected, actual, "{what}, step {step}");
        if expected.is_none() {
            break;
        }
        step += 1;
    }
    assert!(
        background.next_batch().is_none(),
        "{what}: the end stays the end"
    );
    assert!(step > 0 || foreground.rows_read() == 0, "{what}");
}

fn csv_rows(rows: usize) -> String {
    let mut text = String::from("BillingAccountId,BilledCost,ChargeDescription,Tags\n");
    for i in 0..rows {
        text.push_str(&format!(
            "acct-{},{}.{:02},\"usage, line {i}\",\"{{\"\"team\"\":\"\"t{}\"\"}}\"\n",
            i % 97,
            i % 1000,
            i % 100,
            i % 7
        ));
    }
    text
}

/// CSV inputs covering clean files, notices, every kind of error, and no rows.
fn csv_inputs() -> Vec<(&'static str, Vec<u8>)> {
    let clean = csv_rows(2000).into_bytes();
    let mut ragged = csv_rows(300).into_bytes();
    ragged.extend(b"only,three,fields\n1,2,3,4\n");
    let mut invalid = csv_rows(40).into_bytes();
    invalid.extend(b"a,b,caf\xe9,d\n1,2,3,4\n");
    let mut unclosed = csv_rows(10).into_bytes();
    unclosed.extend(b"a,b,\"never closed\n1,2,3,4\n");
    vec![
        ("clean.csv", clean),
        (
            "semicolons.csv",
            b"\xef\xbb\xbfa;b;c\r\n1;2;3\r\n4;5;6".to_vec(),
        ),
        ("ragged.csv", ragged),
        ("invalid.csv", invalid),
        ("unclosed.csv", unclosed),
        ("header-only.csv", b"a,b,c\n".to_vec()),
        ("empty.csv", Vec::new()),
        ("blank.csv", b"\n\r\n\n".to_vec()),
        ("bill.xlsx", b"PK\x03\x04\x14\x00rest".to_vec()),
        ("named.parquet", b"a,b\n1,2\n".to_vec()),
    ]
}

#[test]
fn csv_reads_the_same_on_either_thread() {
    for (name, bytes) in csv_inputs() {
        for batch_rows in [1, 7, 8192] {
            assert_same_both_ways(&bytes, name, batch_rows);
        }
    }
}

#[cfg(feature = "gzip")]
#[test]
fn gzip_reads_the_same_on_either_thread() {
    use flate2::write::GzEncoder;
    use flate2::Compression;
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(csv_rows(5000).as_bytes()).unwrap();
    let gzip = encoder.finish().unwrap();
    assert_same_both_ways(&gzip, "x.csv.gz", 1000);
    let cut = &gzip[..gzip.len() * 2 / 3];
    assert_same_both_ways(cut, "cut.csv.gz", 1000);
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_reads_the_same_on_either_thread() {
    use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
    use parquet::arrow::ArrowWriter;
    use parquet::file::properties::WriterProperties;
    let rows = 3000;
    let batch = RecordBatch::try_from_iter(vec![
        (
            "x_Count",
            Arc::new((0..rows as i64).map(Some).collect::<Int64Array>()) as ArrayRef,
        ),
        (
            "ChargeCategory",
            Arc::new(
                (0..rows)
                    .map(|i| (i % 5 != 0).then_some("Usage"))
                    .collect::<StringArray>(),
            ) as ArrayRef,
        ),
    ])
    .unwrap();
    let props = WriterProperties::builder()
        .set_max_row_group_row_count(Some(1000))
        .build();
    let mut writer = ArrowWriter::try_new(Vec::new(), batch.schema(), Some(props)).unwrap();
    writer.write(&batch).unwrap();
    let bytes = writer.into_inner().unwrap();
    assert_same_both_ways(&bytes, "x.parquet", 400);
    assert_same_both_ways(&bytes[..bytes.len() / 2], "cut.parquet", 400);
}

/// A large CSV made up on the fly, which counts how far it has been read and says
/// when it is dropped (which happens on the reading thread, when that thread ends).
struct WatchedSource {
    rows: u64,
    furthest: Arc<AtomicU64>,
    dropped: Arc<AtomicBool>,
}

const ROW: &[u8] = b"acct-000001,12.50,Compute usage for an instance\n";
const HEADER: &[u8] = b"BillingAccountId,BilledCost,ChargeDescription\n";

impl ByteSource for WatchedSource {
    fn len(&self) -> u64 {
        HEADER.len() as u64 + self.rows * ROW.len() as u64
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        while n < buf.len() && offset + (n as u64) < self.len() {
            let at = offset + n as u64;
            buf[n] = if at < HEADER.len() as u64 {
                HEADER[at as usize]
            } else {
                ROW[((at - HEADER.len() as u64) % ROW.len() as u64) as usize]
            };
            n += 1;
        }
        self.furthest.fetch_max(offset + n as u64, Ordering::SeqCst);
        Ok(n)
    }
}

impl Drop for WatchedSource {
    fn drop(&mut self) {
        self.dropped.store(true, Ordering::SeqCst);
    }
}

fn watched(rows: u64) -> (WatchedSource, Arc<AtomicU64>, Arc<AtomicBool>) {
    let furthest = Arc::new(AtomicU64::new(0));
    let dropped = Arc::new(AtomicBool::new(false));
    let source = WatchedSource {
        rows,
        furthest: Arc::clone(&furthest),
        dropped: Arc::clone(&dropped),
    };
    (source, furthest, dropped)
}

/// Waits until `done` holds or a few seconds pass.
fn settle(done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() && start.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn reading_ahead_stops_a_couple_of_batches_ahead() {
    // About 100 MB of text, read in batches of 1000 rows (48 KB).
    let rows = 2_000_000;
    let (source, furthest, _) = watched(rows);
    let len = source.len();
    let mut reader = read::open(Box::new(source), "big.csv", &opts(1000)).unwrap();
    // The thread reads ahead while nobody asks; it must stop soon.
    std::thread::sleep(Duration::from_millis(300));
    let ahead = furthest.load(Ordering::SeqCst);
    assert!(
        ahead < 8 << 20,
        "{ahead} bytes read ahead of a caller that took nothing"
    );
    let first = reader.next_batch().unwrap().unwrap();
    assert_eq!(first.num_rows(), 1000);
    std::thread::sleep(Duration::from_millis(100));
    assert!(furthest.load(Ordering::SeqCst) < len / 10);
}

#[test]
fn dropping_the_reader_stops_the_thread() {
    let (source, furthest, dropped) = watched(2_000_000);
    let len = source.len();
    let mut reader = read::open(Box::new(source), "big.csv", &opts(1000)).unwrap();
    reader.next_batch().unwrap().unwrap();
    drop(reader);
    assert!(
        dropped.load(Ordering::SeqCst),
        "the drop waits for the thread, which drops the source as it ends"
    );
    let at_drop = furthest.load(Ordering::SeqCst);
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(
        furthest.load(Ordering::SeqCst),
        at_drop,
        "nothing read after the drop"
    );
    assert!(at_drop < len / 10, "{at_drop} of {len} bytes read");
}

#[test]
fn dropping_the_reader_after_an_error_or_the_end_is_quiet() {
    for text in [&b"a,b\n1,2\n3\n"[..], b"a,b\n1,2\n"] {
        let mut reader = read::open(
            Box::new(BytesSource::new(text.to_vec())),
            "x.csv",
            &opts(10),
        )
        .unwrap();
        while let Some(Ok(_)) = reader.next_batch() {}
        assert!(reader.next_batch().is_none());
        drop(reader);
    }
    let (source, _, dropped) = watched(10);
    let reader = read::open(Box::new(source), "small.csv", &opts(10)).unwrap();
    drop(reader);
    settle(|| dropped.load(Ordering::SeqCst));
    assert!(dropped.load(Ordering::SeqCst));
}

#[test]
fn the_foreground_reader_reads_only_when_asked() {
    let (source, furthest, _) = watched(2_000_000);
    let mut reader = read::open_in_foreground(Box::new(source), "big.csv", &opts(1000)).unwrap();
    let at_open = furthest.load(Ordering::SeqCst);
    assert!(at_open <= 1 << 20, "the first chunk only: {at_open}");
    std::thread::sleep(Duration::from_millis(50));
    assert_eq!(furthest.load(Ordering::SeqCst), at_open);
    reader.next_batch().unwrap().unwrap();
    assert_eq!(reader.rows_read(), 1000);
}
