//! `mandat committees` and `mandat coalitions`: after the count, the seated assembly's
//! committees and posts, coalitions and voting power. Argument handling only; the
//! work is in `mandat_core::parliament`, reading and rendering in `mandat_io::parliament`.

use mandat_core::parliament::coalitions::Majority;
use mandat_core::parliament::committees::{share_out, Preferences};
use mandat_io::parliament as io;
use mandat_io::InputError;

use crate::{emit, pretty, Failure, OutputFormat};

/// Committee seats and posts of `assembly` under `rules`.
#[allow(clippy::too_many_arguments)]
pub fn committees(
    rules: &str,
    assembly: &str,
    preferences: Option<&str>,
    government: Option<&str>,
    seed: u64,
    format: OutputFormat,
    output: Option<&str>,
) -> Result<(), Failure> {
    let rules_path = rules;
    let rules = io::load_rules(rules)?;
    let text = mandat_io::read_text(assembly)?;
    let mut a = io::parse_assembly(&text, assembly)?;
    if let Some(g) = government {
        set_government(&mut a, g)?;
    }
    let prefs = match preferences {
        Some(p) => {
            let t = mandat_io::read_text(p)?;
            io::parse_preferences(&t, p, &a, &rules)?
        }
        None => Preferences::none(a.groups.len()),
    };
    let sharing = share_out(&rules, &a, &prefs, seed).map_err(|e| {
        let source = match e {
            mandat_core::parliament::committees::ShareError::CommitteeTooLarge { .. } => rules_path,
            _ => assembly,
        };
        InputError::new(source, e.to_string())
    })?;
    let body = match format {
        OutputFormat::Json => pretty(&io::committees_json(&rules, &a, &sharing)),
        OutputFormat::Table => io::committees_text(&rules, &a, &sharing),
        OutputFormat::Svg => return Err(InputError::new("--format", "svg is available for run, compare and project").into()),
    };
    emit(output, &body)
}

/// Minimal (connected) winning coalitions and power indices of `assembly`.
pub fn coalitions(
    assembly: &str,
    majority: &str,
    order: Option<&str>,
    limit: usize,
    government: Option<&str>,
    format: OutputFormat,
    output: Option<&str>,
) -> Result<(), Failure> {
    let majority = Majority::parse(majority).map_err(|m| InputError::new("--majority", m))?;
    let text = mandat_io::read_text(assembly)?;
    let mut a = io::parse_assembly(&text, assembly)?;
    if let Some(g) = government {
        set_government(&mut a, g)?;
    }
    let order = order.map(|o| io::parse_order(&a, o, "--order")).transpose()?;
    let report = io::coalitions(&a, majority, order, limit, assembly)?;
    let body = match format {
        OutputFormat::Json => pretty(&io::coalitions_json(&a, &report)),
        OutputFormat::Table => io::coalitions_text(&a, &report),
        OutputFormat::Svg => return Err(InputError::new("--format", "svg is available for run, compare and project").into()),
    };
    emit(output, &body)
}

/// `--government A,B`: those groups are the majority, every other one the opposition.
fn set_government(a: &mut mandat_core::parliament::Assembly, groups: &str) -> Result<(), InputError> {
    let list: Vec<String> = groups.split(',').map(str::to_string).filter(|s| !s.trim().is_empty()).collect();
    if list.is_empty() {
        return Err(InputError::new("--government", "names no group"));
    }
    io::set_government(a, &list, "--government")
}
