//! What the CSV tests share: csv-core as the reference, and random numbers.

use csv_core::ReadRecordResult;

/// Every record of `text` as csv-core reads it, with the reader's settings.
pub(super) fn csv_core_records(text: &[u8], delimiter: u8) -> Vec<Vec<Vec<u8>>> {
    let mut parser = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let mut records = Vec::new();
    let mut input = text;
    let mut output = vec![0; text.len() + 1];
    let mut ends = vec![0; text.len() + 2];
    let (mut out_len, mut end_count) = (0, 0);
    loop {
        let (result, n_in, n_out, n_ends) =
            parser.read_record(input, &mut output[out_len..], &mut ends[end_count..]);
        input = &input[n_in..];
        out_len += n_out;
        end_count += n_ends;
        match result {
            ReadRecordResult::InputEmpty => {}
            ReadRecordResult::Record => {
                let mut start = 0;
                let record = ends[..end_count]
                    .iter()
                    .map(|&end| {
                        let field = output[start..end].to_vec();
                        start = end;
                        field
                    })
                    .collect();
                records.push(record);
                out_len = 0;
                end_count = 0;
            }
            ReadRecordResult::End => return records,
            other => panic!("buffers are large enough: {other:?}"),
        }
    }
}

pub(super) use crate::test_random::Random;
