//! Real-election cases (tests/cases, format in its README): the votes, the law that
//! counted them, and the seats officially allocated.

use mandat_core::count::Outcome;
use mandat_core::election::Election;
use serde::Deserialize;
use std::collections::BTreeMap;

use crate::error::InputError;
use crate::results::parse_results;

/// A case: an election with its official result.
#[derive(Clone, Debug)]
pub struct Case {
    pub id: String,
    pub law: String,
    pub election: Election,
    /// Official seats per constituency (name → party → seats), in file order.
    pub expected: Vec<(String, Vec<(String, u32)>)>,
}

#[derive(Deserialize)]
struct RawCase {
    id: String,
    law: String,
    constituencies: Vec<RawExpected>,
}

#[derive(Deserialize)]
struct RawExpected {
    name: String,
    #[serde(default)]
    expected_seats: Option<serde_json::Map<String, serde_json::Value>>,
}

/// Reads a case file.
pub fn parse_case(text: &str, path: &str) -> Result<Case, InputError> {
    let raw: RawCase = serde_json::from_str(text)
        .map_err(|e| InputError::new(path, e.to_string()).line(e.line()).column(e.column()))?;
    let election = parse_results(text, if path.ends_with(".json") { path } else { "case.json" })
        .map_err(|mut e| {
            e.path = path.to_string();
            e
        })?;
    let mut expected = Vec::new();
    for c in raw.constituencies {
        if let Some(m) = c.expected_seats {
            let mut seats = Vec::new();
            for (party, v) in m {
                let n = v.as_u64().ok_or_else(|| {
                    InputError::new(path, format!("expected_seats of {party:?} in {:?} is not a whole number", c.name))
                })?;
                seats.push((party, n as u32));
            }
            expected.push((c.name, seats));
        }
    }
    Ok(Case { id: raw.id, law: raw.law, election, expected })
}

/// One difference between a count and the official result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    pub constituency: String,
    pub party: String,
    pub got: u32,
    pub expected: u32,
}

/// Compares a count with the case's official seats, party by party.
pub fn compare(case: &Case, outcome: &Outcome) -> Vec<Mismatch> {
    let mut out = Vec::new();
    for (cname, seats) in &case.expected {
        let got: BTreeMap<&str, u32> = match outcome.contests.iter().find(|c| &c.name == cname) {
            Some(c) => c.parties.iter().zip(&c.result).map(|(&p, &s)| (outcome.parties[p].as_str(), s)).collect(),
            None => BTreeMap::new(),
        };
        for (party, &expected) in seats.iter().map(|(p, s)| (p, s)) {
            let g = got.get(party.as_str()).copied().unwrap_or(0);
            if g != expected {
                out.push(Mismatch { constituency: cname.clone(), party: party.clone(), got: g, expected });
            }
        }
    }
    out
}
