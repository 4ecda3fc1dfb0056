//! Finding the records and fields of CSV text in a buffer, without copying them.
//!
//! The rules are csv-core's, with the settings the reader always uses: `"` quotes a
//! field and a doubled `""` inside quotes is one quote; `\r`, `\n` and `\r\n` end a
//! record; blank lines are skipped; text after a closing quote belongs to the field
//! (`"a"b` is `ab`), and so does a quote in the middle of an unquoted field. The
//! header is still read by csv-core itself; the tests compare this scanner with
//! csv-core on random text, so the two cannot drift apart.
//!
//! It is faster because it does not walk a state machine byte by byte: it jumps from
//! one special byte to the next, eight bytes at a time, and only notes where each
//! field lies ([`Span`]). The bytes are copied once, into their column, later.

/// Where a field's value lies in the scanned buffer. Most values are a plain range
/// of the buffer; a quoted value with doubled quotes or text after its closing quote
/// is "escaped": its raw text is unescaped when copied (see [`Fields::value`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Span {
    /// Start of the value (of the raw text, just after the opening quote, when
    /// escaped), with [`ESCAPED`] set when escaped.
    start: u32,
    /// Length of the value; for an escaped value, its index in [`Fields::escaped`].
    len: u32,
}

/// The bit of [`Span::start`] marking an escaped value. Buffer positions stay far
/// below 2 GiB (the reader's limits make sure of it), so the bit is free.
const ESCAPED: u32 = 1 << 31;

impl Span {
    /// True when the value must be unescaped.
    pub(super) fn is_escaped(self) -> bool {
        self.start & ESCAPED != 0
    }
}

/// What more an escaped value needs: where its raw text ends, and its length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Escaped {
    raw_end: u32,
    len: u32,
}

/// A field's value, located.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Value {
    /// The value is `text[start..start + len]`.
    Plain { start: usize, len: usize },
    /// The value is `text[start..raw_end]` unescaped (see [`unescape`]).
    Escaped { start: usize, raw_end: usize },
}

/// The fields of the records scanned so far, one record after the other.
#[derive(Debug, Default)]
pub(super) struct Fields {
    /// Every field of every record, in order.
    pub(super) spans: Vec<Span>,
    /// The escaped values, in order.
    escaped: Vec<Escaped>,
}

/// A position in [`Fields`] to go back to (see [`Fields::truncate`]).
#[derive(Clone, Copy, Debug)]
pub(super) struct FieldsMark {
    spans: usize,
    escaped: usize,
}

impl FieldsMark {
    /// How many fields there were when the mark was taken.
    pub(super) fn spans(self) -> usize {
        self.spans
    }
}

impl Fields {
    /// Where the value of `span` lies.
    #[inline(always)]
    pub(super) fn value(&self, span: Span) -> Value {
        let start = (span.start & !ESCAPED) as usize;
        if !span.is_escaped() {
            return Value::Plain {
                start,
                len: span.len as usize,
            };
        }
        let raw_end = self
            .escaped
            .get(span.len as usize)
            .map_or(start, |escaped| escaped.raw_end as usize);
        Value::Escaped { start, raw_end }
    }

    /// The length of the value of `span` (after unescaping); 0 for an empty field.
    #[inline(always)]
    pub(super) fn value_len(&self, span: Span) -> usize {
        if span.is_escaped() {
            self.escaped
                .get(span.len as usize)
                .map_or(0, |escaped| escaped.len as usize)
        } else {
            span.len as usize
        }
    }

    /// Forgets every field, keeping the memory for the next batch.
    pub(super) fn clear(&mut self) {
        self.spans.clear();
        self.escaped.clear();
    }

    /// The current end, to truncate back to.
    pub(super) fn mark(&self) -> FieldsMark {
        FieldsMark {
            spans: self.spans.len(),
            escaped: self.escaped.len(),
        }
    }

    /// Forgets the fields added since `mark` was taken.
    pub(super) fn truncate(&mut self, mark: FieldsMark) {
        self.spans.truncate(mark.spans);
        self.escaped.truncate(mark.escaped);
    }

    /// Keeps only the first `count` fields.
    pub(super) fn keep_first(&mut self, count: usize) {
        let count = count.min(self.spans.len());
        let escaped = self.spans[..count]
            .iter()
            .filter(|span| span.is_escaped())
            .count();
        self.spans.truncate(count);
        self.escaped.truncate(escaped);
    }

    fn push_plain(&mut self, start: usize, len: usize) {
        self.spans.push(Span {
            start: start as u32,
            len: len as u32,
        });
    }

    /// A quoted empty field (`""`) to be read as an empty string. It is stored as an
    /// escaped value with no raw text: unescaping it appends nothing, and an escaped
    /// value of length 0 arises no other way, so the columns can tell it from an
    /// empty field (see `ColumnsBuilder::append`).
    fn push_quoted_empty(&mut self, start: usize) {
        self.push_escaped(start, start, 0);
    }

    /// An escaped field: its raw text runs from `start` to `raw_end`, and its value
    /// is `len` bytes long.
    fn push_escaped(&mut self, start: usize, raw_end: usize, len: usize) {
        self.spans.push(Span {
            start: start as u32 | ESCAPED,
            len: self.escaped.len() as u32,
        });
        self.escaped.push(Escaped {
            raw_end: raw_end as u32,
            len: len as u32,
        });
    }
}

/// What [`Scanner::scan`] found.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Scan {
    /// A whole record, whose fields were added to [`Fields`].
    Record {
        /// Where the record starts (after any blank lines before it).
        start: usize,
        /// Where scanning continues: just after the record's terminator.
        next: usize,
        /// How many fields it has.
        fields: usize,
        /// Bytes of its values, after unescaping.
        content: usize,
        /// True when its last value byte is the last byte of the input.
        ends_input: bool,
    },
    /// The buffer ends inside a record (or before one starts): scan again from `from`
    /// once more input is in the buffer. Nothing was added to [`Fields`].
    NeedInput {
        /// Where the unfinished record starts, after any blank lines.
        from: usize,
        /// Bytes of its values seen so far (at most one too many).
        content: usize,
    },
    /// The input has no record left.
    End,
}

/// How scanning one field ended.
enum FieldEnd {
    /// At a delimiter: the next field starts at `next`.
    Delimiter { content: usize, next: usize },
    /// At a record terminator (or the end of the input): the record ends.
    Record {
        content: usize,
        next: usize,
        ends_input: bool,
    },
    /// At the end of the buffer, before the field was complete.
    Unfinished { content: usize },
}

/// Splits CSV text into records and fields; see the module documentation.
#[derive(Debug, Clone, Copy)]
pub(super) struct Scanner {
    delimiter: u8,
    /// Whether a quoted empty field (`""`) is an empty string rather than an empty field.
    keep_quoted_empty: bool,
}

impl Scanner {
    /// A scanner for fields separated by `delimiter`; `keep_quoted_empty` marks each
    /// quoted empty field (`""`) so that it becomes an empty string, not a null
    /// (see [`Fields::push_quoted_empty`]).
    pub(super) fn new(delimiter: u8, keep_quoted_empty: bool) -> Self {
        Scanner {
            delimiter,
            keep_quoted_empty,
        }
    }

    /// Scans the record that starts at `from` in `buf`, skipping blank lines first.
    /// `input_done` says whether `buf` ends where the input ends; if not, a record
    /// reaching the end of `buf` is unfinished and [`Scan::NeedInput`] is returned.
    /// A record with more than `max_fields` fields is only counted: its fields are not
    /// kept, so a line of a million delimiters takes no memory.
    pub(super) fn scan(
        &self,
        buf: &[u8],
        from: usize,
        input_done: bool,
        fields: &mut Fields,
        max_fields: usize,
    ) -> Scan {
        let mut at = from;
        while let Some(b'\r' | b'\n') = buf.get(at) {
            at += 1;
        }
        if at >= buf.len() {
            return if input_done {
                Scan::End
            } else {
                Scan::NeedInput {
                    from: at,
                    content: 0,
                }
            };
        }
        let start = at;
        let mark = fields.mark();
        let mut content = 0;
        let mut count = 0;
        loop {
            count += 1;
            let end = if buf.get(at) == Some(&b'"') {
                self.quoted_field(buf, at + 1, input_done, fields)
            } else {
                self.plain_field(buf, at, input_done, fields)
            };
            match end {
                FieldEnd::Delimiter { content: c, next } => {
                    content += c;
                    at = next;
                    if count > max_fields {
                        fields.truncate(mark);
                    }
                }
                FieldEnd::Record {
                    content: c,
                    next,
                    ends_input,
                } => {
                    return Scan::Record {
                        start,
                        next,
                        fields: count,
                        content: content + c,
                        ends_input,
                    };
                }
                FieldEnd::Unfinished { content: c } => {
                    fields.truncate(mark);
                    return Scan::NeedInput {
                        from: start,
                        content: content + c,
                    };
                }
            }
        }
    }

    /// A field that does not start with a quote: it runs to the next delimiter or
    /// terminator, quotes included.
    fn plain_field(
        &self,
        buf: &[u8],
        start: usize,
        input_done: bool,
        fields: &mut Fields,
    ) -> FieldEnd {
        let end = match find_field_end(buf, start, self.delimiter) {
            Some(end) => end,
            None if input_done => buf.len(),
            None => {
                return FieldEnd::Unfinished {
                    content: buf.len() - start,
                }
            }
        };
        fields.push_plain(start, end - start);
        self.after_field(buf, end, end - start)
    }

    /// A field that starts with a quote; `start` is just after the opening quote.
    fn quoted_field(
        &self,
        buf: &[u8],
        start: usize,
        input_done: bool,
        fields: &mut Fields,
    ) -> FieldEnd {
        // Doubled quotes seen so far: one byte of each pair is not part of the value.
        let mut pairs = 0;
        let mut at = start;
        let quote = loop {
            let Some(quote) = find_byte(buf, at, b'"') else {
                // The quote is not closed before the end of the buffer.
                if !input_done {
                    return FieldEnd::Unfinished {
                        content: buf.len() - start - pairs,
                    };
                }
                let end = buf.len();
                let content = end - start - pairs;
                if pairs == 0 {
                    fields.push_plain(start, content);
                } else {
                    fields.push_escaped(start, end, content);
                }
                return self.after_field(buf, end, content);
            };
            if buf.get(quote + 1) == Some(&b'"') {
                pairs += 1;
                at = quote + 2;
            } else {
                break quote;
            }
        };
        let after = quote + 1;
        let content = quote - start - pairs;
        match buf.get(after) {
            // The next byte decides between a doubled quote and a closing one.
            None if !input_done => FieldEnd::Unfinished { content },
            Some(&byte) if byte != self.delimiter && byte != b'\r' && byte != b'\n' => {
                // Text after the closing quote: the rest of the field is taken as it
                // is, up to the next delimiter or terminator.
                let end = match find_field_end(buf, after, self.delimiter) {
                    Some(end) => end,
                    None if input_done => buf.len(),
                    None => {
                        return FieldEnd::Unfinished {
                            content: buf.len() - start - pairs - 1,
                        }
                    }
                };
                let content = end - start - pairs - 1;
                fields.push_escaped(start, end, content);
                self.after_field(buf, end, content)
            }
            _ => {
                // Closed just before a delimiter, a terminator or the end of the input.
                if content == 0 && self.keep_quoted_empty {
                    fields.push_quoted_empty(start);
                } else if pairs == 0 {
                    fields.push_plain(start, content);
                } else {
                    fields.push_escaped(start, after, content);
                }
                match self.after_field(buf, after, content) {
                    // The closing quote comes after the last value byte.
                    FieldEnd::Record { content, next, .. } => FieldEnd::Record {
                        content,
                        next,
                        ends_input: false,
                    },
                    other => other,
                }
            }
        }
    }

    /// What follows a field that ended at `end`: a delimiter, a terminator, or the
    /// end of the input.
    fn after_field(&self, buf: &[u8], end: usize, content: usize) -> FieldEnd {
        match buf.get(end) {
            Some(&byte) if byte == self.delimiter => FieldEnd::Delimiter {
                content,
                next: end + 1,
            },
            Some(_) => FieldEnd::Record {
                content,
                next: end + 1,
                ends_input: false,
            },
            None => FieldEnd::Record {
                content,
                next: end,
                ends_input: true,
            },
        }
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each zero byte of `word` set. Bytes above the first zero byte may
/// be flagged wrongly, which does not matter: only the lowest flag is used. (The
/// same holds for the "byte below n" test, `(word - n * ONES) & !word & HIGHS`.)
#[inline(always)]
fn zero_bytes(word: u64) -> u64 {
    word.wrapping_sub(ONES) & !word & HIGHS
}

/// The first delimiter, `\r` or `\n` at or after `from`.
#[inline]
fn find_field_end(buf: &[u8], from: usize, delimiter: u8) -> Option<usize> {
    let delimiters = ONES * u64::from(delimiter);
    let mut at = from;
    while let Some(bytes) = buf.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        let word = u64::from_le_bytes(*bytes);
        // Delimiters, and bytes below 0x0E: the line breaks and a few rare control
        // bytes, one test instead of two (a control byte found is stepped over).
        let found =
            zero_bytes(word ^ delimiters) | (word.wrapping_sub(ONES * 0x0e) & !word & HIGHS);
        if found == 0 {
            at += 8;
            continue;
        }
        let candidate = at + (found.trailing_zeros() / 8) as usize;
        match buf.get(candidate) {
            Some(&byte) if byte == delimiter || byte == b'\r' || byte == b'\n' => {
                return Some(candidate)
            }
            _ => at = candidate + 1,
        }
    }
    let rest = buf.get(at..)?;
    rest.iter()
        .position(|&b| b == delimiter || b == b'\r' || b == b'\n')
        .map(|i| at + i)
}

/// The first `byte` at or after `from`.
#[inline]
pub(super) fn find_byte(buf: &[u8], from: usize, byte: u8) -> Option<usize> {
    let pattern = ONES * u64::from(byte);
    let mut at = from;
    while let Some(bytes) = buf.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        let found = zero_bytes(u64::from_le_bytes(*bytes) ^ pattern);
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let rest = buf.get(at..)?;
    rest.iter().position(|&b| b == byte).map(|i| at + i)
}

/// Appends the value of an escaped field, whose raw text (after the opening quote)
/// is `text[start..end]`, to `out`: a doubled quote is one quote, the closing quote
/// is dropped, and whatever follows it is kept as it is.
pub(super) fn unescape(text: &[u8], start: usize, end: usize, out: &mut Vec<u8>) {
    let raw = &text[..end];
    let mut at = start;
    while let Some(quote) = find_byte(raw, at, b'"') {
        if raw.get(quote + 1) == Some(&b'"') {
            // A doubled quote: the text before it and one quote.
            append(out, text, at, quote + 1 - at);
            at = quote + 2;
        } else {
            append(out, text, at, quote - at);
            append(out, text, quote + 1, end - quote - 1);
            return;
        }
    }
    append(out, text, at, end - at);
}

/// Appends `text[start..start + len]` to `out`. A short run is copied as a block of
/// fixed size, the bytes after it included, then cut back: one load and one store
/// instead of a call to `memcpy`. Callers reserve 32 bytes of spare room so the
/// block never makes `out` reallocate.
#[inline(always)]
pub(super) fn append(out: &mut Vec<u8>, text: &[u8], start: usize, len: usize) {
    let end = out.len() + len;
    if len <= 16 {
        if let Some(block) = text.get(start..).and_then(<[u8]>::first_chunk::<16>) {
            out.extend_from_slice(block);
            out.truncate(end);
            return;
        }
    } else if len <= 32 {
        if let Some(block) = text.get(start..).and_then(<[u8]>::first_chunk::<32>) {
            out.extend_from_slice(block);
            out.truncate(end);
            return;
        }
    }
    out.extend_from_slice(&text[start..start + len]);
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{csv_core_records, Random};
    use super::*;

    /// Every record of `text` as the scanner reads it, `text` being given to it
    /// `step` bytes more at a time (rescanning unfinished records like the reader).
    fn scanned_records(text: &[u8], delimiter: u8, step: usize) -> Vec<Vec<Vec<u8>>> {
        let scanner = Scanner::new(delimiter, false);
        let mut fields = Fields::default();
        let mut records = Vec::new();
        let mut visible = step.min(text.len());
        let mut at = 0;
        loop {
            let done = visible == text.len();
            let mark = fields.mark();
            match scanner.scan(&text[..visible], at, done, &mut fields, usize::MAX) {
                Scan::End => return records,
                Scan::NeedInput { from, .. } => {
                    assert!(!done, "more input asked at the end");
                    assert_eq!(fields.mark().spans, mark.spans);
                    at = from;
                    visible = (visible + step).min(text.len());
                }
                Scan::Record {
                    next,
                    fields: count,
                    content,
                    ..
                } => {
                    let spans = &fields.spans[mark.spans..];
                    assert_eq!(spans.len(), count);
                    let record: Vec<Vec<u8>> = spans
                        .iter()
                        .map(|&span| {
                            let mut value = Vec::new();
                            match fields.value(span) {
                                Value::Plain { start, len } => {
                                    value.extend_from_slice(&text[start..start + len])
                                }
                                Value::Escaped { start, raw_end } => {
                                    unescape(text, start, raw_end, &mut value)
                                }
                            }
                            assert_eq!(value.len(), fields.value_len(span), "value length");
                            value
                        })
                        .collect();
                    assert_eq!(record.iter().map(Vec::len).sum::<usize>(), content);
                    records.push(record);
                    at = next;
                }
            }
        }
    }

    fn random_text(random: &mut Random, len: usize, delimiter: u8) -> Vec<u8> {
        let alphabet: [&[u8]; 11] = [
            b"a",
            b"bc",
            &[delimiter],
            b"\"",
            b"\"\"",
            b"\r",
            b"\n",
            b"\r\n",
            "é".as_bytes(),
            b" ",
            b"\t\x0b",
        ];
        let mut text = Vec::new();
        while text.len() < len {
            text.extend_from_slice(alphabet[random.below(alphabet.len())]);
        }
        text
    }

    #[test]
    fn the_scanner_reads_random_text_exactly_like_csv_core() {
        let mut random = Random(0x9e37_79b9_7f4a_7c15);
        for round in 0..4000 {
            let delimiter = [b',', b';', b'\t', b'|'][round % 4];
            let len = 1 + random.below(if round % 10 == 0 { 300 } else { 40 });
            let text = random_text(&mut random, len, delimiter);
            let expected = csv_core_records(&text, delimiter);
            for step in [text.len(), 1, 2, 7, 9] {
                let step = step.max(1);
                assert_eq!(
                    scanned_records(&text, delimiter, step),
                    expected,
                    "text {:?}, delimiter {:?}, step {step}",
                    String::from_utf8_lossy(&text),
                    delimiter as char
                );
            }
        }
    }

    #[test]
    fn the_quoting_rules_of_csv_core_hold() {
        let cases: [(&[u8], &[&[&str]]); 8] = [
            (b"a,b\n", &[&["a", "b"]]),
            (b"\"x,y\",\"say \"\"hi\"\"\"\r\n", &[&["x,y", "say \"hi\""]]),
            (b"\"a\"b,c", &[&["ab", "c"]]),
            (b"a\"b\"c,\"\"", &[&["a\"b\"c", ""]]),
            (b"\n\r\n,\n\n", &[&["", ""]]),
            (b"\"unclosed,\nstill", &[&["unclosed,\nstill"]]),
            (b"\"a\"\"", &[&["a\""]]),
            (b"\"a\"\"b\"x\"y\",z", &[&["a\"bx\"y\"", "z"]]),
        ];
        for (text, expected) in cases {
            let expected: Vec<Vec<Vec<u8>>> = expected
                .iter()
                .map(|record| record.iter().map(|f| f.as_bytes().to_vec()).collect())
                .collect();
            assert_eq!(
                csv_core_records(text, b','),
                expected,
                "csv-core on {text:?}"
            );
            assert_eq!(
                scanned_records(text, b',', text.len()),
                expected,
                "{text:?}"
            );
        }
    }

    #[test]
    fn unusual_delimiters_follow_csv_core_too() {
        let mut random = Random(42);
        for delimiter in [b'"', b'\n', b'\r', b'a', 0xe9] {
            for _ in 0..300 {
                let len = 1 + random.below(30);
                let text = random_text(&mut random, len, delimiter);
                assert_eq!(
                    scanned_records(&text, delimiter, 3),
                    csv_core_records(&text, delimiter),
                    "text {text:?}, delimiter {delimiter:?}"
                );
            }
        }
    }

    #[test]
    fn byte_search_finds_the_first_match_in_words_and_tails() {
        let text = b"0123456789abcdef,ghij\r";
        assert_eq!(find_field_end(text, 0, b','), Some(16));
        assert_eq!(find_field_end(text, 17, b','), Some(21));
        assert_eq!(find_field_end(b"abc", 0, b','), None);
        assert_eq!(
            find_field_end(b"a\tb\x01c\x0bde\nf", 0, b','),
            Some(8),
            "other controls are stepped over"
        );
        assert_eq!(find_field_end(b"-,-,-----\r", 2, b','), Some(3));
        assert_eq!(find_byte(b"aaaaaaaa\"aaaaaaa\"", 0, b'"'), Some(8));
        assert_eq!(find_byte(b"aaaaaaaa\"aaaaaaa\"", 9, b'"'), Some(16));
        assert_eq!(find_byte(b"\x01\x00\"", 0, b'"'), Some(2));
        assert_eq!(find_byte(b"abc", 5, b'"'), None);
    }
}
