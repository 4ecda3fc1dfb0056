//! Reading on a thread of its own (native builds only), so that the next batch is
//! parsed on one core while the caller works on the last one on the other.
//!
//! The thread opens the input and reads it with the same readers as [`super::open`]
//! would on the calling thread, and hands each result over a channel that holds at
//! most [`AHEAD`] batches: reading stops there until the caller takes one, so memory
//! stays bounded. The progress counters and notices travel with each batch, so that
//! what the caller sees after each `next_batch` (batches, errors, row numbers,
//! `bytes_read`, `rows_read`, notices) is exactly what the foreground reader shows.
//!
//! Dropping the reader stops the thread: its next hand-over fails and it returns. The
//! drop waits for that, so no reading goes on after the reader is gone.

use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::JoinHandle;

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;

use super::{BatchReader, ByteSource, InputFormat, Notice, ReadError, ReadErrorKind, ReadOptions};

/// Batches read ahead of the caller at most (besides the one being read).
const AHEAD: usize = 2;

/// What the reading thread hands over.
enum Message {
    /// The outcome of opening the input.
    Opened(Result<Opening, ReadError>),
    /// The outcome of one `next_batch`, with the counters right after it.
    Batch {
        batch: Option<Result<RecordBatch, ReadError>>,
        progress: Progress,
    },
}

/// What an opened reader tells about the input.
struct Opening {
    format: InputFormat,
    header: Vec<String>,
    schema: SchemaRef,
    notices: Vec<Notice>,
    progress: Progress,
}

/// The counters of the reader at one moment; `notices` only when they changed.
struct Progress {
    bytes_read: u64,
    rows_read: u64,
    notices: Option<Vec<Notice>>,
}

/// Opens `source` on a new thread and returns a reader of what it reads. If no thread
/// can be started, the input is opened on the calling thread instead.
pub(super) fn open(
    source: Box<dyn ByteSource>,
    name: &str,
    opts: &ReadOptions,
) -> Result<Box<dyn BatchReader>, ReadError> {
    let (sender, receiver) = mpsc::sync_channel(AHEAD);
    // The input goes to the thread once it runs, so that it is still here if the
    // thread cannot be started.
    let (job_sender, job_receiver) = mpsc::channel::<Box<dyn ByteSource>>();
    let name_owned = name.to_string();
    let opts_owned = opts.clone();
    let spawned = std::thread::Builder::new()
        .name("certkit-read".to_string())
        .spawn(move || {
            if let Ok(source) = job_receiver.recv() {
                read_all(source, &name_owned, &opts_owned, &sender);
            }
        });
    let thread = match spawned {
        Ok(thread) => thread,
        Err(_) => return super::open_in_foreground(source, name, opts),
    };
    if let Err(mpsc::SendError(source)) = job_sender.send(source) {
        let _ = thread.join();
        return super::open_in_foreground(source, name, opts);
    }
    match receiver.recv() {
        Ok(Message::Opened(Ok(opening))) => Ok(Box::new(BackgroundReader {
            format: opening.format,
            header: opening.header,
            schema: opening.schema,
            notices: opening.notices,
            bytes_read: opening.progress.bytes_read,
            rows_read: opening.progress.rows_read,
            receiver: Some(receiver),
            thread: Some(thread),
            finished: false,
        })),
        Ok(Message::Opened(Err(error))) => {
            let _ = thread.join();
            Err(error)
        }
        Ok(Message::Batch { .. }) | Err(_) => {
            let _ = thread.join();
            Err(thread_stopped())
        }
    }
}

/// The reading thread: opens the input, then reads it batch by batch, handing each
/// result over until the end, an error, or the caller is gone.
fn read_all(
    source: Box<dyn ByteSource>,
    name: &str,
    opts: &ReadOptions,
    sender: &SyncSender<Message>,
) {
    let mut reader = match super::open_in_foreground(source, name, opts) {
        Ok(reader) => reader,
        Err(error) => {
            let _ = sender.send(Message::Opened(Err(error)));
            return;
        }
    };
    let opening = Opening {
        format: reader.format(),
        header: reader.header().to_vec(),
        schema: reader.schema(),
        notices: reader.notices().to_vec(),
        progress: progress(reader.as_ref(), None),
    };
    let mut notices_sent = opening.notices.len();
    if sender.send(Message::Opened(Ok(opening))).is_err() {
        return;
    }
    loop {
        let batch = reader.next_batch();
        let last = !matches!(batch, Some(Ok(_)));
        let notices = reader.notices();
        let changed = (notices.len() != notices_sent).then(|| notices.to_vec());
        notices_sent = notices.len();
        let progress = progress(reader.as_ref(), changed);
        // A failed send means the caller dropped its reader: stop reading.
        if sender.send(Message::Batch { batch, progress }).is_err() || last {
            return;
        }
    }
}

fn progress(reader: &dyn BatchReader, notices: Option<Vec<Notice>>) -> Progress {
    Progress {
        bytes_read: reader.bytes_read(),
        rows_read: reader.rows_read(),
        notices,
    }
}

/// The error when the reading thread ends without a word, which only a bug can cause.
fn thread_stopped() -> ReadError {
    ReadError::new(
        ReadErrorKind::Io,
        "reading stopped unexpectedly (the reading thread ended)",
        "try again; if it happens again, report this as a bug in certkit",
    )
}

/// The caller's side of a reader running on a background thread.
struct BackgroundReader {
    format: InputFormat,
    header: Vec<String>,
    schema: SchemaRef,
    notices: Vec<Notice>,
    bytes_read: u64,
    rows_read: u64,
    /// Taken when dropped, before waiting for the thread, so that it stops.
    receiver: Option<Receiver<Message>>,
    thread: Option<JoinHandle<()>>,
    finished: bool,
}

impl BatchReader for BackgroundReader {
    fn format(&self) -> InputFormat {
        self.format
    }

    fn header(&self) -> &[String] {
        &self.header
    }

    fn schema(&self) -> SchemaRef {
        SchemaRef::clone(&self.schema)
    }

    fn next_batch(&mut self) -> Option<Result<RecordBatch, ReadError>> {
        if self.finished {
            return None;
        }
        let message = self.receiver.as_ref().map(Receiver::recv);
        match message {
            Some(Ok(Message::Batch { batch, progress })) => {
                self.bytes_read = progress.bytes_read;
                self.rows_read = progress.rows_read;
                if let Some(notices) = progress.notices {
                    self.notices = notices;
                }
                self.finished = !matches!(batch, Some(Ok(_)));
                batch
            }
            _ => {
                self.finished = true;
                Some(Err(thread_stopped()))
            }
        }
    }

    fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    fn rows_read(&self) -> u64 {
        self.rows_read
    }

    fn notices(&self) -> &[Notice] {
        &self.notices
    }
}

impl Drop for BackgroundReader {
    fn drop(&mut self) {
        // Without a receiver the thread's next hand-over fails, and it returns.
        drop(self.receiver.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
