//! Election results: the JSON shape of the cases in tests/cases, CSV
//! `constituency,party,votes`, and for `apportion` a single list of votes
//! (CSV `party,votes` or a JSON object).
//!
//! Everything is checked here, before the count: whole non-negative vote counts,
//! no duplicate party, totals that fit, declared totals not below the sum of votes.

use std::collections::HashMap;
use std::fmt;

use mandat_core::election::{ConstituencyVotes, Election};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use crate::error::InputError;

/// The formats results can come in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
}

/// Picks the format from the extension, else from the first character.
pub fn sniff(path: &str, text: &str) -> Format {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".json") {
        Format::Json
    } else if lower.ends_with(".csv") {
        Format::Csv
    } else if text.trim_start().starts_with(['{', '[']) {
        Format::Json
    } else {
        Format::Csv
    }
}

/// Reads the ballots file `rel` of a ranked constituency (BLT, or a rankings CSV), relative
/// to the results file `path`; `candidates` maps candidates to parties (`intern` numbers
/// them); a candidate not named is their own party.
fn read_ranked(
    rel: &str,
    candidates: Option<&std::collections::BTreeMap<String, String>>,
    path: &str,
    at: &str,
    intern: &mut dyn FnMut(String) -> usize,
) -> Result<mandat_core::election::RankedBallots, InputError> {
    let file = std::path::Path::new(path).parent().unwrap_or(std::path::Path::new(".")).join(rel);
    let file = file.to_string_lossy().into_owned();
    // The error names the ballots file in its message too: a case's errors carry the
    // case's path.
    let named = |mut e: InputError| {
        if e.path != file {
            return e;
        }
        e.message = format!("ballots file {file}: {}", e.message);
        e
    };
    let ballots = if file.ends_with(".csv") { crate::ranked::read_rankings_csv(&file).map_err(named)? } else { crate::ranked::read_blt(&file).map_err(named)?.ballots };
    if let Some(m) = candidates {
        if let Some(name) = m.keys().find(|k| !ballots.candidates.contains(k)) {
            return Err(InputError::new(path, format!("candidates names {name:?}, who is not a candidate of {rel}")).field(at.to_string()));
        }
    }
    let parties = ballots.candidates.iter().map(|name| intern(candidates.and_then(|m| m.get(name)).unwrap_or(name).clone())).collect();
    Ok(mandat_core::election::RankedBallots { ballots: std::sync::Arc::new(ballots), parties })
}

/// First preferences per party, in party order of first appearance among the candidates.
fn first_preferences(r: &mandat_core::election::RankedBallots) -> Vec<(usize, u64)> {
    let mut out: Vec<(usize, u64)> = Vec::new();
    for (c, n) in r.ballots.first_preferences().into_iter().enumerate() {
        let p = r.parties[c];
        match out.iter_mut().find(|x| x.0 == p) {
            Some(x) => x.1 += n,
            None => out.push((p, n)),
        }
    }
    out
}

/// Reads results for `mandat run` (JSON in the shape of a case, CSV
/// `constituency,party,votes`, or the Bundeswahlleiterin's XML result file).
///
/// A JSON constituency may name a ballots file (`ballots`, relative to the results file)
/// for a law that counts ranked ballots.
pub fn parse_results(text: &str, path: &str) -> Result<Election, InputError> {
    parse_results_with(text, path, true)
}

/// [`parse_results`] for text that did not come from a file of this machine (a request to
/// the server): a constituency naming a ballots file is refused, so that no request can
/// make the server read its files.
pub fn parse_results_sent(text: &str, name: &str) -> Result<Election, InputError> {
    parse_results_with(text, name, false)
}

fn parse_results_with(text: &str, path: &str, files: bool) -> Result<Election, InputError> {
    if crate::bundeswahlleiter_xml::looks_like(path, text) {
        return crate::bundeswahlleiter_xml::parse(text, path);
    }
    match sniff(path, text) {
        Format::Json => parse_results_json(text, path, files),
        Format::Csv => parse_results_csv(text, path),
    }
}

/// Reads the votes of one contest for `mandat apportion` (CSV `party,votes` or a JSON
/// object `{"A": 123, ...}`).
pub fn parse_votes(text: &str, path: &str) -> Result<Election, InputError> {
    let pairs = match sniff(path, text) {
        Format::Json => {
            let VoteMap(pairs) = from_json(text, path)?;
            pairs
        }
        Format::Csv => {
            let rows = read_csv(text, path, &["party", "votes"])?;
            let mut pairs = Vec::with_capacity(rows.len());
            let mut seen: HashMap<String, usize> = HashMap::new();
            for (line, r) in rows {
                let party = nonempty(&r[0], path, line, "party")?;
                if let Some(first) = seen.insert(party.clone(), line) {
                    return Err(InputError::new(path, format!("party {party:?} appears twice (first on line {first})"))
                        .line(line)
                        .field("party")
                        .with_source(text));
                }
                pairs.push((party, parse_votes_field(&r[1], path, line, "votes", text)?));
            }
            pairs
        }
    };
    let e = Election {
        parties: pairs.iter().map(|(p, _)| p.clone()).collect(),
        constituencies: vec![ConstituencyVotes {
            name: "votes".into(),
            votes: pairs.iter().enumerate().map(|(i, (_, v))| (i, *v)).collect(),
            ..Default::default()
        }],
        alliances: Vec::new(),
        sub_alliances: Vec::new(),
        winners: Vec::new(),
        members: Vec::new(),
        exempt: Vec::new(),
        independents: Vec::new(),
        national_totals: None,
    };
    // One contest and no constituency: the field at fault is the votes, not the name the
    // contest is given here.
    validate(&e, path).map_err(|err| err.field("votes"))?;
    Ok(e)
}

fn from_json<T: for<'de> Deserialize<'de>>(text: &str, path: &str) -> Result<T, InputError> {
    if text.trim().is_empty() {
        return Err(InputError::new(path, "the file is empty; expected JSON results"));
    }
    serde_json::from_str(text).map_err(|e| {
        let msg = e.to_string();
        // serde_json appends " at line L column C"; we print the location ourselves.
        let msg = msg.rsplit_once(" at line ").map_or(msg.clone(), |(m, _)| m.to_string());
        InputError::new(path, msg).line(e.line()).column(e.column()).with_source(text)
    })
}

#[derive(Deserialize)]
struct JsonResults {
    constituencies: Vec<JsonConstituency>,
    /// Lists that pool their votes: `[["A", "B"], ...]`.
    #[serde(default)]
    alliances: Vec<Vec<String>>,
    /// Groups inside an alliance that pool again when its seats are split.
    #[serde(default)]
    sub_alliances: Vec<Vec<String>>,
    /// How many parties form a list, for thresholds by list kind: `{"KO": 3}`.
    #[serde(default)]
    members: Option<VoteMap>,
    /// Lists the electoral authority declared exempt from the threshold (Serbia's
    /// national-minority lists), for a law with `exempt_declared = true`.
    #[serde(default)]
    threshold_exempt: Vec<String>,
    /// Independent candidates (contestants standing alone, not lists), for a law whose
    /// quota counts their votes (`quota_base = "lists-taking-part-and-independents"`).
    #[serde(default)]
    independents: Vec<String>,
    /// The whole country's figures for national thresholds, when the constituencies
    /// given are only part of it: `{"votes": {"A": 1000}, "total_valid_votes": 5000}`.
    #[serde(default)]
    national_votes: Option<JsonNational>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonNational {
    votes: VoteMap,
    total_valid_votes: Count,
}

#[derive(Deserialize)]
struct JsonConstituency {
    name: String,
    #[serde(default)]
    seats: Option<JsonSeats>,
    /// Votes per party (for ranked ballots: first preferences, checked against them).
    #[serde(default)]
    votes: Option<VoteMap>,
    /// The ranked ballots (BLT or rankings CSV), a path relative to the results file.
    #[serde(default)]
    ballots: Option<String>,
    /// The party of each candidate of the ballots (`{"Joe Higgins": "Socialist Party"}`);
    /// a candidate not named stands as their own party.
    #[serde(default)]
    candidates: Option<std::collections::BTreeMap<String, String>>,
    #[serde(default)]
    other_votes: Option<VoteMap>,
    #[serde(default)]
    total_valid_votes: Option<Count>,
    #[serde(default)]
    ballots_cast: Option<Count>,
    #[serde(default)]
    district_seats: Option<JsonSeats>,
    #[serde(default)]
    leveling_seats: Option<Count>,
    #[serde(default)]
    electorate_seats: Option<VoteMap>,
    /// A single-member district of the law's `[single_member]` tier.
    #[serde(default)]
    single_member: bool,
    /// The most seats a list can take here: its candidates who can still be elected.
    #[serde(default)]
    list_capacity: Option<VoteMap>,
    /// Voters registered on the rolls (two-round districts).
    #[serde(default)]
    registered: Option<Count>,
    /// Candidates' dates of birth, `YYYY-MM-DD` (a round-2 tie may go to the oldest).
    #[serde(default)]
    born: Option<std::collections::BTreeMap<String, String>>,
    /// The second round of a two-round district.
    #[serde(default)]
    round_2: Option<JsonRound>,
}

/// A district's round 2: only these fields, so that a misspelt one is refused.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonRound {
    votes: VoteMap,
    #[serde(default)]
    other_votes: Option<VoteMap>,
    #[serde(default)]
    registered: Option<Count>,
    #[serde(default)]
    ballots_cast: Option<Count>,
}

/// A positive number of seats in a results file.
struct JsonSeats(u32);

impl<'de> Deserialize<'de> for JsonSeats {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        match v.as_u64() {
            Some(n) if (1..=100_000).contains(&n) => Ok(JsonSeats(n as u32)),
            _ => Err(de::Error::custom(format!("`seats` must be a whole number from 1 to 100000, found {v}"))),
        }
    }
}

/// A non-negative whole number (totals).
struct Count(u64);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(WholeNumber { what: "a total" }).map(Count)
    }
}

/// Reads a whole number of votes, saying what it is for in the error. The error is
/// raised while the number is read, so the JSON reader places it on the number's line.
struct WholeNumber<'a> {
    what: &'a str,
}

impl<'de> de::DeserializeSeed<'de> for WholeNumber<'_> {
    type Value = u64;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<u64, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for WholeNumber<'_> {
    type Value = u64;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}: a whole number of votes", self.what)
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<u64, E> {
        Ok(n)
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<u64, E> {
        u64::try_from(n)
            .map_err(|_| E::custom(format!("{}: expected a whole number of votes, found the negative number {n}", self.what)))
    }
    fn visit_f64<E: de::Error>(self, x: f64) -> Result<u64, E> {
        if x < 0.0 {
            Err(E::custom(format!("{}: expected a whole number of votes, found the negative number {x}", self.what)))
        } else if x.fract() == 0.0 && x >= u64::MAX as f64 {
            Err(E::custom(format!("{}: {x} is too large: at most {} votes", self.what, u64::MAX)))
        } else {
            Err(E::custom(format!("{}: expected a whole number of votes, found the fractional number {x}", self.what)))
        }
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<u64, E> {
        Err(E::custom(format!("{}: expected a whole number of votes, found the text {s:?}", self.what)))
    }
}

/// Votes per name, in file order, rejecting duplicates and anything but whole
/// non-negative numbers.
struct VoteMap(Vec<(String, u64)>);

impl<'de> Deserialize<'de> for VoteMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = VoteMap;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of votes per party, such as {\"A\": 123}")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<VoteMap, A::Error> {
                let mut out: Vec<(String, u64)> = Vec::new();
                while let Some(name) = map.next_key::<String>()? {
                    if name.trim().is_empty() {
                        return Err(de::Error::custom("a party name is empty"));
                    }
                    if out.iter().any(|(n, _)| *n == name) {
                        return Err(de::Error::custom(format!("party {name:?} appears twice")));
                    }
                    let what = format!("votes for {name:?}");
                    let n = map.next_value_seed(WholeNumber { what: &what })?;
                    out.push((name, n));
                }
                Ok(VoteMap(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// Party colours a JSON results file may give (`"colours": {"A": "#e41a1c"}`); none for
/// CSV. Only `#rgb`/`#rrggbb` values are kept, so a colour can never break an SVG.
pub fn parse_colours(text: &str) -> Vec<(String, String)> {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else { return Vec::new() };
    let ok = |c: &str| c.starts_with('#') && matches!(c.len(), 4 | 7) && c[1..].chars().all(|x| x.is_ascii_hexdigit());
    v.get("colours")
        .or_else(|| v.get("colors"))
        .and_then(|c| c.as_object())
        .map(|m| m.iter().filter_map(|(k, v)| v.as_str().filter(|c| ok(c)).map(|c| (k.clone(), c.to_string()))).collect())
        .unwrap_or_default()
}

fn parse_results_json(text: &str, path: &str, files: bool) -> Result<Election, InputError> {
    let r: JsonResults = from_json(text, path)?;
    let mut e = Election::default();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut names = std::collections::HashSet::new();
    let mut intern = |p: String, e: &mut Election| -> usize {
        let n = index.len();
        let i = *index.entry(p.clone()).or_insert(n);
        if i == e.parties.len() {
            e.parties.push(p);
        }
        i
    };
    for c in r.constituencies {
        if !names.insert(c.name.clone()) {
            return Err(InputError::new(path, format!("constituency {:?} appears twice", c.name)).field("constituencies"));
        }
        let at = format!("constituency {:?}", c.name);
        let ranked = match &c.ballots {
            None if c.candidates.is_some() => return Err(InputError::new(path, "`candidates` gives the parties of a ballots file's candidates: name the file in `ballots`").field(at)),
            None => None,
            Some(_) if !files => return Err(InputError::new(path, "results sent here cannot name a ballots file: count ranked ballots from the command line (`mandat run`, `mandat check`)").field(at)),
            Some(rel) => Some(read_ranked(rel, c.candidates.as_ref(), path, &at, &mut |p: String| intern(p, &mut e))?),
        };
        let stated: Option<Vec<(usize, u64)>> = c.votes.map(|m| m.0.into_iter().map(|(p, v)| (intern(p, &mut e), v)).collect());
        let votes: Vec<(usize, u64)> = match (stated, &ranked) {
            (stated, Some(r)) => {
                // A ranked constituency's votes are its parties' first preferences, read
                // from the ballots; figures the results state must agree with them.
                let first = first_preferences(r);
                for &(p, said) in stated.iter().flatten() {
                    let counted = first.iter().find(|&&(q, _)| q == p).map_or(0, |&(_, x)| x);
                    if said != counted {
                        return Err(InputError::new(path, format!("votes of {:?}: {said}, but the ballots give it {counted} first preferences", e.parties[p])).field(at));
                    }
                }
                let valid: u64 = first.iter().map(|&(_, x)| x).sum();
                if let Some(t) = c.total_valid_votes.as_ref().filter(|t| t.0 != valid) {
                    return Err(InputError::new(path, format!("total_valid_votes is {}, but the ballots hold {valid} valid first preferences", t.0)).field(at));
                }
                first
            }
            (Some(v), None) => v,
            (None, None) => return Err(InputError::new(path, "missing field `votes`").field(at)),
        };
        // Electorate winners outside every list (independents) become parties without votes.
        let electorate_seats = match c.electorate_seats {
            None => Vec::new(),
            Some(m) => m
                .0
                .into_iter()
                .map(|(p, s)| {
                    let s = u32::try_from(s).map_err(|_| {
                        InputError::new(path, format!("electorate seats of {p:?}: {s} is too many")).field(format!("constituency {:?}", c.name))
                    })?;
                    Ok((intern(p, &mut e), s))
                })
                .collect::<Result<Vec<_>, InputError>>()?,
        };
        let leveling_seats = c
            .leveling_seats
            .map(|l| u32::try_from(l.0).map_err(|_| InputError::new(path, "leveling_seats is too large").field(format!("constituency {:?}", c.name))))
            .transpose()?;
        let capacity = match c.list_capacity {
            None => Vec::new(),
            Some(m) => m
                .0
                .into_iter()
                .map(|(p, k)| {
                    let at = || format!("constituency {:?}", c.name);
                    let i = match e.parties.iter().position(|q| *q == p) {
                        Some(i) if votes.iter().any(|&(q, _)| q == i) => i,
                        _ => return Err(InputError::new(path, format!("list_capacity names {p:?}, which has no votes in this constituency")).field(at())),
                    };
                    let k = u32::try_from(k).map_err(|_| InputError::new(path, format!("list_capacity of {p:?}: {k} is too many")).field(at()))?;
                    Ok((i, k))
                })
                .collect::<Result<Vec<_>, InputError>>()?,
        };
        if (c.round_2.is_some() || c.born.is_some()) && !c.single_member {
            return Err(InputError::new(path, "`round_2` and `born` belong to a single-member district (`\"single_member\": true`)").field(at));
        }
        let born = match c.born {
            None => Vec::new(),
            Some(m) => m
                .into_iter()
                .map(|(p, d)| {
                    let i = match e.parties.iter().position(|q| *q == p) {
                        Some(i) if votes.iter().any(|&(q, _)| q == i) => i,
                        _ => return Err(InputError::new(path, format!("born names {p:?}, who is not a candidate of this district")).field(at.clone())),
                    };
                    mandat_core::law::Date::parse(&d).map_err(|why| InputError::new(path, format!("born of {p:?}: {why}")).field(at.clone()))?;
                    Ok((i, d))
                })
                .collect::<Result<Vec<_>, InputError>>()?,
        };
        let round_2 = match c.round_2 {
            None => None,
            Some(r) => {
                let votes2: Vec<(usize, u64)> = r.votes.0.into_iter().map(|(p, v)| (intern(p, &mut e), v)).collect();
                let sum: u64 = votes2.iter().map(|&(_, v)| v).sum();
                let other: u64 = r.other_votes.as_ref().map_or(0, |m| m.0.iter().map(|&(_, v)| v).sum());
                if let Some(b) = &r.ballots_cast {
                    if b.0 < sum.saturating_add(other) {
                        return Err(InputError::new(path, format!("round_2 ballots_cast {} is below its votes and other_votes together, {}", b.0, sum + other)).field(at));
                    }
                }
                Some(Box::new(mandat_core::election::Round {
                    votes: votes2,
                    other_votes: r.other_votes.map(|m| m.0).unwrap_or_default(),
                    registered: r.registered.map(|c| c.0),
                    ballots_cast: r.ballots_cast.map(|c| c.0),
                }))
            }
        };
        e.constituencies.push(ConstituencyVotes {
            name: c.name,
            seats: c.seats.map(|s| s.0),
            votes,
            other_votes: c.other_votes.map(|m| m.0).unwrap_or_default(),
            total_valid_votes: c.total_valid_votes.map(|c| c.0),
            ballots_cast: c.ballots_cast.map(|c| c.0),
            district_seats: c.district_seats.map(|s| s.0),
            leveling_seats,
            electorate_seats,
            single_member: c.single_member,
            capacity,
            registered: c.registered.map(|c| c.0),
            born,
            round_2,
            ranked,
        });
    }
    for group in r.alliances {
        let mut members = Vec::new();
        for name in &group {
            let Some(&i) = index.get(name) else {
                return Err(InputError::new(path, format!("alliance member {name:?} is not a party of the results")).field("alliances"));
            };
            if e.alliances.iter().any(|g| g.contains(&i)) || members.contains(&i) {
                return Err(InputError::new(path, format!("party {name:?} is in more than one alliance")).field("alliances"));
            }
            members.push(i);
        }
        if members.len() >= 2 {
            e.alliances.push(members);
        }
    }
    for group in r.sub_alliances {
        let mut members = Vec::new();
        for name in &group {
            let Some(&i) = index.get(name) else {
                return Err(InputError::new(path, format!("sub-alliance member {name:?} is not a party of the results")).field("sub_alliances"));
            };
            if e.sub_alliances.iter().any(|g| g.contains(&i)) || members.contains(&i) {
                return Err(InputError::new(path, format!("party {name:?} is in more than one sub-alliance")).field("sub_alliances"));
            }
            members.push(i);
        }
        if members.len() < 2 {
            continue; // a group of one pools nothing
        }
        // A sub-alliance pools inside one alliance, and is smaller than it (else it is the
        // alliance itself); a connection of its own belongs in `alliances`.
        let outer = e.alliances.iter().find(|g| g.contains(&members[0]));
        if !outer.is_some_and(|g| members.iter().all(|m| g.contains(m)) && members.len() < g.len()) {
            return Err(InputError::new(path, format!("sub-alliance {group:?} must lie inside one alliance and leave out at least one of its lists (a connection of its own goes in `alliances`)")).field("sub_alliances"));
        }
        e.sub_alliances.push(members);
    }
    if let Some(m) = r.members {
        e.members = vec![1; e.parties.len()];
        for (name, n) in m.0 {
            let Some(&i) = index.get(&name) else {
                return Err(InputError::new(path, format!("{name:?} is not a party of the results")).field("members"));
            };
            e.members[i] = u32::try_from(n).ok().filter(|&n| n >= 1).ok_or_else(|| {
                InputError::new(path, format!("{name:?}: a list is formed by 1 or more parties, found {n}")).field("members")
            })?;
        }
    }
    e.exempt = party_set(r.threshold_exempt, &index, path, "threshold_exempt")?;
    e.independents = party_set(r.independents, &index, path, "independents")?;
    if let Some(n) = r.national_votes {
        let field = "national_votes";
        let mut votes = vec![0u64; e.parties.len()];
        let given = e.national_votes();
        for (name, v) in n.votes.0 {
            let Some(&i) = index.get(&name) else {
                return Err(InputError::new(path, format!("{name:?} is not a party of the constituencies given (national figures are needed only for the lists that stand in them)")).field(field));
            };
            if v < given[i] {
                return Err(InputError::new(path, format!("{name:?}: national votes {v} are below its votes in the constituencies given, {}", given[i])).field(field));
            }
            votes[i] = v;
        }
        if let Some(i) = (0..e.parties.len()).find(|&i| given[i] > 0 && votes[i] == 0) {
            return Err(InputError::new(path, format!("{:?} stands in the constituencies given but has no national votes", e.parties[i])).field(field));
        }
        let listed: u128 = votes.iter().map(|&v| v as u128).sum();
        let total = n.total_valid_votes.0;
        if (total as u128) < listed {
            return Err(InputError::new(path, format!("total_valid_votes {total} is below the national votes listed, {listed}")).field(field));
        }
        let valid: u128 = e.constituencies.iter().map(|c| c.valid_votes() as u128).sum();
        if (total as u128) < valid {
            return Err(InputError::new(path, format!("total_valid_votes {total} is below the valid votes of the constituencies given, {valid}")).field(field));
        }
        e.national_totals = Some(mandat_core::election::NationalTotals { votes, total_valid_votes: total });
    }
    validate(&e, path)?;
    Ok(e)
}

/// The parties a top-level list of names designates (`threshold_exempt`,
/// `independents`), as indices: each must be a party of the results, named once.
fn party_set(names: Vec<String>, index: &HashMap<String, usize>, path: &str, field: &str) -> Result<Vec<usize>, InputError> {
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let Some(&i) = index.get(&name) else {
            return Err(InputError::new(path, format!("{name:?} is not a party of the results")).field(field));
        };
        if out.contains(&i) {
            return Err(InputError::new(path, format!("{name:?} is named twice")).field(field));
        }
        out.push(i);
    }
    Ok(out)
}

fn parse_results_csv(text: &str, path: &str) -> Result<Election, InputError> {
    let rows = read_csv(text, path, &["constituency", "party", "votes"])?;
    let mut e = Election::default();
    let mut party_index: HashMap<String, usize> = HashMap::new();
    let mut cons_index: HashMap<String, usize> = HashMap::new();
    let mut seen: HashMap<(usize, usize), usize> = HashMap::new();
    for (line, r) in rows {
        let cname = nonempty(&r[0], path, line, "constituency")?;
        let party = nonempty(&r[1], path, line, "party")?;
        let votes = parse_votes_field(&r[2], path, line, "votes", text)?;
        let ci = *cons_index.entry(cname.clone()).or_insert_with(|| {
            e.constituencies.push(ConstituencyVotes { name: cname.clone(), ..Default::default() });
            e.constituencies.len() - 1
        });
        let pi = *party_index.entry(party.clone()).or_insert_with(|| {
            e.parties.push(party.clone());
            e.parties.len() - 1
        });
        if let Some(first) = seen.insert((ci, pi), line) {
            return Err(InputError::new(
                path,
                format!("party {party:?} appears twice in constituency {cname:?} (first on line {first})"),
            )
            .line(line)
            .field("party")
            .with_source(text));
        }
        e.constituencies[ci].votes.push((pi, votes));
    }
    validate(&e, path)?;
    Ok(e)
}

/// Reads a CSV file with exactly the expected header; returns (line, fields) rows.
fn read_csv(text: &str, path: &str, header: &[&str]) -> Result<Vec<(usize, Vec<String>)>, InputError> {
    let want = header.join(",");
    if text.trim().is_empty() {
        return Err(InputError::new(path, format!("the file is empty; expected a header line `{want}`")));
    }
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut saw_header = false;
    for rec in rdr.records() {
        let rec = rec.map_err(|e| crate::error::csv_error(e, path, text))?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        if rec.iter().all(|f| f.is_empty()) {
            continue;
        }
        if !saw_header {
            let got: Vec<String> = rec.iter().map(|f| f.trim_start_matches('\u{feff}').to_ascii_lowercase()).collect();
            if got != header {
                return Err(InputError::new(path, format!("expected the header `{want}`, found `{}`", rec.iter().collect::<Vec<_>>().join(",")))
                    .line(line)
                    .with_source(text));
            }
            saw_header = true;
            continue;
        }
        if rec.len() != header.len() {
            return Err(InputError::new(path, format!("expected {} fields ({want}), found {}", header.len(), rec.len()))
                .line(line)
                .with_source(text));
        }
        rows.push((line, rec.iter().map(str::to_string).collect()));
    }
    if rows.is_empty() {
        return Err(InputError::new(path, format!("no data: the file has only the header `{want}`")));
    }
    Ok(rows)
}

fn nonempty(s: &str, path: &str, line: usize, field: &str) -> Result<String, InputError> {
    if s.trim().is_empty() {
        return Err(InputError::new(path, "must not be empty").line(line).field(field));
    }
    Ok(s.trim().to_string())
}

fn parse_votes_field(s: &str, path: &str, line: usize, field: &str, text: &str) -> Result<u64, InputError> {
    let s = s.trim();
    let err = |m: String| InputError::new(path, m).line(line).field(field).with_source(text);
    if s.is_empty() {
        return Err(err("expected a whole number of votes, found nothing".into()));
    }
    if let Some(rest) = s.strip_prefix('-') {
        if !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return Err(err(format!("expected a whole number of votes, found the negative number {s}")));
        }
    }
    if s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().map_err(|_| err(format!("{s} is too large: at most {} votes", u64::MAX)));
    }
    if s.contains('.') && s.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(err(format!("expected a whole number of votes, found the fractional number {s}")));
    }
    Err(err(format!("expected a whole number of votes, found {s:?}")))
}

/// Checks that hold whatever the law: totals fit, declared totals are consistent, some
/// votes were cast.
pub(crate) fn validate(e: &Election, path: &str) -> Result<(), InputError> {
    if e.constituencies.is_empty() {
        return Err(InputError::new(path, "no constituency in the results").field("constituencies"));
    }
    let mut national = vec![0u64; e.parties.len()];
    // Grand totals of every base, so that pooling constituencies can never overflow.
    let (mut all_votes, mut all_ballots) = (0u64, 0u64);
    let too_much = || InputError::new(path, "the votes add up to more than 18446744073709551615");
    for c in &e.constituencies {
        let field = format!("constituency {:?}", c.name);
        if c.votes.is_empty() && c.electorate_seats.is_empty() {
            return Err(InputError::new(path, "no party has votes here").field(field));
        }
        let mut sum: u64 = 0;
        for &(p, v) in &c.votes {
            sum = sum.checked_add(v).ok_or_else(|| InputError::new(path, "the votes add up to more than 18446744073709551615").field(field.clone()))?;
            national[p] = national[p].checked_add(v).ok_or_else(|| InputError::new(path, "a party's votes add up to more than 18446744073709551615").field(field.clone()))?;
        }
        if let Some((name, _)) = c.other_votes.iter().find(|(n, _)| c.votes.iter().any(|&(p, _)| e.parties[p] == *n)) {
            return Err(InputError::new(path, format!("{name:?} is both a party in `votes` and a line of `other_votes`: expected each name once")).field(field));
        }
        let other: u64 = c.other_votes.iter().try_fold(0u64, |a, &(_, v)| a.checked_add(v)).ok_or_else(|| InputError::new(path, "other_votes add up to too much").field(field.clone()))?;
        if let Some(t) = c.total_valid_votes {
            if t < sum {
                return Err(InputError::new(path, format!("total_valid_votes {t} is below the sum of the votes, {sum}")).field(field));
            }
            t.checked_add(other).ok_or_else(|| InputError::new(path, "totals add up to too much").field(field.clone()))?;
        }
        all_votes = all_votes.checked_add(c.total_valid_votes.unwrap_or(sum)).and_then(|x| x.checked_add(other)).ok_or_else(too_much)?;
        all_ballots = all_ballots.checked_add(c.ballots_cast.unwrap_or(0)).ok_or_else(too_much)?;
        if let Some(b) = c.ballots_cast {
            if b < c.valid_votes() {
                return Err(InputError::new(path, format!("ballots_cast {b} is below the valid votes, {}", c.valid_votes())).field(field));
            }
            // Blank and 'against all' lines are ballots too.
            if other > 0 && (b as u128) < c.valid_votes() as u128 + other as u128 {
                return Err(InputError::new(path, format!("ballots_cast {b} is below the valid votes and other_votes together, {}", c.valid_votes() as u128 + other as u128)).field(field));
            }
        }
        if sum == 0 && c.electorate_seats.is_empty() {
            return Err(InputError::new(path, "all votes are zero: there is nothing to allocate").field(field));
        }
    }
    Ok(())
}
