//! `certkit anonymize` (src/cli/anonymize.rs), compiled here as a module the way the
//! CLI does, so its exit codes, salt handling and temporary-file behaviour are tested
//! without the binary.

#[path = "../src/cli/anonymize.rs"]
mod anonymize;

#[path = "anonymize_support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anonymize::{run, Flags};
use support::iso;

const JAN_1: i64 = 1_704_067_200;

/// A sample that meets every requirement: January fully covered, Usage and Tax rows.
fn good_sample() -> String {
    let mut out = String::from(
        "BillingAccountId,BillingAccountName,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,BilledCost\n",
    );
    for day in 0..31 {
        let start = JAN_1 + day * 86_400;
        let category = if day % 2 == 0 { "Usage" } else { "Tax" };
        out.push_str(&format!(
            "ACCT-SECRET,Secret Corp,{},{},{},{},{category},1.25\n",
            iso(JAN_1),
            iso(JAN_1 + 31 * 86_400),
            iso(start),
            iso(start + 86_400)
        ));
    }
    out
}

/// Usage only, one day: written, but the requirements are not met.
const THIN_SAMPLE: &str = "BillingAccountId,ChargeCategory,BilledCost\nACCT-SECRET,Usage,1\n";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The files in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

fn salt(text: &str) -> Option<&str> {
    Some(text)
}

#[test]
fn a_good_sample_exits_0_and_a_thin_one_1() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.csv", &good_sample());
    let out = dir.path().join("good-anon.csv");
    assert_eq!(run(&good, &out, salt("s3cret"), None, &Flags::default()), ExitCode::from(0));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(!text.contains("SECRET") && !text.contains("Secret Corp"), "{text}");
    assert!(text.contains("1.25"));

    let thin = write(dir.path(), "thin.csv", THIN_SAMPLE);
    let out = dir.path().join("thin-anon.csv");
    assert_eq!(run(&thin, &out, salt("s3cret"), None, &Flags::default()), ExitCode::from(1));
    assert!(out.is_file(), "a sample that misses a requirement is still written");
}

#[test]
fn the_same_salt_reproduces_the_output_and_another_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "in.csv", &good_sample());
    let outputs: Vec<Vec<u8>> = ["one", "one", "two"]
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let out = dir.path().join(format!("out{i}.csv"));
            assert_eq!(run(&input, &out, salt(s), None, &Flags::default()), ExitCode::from(0));
            std::fs::read(&out).unwrap()
        })
        .collect();
    assert_eq!(outputs[0], outputs[1]);
    assert_ne!(outputs[0], outputs[2]);
}

#[test]
fn a_salt_file_gives_the_same_tokens_as_the_same_salt_inline() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "in.csv", &good_sample());
    let salt_file = write(dir.path(), "salt.txt", "  my-salt\n");
    let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
    let flags = Flags { salt_file: Some(&salt_file), ..Flags::default() };
    assert_eq!(run(&input, &a, None, None, &flags), ExitCode::from(0));
    assert_eq!(run(&input, &b, salt("my-salt"), None, &Flags::default()), ExitCode::from(0));
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn without_a_salt_a_random_one_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "in.csv", &good_sample());
    let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
    assert_eq!(run(&input, &a, None, None, &Flags::default()), ExitCode::from(0));
    assert_eq!(run(&input, &b, None, None, &Flags::default()), ExitCode::from(0));
    assert_ne!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap(), "two random salts gave the same tokens");
}

#[test]
fn bad_input_exits_2_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    // Missing input.
    assert_eq!(run(&dir.path().join("nope.csv"), &out, salt("s"), None, &Flags::default()), ExitCode::from(2));
    // Not a table.
    let zip = dir.path().join("in.zip");
    std::fs::write(&zip, b"PK\x03\x04 not a table").unwrap();
    assert_eq!(run(&zip, &out, salt("s"), None, &Flags::default()), ExitCode::from(2));
    // A ragged row after good ones: the partial output is removed.
    let mut ragged = good_sample();
    ragged.push_str("a,b,c\n");
    let ragged = write(dir.path(), "ragged.csv", &ragged);
    assert_eq!(run(&ragged, &out, salt("s"), None, &Flags::default()), ExitCode::from(2));
    assert_eq!(listing(dir.path()), ["in.zip", "ragged.csv"], "a failed run left a file behind");
}

#[test]
fn bad_arguments_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "in.csv", &good_sample());
    let out = dir.path().join("out.csv");
    let cases: Vec<(Option<&str>, Option<&str>, Flags)> = vec![
        (salt(""), None, Flags::default()),
        (salt("s"), Some("xlsx"), Flags::default()),
        (salt("s"), None, Flags { custom_columns: Some("shred"), ..Flags::default() }),
        (salt("s"), None, Flags { salt_file: Some(&input), ..Flags::default() }),
        (None, None, Flags { salt_file: Some(Path::new("/nonexistent/salt")), ..Flags::default() }),
    ];
    for (i, (s, format, flags)) in cases.iter().enumerate() {
        assert_eq!(run(&input, &out, *s, *format, flags), ExitCode::from(2), "case {i}");
    }
    let empty_salt = write(dir.path(), "empty-salt", " \n");
    let flags = Flags { salt_file: Some(&empty_salt), ..Flags::default() };
    assert_eq!(run(&input, &out, None, None, &flags), ExitCode::from(2));
    assert!(!out.exists());
}

#[test]
fn unwritable_outputs_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "in.csv", &good_sample());
    // A folder that does not exist, a folder as output, a compressed name, the input itself.
    for out in
        [dir.path().join("missing/out.csv"), dir.path().to_path_buf(), dir.path().join("out.csv.gz"), input.clone()]
    {
        assert_eq!(run(&input, &out, salt("s"), None, &Flags::default()), ExitCode::from(2), "{}", out.display());
    }
    assert_eq!(std::fs::read_to_string(&input).unwrap(), good_sample(), "the input was touched");
    assert_eq!(listing(dir.path()), ["in.csv"]);
}

#[test]
fn an_existing_output_is_replaced_only_on_success() {
    let dir = tempfile::tempdir().unwrap();
    let out = write(dir.path(), "out.csv", "previous content");
    let bad = write(dir.path(), "bad.csv", "");
    assert_eq!(run(&bad, &out, salt("s"), None, &Flags::default()), ExitCode::from(2));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous content");
    let good = write(dir.path(), "good.csv", &good_sample());
    assert_eq!(run(&good, &out, salt("s"), None, &Flags::default()), ExitCode::from(0));
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("BillingAccountId,"));
    assert_eq!(listing(dir.path()), ["bad.csv", "good.csv", "out.csv"]);
}

#[test]
fn the_format_follows_the_option_then_the_output_name() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "in.csv", &good_sample());
    let by_name = dir.path().join("out.parquet");
    assert_eq!(run(&input, &by_name, salt("s"), None, &Flags::default()), ExitCode::from(0));
    assert_eq!(&std::fs::read(&by_name).unwrap()[..4], b"PAR1");
    let by_option = dir.path().join("out.data");
    assert_eq!(run(&input, &by_option, salt("s"), Some("parquet"), &Flags::default()), ExitCode::from(0));
    assert_eq!(&std::fs::read(&by_option).unwrap()[..4], b"PAR1");
    let same_as_input = dir.path().join("out");
    assert_eq!(run(&input, &same_as_input, salt("s"), None, &Flags::default()), ExitCode::from(0));
    assert!(std::fs::read_to_string(&same_as_input).unwrap().starts_with("BillingAccountId,"));
}

#[test]
fn flags_reach_the_anonymizer() {
    let dir = tempfile::tempdir().unwrap();
    let input =
        write(dir.path(), "in.csv", "SkuId,ChargeDescription,x_Team,ChargeCategory\nSKU-1,Apollo project,Red,Usage\n");
    let out = dir.path().join("out.csv");
    let flags = Flags {
        hash_catalogue_ids: true,
        keep_descriptions: true,
        custom_columns: Some("keep"),
        hash_tag_keys: true,
        ..Flags::default()
    };
    assert_eq!(run(&input, &out, salt("s"), None, &flags), ExitCode::from(1));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        !text.contains("SKU-1") && text.contains("Apollo project") && text.contains("x_Team") && text.contains("Red")
    );
}
