//! RCTab contest configurations (`<case>_config.json`) and the cast-vote records they
//! name, read the way RCTab reads them so that its reports can be reproduced.
//!
//! Supported CVR providers: `ess` (ES&S .xlsx, through calamine), `genericCsv`, `cdf`
//! (NIST SP 1500-103 JSON and XML), `dominion` (CvrExport.json), `hart` (XML folder),
//! `clearBallot` (CSV). Candidate names and aliases, the overvote, skipped-rank and
//! undeclared-write-in labels, and the overvote delimiter map to ranks exactly as in
//! RCTab; a name that is not a declared candidate or alias is an error naming the file
//! and the row or cell.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use mandat_core::ranked::fixed::parse_fixed;
use mandat_core::ranked::rctab::{self, OvervoteRule, RctabRules, TiebreakMode, WinnerMode};
use mandat_core::ranked::{BallotBox, Cand, Fixed, Rank, RankedError, Tabulation, OVERVOTE};
use serde_json::Value;

use super::report::ReportMeta;
use crate::error::InputError;

/// RCTab's name for the undeclared write-in pseudo-candidate.
pub const UWI_NAME: &str = "Undeclared Write-ins";

/// A configuration, read with its CVRs, ready to count.
#[derive(Clone, Debug)]
pub struct RctabRun {
    pub meta: ReportMeta,
    pub rules: RctabRules,
    pub ballots: BallotBox,
}

impl RctabRun {
    /// Counts: one tabulation, or one per pass for sequential IRV.
    pub fn tabulate(&self) -> Result<Vec<Tabulation>, RankedError> {
        if self.rules.mode == WinnerMode::MultiPassIrv {
            rctab::tabulate_sequential(&self.ballots, &self.rules)
        } else {
            rctab::tabulate(&self.ballots, &self.rules).map(|t| vec![t])
        }
    }
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    match v.get(k) {
        Some(Value::String(x)) => x.as_str(),
        _ => "",
    }
}

fn flag(v: &Value, k: &str) -> bool {
    match v.get(k) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(x)) => x.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// How CVR cells map to candidates: names and aliases, the special labels.
struct Names {
    index: HashMap<String, Cand>,
    overvote_label: String,
    skipped_label: String,
    uwi_label: String,
    uwi: Option<Cand>,
}

impl Names {
    /// `None`: a skipped rank. `Some(OVERVOTE)`: an explicit overvote.
    fn lookup(&self, name: &str) -> Result<Option<Cand>, String> {
        let name = name.trim();
        if name.is_empty() || (!self.skipped_label.is_empty() && name == self.skipped_label) {
            return Ok(None);
        }
        if !self.overvote_label.is_empty() && name == self.overvote_label {
            return Ok(Some(OVERVOTE));
        }
        if !self.uwi_label.is_empty() && name == self.uwi_label {
            return Ok(self.uwi);
        }
        match self.index.get(name) {
            Some(&c) => Ok(Some(c)),
            None => {
                // CDF files may break a name over runs of spaces ("John Kasich and  Mary Taylor").
                let collapsed = name.split_whitespace().collect::<Vec<_>>().join(" ");
                match self.index.get(&collapsed) {
                    Some(&c) => Ok(Some(c)),
                    None => Err(format!("{name:?} is not a candidate or an alias in the configuration")),
                }
            }
        }
    }
}

/// Reads a configuration file and every CVR file it names (paths relative to it).
pub fn load(config_path: &str) -> Result<RctabRun, InputError> {
    let text = crate::read_text(config_path)?;
    let cfg: Value = serde_json::from_str(&text).map_err(|e| {
        InputError::new(config_path, e.to_string().rsplit_once(" at line ").map_or(e.to_string(), |(m, _)| m.to_string())).line(e.line()).column(e.column())
    })?;
    let bad = |field: &str, msg: String| InputError::new(config_path, msg).field(field.to_string());
    let out = cfg.get("outputSettings").cloned().unwrap_or(Value::Null);
    let meta = ReportMeta {
        contest: s(&out, "contestName").into(),
        date: s(&out, "contestDate").into(),
        jurisdiction: s(&out, "contestJurisdiction").into(),
        office: s(&out, "contestOffice").into(),
        num_winners: None,
    };
    let rules = cfg.get("rules").ok_or_else(|| bad("rules", "the configuration has no `rules`".into()))?;
    let sources = cfg.get("cvrFileSources").and_then(Value::as_array).ok_or_else(|| bad("cvrFileSources", "expected a list of CVR sources".into()))?;
    let cands = cfg.get("candidates").and_then(Value::as_array).ok_or_else(|| bad("candidates", "expected a list of candidates".into()))?;

    // Candidates in config order; the undeclared write-in pseudo-candidate last when any
    // source has a write-in label (or treats blanks as write-ins), as RCTab does.
    let mut names: Vec<String> = Vec::new();
    let mut excluded: Vec<bool> = Vec::new();
    let mut index: HashMap<String, Cand> = HashMap::new();
    for (i, c) in cands.iter().enumerate() {
        let name = s(c, "name").trim().to_string();
        if name.is_empty() {
            return Err(bad(&format!("candidates[{i}].name"), "a candidate has no name".into()));
        }
        let k = names.len() as Cand;
        if index.insert(name.clone(), k).is_some() {
            return Err(bad(&format!("candidates[{i}].name"), format!("candidate {name:?} appears twice")));
        }
        if let Some(al) = c.get("aliases").and_then(Value::as_array) {
            for a in al.iter().filter_map(Value::as_str) {
                index.insert(a.trim().to_string(), k);
            }
        }
        // Older configurations give a `code` instead of aliases.
        if !s(c, "code").is_empty() {
            index.insert(s(c, "code").trim().to_string(), k);
        }
        names.push(name);
        excluded.push(flag(c, "excluded"));
    }
    let has_uwi = sources.iter().any(|x| !s(x, "undeclaredWriteInLabel").is_empty() || flag(x, "treatBlankAsUndeclaredWriteIn"));
    let uwi = if has_uwi {
        names.push(UWI_NAME.into());
        excluded.push(false);
        index.insert(UWI_NAME.into(), names.len() as Cand - 1);
        Some(names.len() as Cand - 1)
    } else {
        None
    };
    let declared = cands.len();

    let int = |k: &str, default: Option<i64>| -> Result<Option<i64>, InputError> {
        let v = s(rules, k).trim();
        if v.is_empty() {
            return Ok(default);
        }
        v.parse::<i64>().map(Some).map_err(|_| bad(&format!("rules.{k}"), format!("expected a whole number, found {v:?}")))
    };
    let decimals = int("decimalPlacesForVoteArithmetic", Some(4))?.unwrap_or(4);
    if !(0..=20).contains(&decimals) {
        return Err(bad("rules.decimalPlacesForVoteArithmetic", format!("expected 0 to 20 decimal places, found {decimals}")));
    }
    let decimals = decimals as u8;
    let seats = int("numberOfWinners", Some(1))?.unwrap_or(1);
    let mode = match s(rules, "winnerElectionMode") {
        "singleWinnerMajority" | "" => WinnerMode::SingleWinnerMajority,
        "multiWinnerAllowOnlyOneWinnerPerRound" => WinnerMode::MultiWinnerAllowOnlyOneWinnerPerRound,
        "multiWinnerAllowMultipleWinnersPerRound" => WinnerMode::MultiWinnerAllowMultipleWinnersPerRound,
        "bottomsUp" => WinnerMode::BottomsUp,
        "bottomsUpUsingPercentageThreshold" => {
            let p = s(rules, "multiSeatBottomsUpPercentageThreshold");
            let pct = parse_fixed(p, decimals).ok_or_else(|| bad("rules.multiSeatBottomsUpPercentageThreshold", format!("expected a percentage, found {p:?}")))?;
            WinnerMode::BottomsUpUsingPercentageThreshold(Fixed { raw: pct.raw / 100, scale: decimals }.rescale(decimals))
        }
        "multiPassIrv" => WinnerMode::MultiPassIrv,
        other => return Err(bad("rules.winnerElectionMode", format!("unknown winner election mode {other:?}"))),
    };
    let mut meta = meta;
    if matches!(mode, WinnerMode::BottomsUpUsingPercentageThreshold(_)) {
        meta.num_winners = Some(seats.max(0) as u32);
    }
    // RCTab 2.0.0 counts such a contest (its case `more_winners_than_candidates` elects
    // all 4 candidates and reports 5 winners); mandat refuses it: seats would stay empty.
    if seats > declared as i64 {
        return Err(bad("rules.numberOfWinners", format!("{seats} winners but only {declared} declared candidate(s): expected at most {declared}")));
    }
    let seats = match mode {
        WinnerMode::BottomsUpUsingPercentageThreshold(_) => 1,
        _ if seats >= 1 => seats as u32,
        _ => return Err(bad("rules.numberOfWinners", format!("expected at least 1 winner, found {seats}"))),
    };
    let overvote = match s(rules, "overvoteRule") {
        "alwaysSkipToNextRank" => OvervoteRule::AlwaysSkipToNextRank,
        "exhaustImmediately" => OvervoteRule::ExhaustImmediately,
        "exhaustIfMultipleContinuing" => OvervoteRule::ExhaustIfMultipleContinuing,
        other => return Err(bad("rules.overvoteRule", format!("unknown overvote rule {other:?}"))),
    };
    let tiebreak = match s(rules, "tiebreakMode") {
        "random" => TiebreakMode::Random,
        "previousRoundCountsThenRandom" => TiebreakMode::PreviousRoundCountsThenRandom,
        "useCandidateOrder" => TiebreakMode::UseCandidateOrder,
        "generatePermutation" => TiebreakMode::GeneratePermutation,
        "stopCountingAndAsk" | "previousRoundCountsThenAsk" => TiebreakMode::StopCountingAndAsk,
        other => return Err(bad("rules.tiebreakMode", format!("unknown tie-break mode {other:?}"))),
    };
    let max_rankings = match s(rules, "maxRankingsAllowed").trim() {
        "max" | "" => declared as u32,
        v => v.parse::<u32>().ok().filter(|&n| n >= 1).ok_or_else(|| bad("rules.maxRankingsAllowed", format!("expected a positive number or \"max\", found {v:?}")))?,
    };
    let max_skipped = match s(rules, "maxSkippedRanksAllowed").trim() {
        "unlimited" | "" => None,
        v => Some(v.parse::<u32>().map_err(|_| bad("rules.maxSkippedRanksAllowed", format!("expected a number or \"unlimited\", found {v:?}")))?),
    };
    let min_threshold = {
        let v = s(rules, "minimumVoteThreshold").trim();
        if v.is_empty() { Fixed::zero(decimals) } else { parse_fixed(v, decimals).ok_or_else(|| bad("rules.minimumVoteThreshold", format!("expected a number, found {v:?}")))? }
    };
    let seed = int("randomSeed", Some(0))?.unwrap_or(0);
    let stop_after = int("stopTabulationEarlyAfterRound", None)?.map(|x| x.max(0) as u32);
    let rules = RctabRules {
        seats,
        mode,
        overvote,
        max_skipped_ranks: max_skipped,
        max_rankings,
        exhaust_on_duplicate: flag(rules, "exhaustOnDuplicateCandidate"),
        cutoff_elimination: flag(rules, "cutoffElimination"),
        batch_elimination: flag(rules, "batchElimination"),
        continue_until_two: flag(rules, "continueUntilTwoCandidatesRemain"),
        minimum_vote_threshold: min_threshold,
        first_round_determines_threshold: flag(rules, "doesFirstRoundDetermineThreshold"),
        hare_quota: flag(rules, "hareQuota"),
        non_integer_threshold: flag(rules, "nonIntegerWinningThreshold"),
        decimals,
        stop_after_round: stop_after,
        tiebreak,
        seed,
        permutation: (0..names.len() as Cand).filter(|&c| Some(c) != uwi).collect(),
        undeclared_write_in: uwi,
    };

    let base = Path::new(config_path).parent().unwrap_or(Path::new(".")).to_path_buf();
    let mut bb = BallotBox::new(names.clone());
    bb.withdrawn = excluded;
    for (i, src) in sources.iter().enumerate() {
        let file = s(src, "filePath");
        if file.is_empty() {
            return Err(bad(&format!("cvrFileSources[{i}].filePath"), "no file path".into()));
        }
        let path = resolve(&base, file);
        let n = Names {
            index: index.clone(),
            overvote_label: s(src, "overvoteLabel").trim().into(),
            skipped_label: s(src, "skippedRankLabel").trim().into(),
            uwi_label: s(src, "undeclaredWriteInLabel").trim().into(),
            uwi,
        };
        let p = path.display().to_string();
        match s(src, "provider") {
            "ess" => read_ess(&p, src, &n, max_rankings, &mut bb)?,
            "genericCsv" => read_generic_csv(&p, src, &n, &mut bb)?,
            "cdf" => {
                if p.to_ascii_lowercase().ends_with(".xml") {
                    read_cdf_xml(&p, src, &n, &mut bb)?
                } else {
                    read_cdf_json(&p, src, &n, &mut bb)?
                }
            }
            "dominion" => read_dominion(&p, src, &n, &mut bb)?,
            "clearBallot" => read_clear_ballot(&p, src, &n, &mut bb)?,
            "hart" => read_hart(&p, src, &n, &mut bb)?,
            other => return Err(bad(&format!("cvrFileSources[{i}].provider"), format!("CVR provider {other:?} is not supported yet"))),
        }
    }
    bb.seal();
    Ok(RctabRun { meta, rules, ballots: bb })
}

fn resolve(base: &Path, file: &str) -> PathBuf {
    let p = Path::new(file);
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        base.join(p)
    }
}

/// Adds one CVR given as (rank, candidate) marks.
fn add_cvr(bb: &mut BallotBox, marks: &mut [(u32, Cand)]) {
    marks.sort_by_key(|m| m.0);
    let mut ranks: Vec<Rank> = Vec::new();
    for &(r, c) in marks.iter() {
        match ranks.last_mut() {
            Some(last) if last.number == r => {
                if !last.marks.contains(&c) {
                    last.marks.push(c)
                }
            }
            _ => ranks.push(Rank::one(r, c)),
        }
    }
    bb.add(ranks, 1);
}

/// The 0-based numbers of the `<row>` elements of the workbook's first sheet.
fn sheet_rows(path: &str) -> Result<Vec<usize>, InputError> {
    use std::io::Read;
    let fail = |m: String| InputError::new(path, format!("cannot read the spreadsheet: {m}"));
    crate::check_ballots_size(path)?;
    let f = std::fs::File::open(path).map_err(|e| fail(e.to_string()))?;
    let mut z = zip::ZipArchive::new(std::io::BufReader::new(f)).map_err(|e| fail(e.to_string()))?;
    let name = (0..z.len())
        .filter_map(|i| z.name_for_index(i).map(str::to_string))
        .filter(|n| n.starts_with("xl/worksheets/sheet") && n.ends_with(".xml"))
        .min_by_key(|n| (n.len(), n.clone()))
        .ok_or_else(|| fail("no worksheet".into()))?;
    let mut xml = Vec::new();
    // Bounded like any ballot file: a small archive may inflate to anything.
    let limit = crate::max_input(crate::InputKind::Ballots);
    z.by_name(&name).map_err(|e| fail(e.to_string()))?.take(limit + 1).read_to_end(&mut xml).map_err(|e| fail(e.to_string()))?;
    if xml.len() as u64 > limit {
        return Err(fail(format!("its sheet inflates to more than the limit of {limit} bytes for a ballot file; raise it with --max-input-size or MANDAT_MAX_INPUT")));
    }
    let mut rows = Vec::new();
    let mut next = 0usize;
    let mut i = 0;
    while let Some(p) = memchr_row(&xml[i..]) {
        let start = i + p + 4;
        let end = xml[start..].iter().position(|&b| b == b'>').map_or(xml.len(), |e| start + e);
        let tag = &xml[start..end];
        let r = find_attr(tag, b"r=\"").and_then(|v| std::str::from_utf8(v).ok()?.parse::<usize>().ok()).map(|r| r - 1).unwrap_or(next);
        rows.push(r);
        next = r + 1;
        i = end;
    }
    Ok(rows)
}

fn memchr_row(h: &[u8]) -> Option<usize> {
    h.windows(5).position(|w| w == b"<row " || w == b"<row>")
}

fn find_attr<'a>(tag: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let p = tag.windows(key.len()).position(|w| w == key)?;
    // Only a whole attribute name: preceded by a space.
    if p > 0 && tag[p - 1] != b' ' {
        return None;
    }
    let v = &tag[p + key.len()..];
    let e = v.iter().position(|&b| b == b'"')?;
    Some(&v[..e])
}

fn cell_text(d: &calamine::Data) -> String {
    use calamine::Data;
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "TRUE".into() } else { "FALSE".into() },
        other => other.to_string(),
    }
}

fn col_name(mut c: usize) -> String {
    let mut s = String::new();
    c += 1;
    while c > 0 {
        let r = (c - 1) % 26;
        s.insert(0, (b'A' + r as u8) as char);
        c = (c - 1) / 26;
    }
    s
}

/// ES&S: one row per ballot from `firstVoteRowIndex`, one column per rank from
/// `firstVoteColumnIndex` (1-based), `maxRankingsAllowed` columns; a cell holds a name
/// or alias, the overvote / skipped-rank / write-in label, or several names split by
/// the overvote delimiter.
fn read_ess(path: &str, src: &Value, names: &Names, max_rankings: u32, bb: &mut BallotBox) -> Result<(), InputError> {
    use calamine::{open_workbook_auto, Reader};
    // First, bounded: the file's size and its sheet's inflated size (calamine reads it whole).
    let present = sheet_rows(path)?;
    let mut wb = open_workbook_auto(path).map_err(|e| InputError::new(path, format!("cannot read the spreadsheet: {e}")))?;
    let range = wb
        .worksheet_range_at(0)
        .ok_or_else(|| InputError::new(path, "the workbook has no sheet"))?
        .map_err(|e| InputError::new(path, format!("cannot read the first sheet: {e}")))?;
    let idx = |k: &str, d: usize| -> Result<usize, InputError> {
        let v = s(src, k).trim();
        if v.is_empty() {
            return Ok(d);
        }
        v.parse::<usize>().ok().filter(|&n| n >= 1).map(|n| n - 1).ok_or_else(|| InputError::new(path, format!("{k} must be a positive number, found {v:?}")).field(k.to_string()))
    };
    let first_col = idx("firstVoteColumnIndex", 1)?;
    let first_row = idx("firstVoteRowIndex", 1)?;
    let delim = s(src, "overvoteDelimiter");
    let blank_uwi = flag(src, "treatBlankAsUndeclaredWriteIn");
    let (r0, c0) = range.start().map(|(r, c)| (r as usize, c as usize)).unwrap_or((0, 0));
    // RCTab streams the sheet with Apache POI, which reports every <row> element, even
    // one without cells (an empty ballot, an undervote), and none that is absent.
    let empty: Vec<calamine::Data> = Vec::new();
    let all: Vec<&[calamine::Data]> = range.rows().collect();
    let mut marks: Vec<(u32, Cand)> = Vec::new();
    for r in present.into_iter().filter(|&r| r >= first_row) {
        let row: &[calamine::Data] = if r >= r0 && r - r0 < range.height() { all.get(r - r0).copied().unwrap_or(&empty) } else { &empty };
        marks.clear();
        for rank in 1..=max_rankings {
            let c = first_col + rank as usize - 1;
            let text = if c >= c0 { row.get(c - c0).map(cell_text).unwrap_or_default() } else { String::new() };
            let text = text.trim();
            if text.is_empty() {
                if blank_uwi {
                    if let Some(u) = names.uwi {
                        marks.push((rank, u));
                    }
                }
                continue;
            }
            let parts: Vec<&str> = if delim.is_empty() { vec![text] } else { text.split(delim).collect() };
            for p in &parts {
                if parts.len() > 1 && (p.trim().is_empty() || p.trim() == names.skipped_label) {
                    return Err(InputError::new(path, format!("cell {}{}: a cell split by the overvote delimiter must not hold a blank or a skipped-rank label", col_name(c), r + 1)).field(format!("rank {rank}")));
                }
                match names.lookup(p) {
                    Ok(Some(k)) => marks.push((rank, k)),
                    Ok(None) => {}
                    Err(m) => return Err(InputError::new(path, format!("cell {}{}: {m}", col_name(c), r + 1)).line(r + 1).field(format!("rank {rank}"))),
                }
            }
        }
        add_cvr(bb, &mut marks);
    }
    Ok(())
}

/// Generic CSV (RCTab `genericCsv`): a header row naming a candidate per column from
/// `firstVoteColumnIndex`; each cell holds the rank given to that candidate.
fn read_generic_csv(path: &str, src: &Value, names: &Names, bb: &mut BallotBox) -> Result<(), InputError> {
    let text = crate::read_ballots_text(path)?;
    let first_col = s(src, "firstVoteColumnIndex").trim().parse::<usize>().unwrap_or(1).max(1) - 1;
    let first_row = s(src, "firstVoteRowIndex").trim().parse::<usize>().unwrap_or(2).max(1) - 1;
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut header: Vec<Option<Cand>> = Vec::new();
    let mut marks = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| InputError::new(path, format!("not valid CSV: {e}")).line(e.position().map_or(i + 1, |p| p.line() as usize)))?;
        if i == 0 {
            for (j, h) in rec.iter().enumerate() {
                if j < first_col {
                    header.push(None);
                    continue;
                }
                let k = names.lookup(h).map_err(|m| InputError::new(path, format!("header column {}: {m}", j + 1)).line(1).field("header"))?;
                header.push(k);
            }
            continue;
        }
        if i < first_row {
            continue;
        }
        marks.clear();
        for (j, cell) in rec.iter().enumerate().skip(first_col) {
            let cell = cell.trim();
            if cell.is_empty() {
                continue;
            }
            let rank: u32 = cell.parse().ok().filter(|&r| r >= 1).ok_or_else(|| {
                InputError::new(path, format!("expected a rank (1, 2, ...), found {cell:?}")).line(i + 1).field(format!("column {}", j + 1)).with_source(&text)
            })?;
            if let Some(Some(c)) = header.get(j) {
                marks.push((rank, *c));
            } else if header.get(j).is_none() {
                return Err(InputError::new(path, "more cells than header columns").line(i + 1).with_source(&text));
            }
        }
        add_cvr(bb, &mut marks);
    }
    Ok(())
}

/// NIST SP 1500-103 CDF, JSON: candidates through contest selections; each CVR's current
/// snapshot lists (selection, rank) positions with an indication.
fn read_cdf_json(path: &str, src: &Value, names: &Names, bb: &mut BallotBox) -> Result<(), InputError> {
    let text = crate::read_ballots_text(path)?;
    let v: Value = serde_json::from_str(&text).map_err(|e| InputError::new(path, format!("not valid JSON: {e}")).line(e.line()).column(e.column()))?;
    // `contestId` names the contest by id or by name.
    let mut contest_id = s(src, "contestId").to_string();
    let mut cand_names: HashMap<String, String> = HashMap::new();
    let mut sel: HashMap<String, Option<Cand>> = HashMap::new();
    for e in v.get("Election").and_then(Value::as_array).into_iter().flatten() {
        for ct in e.get("Contest").and_then(Value::as_array).into_iter().flatten() {
            if !contest_id.is_empty() && s(ct, "Name") == contest_id {
                contest_id = s(ct, "@id").to_string();
            }
        }
        for c in e.get("Candidate").and_then(Value::as_array).into_iter().flatten() {
            cand_names.insert(s(c, "@id").into(), s(c, "Name").into());
        }
        for ct in e.get("Contest").and_then(Value::as_array).into_iter().flatten() {
            for cs in ct.get("ContestSelection").and_then(Value::as_array).into_iter().flatten() {
                let id = s(cs, "@id").to_string();
                let cid = cs.get("CandidateIds").and_then(Value::as_array).and_then(|a| a.first()).and_then(Value::as_str);
                let name = match cid {
                    Some(c) => cand_names.get(c).cloned().unwrap_or_else(|| c.to_string()),
                    None => s(cs, "Code").to_string(),
                };
                let k = names.lookup(&name).map_err(|m| InputError::new(path, format!("contest selection {id:?}: {m}")).field("ContestSelection"))?;
                sel.insert(id, k);
            }
        }
    }
    let mut marks = Vec::new();
    for (i, cvr) in v.get("CVR").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let current = s(cvr, "CurrentSnapshotId");
        let snaps: Vec<&Value> = cvr.get("CVRSnapshot").and_then(Value::as_array).into_iter().flatten().collect();
        let snap = snaps.iter().find(|x| s(x, "@id") == current).or(snaps.first());
        marks.clear();
        let mut found = false;
        if let Some(snap) = snap {
            for ct in snap.get("CVRContest").and_then(Value::as_array).into_iter().flatten() {
                if !contest_id.is_empty() && s(ct, "ContestId") != contest_id.as_str() {
                    continue;
                }
                found = true;
                for cs in ct.get("CVRContestSelection").and_then(Value::as_array).into_iter().flatten() {
                    let id = s(cs, "ContestSelectionId");
                    let k = *sel.get(id).ok_or_else(|| InputError::new(path, format!("CVR {}: unknown contest selection {id:?}", i + 1)).field("ContestSelectionId"))?;
                    for pos in cs.get("SelectionPosition").and_then(Value::as_array).into_iter().flatten() {
                        if s(pos, "HasIndication") == "no" {
                            continue;
                        }
                        let rank = pos.get("Rank").and_then(Value::as_u64).unwrap_or(1) as u32;
                        if let Some(k) = k {
                            marks.push((rank, k));
                        }
                    }
                }
            }
        }
        if found {
            add_cvr(bb, &mut marks);
        }
    }
    Ok(())
}

/// NIST SP 1500-103 CDF, XML: the same structure as the JSON form.
fn read_cdf_xml(path: &str, src: &Value, names: &Names, bb: &mut BallotBox) -> Result<(), InputError> {
    let text = crate::read_ballots_text(path)?;
    let doc = roxmltree::Document::parse(&text).map_err(|e| {
        let p = e.pos();
        InputError::new(path, format!("not valid XML: {e}")).line(p.row as usize).column(p.col as usize)
    })?;
    let child_text = |n: roxmltree::Node, name: &str| -> String {
        n.children().find(|c| c.has_tag_name(name)).and_then(|c| c.text()).unwrap_or("").trim().to_string()
    };
    let mut contest_id = s(src, "contestId").to_string();
    for ct in doc.descendants().filter(|n| n.has_tag_name("Contest")) {
        if !contest_id.is_empty() && child_text(ct, "Name") == contest_id {
            contest_id = ct.attribute("ObjectId").unwrap_or("").to_string();
        }
    }
    let mut cand_names: HashMap<String, String> = HashMap::new();
    for c in doc.descendants().filter(|n| n.has_tag_name("Candidate")) {
        if let Some(id) = c.attribute("ObjectId") {
            cand_names.insert(id.into(), child_text(c, "Name"));
        }
    }
    let mut sel: HashMap<String, Option<Cand>> = HashMap::new();
    // Only the selections of the contest being counted (a file may hold many contests).
    let contests: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("Contest") && (contest_id.is_empty() || n.attribute("ObjectId") == Some(contest_id.as_str())))
        .collect();
    for cs in contests.iter().flat_map(|c| c.descendants()).filter(|n| n.has_tag_name("ContestSelection") && n.attribute("ObjectId").is_some()) {
        let id = cs.attribute("ObjectId").unwrap_or("").to_string();
        let cid = child_text(cs, "CandidateIds");
        let cid = cid.split_whitespace().next().unwrap_or("").to_string();
        let name = if cid.is_empty() { child_text(cs, "Code") } else { cand_names.get(&cid).cloned().unwrap_or(cid) };
        // Write-in selections without a candidate.
        let k = if name.is_empty() { names.uwi } else { names.lookup(&name).map_err(|m| InputError::new(path, format!("contest selection {id:?}: {m}")).line(doc.text_pos_at(cs.range().start).row as usize))? };
        sel.insert(id, k);
    }
    let mut marks = Vec::new();
    for cvr in doc.descendants().filter(|n| n.has_tag_name("CVR")) {
        let current = child_text(cvr, "CurrentSnapshotId");
        let snaps: Vec<roxmltree::Node> = cvr.children().filter(|n| n.has_tag_name("CVRSnapshot")).collect();
        let snap = snaps.iter().find(|n| n.attribute("ObjectId") == Some(current.as_str())).or(snaps.first());
        marks.clear();
        let mut found = false;
        if let Some(snap) = snap {
            for ct in snap.children().filter(|n| n.has_tag_name("CVRContest")) {
                if !contest_id.is_empty() && child_text(ct, "ContestId") != contest_id {
                    continue;
                }
                found = true;
                for cs in ct.children().filter(|n| n.has_tag_name("CVRContestSelection")) {
                    let id = child_text(cs, "ContestSelectionId");
                    let k = match sel.get(&id) {
                        Some(k) => *k,
                        None if !contest_id.is_empty() => None,
                        None => {
                            let line = doc.text_pos_at(cs.range().start).row as usize;
                            return Err(InputError::new(path, format!("unknown contest selection {id:?}")).line(line).field("ContestSelectionId"));
                        }
                    };
                    for pos in cs.children().filter(|n| n.has_tag_name("SelectionPosition")) {
                        if child_text(pos, "HasIndication") == "no" {
                            continue;
                        }
                        let rank = child_text(pos, "Rank").parse::<u32>().unwrap_or(1);
                        if let Some(k) = k {
                            marks.push((rank, k));
                        }
                    }
                }
            }
        }
        if found {
            add_cvr(bb, &mut marks);
        }
    }
    Ok(())
}

/// Dominion: a folder with `CvrExport.json` or `CvrExport_N.json`; each session's current
/// interpretation (`Modified` when current, else `Original`) lists cards, contests and
/// marks (candidate id, rank); which marks and sessions count depends on the export
/// version (see below). Candidate ids map to names through the configuration's aliases.
fn read_dominion(path: &str, src: &Value, names: &Names, bb: &mut BallotBox) -> Result<(), InputError> {
    let dir = Path::new(path);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| InputError::new(path, format!("cannot read the Dominion folder: {e}")))?
        .filter_map(|d| d.ok().map(|d| d.path()))
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("CvrExport") && n.ends_with(".json")))
        .collect();
    files.sort_by_key(|p| {
        let n = p.file_stem().and_then(|n| n.to_str()).unwrap_or("");
        (n.len(), n.to_string())
    });
    if files.is_empty() {
        return Err(InputError::new(path, "no CvrExport*.json in the Dominion folder"));
    }
    let contest: i64 = s(src, "contestId").trim().parse().map_err(|_| InputError::new(path, "contestId must be a Dominion contest number").field("contestId"))?;
    let mut marks = Vec::new();
    for f in files {
        let fp = f.display().to_string();
        let text = crate::read_ballots_text(&fp)?;
        let v: Value = serde_json::from_str(&text).map_err(|e| InputError::new(&fp, format!("not valid JSON: {e}")).line(e.line()).column(e.column()))?;
        // Exports from version 5.17 on flag the marks the tabulator counted (`IsVote`) and
        // record undervotes; RCTab's reports of them count only those marks, and only
        // sessions with a counted mark or an undervote. Older exports: every unambiguous
        // mark, every session with the contest. (Read off the suite's two export versions.)
        let version: Vec<u32> = s(&v, "Version").split('.').filter_map(|x| x.parse().ok()).collect();
        let vote_flags = version.first().copied().unwrap_or(0) > 5 || (version.first() == Some(&5) && version.get(1).copied().unwrap_or(0) >= 17);
        for (i, sess) in v.get("Sessions").and_then(Value::as_array).into_iter().flatten().enumerate() {
            let current = match sess.get("Modified") {
                Some(m) if m.get("IsCurrent").and_then(Value::as_bool) == Some(true) => m,
                _ => sess.get("Original").unwrap_or(&Value::Null),
            };
            let mut found = false;
            marks.clear();
            for card in current.get("Cards").and_then(Value::as_array).into_iter().flatten() {
                for ct in card.get("Contests").and_then(Value::as_array).into_iter().flatten() {
                    if ct.get("Id").and_then(Value::as_i64) != Some(contest) {
                        continue;
                    }
                    if !vote_flags || ct.get("Undervotes").and_then(Value::as_u64).unwrap_or(0) > 0 {
                        found = true;
                    }
                    for m in ct.get("Marks").and_then(Value::as_array).into_iter().flatten() {
                        let keep = if vote_flags {
                            m.get("IsVote").and_then(Value::as_bool) == Some(true)
                        } else {
                            m.get("IsAmbiguous").and_then(Value::as_bool) != Some(true)
                        };
                        if !keep {
                            continue;
                        }
                        found = true;
                        let cid = m.get("CandidateId").map(|x| x.to_string()).unwrap_or_default();
                        let rank = m.get("Rank").and_then(Value::as_u64).unwrap_or(0) as u32;
                        if rank == 0 {
                            return Err(InputError::new(&fp, format!("session {}: a mark without a rank", i + 1)).field("Rank"));
                        }
                        match names.lookup(&cid) {
                            Ok(Some(k)) => marks.push((rank, k)),
                            Ok(None) => {}
                            Err(msg) => return Err(InputError::new(&fp, format!("session {}: candidate id {msg}", i + 1)).field("CandidateId")),
                        }
                    }
                }
            }
            if found {
                add_cvr(bb, &mut marks);
            }
        }
    }
    Ok(())
}

/// Clear Ballot: one row per ballot; each choice column is named
/// `Choice_<id>_<n>:<contest>:<rank>:<vote for>:<candidate>:<party>` and holds 1 when marked.
/// Columns of other contests are ignored; write-in columns (`Write-in-…`) are undeclared
/// write-ins.
fn read_clear_ballot(path: &str, src: &Value, names: &Names, bb: &mut BallotBox) -> Result<(), InputError> {
    let text = crate::read_ballots_text(path)?;
    let contest = s(src, "contestId").trim();
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut cols: Vec<Option<(u32, Option<Cand>)>> = Vec::new();
    let mut marks = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| InputError::new(path, format!("not valid CSV: {e}")).line(e.position().map_or(i + 1, |p| p.line() as usize)))?;
        if i == 0 {
            for (j, h) in rec.iter().enumerate() {
                if !h.starts_with("Choice_") {
                    cols.push(None);
                    continue;
                }
                let parts: Vec<&str> = h.split(':').collect();
                if parts.len() < 5 {
                    return Err(InputError::new(path, format!("column {}: expected `Choice_id:contest:rank:vote for:candidate:party`, found {h:?}", j + 1)).line(1).field("header"));
                }
                if !contest.is_empty() && parts[1] != contest {
                    cols.push(None);
                    continue;
                }
                let rank: u32 = parts[2].trim().parse().map_err(|_| InputError::new(path, format!("column {}: the rank {:?} is not a number", j + 1, parts[2])).line(1).field("header"))?;
                let name = parts[4].trim();
                let k = match names.lookup(name) {
                    Ok(k) => k,
                    Err(_) if name.starts_with("Write-in") && names.uwi.is_some() => names.uwi,
                    Err(m) => return Err(InputError::new(path, format!("column {}: {m}", j + 1)).line(1).field("header")),
                };
                cols.push(Some((rank, k)));
            }
            continue;
        }
        marks.clear();
        for (j, cell) in rec.iter().enumerate() {
            if let Some(Some((rank, k))) = cols.get(j) {
                if cell.trim() == "1" {
                    if let Some(k) = k {
                        marks.push((*rank, *k));
                    }
                }
            }
        }
        add_cvr(bb, &mut marks);
    }
    Ok(())
}

/// Hart: a folder of XML files, one ballot each (`<Cvr>`); in the contest with the
/// configured id, each `<Option>` (candidate id) has a `<Value>` bit string whose set bits
/// are its ranks, the leftmost bit rank 1.
fn read_hart(path: &str, src: &Value, names: &Names, bb: &mut BallotBox) -> Result<(), InputError> {
    let contest = s(src, "contestId").trim();
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| InputError::new(path, format!("cannot read the Hart folder: {e}")))?
        .filter_map(|d| d.ok().map(|d| d.path()))
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("xml")))
        .collect();
    files.sort();
    let mut marks = Vec::new();
    for f in files {
        let fp = f.display().to_string();
        let text = crate::read_ballots_text(&fp)?;
        let doc = roxmltree::Document::parse(text.trim_start_matches('\u{feff}')).map_err(|e| {
            let p = e.pos();
            InputError::new(&fp, format!("not valid XML: {e}")).line(p.row as usize).column(p.col as usize)
        })?;
        let child = |n: roxmltree::Node, name: &str| -> String {
            n.children().find(|c| c.has_tag_name(name)).and_then(|c| c.text()).unwrap_or("").trim().to_string()
        };
        let mut found = false;
        marks.clear();
        for ct in doc.descendants().filter(|n| n.has_tag_name("Contest")) {
            if child(ct, "Id") != contest {
                continue;
            }
            found = true;
            for opt in ct.descendants().filter(|n| n.has_tag_name("Option")) {
                let id = child(opt, "Id");
                let value = child(opt, "Value");
                let k = names.lookup(&id).map_err(|m| {
                    InputError::new(&fp, format!("option {m}")).line(doc.text_pos_at(opt.range().start).row as usize).field("Option")
                })?;
                for (i, b) in value.bytes().enumerate() {
                    match b {
                        b'1' => {
                            if let Some(k) = k {
                                marks.push((i as u32 + 1, k));
                            }
                        }
                        b'0' => {}
                        _ => {
                            return Err(InputError::new(&fp, format!("option {id}: expected a string of 0 and 1, found {value:?}")).field("Value"));
                        }
                    }
                }
            }
        }
        if found {
            add_cvr(bb, &mut marks);
        }
    }
    Ok(())
}
