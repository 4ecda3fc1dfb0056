//! The `certkit` command line: the same core as the web app, for CI pipelines.
//!
//! Each subcommand lives in its own module; this file only parses arguments.

mod anonymize;
mod kit;
mod score;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// certkit: is your FinOps product ready for the FinOps Foundation's certifications?
///
/// Validates FOCUS billing samples the way the FinOps Certified FOCUS Conformant review does,
/// and scores a product against the FinOps Certified Platform criteria. Everything runs
/// locally; nothing is sent anywhere.
#[derive(Parser)]
#[command(name = "certkit", version, about, long_about, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Anonymize a billing sample for the FOCUS Conformant submission.
    ///
    /// Identifiers, names, tag values and descriptions become keyed-hash tokens; costs, dates,
    /// currencies, categories and quantities stay as they are. Exit status: 0 done, 1 done but
    /// a sample requirement is not met, 2 bad input or unwritable output. See docs/anonymize.md.
    Anonymize {
        /// The billing sample: CSV, CSV.gz or Parquet.
        input: PathBuf,
        /// Where to write the anonymized sample (.csv or .parquet).
        #[arg(long, short, value_name = "PATH")]
        output: PathBuf,
        /// The secret salt of the tokens; without it a random one is made and printed.
        #[arg(long, value_name = "TEXT", conflicts_with = "salt_file")]
        salt: Option<String>,
        /// Read the salt from this file (surrounding whitespace ignored).
        #[arg(long, value_name = "FILE")]
        salt_file: Option<PathBuf>,
        /// Output format; default: from OUT's extension, else the input's format.
        #[arg(long, value_parser = ["csv", "parquet"])]
        format: Option<String>,
        /// Hash the provider catalogue IDs too (SkuId, SkuPriceId, RegionId, ...).
        #[arg(long)]
        hash_catalogue_ids: bool,
        /// Hash the keys of Tags too, not only the values.
        #[arg(long)]
        hash_tag_keys: bool,
        /// Keep ChargeDescription unchanged.
        #[arg(long)]
        keep_descriptions: bool,
        /// What to do with custom x_ columns and non-FOCUS columns.
        #[arg(long, value_name = "POLICY", default_value = "drop", value_parser = ["drop", "hash", "keep"])]
        custom_columns: String,
    },
    /// Validate a FOCUS billing sample (CSV, CSV.gz or Parquet) the way the FOCUS Conformant review does.
    ///
    /// Exit status: 0 no deviations (disclosures may remain), 1 deviations or blocking findings,
    /// 2 the file could not be read (the message says why and where). Files of any size are
    /// read streaming, in bounded memory.
    Validate {
        /// The sample to check.
        file: PathBuf,
        /// The FOCUS version to check against; `auto` tells it from the header.
        #[arg(long, default_value = "auto", value_parser = ["auto", "1.0", "1.1", "1.2"])]
        focus_version: String,
        /// Output format.
        #[arg(long, default_value = "text", value_parser = ["text", "json", "markdown", "junit"])]
        format: String,
        /// Write the report to this file instead of standard output.
        #[arg(long, short, value_name = "PATH")]
        output: Option<PathBuf>,
        /// Declare an applicability area on or off (repeatable), e.g. `--declare tags=no`.
        /// Areas: availability-zones, capacity-reservations, commitment-discounts,
        /// multi-currency-pricing, multiple-billing-account-types, multiple-sub-account-types,
        /// regions, resource-based-billing, sku-pricing, sub-accounts, tags, unit-pricing.
        #[arg(long, value_name = "AREA=yes|no", value_parser = parse_declaration)]
        declare: Vec<(String, bool)>,
        /// Deviations allowed before the sample is not eligible. The certification publishes no
        /// number, so certkit assumes 0.
        #[arg(long, default_value_t = 0, value_name = "N")]
        max_deviations: u64,
        /// How close unit price × PricingQuantity must be to the cost: `half-last-digit`
        /// (half a unit in the last decimal written in the cost), `abs:AMOUNT` or `rel:FRACTION`.
        #[arg(long, default_value = "half-last-digit", value_parser = parse_tolerance)]
        tolerance: certkit::rules::Tolerance,
        /// Report a sample without a complete billing period without blocking the verdict.
        #[arg(long)]
        allow_partial_billing_period: bool,
        /// Field delimiter of a CSV file; by default it is detected from the header.
        #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
        delimiter: Option<u8>,
        /// How to read a quoted empty CSV field (`""`): `null` like an empty field (the
        /// default), or `empty-string`, which NullHandling-A-002-M then reports.
        #[arg(long, default_value = "null", value_name = "READING", value_parser = ["null", "empty-string"])]
        quoted_empty: String,
        /// Do not show progress on the terminal.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Draft the certification's submission documents from a validation report.
    ///
    /// Writes the Conformance Gap Report (Markdown and HTML), the Column Mapping Reference
    /// (Markdown and CSV), the attestation worksheet and kit-input.json (your additions to
    /// fill in and pass back with --input). Exit status: 0 written, 2 bad input or
    /// unwritable output. See docs/submission-kit.md.
    Kit {
        /// The JSON report written by `certkit validate --format json`.
        report: PathBuf,
        /// Your additions: workarounds, KIL requests, attestations, invoice totals, column mapping.
        #[arg(long, value_name = "ADDITIONS.json")]
        input: Option<PathBuf>,
        /// The directory to write the documents to (created if needed).
        #[arg(long, value_name = "DIR")]
        out_dir: PathBuf,
        /// The date printed on the documents; default: today (UTC).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// Score an assessment against a certification program (Platform, FOCUS Conformant, ...).
    ///
    /// Exit status: 0 eligible, 1 not eligible, 2 bad input (the message names the field).
    /// The assessment format is documented in docs/assessment.md.
    Score {
        /// The assessment, a JSON file (see docs/assessment.md and examples/assessments/).
        assessment: PathBuf,
        /// Output format.
        #[arg(long, default_value = "text", value_parser = ["text", "json", "markdown"])]
        format: String,
        /// A program file that replaces the built-in criteria (same format as data/programs/).
        #[arg(long, value_name = "FILE")]
        program: Option<PathBuf>,
        /// Write the result to this file instead of standard output.
        #[arg(long, short, value_name = "PATH")]
        output: Option<PathBuf>,
    },
}

fn parse_declaration(text: &str) -> Result<(String, bool), String> {
    let (area, value) = text.split_once('=').ok_or_else(|| format!("expected AREA=yes or AREA=no, got {text:?}"))?;
    let on = match value.to_ascii_lowercase().as_str() {
        "yes" | "on" | "true" => true,
        "no" | "off" | "false" => false,
        other => return Err(format!("expected yes or no after '=', got {other:?}")),
    };
    let known: Vec<&str> = certkit::focus::areas().iter().filter(|a| a.certification).map(|a| a.id.as_str()).collect();
    if !known.contains(&area) {
        return Err(format!("unknown area {area:?}; the areas are: {}", known.join(", ")));
    }
    Ok((area.to_string(), on))
}

fn parse_tolerance(text: &str) -> Result<certkit::rules::Tolerance, String> {
    use certkit::rules::Tolerance;
    let number = |s: &str| s.parse::<f64>().ok().filter(|x| x.is_finite() && *x >= 0.0).ok_or_else(|| format!("{s:?} is not a number ≥ 0"));
    match text.split_once(':') {
        None if text == "half-last-digit" => Ok(Tolerance::HalfLastDigit),
        Some(("abs", amount)) => Ok(Tolerance::Absolute { amount: number(amount)? }),
        Some(("rel", fraction)) => Ok(Tolerance::Relative { fraction: number(fraction)? }),
        _ => Err(format!("expected half-last-digit, abs:AMOUNT or rel:FRACTION, got {text:?}")),
    }
}

fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text {
        "\\t" | "tab" => Ok(b'\t'),
        _ if text.len() == 1 && text.is_ascii() => Ok(text.as_bytes()[0]),
        _ => Err(format!("expected one ASCII character (or 'tab'), got {text:?}")),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Anonymize {
            input, output, salt, salt_file, format, hash_catalogue_ids, hash_tag_keys, keep_descriptions, custom_columns,
        } => anonymize::run(
            &input,
            &output,
            salt.as_deref(),
            format.as_deref(),
            &anonymize::Flags {
                salt_file: salt_file.as_deref(),
                hash_catalogue_ids,
                hash_tag_keys,
                keep_descriptions,
                custom_columns: Some(&custom_columns),
            },
        ),
        Command::Validate {
            file, focus_version, format, output, declare, max_deviations, tolerance, allow_partial_billing_period, delimiter, quoted_empty, quiet,
        } => {
            use certkit::validate::{ValidateOptions, VersionChoice};
            let mut options = ValidateOptions {
                focus_version: match focus_version.as_str() {
                    "1.0" => VersionChoice::V1_0,
                    "1.1" => VersionChoice::V1_1,
                    "1.2" => VersionChoice::V1_2,
                    _ => VersionChoice::Auto,
                },
                tolerance,
                max_deviations,
                require_complete_billing_period: !allow_partial_billing_period,
                ..ValidateOptions::default()
            };
            options.read.delimiter = delimiter;
            options.read.keep_quoted_empty = quoted_empty == "empty-string";
            for (area, on) in declare {
                options.applicability = options.applicability.declare(&area, on);
            }
            validate::run(&file, &options, &format, output.as_deref(), quiet)
        }
        Command::Kit { report, input, out_dir, date } => kit::run(&report, input.as_deref(), &out_dir, date.as_deref()),
        Command::Score { assessment, format, program, output } => {
            score::run(&assessment, &format, program.as_deref(), output.as_deref())
        }
    }
}
