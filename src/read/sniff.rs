//! Telling the format of an input from its first bytes, and recognizing the common
//! things people upload by mistake (a workbook, a PDF, a UTF-16 export) so the error
//! can say exactly what to do.

use super::{InputFormat, Notice, ReadError, ReadErrorKind};

/// How many leading bytes detection looks at.
pub(crate) const HEAD_LEN: usize = 4096;

const PARQUET_MAGIC: &[u8] = b"PAR1";
const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];
const ZIP_MAGICS: [&[u8]; 3] = [b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"];
const PDF_MAGIC: &[u8] = b"%PDF-";
/// Compound File Binary: old `.xls`/`.doc` files.
const OLE_MAGIC: &[u8] = &[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const UTF8_BOM: &[u8] = &[0xef, 0xbb, 0xbf];

/// The format of an input whose first bytes are `head`, or why it cannot be read.
pub(crate) fn detect(head: &[u8], name: &str) -> Result<InputFormat, ReadError> {
    if head.is_empty() {
        return Err(ReadError::new(
            ReadErrorKind::Empty,
            "the file is empty (0 bytes)",
            "export the billing data again; nothing was saved in this file",
        ));
    }
    if head.starts_with(PARQUET_MAGIC) {
        return Ok(InputFormat::Parquet);
    }
    if head.starts_with(GZIP_MAGIC) {
        return Ok(InputFormat::CsvGzip);
    }
    reject_documents(head, name)?;
    check_text(head)?;
    Ok(InputFormat::Csv)
}

/// Rejects the document formats that are not tables we read: ZIP (and so `.xlsx`),
/// PDF, and old Office files.
pub(crate) fn reject_documents(head: &[u8], name: &str) -> Result<(), ReadError> {
    let lower = name.to_ascii_lowercase();
    if ZIP_MAGICS.iter().any(|magic| head.starts_with(magic)) {
        let message = if lower.ends_with(".xlsx") || lower.ends_with(".xlsm") {
            "this is an Excel workbook (a ZIP archive), not a CSV or Parquet file".to_string()
        } else {
            "this is a ZIP archive (an Excel workbook is one too), not a CSV or Parquet file"
                .to_string()
        };
        return Err(ReadError::new(
            ReadErrorKind::NotTabular,
            message,
            "export the sheet as CSV, or unzip the archive and choose the CSV or Parquet file inside",
        ));
    }
    if head.starts_with(PDF_MAGIC) {
        return Err(ReadError::new(
            ReadErrorKind::NotTabular,
            "this is a PDF document, not a table",
            "export the billing data as CSV or Parquet instead of printing it",
        ));
    }
    if head.starts_with(OLE_MAGIC) {
        return Err(ReadError::new(
            ReadErrorKind::NotTabular,
            "this is an old-style Office document (for example an Excel .xls workbook), not a CSV file",
            "export the sheet as CSV (UTF-8)",
        ));
    }
    Ok(())
}

/// Checks that `head` looks like UTF-8 text: no UTF-16/UTF-32 byte-order mark, no NUL
/// bytes. NUL bytes every other position mean UTF-16 text without a byte-order mark.
pub(crate) fn check_text(head: &[u8]) -> Result<(), ReadError> {
    let utf16 = || {
        ReadError::new(
            ReadErrorKind::Encoding,
            "the file is UTF-16, and certkit reads UTF-8 text",
            "save it as UTF-8 (in Excel: \"CSV UTF-8 (Comma delimited)\")",
        )
    };
    if head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]) {
        return Err(utf16());
    }
    if head.starts_with(&[0x00, 0x00, 0xfe, 0xff]) {
        return Err(utf16());
    }
    let (mut nul_even, mut nul_odd) = (0usize, 0usize);
    for (i, &b) in head.iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                nul_even += 1;
            } else {
                nul_odd += 1;
            }
        }
    }
    if nul_even + nul_odd == 0 {
        return Ok(());
    }
    // ASCII text in UTF-16 has a NUL in every other byte and none in between.
    let pairs = head.len() / 2;
    let interleaved = (nul_even == 0 || nul_odd == 0) && (nul_even + nul_odd) * 4 >= pairs;
    if interleaved {
        return Err(utf16());
    }
    Err(ReadError::new(
        ReadErrorKind::NotTabular,
        "the file is binary (it has NUL bytes in its first 4 KiB), not CSV text or Parquet",
        "choose the CSV or Parquet export of the billing data",
    ))
}

/// True when `head` starts with a UTF-8 byte-order mark.
pub(crate) fn has_utf8_bom(head: &[u8]) -> bool {
    head.starts_with(UTF8_BOM)
}

/// The length of the UTF-8 byte-order mark.
pub(crate) const UTF8_BOM_LEN: usize = UTF8_BOM.len();

/// A notice when the file name promises another format than the bytes hold, so a user
/// who renamed a file understands what was read.
pub(crate) fn name_mismatch(name: &str, head: &[u8]) -> Option<Notice> {
    let lower = name.to_ascii_lowercase();
    let is_parquet = head.starts_with(PARQUET_MAGIC);
    let is_gzip = head.starts_with(GZIP_MAGIC);
    let (named, found) = if lower.ends_with(".parquet") && !is_parquet {
        ("Parquet", if is_gzip { "gzip" } else { "not Parquet" })
    } else if lower.ends_with(".gz") && !is_gzip {
        (
            "gzip",
            if is_parquet {
                "Parquet"
            } else {
                "not compressed"
            },
        )
    } else if lower.ends_with(".csv") && (is_parquet || is_gzip) {
        (
            "CSV",
            if is_parquet {
                "Parquet"
            } else {
                "gzip-compressed"
            },
        )
    } else {
        return None;
    };
    Some(Notice::new(
        "name-mismatch",
        format!(
            "the file name says {named} but the content is {found}; it was read by its content"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
    }

    #[test]
    fn magic_numbers_decide_the_format() {
        assert_eq!(
            detect(b"PAR1\x15\x04", "x.csv").unwrap(),
            InputFormat::Parquet
        );
        assert_eq!(
            detect(&[0x1f, 0x8b, 8, 0], "x").unwrap(),
            InputFormat::CsvGzip
        );
        assert_eq!(
            detect(b"a,b\n1,2\n", "x.parquet").unwrap(),
            InputFormat::Csv
        );
    }

    #[test]
    fn empty_input_is_its_own_error() {
        assert_eq!(detect(b"", "x.csv").unwrap_err().kind, ReadErrorKind::Empty);
    }

    #[test]
    fn workbooks_and_pdfs_are_rejected_with_advice() {
        let zip = detect(b"PK\x03\x04\x14\x00", "bill.xlsx").unwrap_err();
        assert_eq!(zip.kind, ReadErrorKind::NotTabular);
        assert!(zip.message.contains("Excel workbook"), "{zip}");
        assert!(zip.hint.contains("export the sheet as CSV"), "{zip}");
        let pdf = detect(b"%PDF-1.7\n", "bill.csv").unwrap_err();
        assert!(pdf.message.contains("PDF"), "{pdf}");
        let xls = detect(OLE_MAGIC, "bill.xls").unwrap_err();
        assert!(xls.message.contains(".xls"), "{xls}");
    }

    #[test]
    fn utf16_is_recognized_with_and_without_bom() {
        let mut with_bom = vec![0xff, 0xfe];
        with_bom.extend(utf16le("BilledCost,ChargeCategory\n"));
        assert_eq!(
            detect(&with_bom, "x.csv").unwrap_err().kind,
            ReadErrorKind::Encoding
        );
        let without_bom = utf16le("BilledCost,ChargeCategory\n1,Usage\n");
        let err = detect(&without_bom, "x.csv").unwrap_err();
        assert_eq!(err.kind, ReadErrorKind::Encoding);
        assert!(err.message.contains("UTF-16"), "{err}");
    }

    #[test]
    fn scattered_nul_bytes_mean_binary() {
        let mut bytes = b"some text then".to_vec();
        bytes.extend([0, 0, 0, 0, 0x13, 0x37, 0xff, 0x42, 1, 2, 3, 4, 5, 6, 7]);
        bytes.extend(b" more text here and here and here and here".iter());
        let err = detect(&bytes, "x.csv").unwrap_err();
        assert_eq!(err.kind, ReadErrorKind::NotTabular);
        assert!(err.message.contains("binary"), "{err}");
    }

    #[test]
    fn a_renamed_file_gets_a_notice() {
        let notice = name_mismatch("bill.parquet", b"a,b\n").unwrap();
        assert_eq!(notice.code, "name-mismatch");
        assert!(name_mismatch("bill.csv", b"a,b\n").is_none());
        assert!(name_mismatch("bill.csv.gz", &[0x1f, 0x8b]).is_none());
    }
}
