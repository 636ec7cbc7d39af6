//! Law files (TOML) and the preset laws built into the binary.

use std::collections::HashSet;

use mandat_core::exact::Decimal;
use mandat_core::law::{Law, Level};
use mandat_core::method::Method;

use crate::error::{line_col, InputError};

/// Reads a law from the text of a TOML file; `path` names the file in errors.
///
/// An unknown key, a wrong type or an impossible value is rejected with the line, the
/// key and what was expected:
///
/// ```
/// let err = mandat_io::parse_law("id = \"x\"\nname = \"x\"\ncitation = \"x\"\n[allocation]\nmethd = \"dhondt\"\n", "my.toml").unwrap_err();
/// assert_eq!(err.line, Some(5));
/// assert!(err.message.contains("unknown field `methd`"), "{err}");
/// ```
pub fn parse_law(text: &str, path: &str) -> Result<Law, InputError> {
    let law: Law = toml::from_str(text).map_err(|e| crate::error::toml_error(e, path, text))?;
    check(&law).map_err(|(key, msg)| {
        let mut err = InputError::new(path, msg).field(key.clone());
        if let Some(l) = find_key_line(text, &key) {
            err = err.line(l).with_source(text);
        }
        err
    })?;
    Ok(law)
}

/// Rules that involve several keys at once.
/// The sections of a list tier and what builds on it, with whether the law has each:
/// none may stand beside constituencies counted from ranked ballots or the additional
/// seats after them.
fn list_tier_sections(law: &Law) -> [(bool, &'static str); 8] {
    [
        (law.allocation.is_some(), "[allocation]"),
        (law.compensation.is_some(), "[compensation]"),
        (law.threshold.is_some(), "[threshold]"),
        (law.biproportional.is_some(), "[biproportional]"),
        (law.single_member.is_some(), "[single_member]"),
        (law.apportionment.is_some(), "[apportionment]"),
        (law.bonus.is_some(), "[bonus]"),
        (law.preferential.is_some(), "[preferential]"),
    ]
}

fn check(law: &Law) -> Result<(), (String, String)> {
    let mut seen = HashSet::new();
    let by_votes = law.apportionment.as_ref().is_some_and(|a| a.by == mandat_core::law::ApportionBy::ValidVotes);
    for c in &law.constituencies {
        if !seen.insert(c.name.as_str()) {
            return Err(("constituencies".into(), format!("constituency {:?} is listed twice", c.name)));
        }
        if !c.single_member && c.seats.0 == 0 && c.population.is_none() && !by_votes {
            return Err(("constituencies".into(), format!("constituency {:?} needs `seats` (or `population` with an [apportionment], or an [apportionment] by = \"valid-votes\")", c.name)));
        }
        if by_votes && (c.seats.0 != 0 || c.population.is_some()) {
            return Err(("constituencies".into(), format!("constituency {:?}: the [apportionment] shares the seats by the valid votes of each election: give its name only", c.name)));
        }
    }
    if let (Some(s), false, None) = (law.seats, law.constituencies.is_empty(), &law.apportionment) {
        // `seats` counts the list tier; single-member districts come on top.
        let sum: u64 = law.constituencies.iter().filter(|c| !c.single_member).map(|c| c.seats.0 as u64).sum();
        // Compensatory seats placed party by party belong to no constituency beforehand
        // (Sweden's 39 adjustment seats): they come on top of the constituencies' seats.
        let pool = law
            .compensation
            .as_ref()
            .filter(|c| c.placement.as_ref().is_some_and(|p| p.rule == mandat_core::compensation::PlacementRule::PartyHighestAverages))
            .map(|c| c.total_seats as u64);
        if let Some(total) = pool {
            if total != s.0 as u64 || sum > total {
                return Err((
                    "seats".into(),
                    format!("`seats` is {} but the compensation tier shares {total} seats, of which the constituencies hold {sum}: they must agree", s.0),
                ));
            }
        } else if sum != s.0 as u64 {
            return Err((
                "seats".into(),
                format!("`seats` is {} but the constituencies' seats add up to {sum}", s.0),
            ));
        }
    }
    if law.allocation.as_ref().is_some_and(|a| a.continue_from.is_some()) && law.compensation.is_some() {
        // The additional members are the tier that compensates, region by region.
        return Err((
            "allocation.continue_from".into(),
            "a list tier that continues from the single-member seats is itself the compensating tier: it excludes a [compensation] section".into(),
        ));
    }
    if let Some((c, step)) = law.compensation.as_ref().and_then(|c| c.placement.as_ref().and_then(|p| p.regions.as_ref()).map(|r| (c, r))) {
        // The regions' compensatory seats and the constituencies' list seats make the tier.
        let regions: u64 = step.regions.iter().map(|g| g.seats.0 as u64).sum();
        let list: u64 = law.constituencies.iter().map(|k| k.seats.0 as u64).sum();
        if !law.constituencies.is_empty() && regions + list != c.total_seats as u64 {
            return Err((
                "compensation.placement.regions".into(),
                format!("the regions hold {regions} compensatory seats and the constituencies {list} seats, but the tier shares {}: they must add up", c.total_seats),
            ));
        }
        for g in &step.regions {
            if let Some(name) = g.constituencies.iter().find(|n| !law.constituencies.is_empty() && !law.constituencies.iter().any(|k| &k.name == *n)) {
                return Err(("compensation.placement.regions".into(), format!("region {:?} names {name:?}, which is not one of the law's [[constituencies]]", g.name)));
            }
        }
    }
    if law.additional_seats.is_some() {
        // Seats added to the divisions' members (Malta art. 52): the divisions are counted
        // from ranked ballots or given with the results, never by a list tier.
        if let Some((_, name)) = list_tier_sections(law).iter().find(|(on, _)| *on) {
            return Err(("additional_seats".into(), format!("additional seats follow the divisions' members, counted from ranked ballots ([ranked]) or given with the results (`electorate_seats`): remove {name}")));
        }
        if law.ranked.is_none() {
            return Ok(());
        }
    }
    if let Some(r) = &law.ranked {
        // Ranked constituencies elect candidates: no list tier, threshold or
        // apportionment beside them.
        let candidates = [
            (law.candidates.is_some(), "[candidates]"),
            (!law.list_rules.is_empty(), "[[list_rules]]"),
            (!law.quotas.is_empty(), "[[quotas]]"),
        ];
        let others: Vec<(bool, &str)> = list_tier_sections(law).into_iter().chain(candidates).collect();
        if let Some((_, name)) = others.iter().find(|(on, _)| *on) {
            return Err(("ranked".into(), format!("a law counting ranked ballots elects candidates in each constituency: remove {name}")));
        }
        if r.quota.is_some() && r.rule.0 != "stv-sampled" {
            return Err(("ranked.quota".into(), format!("rule {:?} defines its own quota; `quota` chooses the quota of stv-sampled", r.rule.0)));
        }
        return Ok(());
    }
    if law.biproportional.is_some() {
        if law.allocation.is_some() || law.compensation.is_some() || law.threshold.is_some() || law.apportionment.is_some() {
            return Err(("biproportional".into(), "a biproportional law has its own quorum and methods: remove [allocation], [compensation], [threshold] and [apportionment]".into()));
        }
    } else if law.allocation.is_none() && law.compensation.is_none() && law.single_member.is_none() {
        return Err((
            "allocation".into(),
            "the law needs a list tier `[allocation]`, a `[compensation]` tier, `[biproportional]`, `[single_member]` districts, `[ranked]` ballots or `[additional_seats]`".into(),
        ));
    }
    if law.single_member.is_none() {
        if let Some(c) = law.constituencies.iter().find(|c| c.single_member) {
            return Err(("constituencies".into(), format!("{:?} is a single-member district but the law has no [single_member] section", c.name)));
        }
    }
    if let Some(tr) = law.single_member.as_ref().and_then(|s| s.two_round.as_ref()) {
        tr.check()?;
    }
    if law.single_member.as_ref().is_some_and(|s| s.combine == mandat_core::single_member::Combine::Electorates)
        && !law.compensation.as_ref().is_some_and(|c| c.lower_tier == mandat_core::compensation::LowerTier::Electorates)
    {
        return Err(("single_member".into(), "`combine = \"electorates\"` needs a [compensation] tier with `lower_tier = \"electorates\"`".into()));
    }
    if law.apportionment.is_some() {
        if law.seats.is_none() {
            return Err(("apportionment".into(), "apportioning seats among the constituencies needs the total `seats`".into()));
        }
        if law.constituencies.is_empty() {
            return Err(("apportionment".into(), "an [apportionment] shares seats among the law's [[constituencies]]: list them".into()));
        }
        if !by_votes && law.constituencies.iter().any(|c| c.population.is_none()) {
            return Err(("apportionment".into(), "every constituency needs a `population` when seats are apportioned".into()));
        }
    } else if let Some(c) = law.constituencies.iter().find(|c| c.population.is_some()) {
        return Err(("constituencies".into(), format!("constituency {:?} has a population but the law has no [apportionment]", c.name)));
    }
    if let Some(c) = law.compensation.as_ref().filter(|c| c.level_up.as_ref().is_some_and(|l| l.minimum == mandat_core::level_up::Minimum::Regional)) {
        if law.constituencies.is_empty() {
            return Err(("compensation.level_up".into(), "`minimum = \"regional\"` shares each region's seats first: list the regions in [[constituencies]], with their seats or a population and an [apportionment]".into()));
        }
        if law.seats.is_some_and(|s| s.0 != c.total_seats) {
            return Err(("compensation.total_seats".into(), format!("`seats` is {} but the compensation tier shares {}: with `minimum = \"regional\"` the regions' seats are the tier's, they must agree", law.seats.map_or(0, |s| s.0), c.total_seats)));
        }
    }
    let national = law.allocation.as_ref().is_some_and(|a| a.level == Level::National);
    if law.preferential.is_some() && !national {
        return Err(("preferential".into(), "preferential seats are won on a national list tier: [allocation] level = \"national\"".into()));
    }
    if law.single_member.as_ref().is_some_and(|s| s.transfer != mandat_core::single_member::Transfer::None) && !national {
        return Err(("single_member.transfer".into(), "district votes are passed on to a national list tier: [allocation] level = \"national\"".into()));
    }
    if law.single_member.as_ref().is_some_and(|s| s.transfer != mandat_core::single_member::Transfer::None && s.two_round.is_some()) {
        return Err(("single_member.transfer".into(), "passing district votes on to the list tier is not supported with two-round districts".into()));
    }
    if law.bonus.is_some() && !law.allocation.as_ref().is_some_and(|a| a.level == Level::National) {
        return Err(("bonus".into(), "a majority bonus is given on top of a national list tier: [allocation] level = \"national\"".into()));
    }
    if law.allocation.as_ref().is_some_and(|a| a.level == Level::National) {
        if let Some(t) = &law.threshold {
            if t.any_of.iter().any(|c| c.level() == Level::Constituency) {
                return Err((
                    "threshold".into(),
                    "a constituency-level threshold needs `allocation.level = \"constituency\"`".into(),
                ));
            }
            if t.admit_until.is_some_and(|a| a.level == Level::Constituency) {
                return Err((
                    "threshold.admit_until".into(),
                    "lists admitted in a constituency need `allocation.level = \"constituency\"`; with a national allocation write `level = \"national\"`".into(),
                ));
            }
        }
    }
    mandat_core::candidates::law::check(law)?;
    if law.id.trim().is_empty() {
        return Err(("id".into(), "the law needs a non-empty `id`".into()));
    }
    Ok(())
}

/// The dotted key of the TOML line holding `offset`, for error messages.
pub(crate) fn key_at(text: &str, offset: usize) -> Option<String> {
    let (line, _) = line_col(text, offset);
    let mut table = String::new();
    let mut key = None;
    for (i, l) in text.lines().enumerate() {
        let t = l.trim();
        if t.starts_with('[') {
            table = t.trim_matches(|c| c == '[' || c == ']').trim().to_string();
        }
        if i + 1 == line {
            if let Some((k, _)) = t.split_once('=') {
                key = Some(k.trim().to_string());
            }
            break;
        }
    }
    match (table.is_empty(), key) {
        (_, None) if !table.is_empty() => Some(table),
        (true, k) => k,
        (false, Some(k)) => Some(format!("{table}.{k}")),
        _ => None,
    }
}

/// The line of the table or key named `key` (first segment), for cross-key errors.
pub(crate) fn find_key_line(text: &str, key: &str) -> Option<usize> {
    let head = key.split('.').next().unwrap_or(key);
    text.lines().position(|l| {
        let t = l.trim();
        t.trim_start_matches('[').trim_end_matches(']').trim() == head
            || t.split_once('=').is_some_and(|(k, _)| k.trim() == head)
    })
    .map(|i| i + 1)
}

/// A preset law: its id and the text of its file under laws/.
pub struct Preset {
    pub id: &'static str,
    pub text: &'static str,
}

/// A real election of tests/cases, built in: its id, the preset law that counts it, its
/// date, its path in the repository, its text, and the results to show as the preset's
/// example (the case itself, or the official file it names in `results`).
pub struct CaseFile {
    pub id: &'static str,
    pub law: &'static str,
    pub date: &'static str,
    pub path: &'static str,
    pub text: &'static str,
    pub example: &'static str,
}

// PRESETS and CASE_FILES, generated by build.rs from laws/ and tests/cases/.
include!(concat!(env!("OUT_DIR"), "/presets.rs"));

/// The real elections a preset law reproduces, oldest first.
pub fn cases_of(law: &str) -> Vec<&'static CaseFile> {
    let mut v: Vec<&CaseFile> = CASE_FILES.iter().filter(|c| c.law == law).collect();
    v.sort_by_key(|c| (c.date, c.id));
    v
}

/// The results to show for a preset: those of its most recent real election.
pub fn example_for(law: &str) -> Option<&'static str> {
    cases_of(law).last().map(|c| c.example)
}

/// Looks up a preset by id and parses it.
pub fn preset(id: &str) -> Option<Result<Law, InputError>> {
    PRESETS.iter().find(|p| p.id == id).map(|p| parse_law(p.text, &format!("laws/{}.toml", p.id)))
}

/// Every preset, parsed (a preset that does not parse is a bug: tests check them all).
pub fn presets() -> Vec<Law> {
    PRESETS.iter().filter_map(|p| parse_law(p.text, p.id).ok()).collect()
}

/// Reads a law given by preset id or by path to a TOML file.
pub fn load_law(name_or_path: &str) -> Result<Law, InputError> {
    let ids: Vec<&str> = PRESETS.iter().map(|p| p.id).collect();
    crate::load_preset_or_file(name_or_path, "law", &ids, preset, parse_law)
}

/// The one-method law of `mandat apportion` and `mandat.apportion`: one national contest of
/// `seats` seats shared by `method`, perhaps a threshold (a share of the votes given, e.g.
/// `"5%"`), and the tie chain. Every setting goes through [`Law::set`], so it is read as the
/// `--set` of any other command reads it. An error names the setting (`method`, `seats`,
/// `threshold`, `first_divisor`, `ties`) in [`InputError::path`].
///
/// ```
/// let law = mandat_io::apportion_law("sainte-lague", 10, Some("5%"), None, "more-votes,lot", "example").unwrap();
/// assert_eq!(law.name, "sainte-lague, 10 seats");
/// // Modified Sainte-Laguë needs its first divisor: none is assumed.
/// let e = mandat_io::apportion_law("modified-sainte-lague", 10, None, None, "more-votes", "example").unwrap_err();
/// assert_eq!(e.path, "method");
/// ```
pub fn apportion_law(method: &str, seats: u32, threshold: Option<&str>, first_divisor: Option<&str>, ties: &str, citation: &str) -> Result<Law, InputError> {
    let mut law = Law { id: "apportion".into(), citation: citation.into(), ..Law::example() };
    law.set("seats", &seats.to_string()).map_err(|e| InputError::new("seats", e))?;
    let fd = first_divisor.map(|fd| fd.parse::<Decimal>().map_err(|e| InputError::new("first_divisor", e.to_string()))).transpose()?;
    let method = Method::from_name(method, fd).map_err(|e| InputError::new("method", e.to_string()))?;
    if let Some(t) = threshold {
        law.set("threshold", t).map_err(|e| InputError::new("threshold", e))?;
    }
    law.set("ties", ties).map_err(|e| InputError::new("ties", e))?;
    law.name = format!("{method}, {seats} seats");
    if let Some(a) = law.allocation.as_mut() {
        a.method = method;
    }
    Ok(law)
}
