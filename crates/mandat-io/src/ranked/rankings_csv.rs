//! A simple CSV of rankings: one ballot per row, candidates' names in order of preference.
//!
//! ```text
//! weight,rank1,rank2,rank3      header; the weight column is optional
//! 3,Alice,Bob,
//! 1,Bob,,Alice                  an empty cell is a skipped rank
//! 1,Alice=Bob,Carol             `=` marks several candidates at one rank (an overvote)
//! ```
//!
//! Candidates are numbered in order of first appearance, unless a first line
//! `# candidates: Alice, Bob, Carol` lists them (which also fixes the candidate order the
//! tie rules use, and lets a candidate with no votes stand).

use std::collections::HashMap;

use mandat_core::ranked::{BallotBox, Cand, Marks, Rank};

use crate::error::InputError;

/// Reads the rankings CSV. Large inputs are parsed on every core ([`super::fast`]); the
/// result and every error are those of [`parse_rankings_csv_plain`].
pub fn parse_rankings_csv(text: &str, path: &str) -> Result<BallotBox, InputError> {
    super::fast::parse_csv_text(text, path)
}

/// Reads a rankings CSV file, streaming: the file is never held whole in memory (unless it
/// has to be handed to [`parse_rankings_csv_plain`] for an error or a rare form).
pub fn read_rankings_csv(path: &str) -> Result<BallotBox, InputError> {
    super::fast::read_csv_file(path)
}

/// The optional first line `# candidates: A, B, C`: where the CSV proper starts (byte
/// offset), its first line number, and the declared names (`None`: no such line).
pub(crate) struct Preamble {
    pub body: usize,
    pub first_line: usize,
    pub declared: Option<Vec<String>>,
}

/// Reads the preamble at the start of `text` (only its first line is looked at). An error
/// is the message for line 1, field `candidates`.
pub(crate) fn preamble(text: &str) -> Result<Preamble, String> {
    let Some(rest) = text.trim_start_matches('\u{feff}').strip_prefix('#') else {
        return Ok(Preamble { body: 0, first_line: 1, declared: None });
    };
    let (line, after) = rest.split_once('\n').unwrap_or((rest, ""));
    let body = text.len() - after.len();
    let Some(list) = line.trim_matches(|c: char| c.is_ascii_whitespace()).strip_prefix("candidates:") else {
        return Ok(Preamble { body, first_line: 2, declared: None });
    };
    // The names are a CSV record (a name may hold a comma inside quotes).
    // Trimmed as the ballot cells are (ASCII white space only).
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(list.trim_start_matches(|c: char| c.is_ascii_whitespace()).as_bytes());
    let rec = r.records().next().transpose().map_err(|e| format!("not valid CSV: {e}"))?.unwrap_or_default();
    let mut names: Vec<String> = Vec::new();
    for n in rec.iter().map(|n| n.trim_matches(|c: char| c.is_ascii_whitespace())).filter(|n| !n.is_empty()) {
        if names.iter().any(|m| m == n) {
            return Err(format!("candidate {n:?} is listed twice"));
        }
        names.push(n.to_string());
    }
    Ok(Preamble { body, first_line: 2, declared: Some(names) })
}

/// The reference reader of the rankings CSV: one thread, the whole text, the `csv` crate.
/// The fast readers give the same result and the same errors (tests/ranked_fast.rs).
pub fn parse_rankings_csv_plain(text: &str, path: &str) -> Result<BallotBox, InputError> {
    let err = |line: usize, field: String, msg: String| InputError::new(path, msg).line(line).field(field).with_source(text);
    let pre = preamble(text).map_err(|m| err(1, "candidates".into(), m))?;
    let body = &text[pre.body..];
    let first_line = pre.first_line;
    let declared = pre.declared.is_some();
    let mut names: Vec<String> = pre.declared.unwrap_or_default();
    let mut index: HashMap<String, Cand> = names.iter().enumerate().map(|(i, n)| (n.clone(), i as Cand)).collect();
    if body.trim().is_empty() {
        return Err(InputError::new(path, "no header line: expected `rank1,rank2,...` or `weight,rank1,...`"));
    }
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(body.as_bytes());
    let mut rec = csv::ByteRecord::new();
    let mut bb = BallotBox::new(Vec::new());
    let mut has_weight = false;
    let mut header_seen = false;
    // Reused between rows: a million rows allocate nothing once their ranking is known.
    let mut ranks: Vec<Rank> = Vec::new();
    let mut bytes_index: HashMap<Vec<u8>, Cand> = names.iter().enumerate().map(|(i, n)| (n.as_bytes().to_vec(), i as Cand)).collect();
    loop {
        let more = rdr.read_byte_record(&mut rec).map_err(|e| {
            let line = e.position().map_or(first_line, |p| p.line() as usize + first_line - 1);
            err(line, "row".into(), format!("not valid CSV: {e}"))
        })?;
        if !more {
            break;
        }
        let line = || rec.position().map_or(0, |p| p.line() as usize) + first_line - 1;
        if !header_seen {
            header_seen = true;
            let first = String::from_utf8_lossy(rec.get(0).unwrap_or(b"")).trim().trim_start_matches('\u{feff}').to_ascii_lowercase();
            has_weight = first == "weight" || first == "count";
            continue;
        }
        if rec.iter().all(|c| c.trim_ascii().is_empty()) {
            continue;
        }
        let mut cells = rec.iter();
        let weight: u64 = if has_weight {
            let w = cells.next().unwrap_or(b"").trim_ascii();
            std::str::from_utf8(w).ok().and_then(|w| w.parse().ok()).ok_or_else(|| {
                err(line(), "weight".into(), format!("expected a whole number of ballots, found {:?}", String::from_utf8_lossy(w)))
            })?
        } else {
            1
        };
        let mut used = 0usize;
        for (k, cell) in cells.enumerate() {
            let cell = cell.trim_ascii();
            if cell.is_empty() {
                continue;
            }
            if cell.contains(&b'\n') || cell.contains(&b'\r') {
                return Err(err(line(), format!("rank{}", k + 1), "a candidate name must not span lines".into()));
            }
            if used == ranks.len() {
                ranks.push(Rank { number: 0, marks: Marks::new() });
            }
            let slot = used;
            used += 1;
            ranks[slot].number = k as u32 + 1;
            ranks[slot].marks.clear();
            for name in cell.split(|&b| b == b'=').map(|n| n.trim_ascii()) {
                let c = match bytes_index.get(name) {
                    Some(&c) => c,
                    None => {
                        let text = std::str::from_utf8(name).map_err(|_| err(line(), format!("rank{}", k + 1), "not valid UTF-8".into()))?;
                        if declared {
                            return Err(err(line(), format!("rank{}", k + 1), format!("{text:?} is not among the declared candidates")));
                        }
                        if text.is_empty() {
                            return Err(err(line(), format!("rank{}", k + 1), "an empty name beside `=`".into()));
                        }
                        let c = names.len() as Cand;
                        names.push(text.to_string());
                        index.insert(text.to_string(), c);
                        bytes_index.insert(name.to_vec(), c);
                        c
                    }
                };
                ranks[slot].marks.push(c);
            }
        }
        bb.add_ref(&ranks[..used], weight);
    }
    if !header_seen {
        return Err(InputError::new(path, "no header line: expected `rank1,rank2,...` or `weight,rank1,...`"));
    }
    if bb.total_weight() == 0 {
        let why = if has_weight { "no ballot to count: every row has weight 0, or there is no row" } else { "no ballot to count: the file has no row after the header" };
        return Err(InputError::new(path, why).field(if has_weight { "weight" } else { "rank1" }));
    }
    bb.withdrawn = vec![false; names.len()];
    bb.candidates = names;
    bb.seal();
    Ok(bb)
}

/// Writes a ballot box as a rankings CSV (with the candidates line and weights).
pub fn write_rankings_csv(bb: &BallotBox) -> String {
    let max = bb.ballots.iter().map(|b| b.max_rank()).max().unwrap_or(1).max(1);
    let names: Vec<String> = bb.candidates.iter().map(|n| csv_cell(n)).collect();
    // No space after the commas: a quoted name must start its field.
    let mut s = format!("# candidates: {}\nweight", names.join(","));
    for k in 1..=max {
        s.push_str(&format!(",rank{k}"));
    }
    s.push('\n');
    for b in &bb.ballots {
        let mut cells = vec![String::new(); max as usize];
        for r in &b.ranks {
            let names: Vec<&str> = r.marks.iter().filter_map(|&c| bb.candidates.get(c as usize).map(|s| s.as_str())).collect();
            cells[(r.number - 1) as usize] = csv_cell(&names.join("="));
        }
        s.push_str(&format!("{},{}\n", b.weight, cells.join(",")));
    }
    s
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_weights_skips_and_overvotes() {
        let t = "weight,rank1,rank2,rank3\n3,Alice,Bob,\n1,Bob,,Alice\n1,Alice=Bob,Carol\n3,Alice,Bob\n";
        let bb = parse_rankings_csv(t, "r.csv").unwrap();
        assert_eq!(bb.candidates, vec!["Alice", "Bob", "Carol"]);
        assert_eq!(bb.ballots[0].weight, 6);
        assert_eq!(bb.ballots[1].ranks[1].number, 3);
        assert_eq!(bb.ballots[2].ranks[0].marks[..], [0, 1]);
        let back = parse_rankings_csv(&write_rankings_csv(&bb), "w.csv").unwrap();
        assert_eq!(back.ballots, bb.ballots);
    }

    #[test]
    fn a_name_across_lines_is_an_error() {
        // Found by the ranked_csv fuzz target: such a name could not be written back.
        let e = parse_rankings_csv("rank1,rank2\n\"A\nB\",C\n", "r.csv").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("rank1"));
        // Also from the fuzzer: a name with commas survives writing and reading back.
        let bb = parse_rankings_csv("rank1,rank2\n\"x, y\",z\n", "r.csv").unwrap();
        let back = parse_rankings_csv(&write_rankings_csv(&bb), "w.csv").unwrap();
        assert_eq!(back.candidates, vec!["x, y", "z"]);
    }

    #[test]
    fn bad_weight_and_unknown_declared_candidate() {
        let e = parse_rankings_csv("weight,rank1\nx,A\n", "r.csv").unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(2), Some("weight")));
        let e = parse_rankings_csv("# candidates: A, B\nrank1\nC\n", "r.csv").unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(3), Some("rank1")));
    }
}
