//! # mandat-io
//!
//! Everything mandat reads and writes, kept out of the counting core: law files
//! (TOML, with errors that name the line and key), results (JSON in the shape of the
//! real-election cases, CSV), the preset laws built into the binary, and the reports
//! of a count (seat table, JSON, step-by-step explanation).
//!
//! Data flows one way: [`parse_results`] / [`parse_law`] → `mandat_core::count::count`
//! → [`report`]. Every reader checks its input completely and returns an
//! [`InputError`] naming the file, line and field; none of them panics.

pub mod bundeswahlleiter_xml;
pub mod candidates;
pub mod case;
mod error;
mod files;
mod law_file;
pub mod parliament;
pub mod json_out;
pub mod poll;
pub mod ranked;
pub mod report;
pub mod report_analysis;
mod report_regional;
pub mod report_biproportional;
mod results;
pub mod svg;
mod xml_scan;

pub use candidates::{parse_ballots, parse_choice, parse_designation, parse_designation_for, parse_lists};
pub use error::InputError;
pub use files::{
    check_ballots_size, max_input, parse_size, read_ballots_text, read_bounded, read_text, set_max_input, write_atomic, InputKind, DEFAULT_MAX_BALLOTS,
    DEFAULT_MAX_DOCUMENT,
};
pub use law_file::{apportion_law, cases_of, example_for, load_law, parse_law, preset, presets, CaseFile, Preset, CASE_FILES, PRESETS};
pub use results::{parse_colours, parse_results, parse_results_sent, parse_votes, sniff, Format};

/// The widest a table column is padded to. A longer name is printed whole and pushes
/// its row out; padding to its own length would make every row as wide (and Rust's
/// formatter refuses a width past 65,535: a 70,000-character party name panicked).
pub const MAX_COLUMN_WIDTH: usize = 120;

/// Loads a preset by id, or a TOML file by path: the one rule for laws and rules alike. A
/// name with no `.toml` and no path separator is a preset id unless such a file exists.
pub(crate) fn load_preset_or_file<T>(
    name_or_path: &str,
    kind: &str,
    ids: &[&str],
    preset: impl Fn(&str) -> Option<Result<T, InputError>>,
    parse: impl Fn(&str, &str) -> Result<T, InputError>,
) -> Result<T, InputError> {
    let looks_like_path = name_or_path.ends_with(".toml") || name_or_path.contains('/') || name_or_path.contains('\\');
    if !looks_like_path {
        if let Some(found) = preset(name_or_path) {
            return found;
        }
        if !std::path::Path::new(name_or_path).exists() {
            return Err(InputError::new(
                name_or_path,
                format!("no preset {kind} by this name and no such file; presets: {}", ids.join(", ")),
            ));
        }
    }
    let text = read_text(name_or_path)?;
    parse(&text, name_or_path)
}
