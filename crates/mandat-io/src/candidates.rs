//! Readers of the candidate stage (format in docs/candidates.md): candidate lists (CSV),
//! the ballots of each list that the Belgian devolution needs (CSV or JSON), a party's
//! choice of who takes its mandates (CSV or JSON), and the designation written by
//! `mandat run --candidates --format json` (for `mandat vacancy`).
//!
//! Everything is checked here and every error names the file, the line and the field;
//! errors of the core's designation that concern a list or a name are placed on the
//! line that introduced it.

use std::collections::HashMap;

use mandat_core::candidates::{Candidate, CandidateList, DesignationError, ListBallots, PartyChoice, Sex};
use mandat_core::law::Date;
use serde::Deserialize;

use crate::error::InputError;
use crate::results::{sniff, Format};

/// Candidate lists with, for error messages, the line of each list and of each name.
#[derive(Clone, Debug, Default)]
pub struct ListsFile {
    pub path: String,
    pub lists: Vec<CandidateList>,
    /// (constituency, party) → the line of the list's first candidate.
    pub list_lines: HashMap<(String, String), usize>,
    text: String,
}

impl ListsFile {
    fn err_at(&self, constituency: &str, party: &str, msg: String) -> InputError {
        let mut e = InputError::new(&self.path, msg).field("party");
        if let Some(&l) = self.list_lines.get(&(constituency.to_string(), party.to_string())) {
            e = e.line(l).with_source(&self.text);
        }
        e
    }
}

const REQUIRED: [&str; 4] = ["constituency", "party", "position", "name"];
const OPTIONAL: [&str; 6] = ["sex", "birth_date", "disability", "substitute", "preference_votes", "tags"];

/// One CSV record with its line.
type Row = (usize, Vec<String>);

/// Reads a CSV file whose header names its columns; returns the column names and rows.
fn read_named_csv(text: &str, path: &str, required: &[&str], optional: &[&str]) -> Result<(Vec<String>, Vec<Row>), InputError> {
    let want = required.join(",");
    if text.trim().is_empty() {
        return Err(InputError::new(path, format!("the file is empty; expected a header line starting `{want}`")));
    }
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let mut header: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| crate::error::csv_error(e, path, text))?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        if rec.iter().all(|f| f.is_empty()) {
            continue;
        }
        match &header {
            None => {
                let cols: Vec<String> = rec.iter().map(|f| f.trim_start_matches('\u{feff}').to_ascii_lowercase()).collect();
                for c in &cols {
                    if !required.contains(&c.as_str()) && !optional.contains(&c.as_str()) {
                        let mut known: Vec<&str> = required.to_vec();
                        known.extend_from_slice(optional);
                        return Err(InputError::new(path, format!("unknown column `{c}`; the columns are {}", known.join(", ")))
                            .line(line)
                            .with_source(text));
                    }
                    if cols.iter().filter(|x| *x == c).count() > 1 {
                        return Err(InputError::new(path, format!("column `{c}` appears twice")).line(line).with_source(text));
                    }
                }
                if let Some(miss) = required.iter().find(|r| !cols.iter().any(|c| c == *r)) {
                    return Err(InputError::new(path, format!("the header lacks the column `{miss}`; expected a header starting `{want}`"))
                        .line(line)
                        .with_source(text));
                }
                header = Some(cols);
            }
            Some(h) => {
                if rec.len() != h.len() {
                    return Err(InputError::new(path, format!("expected {} fields ({}), found {}", h.len(), h.join(","), rec.len()))
                        .line(line)
                        .with_source(text));
                }
                rows.push((line, rec.iter().map(str::to_string).collect()));
            }
        }
    }
    let header = header.unwrap_or_default();
    if rows.is_empty() {
        return Err(InputError::new(path, format!("no data: the file has only the header `{}`", header.join(","))));
    }
    Ok((header, rows))
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Some(true),
        "false" | "no" | "0" | "" => Some(false),
        _ => None,
    }
}

/// Reads candidate lists: CSV `constituency,party,position,name` and optionally `sex`
/// (F, M, X), `birth_date` (YYYY-MM-DD), `disability` and `substitute` (true/false),
/// `preference_votes`, `tags` (separated by `;`).
///
/// ```
/// let f = mandat_io::parse_lists("constituency,party,position,name,sex\nc,A,2,Bea,F\nc,A,1,Al,M\n", "l.csv").unwrap();
/// assert_eq!(f.lists[0].effective[0].name, "Al");
/// let e = mandat_io::parse_lists("constituency,party,position,name\nc,A,1,Al\nc,A,1,Bo\n", "l.csv").unwrap_err();
/// assert_eq!((e.line, e.field.as_deref()), (Some(3), Some("position")));
/// ```
pub fn parse_lists(text: &str, path: &str) -> Result<ListsFile, InputError> {
    let (header, rows) = read_named_csv(text, path, &REQUIRED, &OPTIONAL)?;
    let col = |name: &str| header.iter().position(|c| c == name);
    let idx: HashMap<&str, usize> = REQUIRED.iter().chain(OPTIONAL.iter()).filter_map(|n| col(n).map(|i| (*n, i))).collect();
    let mut out = ListsFile { path: path.to_string(), text: text.to_string(), ..Default::default() };
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    // (list, substitute, position) → line; (list, name) → line.
    let mut positions: HashMap<(usize, bool, u32), usize> = HashMap::new();
    let mut names: HashMap<(usize, String), usize> = HashMap::new();
    for (line, r) in rows {
        let err = |field: &str, msg: String| InputError::new(path, msg).line(line).field(field).with_source(text);
        let get = |name: &str| idx.get(name).map(|&i| r[i].trim()).unwrap_or("");
        let nonempty = |name: &str| -> Result<String, InputError> {
            let v = get(name);
            if v.is_empty() {
                Err(err(name, "must not be empty".into()))
            } else {
                Ok(v.to_string())
            }
        };
        let constituency = nonempty("constituency")?;
        let party = nonempty("party")?;
        let name = nonempty("name")?;
        let pos_text = get("position");
        let position: u32 = match pos_text.parse::<u32>() {
            Ok(p) if p >= 1 => p,
            _ => return Err(err("position", format!("expected a ballot position 1, 2, 3, ..., found {pos_text:?}"))),
        };
        let sex = match get("sex") {
            "" => None,
            s => Some(Sex::parse(s).ok_or_else(|| err("sex", format!("expected F, M or X, found {s:?}")))?),
        };
        let birth_date = match get("birth_date") {
            "" => None,
            s => Some(Date::parse(s).map_err(|m| err("birth_date", m))?),
        };
        let flag = |name: &str| -> Result<bool, InputError> {
            parse_bool(get(name)).ok_or_else(|| err(name, format!("expected true or false, found {:?}", get(name))))
        };
        let disability = flag("disability")?;
        let substitute = flag("substitute")?;
        let pv = get("preference_votes");
        let preference_votes: u64 = if pv.is_empty() {
            0
        } else {
            pv.parse().map_err(|_| err("preference_votes", format!("expected a whole number of votes, found {pv:?}")))?
        };
        let tags: Vec<String> = get("tags").split(';').map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect();
        let key = (constituency.clone(), party.clone());
        let li = *index.entry(key.clone()).or_insert_with(|| {
            out.lists.push(CandidateList::new(&constituency, &party, Vec::new()));
            out.list_lines.insert(key.clone(), line);
            out.lists.len() - 1
        });
        if let Some(first) = positions.insert((li, substitute, position), line) {
            let what = if substitute { "substitute position" } else { "position" };
            return Err(err(
                "position",
                format!("{what} {position} of {party:?} in {constituency:?} is taken twice (first on line {first})"),
            ));
        }
        if let Some(first) = names.insert((li, name.clone()), line) {
            return Err(err("name", format!("{name:?} is twice on the list of {party:?} in {constituency:?} (first on line {first})")));
        }
        let c = Candidate { name, position, sex, birth_date, disability, substitute, preference_votes, tags };
        if substitute {
            out.lists[li].substitutes.push(c);
        } else {
            out.lists[li].effective.push(c);
        }
    }
    for l in &mut out.lists {
        l.sort();
    }
    Ok(out)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonBallots {
    lists: Vec<JsonListBallots>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonListBallots {
    constituency: String,
    party: String,
    head: u64,
    #[serde(default)]
    substitutes_only: u64,
    #[serde(default)]
    effective_only: u64,
}

fn json_err(text: &str, path: &str, e: serde_json::Error) -> InputError {
    let msg = e.to_string();
    let msg = msg.rsplit_once(" at line ").map_or(msg.clone(), |(m, _)| m.to_string());
    InputError::new(path, msg).line(e.line()).column(e.column()).with_source(text)
}

/// Reads the ballots of each list (Belgian devolution) and attaches them to `lists`:
/// CSV `constituency,party,head[,substitutes_only][,effective_only]` or JSON
/// `{"lists": [{"constituency": .., "party": .., "head": .., "substitutes_only": ..,
/// "effective_only": ..}]}`. Ballots for a list that is not in the lists file are an error.
pub fn parse_ballots(text: &str, path: &str, lists: &mut ListsFile) -> Result<(), InputError> {
    let mut rows: Vec<(Option<usize>, String, String, ListBallots)> = Vec::new();
    match sniff(path, text) {
        Format::Json => {
            if text.trim().is_empty() {
                return Err(InputError::new(path, "the file is empty; expected {\"lists\": [...]}"));
            }
            let b: JsonBallots = serde_json::from_str(text).map_err(|e| json_err(text, path, e))?;
            for l in b.lists {
                rows.push((None, l.constituency, l.party, ListBallots { head: l.head, substitutes_only: l.substitutes_only, effective_only: l.effective_only }));
            }
        }
        Format::Csv => {
            let (header, recs) = read_named_csv(text, path, &["constituency", "party", "head"], &["substitutes_only", "effective_only"])?;
            for (line, r) in recs {
                let get = |n: &str| header.iter().position(|c| c == n).map(|i| r[i].trim()).unwrap_or("");
                let num = |n: &str| -> Result<u64, InputError> {
                    let v = get(n);
                    if v.is_empty() && n != "head" {
                        return Ok(0);
                    }
                    v.parse().map_err(|_| {
                        InputError::new(path, format!("expected a whole number of ballots, found {v:?}")).line(line).field(n).with_source(text)
                    })
                };
                let b = ListBallots { head: num("head")?, substitutes_only: num("substitutes_only")?, effective_only: num("effective_only")? };
                rows.push((Some(line), get("constituency").to_string(), get("party").to_string(), b));
            }
        }
    }
    let mut seen: HashMap<(String, String), ()> = HashMap::new();
    for (line, c, p, b) in rows {
        let at = |msg: String| {
            let mut e = InputError::new(path, msg).field("party");
            if let Some(l) = line {
                e = e.line(l).with_source(text);
            }
            e
        };
        if b.head.checked_add(b.substitutes_only).and_then(|x| x.checked_add(b.effective_only)).is_none() {
            return Err(at(format!("the ballots of {p:?} in {c:?} add up to more than {}", u64::MAX)));
        }
        if seen.insert((c.clone(), p.clone()), ()).is_some() {
            return Err(at(format!("the ballots of {p:?} in {c:?} are given twice")));
        }
        let list = lists.lists.iter_mut().find(|l| l.constituency == c && l.party == p).ok_or_else(|| {
            at(format!("ballots for {p:?} in {c:?}, but {} has no such list", lists.path))
        })?;
        list.ballots = Some(b);
    }
    Ok(())
}

/// A party's choice with, for error messages, the line of each name.
#[derive(Clone, Debug, Default)]
pub struct ChoiceFile {
    pub path: String,
    pub choice: PartyChoice,
    lines: HashMap<(String, String, String), usize>,
    list_lines: HashMap<(String, String), usize>,
    text: String,
}

/// Reads a party's choice: CSV `constituency,party,name` (the party's order is the
/// order of the rows) or JSON `{"<constituency>": {"<party>": ["name", ...]}}`.
pub fn parse_choice(text: &str, path: &str) -> Result<ChoiceFile, InputError> {
    let mut out = ChoiceFile { path: path.to_string(), text: text.to_string(), ..Default::default() };
    let mut add = |c: String, p: String, n: String, line: Option<usize>| {
        let key = (c.clone(), p.clone());
        if let Some(l) = line {
            out.list_lines.entry(key.clone()).or_insert(l);
            out.lines.entry((c.clone(), p.clone(), n.clone())).or_insert(l);
        }
        match out.choice.choices.iter_mut().find(|(cc, pp, _)| *cc == c && *pp == p) {
            Some((_, _, names)) => names.push(n),
            None => out.choice.choices.push((c, p, vec![n])),
        }
    };
    match sniff(path, text) {
        Format::Json => {
            if text.trim().is_empty() {
                return Err(InputError::new(path, "the file is empty; expected {\"<constituency>\": {\"<party>\": [names]}}"));
            }
            let m: indexmap_like::Ordered = serde_json::from_str(text).map_err(|e| json_err(text, path, e))?;
            for (c, parties) in m.0 {
                for (p, names) in parties {
                    for n in names {
                        if n.trim().is_empty() {
                            return Err(InputError::new(path, format!("an empty name in the choice of {p:?} in {c:?}")).field("name"));
                        }
                        add(c.clone(), p.clone(), n, None);
                    }
                }
            }
        }
        Format::Csv => {
            let (header, recs) = read_named_csv(text, path, &["constituency", "party", "name"], &[])?;
            for (line, r) in recs {
                let get = |n: &str| header.iter().position(|c| c == n).map(|i| r[i].trim().to_string()).unwrap_or_default();
                for f in ["constituency", "party", "name"] {
                    if get(f).is_empty() {
                        return Err(InputError::new(path, "must not be empty").line(line).field(f).with_source(text));
                    }
                }
                add(get("constituency"), get("party"), get("name"), Some(line));
            }
        }
    }
    Ok(out)
}

/// JSON objects read in file order (serde_json's `preserve_order` is on in this crate).
mod indexmap_like {
    use serde::Deserialize;
    /// Party → names, in file order.
    pub type Parties = Vec<(String, Vec<String>)>;
    pub struct Ordered(pub Vec<(String, Parties)>);
    impl<'de> Deserialize<'de> for Ordered {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let v = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;
            let mut out = Vec::new();
            for (c, parties) in v {
                let obj = parties.as_object().ok_or_else(|| serde::de::Error::custom(format!("{c:?}: expected an object of parties")))?;
                let mut ps = Vec::new();
                for (p, names) in obj {
                    let arr = names.as_array().ok_or_else(|| serde::de::Error::custom(format!("{c:?} / {p:?}: expected a list of names")))?;
                    let names = arr
                        .iter()
                        .map(|n| n.as_str().map(str::to_string).ok_or_else(|| serde::de::Error::custom(format!("{c:?} / {p:?}: a name must be text, found {n}"))))
                        .collect::<Result<Vec<_>, _>>()?;
                    ps.push((p.clone(), names));
                }
                out.push((c, ps));
            }
            Ok(Ordered(out))
        }
    }
}

/// Turns an error of the core's designation into an input error placed on the line of
/// the list or the name it concerns.
pub fn designation_error(e: DesignationError, lists: &ListsFile, choice: Option<&ChoiceFile>) -> InputError {
    let msg = e.to_string();
    let on_choice = |c: &str, p: &str, name: Option<&str>| -> InputError {
        let Some(ch) = choice else { return InputError::new(&lists.path, msg.clone()) };
        let mut err = InputError::new(&ch.path, msg.clone()).field(if name.is_some() { "name" } else { "party" });
        let line = name
            .and_then(|n| ch.lines.get(&(c.to_string(), p.to_string(), n.to_string())))
            .or_else(|| ch.list_lines.get(&(c.to_string(), p.to_string())))
            .or_else(|| ch.list_lines.iter().find(|((_, pp), _)| pp == p).map(|(_, l)| l));
        if let Some(&l) = line {
            err = err.line(l).with_source(&ch.text);
        }
        err
    };
    match &e {
        DesignationError::NoSuchList { constituency, party } | DesignationError::DuplicateList { constituency, party } => {
            lists.err_at(constituency, party, msg)
        }
        DesignationError::SeveralNationalLists { party } | DesignationError::PartyScopeSeveralLists { party, .. } => {
            let c = lists.lists.iter().find(|l| l.party == *party).map(|l| l.constituency.clone()).unwrap_or_default();
            lists.err_at(&c, party, msg)
        }
        DesignationError::NoList { .. } => InputError::new(&lists.path, msg),
        DesignationError::NoBallots { .. } => InputError::new("--ballots", format!("{msg}: give them with --ballots FILE (docs/candidates.md)")),
        DesignationError::NoChoice => InputError::new("--choice", "the law designates by party choice: give the party's choice with --choice FILE"),
        DesignationError::ChoiceNotOnList { constituency, party, name } | DesignationError::ChoiceTwice { constituency, party, name } => {
            on_choice(constituency, party, Some(name))
        }
        DesignationError::ChoiceMissing { constituency, party, .. }
        | DesignationError::ChoiceCount { constituency, party, .. }
        | DesignationError::ChoiceUnknownList { constituency, party } => on_choice(constituency, party, None),
    }
}

/// Reads the designation from the JSON that `mandat run --candidates --format json`
/// writes (its `designation` member), for `mandat vacancy`.
pub fn parse_designation(text: &str, path: &str) -> Result<mandat_core::candidates::Designation, InputError> {
    #[derive(Deserialize)]
    struct R {
        designation: Option<mandat_core::candidates::Designation>,
    }
    if text.trim().is_empty() {
        return Err(InputError::new(path, "the file is empty; expected the JSON of `mandat run --candidates ... --format json`"));
    }
    let r: R = serde_json::from_str(text).map_err(|e| json_err(text, path, e))?;
    r.designation.ok_or_else(|| {
        InputError::new(path, "no `designation` in this result: write it with `mandat run --law L results --candidates lists.csv --format json`")
            .field("designation")
    })
}

/// Reads the designation as [`parse_designation`] does, and checks that it was written
/// under `law`: the result names the same law (`law.id`), the same designation rule, and
/// only constituencies of the law (when the law names its constituencies). A vacancy
/// filled under another law than the one that designated the members would name the
/// wrong successor.
pub fn parse_designation_for(law: &mandat_core::law::Law, text: &str, path: &str) -> Result<mandat_core::candidates::Designation, InputError> {
    let d = parse_designation(text, path)?;
    #[derive(Deserialize)]
    struct R {
        law: Option<LawRef>,
    }
    #[derive(Deserialize)]
    struct LawRef {
        id: Option<String>,
    }
    let r: R = serde_json::from_str(text).map_err(|e| json_err(text, path, e))?;
    let wanted = &law.id;
    match r.law.and_then(|l| l.id) {
        None => {
            return Err(InputError::new(path, format!("the result names no law: expected `law.id` {wanted:?}, as `mandat run --law {wanted} ... --format json` writes it")).field("law.id"));
        }
        Some(id) if id != *wanted => {
            return Err(InputError::new(path, format!("this result was counted under the law {id:?}, not {wanted:?}: give --law {id}, or count again under {wanted}")).field("law.id"));
        }
        Some(_) => {}
    }
    let rule = law.candidates.as_ref().map(|c| c.designation).unwrap_or(mandat_core::candidates::DesignationRule::ClosedList).describe();
    if d.rule != rule {
        return Err(InputError::new(path, format!("the members were designated by {:?}, but {wanted} designates by {rule:?}: the law has changed since; count again", d.rule)).field("designation.rule"));
    }
    if !law.constituencies.is_empty() {
        for (i, l) in d.lists.iter().enumerate() {
            if !law.constituencies.iter().any(|c| c.name == l.constituency) {
                return Err(InputError::new(path, format!("constituency {:?} is not one of the constituencies of {wanted}", l.constituency)).field(format!("designation.lists[{i}].constituency")));
            }
        }
    }
    Ok(d)
}

// ---- rendering ----------------------------------------------------------------------

use mandat_core::candidates::designate::{ListOutcome, Ranked, Reason};
use mandat_core::candidates::{Designation, Violation};
use std::fmt::Write;

use crate::report::thousands;

fn t(n: u64) -> String {
    thousands(n as u128)
}

/// The reason a person was elected, in words.
pub fn reason_text(r: &Ranked, lo: &ListOutcome) -> String {
    let art = |a: &Option<String>| a.as_deref().map(|a| format!(" ({a})")).unwrap_or_default();
    match &r.reason {
        None => "not elected".into(),
        Some(Reason::ListOrder { position }) => format!("list position {position}"),
        Some(Reason::Devolution { own, devolved, total, eligibility }) => {
            if *devolved > 0 {
                format!("{} preference votes + {} devolved list votes = {} (E = {})", t(*own), t(*devolved), t(*total), t(*eligibility))
            } else {
                format!("{} preference votes (E = {}; no devolved votes)", t(*own), t(*eligibility))
            }
        }
        Some(Reason::PreferenceThreshold { votes, bar }) => {
            format!("{} preference votes, at or above the preference threshold of {}", t(*votes), t(*bar))
        }
        Some(Reason::PreferenceVotes { votes, rank }) => format!("{} preference votes (rank {rank} on the list)", t(*votes)),
        Some(Reason::PartyChoice { rank }) => format!("chosen by the party ({rank}. in its choice)"),
        Some(Reason::QuotaPreAllocation { quota, article }) => {
            format!("seat reserved by quota {quota:?}{} (rank {} on the list)", art(article), rank_of(r, lo))
        }
        Some(Reason::Succession { left }) => format!("succeeded {left}, who left"),
        Some(Reason::QuotaReplacement { quota, replaced, article }) => {
            format!("replaced {replaced} so that quota {quota:?} holds{} (rank {} on the list)", art(article), rank_of(r, lo))
        }
    }
}

fn rank_of(r: &Ranked, lo: &ListOutcome) -> usize {
    lo.ranking.iter().position(|x| x.candidate.name == r.candidate.name).map_or(0, |i| i + 1)
}

/// The designation as JSON: every list with its ranking, substitutes, ties and
/// replacements, every elected person with the reason in words, every quota check.
pub fn designation_json(d: &Designation) -> serde_json::Value {
    let mut v = serde_json::to_value(d).unwrap_or(serde_json::Value::Null);
    let elected: Vec<serde_json::Value> = d
        .elected()
        .map(|(lo, r)| {
            serde_json::json!({
                "constituency": lo.constituency,
                "party": lo.party,
                "name": r.candidate.name,
                "position": r.candidate.position,
                "preference_votes": r.candidate.preference_votes,
                "devolved_votes": r.devolved,
                "reason": r.reason,
                "explanation": reason_text(r, lo),
            })
        })
        .collect();
    v["elected"] = serde_json::Value::Array(elected);
    v
}

/// The elected, list by list, with the reason for each, the ties, the replacements,
/// the substitutes and the quota checks.
pub fn explain_designation(d: &Designation) -> String {
    let mut out = String::new();
    let art = d.article.as_deref().map(|a| format!(" ({a})")).unwrap_or_default();
    let _ = writeln!(out, "Designation of the elected{art}: {}", d.rule);
    for lo in &d.lists {
        if lo.seats == 0 {
            continue;
        }
        let _ = writeln!(out, "\n{} / {}: {} seat(s), {} list votes", lo.constituency, lo.party, lo.seats, t(lo.list_votes));
        if let (Some(e), Some(pot)) = (lo.eligibility, lo.pot) {
            let _ = writeln!(
                out,
                "  eligibility figure E = ceil({} / {}) = {}; pot {} devolved in ballot order, {} left",
                t(lo.list_votes),
                lo.seats + 1,
                t(e),
                t(pot),
                t(lo.pot_left.unwrap_or(0))
            );
        }
        if let Some(bar) = lo.preference_bar {
            let _ = writeln!(out, "  preference threshold: {} votes", t(bar));
        }
        for (k, r) in lo.elected().enumerate() {
            let _ = writeln!(out, "  {:>3}. {} (position {}): {}", k + 1, r.candidate.name, r.candidate.position, reason_text(r, lo));
        }
        if lo.unfilled > 0 {
            let _ = writeln!(out, "  {} seat(s) unfilled: the list has too few candidates", lo.unfilled);
        }
        for tie in &lo.ties {
            let _ = writeln!(
                out,
                "  Tie on equal {} {} among {}: {} by {}",
                tie.on,
                t(tie.value),
                tie.contenders.join(", "),
                tie.winners.join(", "),
                tie.decided_by
            );
        }
        for rep in &lo.replacements {
            let _ = writeln!(out, "  Quota {:?}: {} replaces {}", rep.quota, rep.elected, rep.replaced);
        }
        if !lo.substitutes.is_empty() {
            let pot = lo.substitute_pot.map(|p| format!(" (pot {})", t(p))).unwrap_or_default();
            let subs: Vec<String> = lo
                .substitutes
                .iter()
                .enumerate()
                .map(|(k, s)| {
                    if s.devolved > 0 || s.total > 0 {
                        format!("{}. {} ({})", k + 1, s.candidate.name, t(s.total))
                    } else {
                        format!("{}. {}", k + 1, s.candidate.name)
                    }
                })
                .collect();
            let _ = writeln!(out, "  Substitutes in order{pot}: {}", subs.join(", "));
        }
    }
    if !d.quotas.is_empty() {
        let _ = writeln!(out, "\nMandate quotas:");
        for q in &d.quotas {
            let verdict = if q.met {
                "met".to_string()
            } else if q.violation {
                "NOT MET although the list has enough members of the category".to_string()
            } else {
                format!("not met: the list has only {} member(s) of the category, {} short", q.available, q.shortfall)
            };
            let art = q.article.as_deref().map(|a| format!(" ({a})")).unwrap_or_default();
            let _ = writeln!(out, "  {:?}{art}, {}: {} of {} seats, at least {} needed: {verdict}", q.quota, q.unit, q.have, q.seats, q.need);
        }
    }
    out
}

/// The elected as a table: constituency, party, name, reason.
pub fn elected_table(d: &Designation) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Elected:");
    for (lo, r) in d.elected() {
        let _ = writeln!(
            out,
            "  {} / {}: {} (position {}) — {}",
            lo.constituency,
            lo.party,
            r.candidate.name,
            r.candidate.position,
            reason_text(r, lo)
        );
    }
    out
}

/// List-rule violations, one per line: where, which rule, what, the article.
pub fn violations_text(v: &[Violation]) -> String {
    let mut out = String::new();
    for x in v {
        let pos = if x.positions.is_empty() {
            String::new()
        } else {
            format!(" positions {}", x.positions.iter().map(u32::to_string).collect::<Vec<_>>().join(", "))
        };
        let art = x.article.as_deref().map(|a| format!(" [{a}]")).unwrap_or_default();
        let _ = writeln!(out, "{} / {} ({}{pos}): {}: {}{art}", x.constituency, x.party, x.candidates, x.rule, x.message);
    }
    out
}
