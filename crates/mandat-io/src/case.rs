//! Real-election cases (tests/cases, format in its README): the votes, the law that
//! counted them, and every figure officially published (`expected_*` fields).

use mandat_core::count::Outcome;
use mandat_core::election::Election;
use serde_json::{Map, Value};

use crate::error::InputError;
use crate::results::parse_results;

/// A case: an election with its official result.
#[derive(Clone, Debug)]
pub struct Case {
    pub id: String,
    pub law: String,
    pub election: Election,
    /// Every official figure to reproduce, in file order.
    pub expected: Vec<Expected>,
}

/// One `expected_*` field of a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected {
    /// A constituency's name, or `national` for the case's top-level `national` block.
    pub scope: String,
    /// The field without its `expected_` prefix: `seats`, `district_seats`, ...
    pub field: String,
    pub value: ExpectedValue,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExpectedValue {
    PerParty(Vec<(String, u32)>),
    Number(u32),
}

/// When a results file is a case of another law (its top-level `"law"` names a preset
/// other than `law`), the warning to give: counting it is allowed (that is what a what-if
/// does), but the user should know the file was made for another law.
///
/// ```
/// let law = mandat_core::law::Law::example();
/// assert!(mandat_io::case::other_law(r#"{"law": "kz-mazhilis-2021", "constituencies": []}"#, &law).is_some());
/// assert!(mandat_io::case::other_law("constituency,party,votes", &law).is_none());
/// ```
pub fn other_law(text: &str, law: &mandat_core::law::Law) -> Option<String> {
    if !text.trim_start().starts_with('{') {
        return None;
    }
    #[derive(serde::Deserialize)]
    struct Named {
        law: Option<String>,
    }
    let named: Named = serde_json::from_str(text).ok()?;
    named.law.filter(|l| *l != law.id).map(|l| format!("this file is a case of law {l:?}; it is counted here under {:?}", law.id))
}

/// Reads a case file.
pub fn parse_case(text: &str, path: &str) -> Result<Case, InputError> {
    let raw: Value = serde_json::from_str(text)
        .map_err(|e| InputError::new(path, e.to_string()).line(e.line()).column(e.column()))?;
    let str_field = |k: &str| {
        raw.get(k).and_then(Value::as_str).map(str::to_string).ok_or_else(|| InputError::new(path, format!("a case needs a string `{k}`")).field(k))
    };
    let (id, law) = (str_field("id")?, str_field("law")?);
    let election = parse_results(text, if path.ends_with(".json") { path } else { "case.json" }).map_err(|mut e| {
        e.path = path.to_string();
        e
    })?;
    // A case may name the official results file its figures come from (`results`, a
    // path relative to the case), or that file may stand in a folder named after the
    // case's law beside the cases folder (`<cases>/../<law>/` or `<cases>/../data/<law>/`,
    // one results file in it): the count then uses that file, after checking that it
    // agrees with every vote the case itself lists.
    let election = match raw.get("results") {
        Some(r) => {
            let rel = r.as_str().ok_or_else(|| InputError::new(path, "`results` must be the path of a results file, relative to the case").field("results"))?;
            let file = std::path::Path::new(path).parent().unwrap_or(std::path::Path::new(".")).join(rel);
            results_file(&file.to_string_lossy(), path, &election)?
        }
        None => match official_file(path, &law) {
            Some(file) => results_file(&file, path, &election)?,
            None => election,
        },
    };
    let mut expected = Vec::new();
    for c in raw.get("constituencies").and_then(Value::as_array).into_iter().flatten() {
        let name = c.get("name").and_then(Value::as_str).unwrap_or_default();
        // A constituency of the case that the results file does not have stands for the
        // whole election (a case of federal totals checked against the full file).
        let name = if election.constituencies.iter().any(|k| k.name == name) { name } else { "national" };
        if let Some(obj) = c.as_object() {
            collect(obj, name, path, &mut expected)?;
        }
    }
    if let Some(obj) = raw.get("national").and_then(Value::as_object) {
        collect(obj, "national", path, &mut expected)?;
    }
    // Top-level figures of the whole election (e.g. `expected_upper_apportionment`).
    if let Some(obj) = raw.as_object() {
        collect(obj, "national", path, &mut expected)?;
    }
    // A case that states no official figure would pass whatever the count gave.
    if expected.is_empty() {
        return Err(InputError::new(path, "the case states no official figure to compare (`expected_seats` or another `expected_*` field)").field("constituencies"));
    }
    // A party the results do not have would be compared as a party with no seat: a
    // misspelt name would then check nothing. (`elected` names candidates.)
    for e in expected.iter().filter(|e| e.field != "elected") {
        if let ExpectedValue::PerParty(seats) = &e.value {
            if let Some((party, _)) = seats.iter().find(|(p, _)| !election.parties.contains(p)) {
                return Err(InputError::new(path, format!("expected_{} of {:?} names {party:?}, which is not a party of the results", e.field, e.scope)).field(format!("expected_{}", e.field)));
            }
        }
    }
    Ok(Case { id, law, election, expected })
}

/// The official figures a case can state: one number, or one per party (per candidate
/// for `elected`). A figure of another name would be compared with nothing.
const NUMBER_FIGURES: [&str; 3] = ["house_size", "round", "preferential_quota"];
const PARTY_FIGURES: [&str; 12] = [
    "seats",
    "district_seats",
    "list_seats",
    "leveling_seats",
    "party_vote_entitlement",
    "overhang",
    "additional_seats",
    "bonus_seats",
    "constituency_seats_inside_totals",
    "upper_apportionment",
    "transferred",
    "elected",
];

fn collect(obj: &Map<String, Value>, scope: &str, path: &str, out: &mut Vec<Expected>) -> Result<(), InputError> {
    for (k, v) in obj {
        let Some(field) = k.strip_prefix("expected_") else { continue };
        let bad = || InputError::new(path, format!("{k} of {scope:?} must hold whole numbers")).field(k.clone());
        let shape = |what: &str| InputError::new(path, format!("{k} of {scope:?} must be {what}")).field(k.clone());
        let value = match v {
            Value::Number(n) if NUMBER_FIGURES.contains(&field) => ExpectedValue::Number(n.as_u64().ok_or_else(bad)? as u32),
            Value::Object(m) if PARTY_FIGURES.contains(&field) => ExpectedValue::PerParty(
                m.iter().map(|(p, n)| Ok((p.clone(), n.as_u64().ok_or_else(bad)? as u32))).collect::<Result<_, InputError>>()?,
            ),
            _ if NUMBER_FIGURES.contains(&field) => return Err(shape("a whole number")),
            _ if PARTY_FIGURES.contains(&field) => return Err(shape("an object of whole numbers per party")),
            _ => {
                let known: Vec<String> = NUMBER_FIGURES.iter().chain(&PARTY_FIGURES).map(|f| format!("expected_{f}")).collect();
                return Err(InputError::new(path, format!("unknown official figure `{k}`; expected one of {}", known.join(", "))).field(k.clone()));
            }
        };
        out.push(Expected { scope: scope.to_string(), field: field.to_string(), value });
    }
    Ok(())
}

/// One difference between a count and the official result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    pub scope: String,
    pub field: String,
    pub party: Option<String>,
    pub got: Option<u32>,
    pub expected: u32,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = self.field.replace('_', " ");
        match (&self.party, self.got) {
            (Some(p), Some(g)) => write!(f, "{p} in {} got {g} {what}, expected {}", self.scope, self.expected),
            (None, Some(g)) => write!(f, "{what} of {} is {g}, expected {}", self.scope, self.expected),
            (_, None) => write!(f, "{what} of {} cannot be computed by this law (expected {})", self.scope, self.expected),
        }
    }
}

/// Reads a case file, counts it under its preset law and compares every official figure:
/// `mandat check` for one file (and `mandat.check` in Python). Returns the case's id and
/// the mismatches (none: the preset reproduces the election).
pub fn check_file(path: &str) -> Result<(String, Vec<Mismatch>), InputError> {
    let text = crate::read_text(path)?;
    let case = parse_case(&text, path)?;
    let law = match crate::preset(&case.law) {
        Some(l) => l?,
        None => return Err(InputError::new(path, format!("law {:?} is not a preset of this version of mandat", case.law))),
    };
    let outcome = mandat_core::count::count(&law, &case.election, 0).map_err(|e| InputError::new(path, e.to_string()))?;
    Ok((case.id.clone(), compare(&case, &outcome)))
}

/// Compares a count with every official figure of the case. A figure the count does not
/// produce is a mismatch too: nothing passes unchecked.
pub fn compare(case: &Case, outcome: &Outcome) -> Vec<Mismatch> {
    let mut out = Vec::new();
    for e in &case.expected {
        match &e.value {
            ExpectedValue::Number(want) => {
                let got = match e.field.as_str() {
                    "house_size" => Some(outcome.house_size()),
                    // The round that decided a two-round district (0: nobody elected).
                    "round" => outcome.single_member.iter().find(|d| d.name == e.scope).and_then(|d| d.two_round.as_ref()).map(|r| r.decided_in as u32),
                    // The votes a minority list needs for its preferential seat (Hungary §16).
                    "preferential_quota" => outcome.contests.iter().find(|c| c.name == e.scope).and_then(|c| c.preferential.as_ref()).map(|p| p.bar as u32),
                    _ => None,
                };
                if got != Some(*want) {
                    out.push(Mismatch { scope: e.scope.clone(), field: e.field.clone(), party: None, got, expected: *want });
                }
            }
            ExpectedValue::PerParty(seats) => {
                for (party, want) in seats.iter().map(|(p, w)| (p, *w)) {
                    let got = observed(case, outcome, &e.scope, &e.field, party);
                    if got != Some(want) {
                        out.push(Mismatch { scope: e.scope.clone(), field: e.field.clone(), party: Some(party.clone()), got, expected: want });
                    }
                }
                // A party the case leaves out won nothing officially: seats the count
                // gives it are a mismatch too (a case that omits a winner must not pass).
                // For `elected`, the names are candidates: every elected candidate of the
                // constituency must be named.
                let names: Vec<String> = if e.field == "elected" {
                    outcome.ranked.iter().filter(|r| r.name == e.scope).flat_map(|r| r.elected()).map(String::from).collect()
                } else {
                    outcome.parties.clone()
                };
                for party in names.iter().filter(|p| !seats.iter().any(|(q, _)| q == *p)) {
                    if let Some(got) = observed(case, outcome, &e.scope, &e.field, party).filter(|&g| g > 0) {
                        out.push(Mismatch { scope: e.scope.clone(), field: e.field.clone(), party: Some(party.clone()), got: Some(got), expected: 0 });
                    }
                }
            }
        }
    }
    out
}

/// The count's figure for one party, as a case names it.
fn observed(case: &Case, outcome: &Outcome, scope: &str, field: &str, party: &str) -> Option<u32> {
    let p = outcome.parties.iter().position(|x| x == party);
    let contest = outcome.contests.iter().find(|c| c.name == scope);
    let in_contest = |f: &dyn Fn(usize) -> u32| -> Option<u32> {
        let c = contest?;
        Some(p.and_then(|p| c.parties.iter().position(|&q| q == p)).map_or(0, f))
    };
    let comp = outcome.compensation.as_ref();
    let whole = scope == "national" || (contest.is_none() && case.election.constituencies.len() == 1);
    if let Some(r) = outcome.ranked.iter().find(|r| r.name == scope) {
        // A constituency counted from ranked ballots: its party seats, or whether a
        // candidate (`party` is then the candidate's name) was elected.
        return match field {
            "seats" => Some(p.map_or(0, |p| r.tabulation.elected.iter().filter(|&&c| r.parties[c as usize] == p).count() as u32)),
            "elected" => Some(u32::from(r.elected().contains(&party))),
            _ => None,
        };
    }
    if let Some(d) = outcome.single_member.iter().find(|d| d.name == scope) {
        // A single-member district: its winner's seat.
        return (field == "seats").then(|| u32::from(p.is_some() && d.winner == p));
    }
    match field {
        "seats" if !whole && contest.is_none() => {
            // A region of a lower apportionment (a party's seats shared among its lists).
            let reg = outcome.regional.as_ref()?;
            let r = reg.regions.iter().position(|x| x == scope)?;
            Some(p.map_or(0, |p| reg.seats_in(r, p)))
        }
        // A region of the additional member system: its members are the single-member
        // seats won there and the additional (list) seats.
        "seats" if !whole => in_contest(&|k| contest.map_or(0, |c| c.result[k] + c.leveling[k] + c.continued_from.get(k).copied().unwrap_or(0))),
        "list_seats" if !whole && contest.is_some_and(|c| !c.continued_from.is_empty()) => in_contest(&|k| contest.map_or(0, |c| c.result[k])),
        "seats" => Some(p.map_or(0, |p| outcome.total[p])),
        "district_seats" => in_contest(&|k| contest.map_or(0, |c| c.result[k])),
        // Votes passed on from the districts that count in the allocation: those of the
        // lists over the threshold (Hungary's NVI publishes fragment votes for them only;
        // the others' take no part).
        "transferred" => in_contest(&|k| {
            contest.map_or(0, |c| {
                let takes_part = c.threshold.as_ref().is_none_or(|t| t.passed[k]);
                if takes_part { c.transferred.get(k).copied().unwrap_or(0) as u32 } else { 0 }
            })
        }),
        "leveling_seats" if !whole => in_contest(&|k| contest.map_or(0, |c| c.leveling[k])),
        "leveling_seats" | "list_seats" => comp.map(|r| p.map_or(0, |p| r.compensatory[p])),
        "party_vote_entitlement" => comp.map(|r| p.map_or(0, |p| r.entitlement[p])),
        "overhang" => comp.map(|r| p.map_or(0, |p| r.overhang[p])),
        "additional_seats" => outcome.additional.as_ref().map(|a| p.map_or(0, |p| a.added[p])),
        "bonus_seats" => outcome.bonus.as_ref().map(|b| p.filter(|&p| p == b.party).map_or(0, |_| b.seats)),
        "constituency_seats_inside_totals" => outcome.regional.as_ref().map(|r| p.map_or(0, |p| r.constituency_seats(p))),
        "upper_apportionment" => outcome.biproportional.as_ref().map(|b| p.and_then(|p| b.upper.lists.iter().position(|&q| q == p)).map_or(0, |k| b.upper.seats[k])),
        _ => None,
    }
}

/// The single official results file in a folder named after `law` beside the case's
/// folder (`../<law>/` or `../data/<law>/`), if there is one.
fn official_file(path: &str, law: &str) -> Option<String> {
    let cases = std::path::Path::new(path).parent()?;
    let parent = cases.parent().unwrap_or(std::path::Path::new(".."));
    let parent = if parent.as_os_str().is_empty() { std::path::Path::new("..") } else { parent };
    [parent.join(law), parent.join("data").join(law)].into_iter().find_map(|dir| {
        let files: Vec<_> = std::fs::read_dir(&dir)
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|f| f.extension().is_some_and(|x| x == "xml" || x == "json" || x == "csv"))
            .collect();
        (files.len() == 1).then(|| files[0].to_string_lossy().into_owned())
    })
}

/// The election of a case's official results file, checked against the case's own
/// votes: each party's votes over the case's constituencies, and their valid votes, must
/// equal the file's national figures.
fn results_file(file: &str, path: &str, own: &Election) -> Result<Election, InputError> {
    let file = file.to_string();
    let text = crate::read_text(&file)?;
    let election = parse_results(&text, &file)?;
    let theirs = election.national_votes();
    let mine = own.national_votes();
    for (p, name) in own.parties.iter().enumerate() {
        let got = election.parties.iter().position(|q| q == name).map_or(0, |q| theirs[q]);
        if got != mine[p] {
            return Err(InputError::new(path, format!("{name} has {} votes in the case but {got} in its results file {file}", mine[p])).field("results"));
        }
    }
    let (a, b): (u64, u64) = (own.constituencies.iter().map(|c| c.valid_votes()).sum(), election.constituencies.iter().map(|c| c.valid_votes()).sum());
    if own.constituencies.iter().all(|c| c.total_valid_votes.is_some()) && a != b {
        return Err(InputError::new(path, format!("the case gives {a} valid votes but its results file {file} {b}")).field("results"));
    }
    Ok(election)
}
