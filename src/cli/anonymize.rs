//! `certkit anonymize IN --output OUT [--salt TEXT | --salt-file FILE] [--format csv|parquet]
//! [--hash-catalogue-ids] [--hash-tag-keys] [--keep-descriptions] [--custom-columns drop|hash|keep]`
//!
//! Writes the anonymized form of a billing sample for the FOCUS Conformant submission
//! (rules in docs/anonymize.md) and prints on stderr what was hashed, replaced and
//! dropped, and whether the sample meets the submission requirements.
//!
//! Exit status: 0 done, 1 done but a sample requirement is not met (see the
//! warnings), 2 bad input or unwritable output (the message says what and where).
//! The output is written to a temporary file beside OUT and renamed at the end, so a
//! failed run leaves no half-written file.
//!
//! The clap subcommand for `src/cli/main.rs`:
//!
//! ```ignore
//! /// Anonymize a billing sample for the FOCUS Conformant submission.
//! ///
//! /// Identifiers, names, tag values and descriptions become keyed-hash tokens; costs, dates,
//! /// currencies, categories and quantities stay as they are. Exit status: 0 done, 1 done but
//! /// a sample requirement is not met, 2 bad input or unwritable output. See docs/anonymize.md.
//! Anonymize {
//!     /// The billing sample: CSV, CSV.gz or Parquet.
//!     input: PathBuf,
//!     /// Where to write the anonymized sample (.csv or .parquet).
//!     #[arg(long, short, value_name = "PATH")]
//!     output: PathBuf,
//!     /// The secret salt of the tokens; without it a random one is made and printed.
//!     #[arg(long, value_name = "TEXT", conflicts_with = "salt_file")]
//!     salt: Option<String>,
//!     /// Read the salt from this file (surrounding whitespace ignored).
//!     #[arg(long, value_name = "FILE")]
//!     salt_file: Option<PathBuf>,
//!     /// Output format; default: from OUT's extension, else the input's format.
//!     #[arg(long, value_parser = ["csv", "parquet"])]
//!     format: Option<String>,
//!     /// Hash the provider catalogue IDs too (SkuId, SkuPriceId, RegionId, ...).
//!     #[arg(long)]
//!     hash_catalogue_ids: bool,
//!     /// Hash the keys of Tags too, not only the values.
//!     #[arg(long)]
//!     hash_tag_keys: bool,
//!     /// Keep ChargeDescription unchanged.
//!     #[arg(long)]
//!     keep_descriptions: bool,
//!     /// What to do with custom x_ columns and non-FOCUS columns.
//!     #[arg(long, value_name = "POLICY", default_value = "drop", value_parser = ["drop", "hash", "keep"])]
//!     custom_columns: String,
//! },
//! // in main():
//! Command::Anonymize { input, output, salt, salt_file, format, hash_catalogue_ids, hash_tag_keys,
//!                      keep_descriptions, custom_columns } => anonymize::run(
//!     &input, &output, salt.as_deref(), format.as_deref(),
//!     &anonymize::Flags { salt_file: salt_file.as_deref(), hash_catalogue_ids, hash_tag_keys,
//!                         keep_descriptions, custom_columns: Some(&custom_columns) },
//! ),
//! ```

use std::fs::{self, File, OpenOptions};
use std::io::BufWriter;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use certkit::anonymize::{anonymize, AnonymizeError, AnonymizeOptions, CustomColumns, OutputFormat};
use certkit::read::{FileSource, ReadOptions};

/// Exit status when the sample was written and meets the requirements.
const EXIT_DONE: u8 = 0;
/// Exit status when it was written but a sample requirement is not met.
const EXIT_REQUIREMENT_NOT_MET: u8 = 1;
/// Exit status for bad input or an unwritable output.
const EXIT_BAD_INPUT: u8 = 2;

/// Bytes of a generated salt (written as twice as many hex digits).
const GENERATED_SALT_BYTES: usize = 32;

/// The switches of `certkit anonymize` besides the input, output, salt and format.
#[derive(Debug, Clone, Copy, Default)]
pub struct Flags<'a> {
    /// A file holding the salt (conflicts with `--salt`).
    pub salt_file: Option<&'a Path>,
    /// `--hash-catalogue-ids`.
    pub hash_catalogue_ids: bool,
    /// `--hash-tag-keys`.
    pub hash_tag_keys: bool,
    /// `--keep-descriptions`.
    pub keep_descriptions: bool,
    /// `--custom-columns drop|hash|keep`; `None` means `drop`.
    pub custom_columns: Option<&'a str>,
}

/// Runs `certkit anonymize`: reads `input`, writes the anonymized sample to `output`,
/// prints the summary on stderr and returns the exit status (see the module docs).
pub fn run(input: &Path, output: &Path, salt: Option<&str>, format: Option<&str>, flags: &Flags) -> ExitCode {
    match anonymize_file(input, output, salt, format, flags) {
        Ok(true) => ExitCode::from(EXIT_DONE),
        Ok(false) => ExitCode::from(EXIT_REQUIREMENT_NOT_MET),
        Err(message) => {
            eprintln!("certkit: {message}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

/// Does the work of [`run`]: `Ok(true)` when every sample requirement is met,
/// `Ok(false)` when one is not, `Err` with the message (without the `certkit: `
/// prefix) for bad input or an unwritable output.
fn anonymize_file(
    input: &Path,
    output: &Path,
    salt: Option<&str>,
    format: Option<&str>,
    flags: &Flags,
) -> Result<bool, String> {
    let mut opts = AnonymizeOptions::new(resolve_salt(salt, flags.salt_file)?);
    opts.output = output_format(format, output)?;
    opts.hash_catalogue_ids = flags.hash_catalogue_ids;
    opts.hash_tag_keys = flags.hash_tag_keys;
    opts.keep_descriptions = flags.keep_descriptions;
    opts.custom_columns = custom_columns(flags.custom_columns)?;
    opts.read = ReadOptions::default();

    check_output_path(input, output)?;
    // The message of a file that cannot be opened already names it.
    let source = FileSource::open(input).map_err(|e| e.to_string())?;
    let (temp, file) = TempOutput::create(output)?;
    let mut writer = BufWriter::with_capacity(1 << 20, file);
    let name = input.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let result = anonymize(Box::new(source), &name, &opts, &mut writer, &mut |_, _| ControlFlow::Continue(()));
    let summary = match result {
        Ok(summary) => summary,
        Err(AnonymizeError::Write(message)) => {
            return Err(format!("{}: could not be written: {message}", output.display()))
        }
        Err(error) => return Err(format!("{}: {error}", input.display())),
    };
    let file = writer.into_inner().map_err(|e| format!("{}: could not be written: {}", output.display(), e.error()))?;
    file.sync_all().map_err(|e| format!("{}: could not be written: {e}", output.display()))?;
    drop(file);
    temp.commit()?;

    eprint!("{}", summary.to_text());
    eprintln!("Wrote {}.", output.display());
    if !summary.requirements_met() {
        eprintln!("certkit: the sample was written, but it does not meet every sample requirement (see WARN above)");
    }
    Ok(summary.requirements_met())
}

/// The salt bytes from `--salt`, `--salt-file`, or a new random one (printed, so the
/// user can keep it).
fn resolve_salt(salt: Option<&str>, salt_file: Option<&Path>) -> Result<Vec<u8>, String> {
    match (salt, salt_file) {
        (Some(_), Some(_)) => Err("--salt and --salt-file: give only one of them".to_string()),
        (Some(text), None) if text.trim().is_empty() => {
            Err("--salt: the salt is empty; give a secret text, or leave --salt out to get a random one".to_string())
        }
        (Some(text), None) => Ok(text.as_bytes().to_vec()),
        (None, Some(path)) => {
            let bytes =
                fs::read(path).map_err(|e| format!("{}: the salt file could not be read: {e}", path.display()))?;
            let trimmed = bytes.trim_ascii();
            if trimmed.is_empty() {
                return Err(format!("{}: the salt file is empty; put a secret text in it", path.display()));
            }
            Ok(trimmed.to_vec())
        }
        (None, None) => {
            let salt = random_salt()?;
            eprintln!("certkit: no --salt given; generated salt: {salt}");
            eprintln!(
                "certkit: keep this salt private and pass it again (--salt {salt}, or put it in a file for \
                 --salt-file) to get the same tokens next time"
            );
            Ok(salt.into_bytes())
        }
    }
}

/// A new random salt as hex digits, from the operating system's random source.
fn random_salt() -> Result<String, String> {
    let mut bytes = [0u8; GENERATED_SALT_BYTES];
    fill_random(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(unix)]
fn fill_random(bytes: &mut [u8]) -> Result<(), String> {
    use std::io::Read;
    File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(bytes))
        .map_err(|e| format!("no random salt could be made ({e}); give one with --salt"))
}

#[cfg(not(unix))]
fn fill_random(bytes: &mut [u8]) -> Result<(), String> {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    // Each RandomState is keyed from the operating system's random source.
    for chunk in bytes.chunks_mut(8) {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_usize(chunk.as_ptr() as usize);
        let word = hasher.finish().to_le_bytes();
        chunk.copy_from_slice(&word[..chunk.len()]);
    }
    Ok(())
}

/// The output format: `--format`, else OUT's extension, else `None` (the input's).
fn output_format(format: Option<&str>, output: &Path) -> Result<Option<OutputFormat>, String> {
    let extension = output.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    let from_extension = match extension.as_deref() {
        Some("csv") => Some(OutputFormat::Csv),
        Some("parquet") => Some(OutputFormat::Parquet),
        Some("gz" | "zip" | "zst" | "bz2" | "xz") => {
            return Err(format!(
                "{}: certkit writes uncompressed CSV or Parquet; name the output .csv or .parquet and compress it afterwards",
                output.display()
            ))
        }
        _ => None,
    };
    let chosen = match format {
        None => return Ok(from_extension),
        Some("csv") => OutputFormat::Csv,
        Some("parquet") => OutputFormat::Parquet,
        Some(other) => return Err(format!("--format: unknown format \"{other}\"; use csv or parquet")),
    };
    if from_extension.is_some_and(|f| f != chosen) {
        eprintln!(
            "certkit: note: {} will hold {} although its name says otherwise",
            output.display(),
            if chosen == OutputFormat::Csv { "CSV" } else { "Parquet" }
        );
    }
    Ok(Some(chosen))
}

fn custom_columns(policy: Option<&str>) -> Result<CustomColumns, String> {
    match policy.unwrap_or("drop") {
        "drop" => Ok(CustomColumns::Drop),
        "hash" => Ok(CustomColumns::Hash),
        "keep" => Ok(CustomColumns::Keep),
        other => Err(format!("--custom-columns: unknown policy \"{other}\"; use drop, hash or keep")),
    }
}

/// Refuses an output that is a folder or the input itself.
fn check_output_path(input: &Path, output: &Path) -> Result<(), String> {
    if output.is_dir() {
        return Err(format!("{}: is a folder; give the path of the file to write", output.display()));
    }
    if let (Ok(a), Ok(b)) = (fs::canonicalize(input), fs::canonicalize(output)) {
        if a == b {
            return Err(format!(
                "{}: the output would replace the input; write the anonymized sample to another file",
                output.display()
            ));
        }
    }
    Ok(())
}

/// The temporary file beside OUT that becomes OUT once everything is written, and is
/// removed otherwise.
struct TempOutput {
    temp: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl TempOutput {
    /// Creates the temporary file; returns it open for writing.
    fn create(target: &Path) -> Result<(Self, File), String> {
        let file_name = target
            .file_name()
            .ok_or_else(|| format!("{}: is not a file name; give the path of the file to write", target.display()))?;
        let temp_name = format!(".{}.certkit-{}.partial", file_name.to_string_lossy(), std::process::id());
        let temp = target.with_file_name(temp_name);
        let file = OpenOptions::new().write(true).create_new(true).open(&temp).map_err(|e| {
            format!("{}: could not be written ({e}); check that its folder exists and may be written", target.display())
        })?;
        Ok((TempOutput { temp, target: target.to_path_buf(), committed: false }, file))
    }

    /// Renames the temporary file (written and closed) to the target.
    fn commit(mut self) -> Result<(), String> {
        fs::rename(&self.temp, &self.target)
            .map_err(|e| format!("{}: could not be written ({e}); nothing was left behind", self.target.display()))?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for TempOutput {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(&self.temp);
        }
    }
}
