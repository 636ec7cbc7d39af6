//! BLT, the ballot format of OpenSTV, the ERS and the Scottish councils' published
//! cast-vote records.
//!
//! ```text
//! 4 2              candidates, seats
//! -3               optional: withdrawn candidates, negative
//! 12 1 2 0         weight, preferences, 0   (a `=` joins equal preferences: 1=2)
//! 0                end of ballots
//! "Alice"          one name per candidate
//! ...
//! "Title"
//! ```
//!
//! Real files deviate, and the reader accepts what the 1,100 Scottish wards contain:
//! `#` comment lines; names given only as `# ALTERNATIVE NAME k: ...` comments (Glasgow
//! 2007); names quoted, unquoted, CSV-quoted with doubled quotes, or as two quoted strings
//! (name, then party); no final newline; and one file that ends every line with a comma,
//! which is read with a warning. Anything else that does not fit is an error naming the
//! line and what was expected.

use mandat_core::ranked::{BallotBox, Cand, Marks, Rank};

use crate::error::InputError;

/// A BLT file, read.
#[derive(Clone, Debug)]
pub struct Blt {
    pub ballots: BallotBox,
    pub seats: u32,
    pub title: String,
    /// What was accepted but not standard (the trailing commas).
    pub warnings: Vec<String>,
}

/// Reads BLT text. `path` names the file in errors. Large inputs are parsed on every core
/// ([`super::fast`]); the result and every error are those of [`parse_blt_plain`].
pub fn parse_blt(text: &str, path: &str) -> Result<Blt, InputError> {
    super::fast::parse_blt_text(text, path)
}

/// Reads a BLT file, streaming: the file is never held whole in memory (unless it has to
/// be handed to [`parse_blt_plain`] for an error or a rare form; see [`super::fast`]).
pub fn read_blt(path: &str) -> Result<Blt, InputError> {
    super::fast::read_blt_file(path)
}

/// The reference BLT reader: one thread, the whole text, one line at a time. The fast
/// readers give the same result and the same errors (tests/ranked_fast.rs).
pub fn parse_blt_plain(text: &str, path: &str) -> Result<Blt, InputError> {
    let err = |line: usize, field: &str, msg: String| InputError::new(path, msg).line(line).field(field).with_source(text);
    let mut warnings = Vec::new();
    // (line number, content) of every line that is not blank and not a comment, and the
    // alternative names given in comments.
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut alt_names: Vec<(usize, String)> = Vec::new();
    let raw: Vec<&str> = text.lines().collect();
    // A file exported through a spreadsheet: the header (and nearly every line) ends
    // with a comma. Trailing commas are dropped; a comma inside a name was a cell break.
    let comma_file = raw.iter().find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#')).is_some_and(|l| l.trim_end().ends_with(','));
    if comma_file {
        warnings.push(format!("{path}: lines end with a comma (a spreadsheet export); the commas were ignored"));
    }
    for (i, l) in raw.iter().enumerate() {
        let mut t = l.trim();
        if comma_file {
            t = t.strip_suffix(',').unwrap_or(t).trim();
        }
        if t.is_empty() {
            continue;
        }
        if let Some(c) = t.strip_prefix('#') {
            let c = c.trim();
            if let Some(a) = alt_name(c) {
                alt_names.push(a);
            }
            continue;
        }
        lines.push((i + 1, t));
    }
    let Some(&(hl, header)) = lines.first() else {
        return Err(InputError::new(path, "the file is empty; expected a BLT header `candidates seats`"));
    };
    let h: Vec<&str> = header.split_whitespace().collect();
    if h.len() != 2 {
        return Err(err(hl, "header", format!("expected `candidates seats` (two whole numbers), found {header:?}")));
    }
    let nc: usize = h[0].parse().ok().filter(|&n| (1..=100_000).contains(&n)).ok_or_else(|| {
        err(hl, "candidates", format!("expected a number of candidates from 1 to 100000, found {:?}", h[0]))
    })?;
    let seats: u32 = h[1]
        .parse()
        .ok()
        .filter(|&s| s >= 1 && s as usize <= nc)
        .ok_or_else(|| err(hl, "seats", format!("expected a number of seats from 1 to {nc}, found {:?}", h[1])))?;
    let mut withdrawn = vec![false; nc];
    let mut i = 1;
    if let Some(&(l, t)) = lines.get(1) {
        if t.starts_with('-') {
            for tok in t.split_whitespace() {
                let k: i64 = tok.parse().map_err(|_| err(l, "withdrawn", format!("expected negative candidate numbers such as -2, found {tok:?}")))?;
                if k >= 0 || (-k) as usize > nc {
                    return Err(err(l, "withdrawn", format!("expected a candidate number from -1 to -{nc}, found {tok}")));
                }
                withdrawn[(-k - 1) as usize] = true;
            }
            i = 2;
        }
    }
    let mut bb = BallotBox::new((1..=nc).map(|k| format!("Candidate {k}")).collect());
    bb.withdrawn = withdrawn;
    let mut ended = false;
    let mut end_line = hl;
    let mut ranks: Vec<Rank> = Vec::new();
    while i < lines.len() {
        let (l, t) = lines[i];
        i += 1;
        if t == "0" {
            ended = true;
            end_line = l;
            break;
        }
        let mut toks = t.split_whitespace().peekable();
        // Optional ballot id in parentheses.
        if toks.peek().is_some_and(|s| s.starts_with('(')) {
            toks.next();
        }
        let wtok = toks.next().unwrap_or("");
        let weight: u64 = wtok
            .parse()
            .map_err(|_| err(l, "weight", format!("expected a ballot line `weight preferences... 0` starting with a whole number, found {wtok:?}")))?;
        ranks.clear();
        let mut closed = false;
        for tok in toks {
            if closed {
                return Err(err(l, "preferences", format!("found {tok:?} after the closing 0")));
            }
            if tok == "0" {
                closed = true;
                continue;
            }
            if tok == "-" {
                // A skipped rank in some writers' output.
                continue;
            }
            let mut marks = Marks::new();
            for part in tok.split('=') {
                let k: usize = part.parse().map_err(|_| err(l, "preferences", format!("expected a candidate number, found {tok:?}")))?;
                if k == 0 || k > nc {
                    return Err(err(l, "preferences", format!("candidate {k} does not exist: the header declares {nc} candidates")));
                }
                marks.push((k - 1) as Cand);
            }
            ranks.push(Rank { number: ranks.len() as u32 + 1, marks });
        }
        if !closed {
            return Err(err(l, "preferences", "a ballot line must end with 0".into()));
        }
        bb.add_ref(&ranks, weight);
    }
    if !ended {
        let last = lines.last().map_or(hl, |x| x.0);
        return Err(err(last, "ballots", "the ballots never end: expected a line `0` after the last ballot".into()));
    }
    if bb.total_weight() == 0 {
        return Err(err(end_line, "ballots", "no ballot to count: the file has no ballot line of weight 1 or more".into()));
    }
    let rest = &lines[i..];
    let last_line = lines.last().map_or(1, |x| x.0);
    let (names, title) = blt_names(path, rest, &alt_names, nc, comma_file, last_line, &mut warnings, &|l, f, m| err(l, f, m))?;
    bb.candidates = names;
    bb.seal();
    Ok(Blt { ballots: bb, seats, title, warnings })
}

/// The candidates' names and the title, from the lines after the ballots (`rest`: line
/// number and trimmed text of each line that is neither blank nor a comment) or from the
/// `# ALTERNATIVE NAME k:` comments; the warnings about them. Shared by every BLT reader.
#[allow(clippy::too_many_arguments)]
pub(crate) fn blt_names(
    path: &str,
    rest: &[(usize, &str)],
    alt_names: &[(usize, String)],
    nc: usize,
    comma_file: bool,
    last_line: usize,
    warnings: &mut Vec<String>,
    err: &dyn Fn(usize, &str, String) -> InputError,
) -> Result<(Vec<String>, String), InputError> {
    let names: Vec<String>;
    let title: String;
    if rest.len() > nc {
        names = rest[..nc].iter().map(|(_, t)| unquote(&if comma_file { t.replace(',', " ") } else { t.to_string() })).collect();
        title = unquote(rest[nc].1);
        if rest.len() > nc + 1 {
            warnings.push(format!("{path}:{}: text after the title was ignored", rest[nc + 1].0));
        }
    } else if rest.len() == nc {
        names = rest.iter().map(|(_, t)| unquote(t)).collect();
        title = String::new();
    } else if alt_names.len() >= nc {
        let mut v = vec![String::new(); nc];
        for (k, n) in alt_names {
            if (1..=nc).contains(k) {
                v[k - 1] = n.clone();
            }
        }
        if let Some(k) = v.iter().position(|n| n.is_empty()) {
            return Err(InputError::new(path, format!("no name for candidate {}", k + 1)).field("names"));
        }
        names = v;
        title = rest.first().map(|(_, t)| unquote(t)).unwrap_or_default();
    } else {
        let line = rest.last().map_or(last_line, |x| x.0);
        return Err(err(line, "names", format!("expected {nc} candidate names after the ballots, found {}", rest.len())));
    }
    for (k, n) in names.iter().enumerate() {
        if let Some(j) = names[..k].iter().position(|m| m == n) {
            warnings.push(format!("{path}: candidates {} and {} have the same name {n:?}", j + 1, k + 1));
        }
    }
    Ok((names, title))
}

/// `ALTERNATIVE NAME k: name` in a comment (the text after `#`, trimmed).
pub(crate) fn alt_name(c: &str) -> Option<(usize, String)> {
    let rest = c.strip_prefix("ALTERNATIVE NAME")?;
    let (k, name) = rest.split_once(':')?;
    let k = k.trim().parse::<usize>().ok()?;
    Some((k, collapse(name)))
}

/// A name as real files write it: `Ken ANDREW (SNP)`, `"Audrey NICOLL"`,
/// `"Paul FERRETTI ""Scottish National Party (SNP)"""`, `"Diane CALDER" "SNP"`.
fn unquote(t: &str) -> String {
    let t = t.trim();
    if !t.starts_with('"') {
        return collapse(t);
    }
    // Read quoted strings in turn, with "" as an escaped quote.
    let mut parts: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut chars = t.chars().peekable();
    let mut inside = false;
    while let Some(c) = chars.next() {
        if c == '"' {
            if inside && chars.peek() == Some(&'"') {
                cur.push('"');
                chars.next();
            } else if inside {
                inside = false;
                parts.push(std::mem::take(&mut cur));
            } else {
                inside = true;
            }
        } else if inside || !c.is_whitespace() {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        parts.push(cur);
    }
    match parts.len() {
        0 => String::new(),
        1 => collapse(&parts[0]),
        _ => format!("{} ({})", collapse(&parts[0]), parts[1..].iter().map(|p| collapse(p)).collect::<Vec<_>>().join(", ")),
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Writes a ballot box as BLT: withdrawn candidates on the second line, `=` for several
/// candidates at one rank, names and title quoted.
pub fn write_blt(bb: &BallotBox, seats: u32, title: &str) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(s, "{} {}", bb.candidates.len(), seats);
    let w: Vec<String> = bb.withdrawn.iter().enumerate().filter(|(_, &w)| w).map(|(i, _)| format!("-{}", i + 1)).collect();
    if !w.is_empty() {
        let _ = writeln!(s, "{}", w.join(" "));
    }
    for b in &bb.ballots {
        let _ = write!(s, "{}", b.weight);
        for r in &b.ranks {
            let marks: Vec<String> = r.marks.iter().filter(|&&c| (c as usize) < bb.candidates.len()).map(|c| (c + 1).to_string()).collect();
            if !marks.is_empty() {
                let _ = write!(s, " {}", marks.join("="));
            }
        }
        s.push_str(" 0\n");
    }
    s.push_str("0\n");
    for n in &bb.candidates {
        let _ = writeln!(s, "\"{}\"", n.replace('"', "\"\""));
    }
    let _ = writeln!(s, "\"{}\"", title.replace('"', "\"\""));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_withdrawn_ties_and_quirky_names() {
        let t = "# a comment\n3 1\n-2\n2 1 3 0\n1 3=1 0\n0\nAnn   SMITH (SNP)\n\"Bob \"\"Ind\"\"\"\n\"Cat\" \"Green\"\n\"Title\"";
        let b = parse_blt(t, "x.blt").unwrap();
        assert_eq!(b.ballots.candidates, vec!["Ann SMITH (SNP)", "Bob \"Ind\"", "Cat (Green)"]);
        assert!(b.ballots.withdrawn[1]);
        assert_eq!(b.ballots.ballots[1].ranks[0].marks[..], [2, 0]);
        assert_eq!(b.title, "Title");
        let again = parse_blt(&write_blt(&b.ballots, 1, &b.title), "y.blt").unwrap();
        assert_eq!(again.ballots.ballots, b.ballots.ballots);
    }

    #[test]
    fn errors_name_the_line_and_field() {
        let e = parse_blt("2 1\n1 1 3 0\n0\nA\nB\nT", "x.blt").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert_eq!(e.field.as_deref(), Some("preferences"));
        let e = parse_blt("2 1\n1 1 2\n0\nA\nB\nT", "x.blt").unwrap_err();
        assert!(e.message.contains("end with 0"));
        assert!(parse_blt("", "x.blt").is_err());
        assert!(parse_blt("2 3\n0\nA\nB\nT", "x.blt").is_err());
    }
}
