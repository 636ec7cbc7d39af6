//! Polls for projections: CSV `party,share` (percent; the uncertainty then comes from a
//! sample size) or `party,share,se` (standard errors in percentage points).

use mandat_core::analysis::projection::Uncertainty;
use mandat_core::election::Election;

use crate::error::InputError;

/// A poll matched to the parties of a base election.
#[derive(Clone, Debug, PartialEq)]
pub struct Poll {
    /// Shares (fractions) per party of the election; 0 for parties the poll omits.
    pub shares: Vec<f64>,
    /// Standard errors (fractions) per party, when the poll gives them.
    pub standard_errors: Option<Vec<f64>>,
}

impl Poll {
    pub fn uncertainty(&self, sample_size: u64) -> Uncertainty {
        match &self.standard_errors {
            Some(se) => Uncertainty::StandardErrors(se.clone()),
            None => Uncertainty::SampleSize(sample_size),
        }
    }
}

fn number(s: &str, path: &str, line: usize, field: &str, text: &str) -> Result<f64, InputError> {
    let t = s.trim().trim_end_matches('%');
    t.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && *x >= 0.0 && *x <= 100.0)
        .ok_or_else(|| InputError::new(path, format!("expected a percentage from 0 to 100, found {s:?}")).line(line).field(field).with_source(text))
}

/// Reads a poll and matches its parties with the base election's.
pub fn parse_poll(text: &str, path: &str, base: &Election) -> Result<Poll, InputError> {
    if text.trim().is_empty() {
        return Err(InputError::new(path, "the file is empty; expected a header `party,share` or `party,share,se`"));
    }
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let mut shares = vec![0.0; base.parties.len()];
    let mut ses = vec![0.0; base.parties.len()];
    let mut seen = vec![false; base.parties.len()];
    let mut with_se = None;
    for rec in rdr.records() {
        let rec = rec.map_err(|e| crate::error::csv_error(e, path, text))?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        if rec.iter().all(str::is_empty) {
            continue;
        }
        let Some(se) = with_se else {
            let h: Vec<String> = rec.iter().map(|f| f.to_ascii_lowercase()).collect();
            with_se = Some(match h.iter().map(String::as_str).collect::<Vec<_>>()[..] {
                ["party", "share"] => false,
                ["party", "share", "se"] => true,
                _ => {
                    return Err(InputError::new(path, format!("expected the header `party,share` or `party,share,se`, found `{}`", h.join(",")))
                        .line(line)
                        .with_source(text))
                }
            });
            continue;
        };
        if rec.len() != if se { 3 } else { 2 } {
            return Err(InputError::new(path, "wrong number of fields").line(line).with_source(text));
        }
        let name = &rec[0];
        let Some(p) = base.parties.iter().position(|x| x == name) else {
            return Err(InputError::new(path, format!("{name:?} is not a party of the base election")).line(line).field("party").with_source(text));
        };
        if std::mem::replace(&mut seen[p], true) {
            return Err(InputError::new(path, format!("{name:?} appears twice")).line(line).field("party").with_source(text));
        }
        shares[p] = number(&rec[1], path, line, "share", text)? / 100.0;
        if se {
            ses[p] = number(&rec[2], path, line, "se", text)? / 100.0;
        }
    }
    if with_se.is_none() || !seen.iter().any(|&s| s) {
        return Err(InputError::new(path, "no poll figures after the header"));
    }
    let sum: f64 = shares.iter().sum();
    if (sum - 1.0).abs() > 0.005 {
        return Err(InputError::new(path, format!("the shares add up to {:.2}%, not 100% (give every party, or an 'others' line that is a party of the base)", sum * 100.0)).field("share"));
    }
    // Exactly 1: the small rounding of published polls is spread proportionally.
    shares.iter_mut().for_each(|s| *s /= sum);
    Ok(Poll { shares, standard_errors: with_se.unwrap_or(false).then_some(ses) })
}

/// The base election's own national shares, as a poll with no uncertainty of its own.
pub fn base_shares(base: &Election) -> Vec<f64> {
    let v = base.national_votes();
    let t: u64 = v.iter().sum();
    v.iter().map(|&x| x as f64 / t.max(1) as f64).collect()
}
