//! Single-member districts decided in two rounds (`[single_member.two_round]`).
//!
//! Round 1: the candidate with the most votes is elected when they meet every bar the
//! law sets (France, Code électoral art. L126: more than half of the votes cast and at
//! least a quarter of the registered voters; Lithuania, Rinkimų kodeksas art. 167(2)(1):
//! the most votes and at least a fifth of the registered voters). A law may set other
//! bars when turnout is low (`low_turnout`: the Lithuanian mayoral rule of art.
//! 167(4)). Otherwise a round 2 is held among the entitled candidates: those who reach a
//! share of a base (France, art. L162: 12.5% of the registered voters), topped up to a
//! number of candidates by round-1 votes, every candidate tied at the cut included
//! (France: the top two when fewer than two reach 12.5%; Lithuania, art. 167(2)(2): the
//! two with the most votes, all of them when more are equal). Entitled candidates may
//! withdraw where the law allows it (France); nobody else may stand. Round 2 is won by
//! the most votes; equal votes go to the law's round-2 tie rules (more round-1 votes,
//! the oldest), then to the law's tie chain.
//!
//! Every share is an exact fraction and every comparison an integer cross-product: no
//! floating point decides anything.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::count::CountError;
use crate::election::ConstituencyVotes;
use crate::exact::{cmp_products, Decimal, Fraction};
use crate::single_member::District;
use crate::tie::{TieBreaker, TieStage};

/// A share written in the law as an exact fraction (`"1/2"`) or a percentage
/// (`"12.5%"`), between 0 and 1 inclusive.
///
/// ```
/// use mandat_core::two_round::Share;
/// let s: Share = "12.5%".parse().unwrap();
/// assert_eq!((s.num, s.den), (125, 1000));
/// assert!("3/2".parse::<Share>().is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Share {
    pub num: u128,
    pub den: u128,
    text: String,
}

impl std::str::FromStr for Share {
    type Err = String;
    fn from_str(s: &str) -> Result<Share, String> {
        let t = s.trim();
        let bad = || format!("expected a share such as \"1/2\" or \"12.5%\", found {s:?}");
        let (num, den) = if let Some(p) = t.strip_suffix('%') {
            let d: Decimal = p.trim().parse().map_err(|_| bad())?;
            (d.num() as u128, d.den() as u128 * 100)
        } else if let Some((a, b)) = t.split_once('/') {
            let a: u64 = a.trim().parse().map_err(|_| bad())?;
            let b: u64 = b.trim().parse().map_err(|_| bad())?;
            (a as u128, b as u128)
        } else {
            return Err(bad());
        };
        if den == 0 || num > den {
            return Err(format!("a share must lie between 0 and 1, found {s:?}"));
        }
        Ok(Share { num, den, text: t.to_string() })
    }
}

impl fmt::Display for Share {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Share {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Share {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl Share {
    /// `part / whole` against this share, exactly (`whole` 0 counts as a share of 0).
    pub fn cmp_part(&self, part: u64, whole: u64) -> Ordering {
        if whole == 0 {
            return if part == 0 && self.num == 0 { Ordering::Equal } else if self.num == 0 { Ordering::Greater } else { Ordering::Less };
        }
        cmp_products(part as u128, self.den, self.num, whole as u128)
    }
}

/// What a bar is a share of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BarBase {
    /// The votes cast for candidates (France: suffrages exprimés; `total_valid_votes`,
    /// else the sum of `votes`).
    VotesCast,
    /// The voters registered on the rolls (`registered` in the results).
    Registered,
    /// The voters who took part, valid ballots or not (`ballots_cast` in the results).
    Voters,
}

impl BarBase {
    pub fn describe(&self) -> &'static str {
        match self {
            BarBase::VotesCast => "the votes cast",
            BarBase::Registered => "the registered voters",
            BarBase::Voters => "the voters who took part",
        }
    }
}

/// A bar a candidate's votes must reach: more than, or at least, a share of a base.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawBar")]
pub struct Bar {
    /// `more_than` (strictly above the share) rather than `at_least`.
    pub strict: bool,
    pub share: Share,
    pub of: BarBase,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBar {
    #[serde(default)]
    more_than: Option<Share>,
    #[serde(default)]
    at_least: Option<Share>,
    of: BarBase,
}

impl TryFrom<RawBar> for Bar {
    type Error = String;
    fn try_from(r: RawBar) -> Result<Bar, String> {
        match (r.more_than, r.at_least) {
            (Some(share), None) => Ok(Bar { strict: true, share, of: r.of }),
            (None, Some(share)) => Ok(Bar { strict: false, share, of: r.of }),
            _ => Err("a bar needs exactly one of `more_than` or `at_least` (a share such as \"1/2\" or \"12.5%\")".into()),
        }
    }
}

impl Bar {
    /// Whether `votes` reach this bar of `base`.
    pub fn met(&self, votes: u64, base: u64) -> bool {
        match self.share.cmp_part(votes, base) {
            Ordering::Greater => true,
            Ordering::Equal => !self.strict,
            Ordering::Less => false,
        }
    }

    pub fn describe(&self) -> String {
        format!("{} {} of {}", if self.strict { "more than" } else { "at least" }, self.share, self.of.describe())
    }
}

/// The `[single_member.two_round]` section of a law.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TwoRound {
    /// The round-1 leader is elected when they meet every bar (an empty list: the
    /// leader is always elected, which is plurality).
    pub elected_in_round_1: Vec<Bar>,
    /// Other round-1 bars when turnout (voters who took part / registered) is low.
    #[serde(default)]
    pub low_turnout: Option<LowTurnout>,
    /// Who may stand in round 2.
    pub round_2: Round2Rule,
    /// Equal votes in round 2: these rules in order, then the law's `[ties]` chain.
    #[serde(default)]
    pub round_2_ties: Vec<RunoffTie>,
    #[serde(default)]
    pub article: Option<String>,
}

/// Round-1 bars that replace `elected_in_round_1` when turnout is below a share.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LowTurnout {
    /// Turnout (voters who took part / registered voters) strictly below this share.
    pub below: Share,
    pub elected_in_round_1: Vec<Bar>,
    #[serde(default)]
    pub article: Option<String>,
}

/// Who may stand in round 2.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Round2Rule {
    /// Candidates whose round-1 votes reach this bar may stand.
    #[serde(default)]
    pub entitled: Option<Bar>,
    /// At least this many candidates: when fewer reach the bar, the next by round-1
    /// votes are added, every candidate tied at the cut included.
    pub candidates: u32,
    /// Whether entitled candidates may withdraw (stand down) before round 2.
    #[serde(default)]
    pub withdrawals: bool,
    /// When no more than this many candidates stood in round 1 and nobody was elected,
    /// there is no round 2 but a new election (Lithuania, art. 167(2)(5)): the seat is
    /// left vacant. 0: never.
    #[serde(default)]
    pub new_election_if_candidates_at_most: u32,
    #[serde(default)]
    pub article: Option<String>,
}

/// A rule for equal votes in round 2, before the law's tie chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunoffTie {
    /// The candidate with more round-1 votes (Lithuania, art. 167(2)(3)).
    MoreFirstRoundVotes,
    /// The oldest candidate (France, art. L126; Lithuania, art. 167(2)(4)); needs `born`
    /// in the results.
    Oldest,
}

impl RunoffTie {
    pub fn describe(&self) -> &'static str {
        match self {
            RunoffTie::MoreFirstRoundVotes => "more round-1 votes",
            RunoffTie::Oldest => "the oldest candidate",
        }
    }
}

impl TwoRound {
    /// Cross-key checks of the section (the law reader reports them with the field).
    pub fn check(&self) -> Result<(), (String, String)> {
        if self.round_2.candidates == 0 && self.round_2.entitled.is_none() {
            return Err(("single_member.two_round.round_2".into(), "round 2 needs `entitled` (a bar) or `candidates` of at least 1".into()));
        }
        for (i, a) in self.round_2_ties.iter().enumerate() {
            if self.round_2_ties[..i].contains(a) {
                return Err(("single_member.two_round.round_2_ties".into(), format!("tie rule {:?} appears twice", a.describe())));
            }
        }
        Ok(())
    }
}

/// One round-1 bar as checked for the leader.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BarCheck {
    pub bar: String,
    pub votes: u64,
    pub base: u64,
    pub met: bool,
}

/// How the two rounds decided a district.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TwoRoundRecord {
    /// 1 or 2; 0 when nobody was elected (a new election).
    pub decided_in: u8,
    /// Whether turnout was below the law's `low_turnout` share.
    pub low_turnout: bool,
    /// The round-1 leader's votes against each bar.
    pub round_1_checks: Vec<BarCheck>,
    /// Parties of the candidates entitled to stand in round 2 (empty if elected in round 1).
    pub entitled: Vec<usize>,
    /// Round-2 votes (party, votes).
    pub round_2: Vec<(usize, u64)>,
    /// Entitled candidates who did not stand in round 2.
    pub withdrew: Vec<usize>,
    /// The rule that broke a round-2 tie, if one did.
    pub round_2_tie: Option<String>,
    /// Why, in words.
    pub why: String,
}

/// Decides one two-round district. `parties` names the party indices (for messages).
pub fn decide(tr: &TwoRound, c: &ConstituencyVotes, parties: &[String], ties: &mut TieBreaker) -> Result<District, CountError> {
    let err = |why: String| CountError::TwoRound { district: c.name.clone(), why };
    let name = |p: usize| parties.get(p).map_or("?", |s| s.as_str());
    let votes: Vec<u64> = c.votes.iter().map(|&(_, v)| v).collect();
    let n = votes.len();
    if n == 0 {
        return Err(err("no candidate stood in round 1".into()));
    }
    let cast = c.valid_votes();
    let base = |b: BarBase| -> Result<u64, CountError> {
        match b {
            BarBase::VotesCast => Ok(cast),
            BarBase::Registered => c.registered.ok_or_else(|| err("the law measures a bar in registered voters, but the results give no `registered`".into())),
            BarBase::Voters => c.ballots_cast.ok_or_else(|| err("the law measures a bar in voters who took part, but the results give no `ballots_cast`".into())),
        }
    };
    let (bars, low) = match &tr.low_turnout {
        Some(l) => {
            let reg = base(BarBase::Registered)?;
            let voters = base(BarBase::Voters)?;
            if l.below.cmp_part(voters, reg) == Ordering::Less {
                (&l.elected_in_round_1, true)
            } else {
                (&tr.elected_in_round_1, false)
            }
        }
        None => (&tr.elected_in_round_1, false),
    };
    let top = votes.iter().copied().max().unwrap_or(0);
    let leaders: Vec<usize> = (0..n).filter(|&k| votes[k] == top).collect();
    let mut checks: Vec<BarCheck> = Vec::new();
    for b in bars {
        let whole = base(b.of)?;
        checks.push(BarCheck { bar: b.describe(), votes: top, base: whole, met: top > 0 && b.met(top, whole) });
    }
    let mut record = TwoRoundRecord {
        decided_in: 0,
        low_turnout: low,
        round_1_checks: checks.clone(),
        entitled: Vec::new(),
        round_2: Vec::new(),
        withdrew: Vec::new(),
        round_2_tie: None,
        why: String::new(),
    };
    let district = |winner: Option<usize>, tie, record| District { name: c.name.clone(), votes: c.votes.clone(), winner, other_topped: None, tie, two_round: Some(record), transferred: Vec::new() };
    let frac = |k: &BarCheck| format!("{} of {}", k.votes, k.base);
    if top > 0 && checks.iter().all(|k| k.met) {
        let (k, tie) = if leaders.len() == 1 {
            (leaders[0], None)
        } else {
            let mark = ties.mark();
            let w = ties.decide(&leaders, 1, &votes, TieStage::Average { average: Fraction::integer(top as u128) });
            (w[0], ties.take_ties_since(mark).pop())
        };
        let p = c.votes[k].0;
        if let Some(r2) = &c.round_2 {
            let named: Vec<&str> = r2.votes.iter().map(|&(q, _)| name(q)).collect();
            return Err(err(format!(
                "{} was elected in round 1 ({}), so no round 2 was held, but the results give a `round_2` ({})",
                name(p),
                checks.iter().map(|k| format!("{}: {}", k.bar, frac(k))).collect::<Vec<_>>().join("; "),
                named.join(", ")
            )));
        }
        record.decided_in = 1;
        record.why = if checks.is_empty() {
            format!("{} has the most votes in round 1 and the law sets no other bar", name(p))
        } else {
            format!("{} is elected in round 1: {}", name(p), checks.iter().map(|k| format!("{} ({})", k.bar, frac(k))).collect::<Vec<_>>().join(" and "))
        };
        return Ok(district(Some(p), tie, record));
    }
    let missed: Vec<String> = checks.iter().filter(|k| !k.met).map(|k| format!("{} ({})", k.bar, frac(k))).collect();
    let leader_names: Vec<&str> = leaders.iter().map(|&k| name(c.votes[k].0)).collect();
    let not_elected = format!("nobody is elected in round 1: the leader ({}) lacks {}", leader_names.join(", "), missed.join(" and "));
    // Who may stand in round 2.
    let rule = &tr.round_2;
    let mut entitled: Vec<usize> = match &rule.entitled {
        Some(b) => {
            let whole = base(b.of)?;
            (0..n).filter(|&k| votes[k] > 0 && b.met(votes[k], whole)).collect()
        }
        None => Vec::new(),
    };
    let by_bar = entitled.len();
    let mut rest: Vec<usize> = (0..n).filter(|k| !entitled.contains(k)).collect();
    rest.sort_by(|&a, &b| votes[b].cmp(&votes[a]).then(a.cmp(&b)));
    let mut i = 0;
    while (entitled.len() as u32) < rule.candidates && i < rest.len() {
        let v = votes[rest[i]];
        while i < rest.len() && votes[rest[i]] == v {
            entitled.push(rest[i]);
            i += 1;
        }
    }
    entitled.sort_unstable();
    record.entitled = entitled.iter().map(|&k| c.votes[k].0).collect();
    if rule.new_election_if_candidates_at_most > 0 && n as u32 <= rule.new_election_if_candidates_at_most {
        if c.round_2.is_some() {
            return Err(err(format!("{not_elected}, and with only {n} candidate(s) the law calls a new election, not a round 2; but the results give a `round_2`")));
        }
        record.entitled.clear();
        record.why = format!("{not_elected}; only {n} candidate(s) stood, so the law calls a new election: the seat is left vacant");
        return Ok(district(None, None, record));
    }
    let entitled_names: Vec<&str> = entitled.iter().map(|&k| name(c.votes[k].0)).collect();
    let how_entitled = match &rule.entitled {
        Some(b) if by_bar >= entitled.len() => format!("{} reach {}", entitled_names.join(", "), b.describe()),
        Some(b) => format!("{} reach {}; topped up to {} by round-1 votes: {}", by_bar, b.describe(), rule.candidates, entitled_names.join(", ")),
        None => format!("the {} with the most votes: {}", rule.candidates, entitled_names.join(", ")),
    };
    let Some(r2) = &c.round_2 else {
        return Err(err(format!("{not_elected}, so a round 2 was needed ({how_entitled}), but the results give no `round_2`")));
    };
    // Round-2 candidates: only the entitled; the entitled may withdraw where allowed.
    let mut r2v = vec![0u64; n];
    let mut standing: Vec<usize> = Vec::new();
    for &(p, v) in &r2.votes {
        let Some(k) = c.votes.iter().position(|&(q, _)| q == p) else {
            return Err(err(format!("round_2 names {}, who did not stand in round 1; only candidates of round 1 may stand in round 2", name(p))));
        };
        if !entitled.contains(&k) {
            return Err(err(format!("round_2 names {}, who was not entitled to stand in round 2 ({how_entitled})", name(p))));
        }
        r2v[k] = v;
        standing.push(k);
    }
    if standing.is_empty() {
        return Err(err("`round_2` names no candidate".into()));
    }
    let withdrew: Vec<usize> = entitled.iter().copied().filter(|k| !standing.contains(k)).collect();
    if !withdrew.is_empty() && !rule.withdrawals {
        let names: Vec<&str> = withdrew.iter().map(|&k| name(c.votes[k].0)).collect();
        return Err(err(format!("round_2 lacks {}, entitled to stand ({how_entitled}), and the law allows no withdrawal", names.join(", "))));
    }
    record.round_2 = r2.votes.clone();
    record.withdrew = withdrew.iter().map(|&k| c.votes[k].0).collect();
    // Round 2: the most votes.
    let top2 = standing.iter().map(|&k| r2v[k]).max().unwrap_or(0);
    let mut lead: Vec<usize> = standing.iter().copied().filter(|&k| r2v[k] == top2).collect();
    lead.sort_unstable();
    let mut tie = None;
    if lead.len() > 1 {
        for r in &tr.round_2_ties {
            match r {
                RunoffTie::MoreFirstRoundVotes => {
                    let m = lead.iter().map(|&k| votes[k]).max().unwrap_or(0);
                    lead.retain(|&k| votes[k] == m);
                }
                RunoffTie::Oldest => {
                    let mut dates = Vec::new();
                    for &k in &lead {
                        let p = c.votes[k].0;
                        let Some((_, d)) = c.born.iter().find(|(q, _)| *q == p) else {
                            return Err(err(format!("equal votes in round 2 go to the oldest candidate, but the results give no `born` date for {}", name(p))));
                        };
                        dates.push((k, d.clone()));
                    }
                    let oldest = dates.iter().map(|(_, d)| d.clone()).min().unwrap_or_default();
                    lead.retain(|k| dates.iter().any(|(j, d)| j == k && *d == oldest));
                }
            }
            if lead.len() == 1 {
                record.round_2_tie = Some(r.describe().to_string());
                break;
            }
        }
        if lead.len() > 1 {
            let mark = ties.mark();
            let w = ties.decide(&lead, 1, &r2v, TieStage::Average { average: Fraction::integer(top2 as u128) });
            tie = ties.take_ties_since(mark).pop();
            record.round_2_tie = tie.as_ref().map(|t| format!("the law's tie chain ({})", t.decided_by.describe()));
            lead = w;
        }
    }
    let k = lead[0];
    let p = c.votes[k].0;
    record.decided_in = 2;
    let withdrawn = if withdrew.is_empty() {
        String::new()
    } else {
        format!("; withdrew: {}", withdrew.iter().map(|&j| name(c.votes[j].0)).collect::<Vec<_>>().join(", "))
    };
    let tie_note = record.round_2_tie.as_ref().map(|t| format!(" (equal votes, decided by {t})")).unwrap_or_default();
    record.why = format!("{not_elected}; round 2 among the entitled ({how_entitled}{withdrawn}): {} wins with {} votes{tie_note}", name(p), r2v[k]);
    Ok(district(Some(p), tie, record))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::election::Round;
    use crate::tie::TieRule;

    fn france() -> TwoRound {
        toml::from_str(
            r#"
            elected_in_round_1 = [ { more_than = "1/2", of = "votes-cast" }, { at_least = "1/4", of = "registered" } ]
            round_2 = { entitled = { at_least = "12.5%", of = "registered" }, candidates = 2, withdrawals = true }
            round_2_ties = ["oldest"]
            "#,
        )
        .unwrap()
    }

    fn names(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("P{i}")).collect()
    }

    fn district(votes: &[u64], registered: u64, round_2: Option<&[(usize, u64)]>) -> ConstituencyVotes {
        ConstituencyVotes {
            name: "D".into(),
            votes: votes.iter().copied().enumerate().collect(),
            registered: Some(registered),
            single_member: true,
            round_2: round_2.map(|r| Box::new(Round { votes: r.to_vec(), ..Default::default() })),
            ..Default::default()
        }
    }

    fn tb() -> TieBreaker {
        TieBreaker::new(vec![TieRule::Lot], 1)
    }

    #[test]
    fn shares_parse_exactly() {
        let s: Share = "1/2".parse().unwrap();
        assert_eq!(s.cmp_part(50, 100), Ordering::Equal);
        assert_eq!(s.cmp_part(51, 100), Ordering::Greater);
        assert!("".parse::<Share>().is_err());
        assert!("1/0".parse::<Share>().is_err());
        assert!("101%".parse::<Share>().is_err());
    }

    #[test]
    fn round_1_needs_a_majority_and_a_quarter_of_the_registered() {
        // 55% of the votes cast and 30/100 registered: elected.
        let d = decide(&france(), &district(&[30, 20, 5], 100, None), &names(3), &mut tb()).unwrap();
        assert_eq!((d.winner, d.two_round.as_ref().unwrap().decided_in), (Some(0), 1));
        // A majority of votes cast but only 24 of 100 registered: round 2 needed.
        let e = decide(&france(), &district(&[24, 20], 100, None), &names(2), &mut tb()).unwrap_err();
        assert!(e.to_string().contains("no `round_2`"), "{e}");
        // Exactly half is not a majority.
        let e = decide(&france(), &district(&[30, 30], 100, None), &names(2), &mut tb()).unwrap_err();
        assert!(e.to_string().contains("no `round_2`"), "{e}");
    }

    #[test]
    fn round_2_entitlement_withdrawals_and_refusals() {
        // 1000 registered: 12.5% = 125. P0 300, P1 200, P2 130 reach it; P3 100 does not.
        let votes = [300, 200, 130, 100];
        let ok = decide(&france(), &district(&votes, 1000, Some(&[(0, 400), (1, 350), (2, 100)])), &names(4), &mut tb()).unwrap();
        assert_eq!(ok.winner, Some(0));
        let r = ok.two_round.unwrap();
        assert_eq!((r.decided_in, r.entitled.clone()), (2, vec![0, 1, 2]));
        // P2 withdraws: allowed in France.
        let w = decide(&france(), &district(&votes, 1000, Some(&[(0, 400), (1, 450)])), &names(4), &mut tb()).unwrap();
        assert_eq!((w.winner, w.two_round.unwrap().withdrew), (Some(1), vec![2]));
        // P3 was not entitled.
        let e = decide(&france(), &district(&votes, 1000, Some(&[(0, 400), (3, 450)])), &names(4), &mut tb()).unwrap_err();
        assert!(e.to_string().contains("P3, who was not entitled"), "{e}");
        // Nobody reaches 12.5% of 10000 registered: the top two.
        let r = decide(&france(), &district(&votes, 10_000, Some(&[(0, 1), (1, 2)])), &names(4), &mut tb()).unwrap();
        assert_eq!((r.winner, r.two_round.unwrap().entitled), (Some(1), vec![0, 1]));
        // A round 2 where round 1 elected someone.
        let e = decide(&france(), &district(&[600, 100], 1000, Some(&[(0, 1)])), &names(2), &mut tb()).unwrap_err();
        assert!(e.to_string().contains("elected in round 1"), "{e}");
    }

    #[test]
    fn round_2_ties_go_to_the_oldest_then_to_the_chain() {
        let mut c = district(&[300, 250, 200], 1000, Some(&[(0, 400), (1, 400)]));
        let e = decide(&france(), &c, &names(3), &mut tb()).unwrap_err();
        assert!(e.to_string().contains("no `born`"), "{e}");
        c.born = vec![(0, "1970-01-02".into()), (1, "1960-05-05".into())];
        let d = decide(&france(), &c, &names(3), &mut tb()).unwrap();
        assert_eq!(d.winner, Some(1));
        assert_eq!(d.two_round.unwrap().round_2_tie.as_deref(), Some("the oldest candidate"));
        // Lithuania: more round-1 votes first.
        let mut lt = france();
        lt.round_2_ties = vec![RunoffTie::MoreFirstRoundVotes, RunoffTie::Oldest];
        assert_eq!(decide(&lt, &c, &names(3), &mut tb()).unwrap().winner, Some(0));
    }

    #[test]
    fn lithuania_top_two_with_ties_at_the_cut_and_new_election() {
        let lt: TwoRound = toml::from_str(
            r#"
            elected_in_round_1 = [ { at_least = "1/5", of = "registered" } ]
            round_2 = { candidates = 2, new_election_if_candidates_at_most = 2 }
            round_2_ties = ["more-first-round-votes", "oldest"]
            "#,
        )
        .unwrap();
        // 1000 registered: 200 needed. The leader has 150: round 2 among the top two,
        // and three tied for second all stand.
        let c = district(&[150, 100, 100, 100, 20], 1000, Some(&[(0, 10), (1, 20), (2, 5), (3, 1)]));
        let d = decide(&lt, &c, &names(5), &mut tb()).unwrap();
        assert_eq!((d.winner, d.two_round.unwrap().entitled), (Some(1), vec![0, 1, 2, 3]));
        // The leader with 200 of 1000 registered is elected (plurality + 1/5).
        assert_eq!(decide(&lt, &district(&[200, 190, 180], 1000, None), &names(3), &mut tb()).unwrap().winner, Some(0));
        // Two candidates, nobody elected: a new election, the seat vacant.
        let v = decide(&lt, &district(&[150, 100], 1000, None), &names(2), &mut tb()).unwrap();
        assert_eq!((v.winner, v.two_round.unwrap().decided_in), (None, 0));
        // No withdrawal in Lithuania.
        let e = decide(&lt, &district(&[150, 100, 90], 1000, Some(&[(0, 10)])), &names(3), &mut tb()).unwrap_err();
        assert!(e.to_string().contains("allows no withdrawal"), "{e}");
    }

    #[test]
    fn low_turnout_switches_the_bars() {
        let tr: TwoRound = toml::from_str(
            r#"
            elected_in_round_1 = [ { more_than = "1/2", of = "voters" } ]
            low_turnout = { below = "40%", elected_in_round_1 = [ { at_least = "1/5", of = "registered" } ] }
            round_2 = { candidates = 2 }
            "#,
        )
        .unwrap();
        let mut c = district(&[210, 100, 50], 1000, None);
        c.ballots_cast = Some(370);
        // Turnout 37%: the leader needs 1/5 of the registered (200): elected.
        let d = decide(&tr, &c, &names(3), &mut tb()).unwrap();
        assert!(d.two_round.as_ref().unwrap().low_turnout);
        assert_eq!(d.winner, Some(0));
        // Turnout 50%: more than half of the voters (250) is needed.
        c.ballots_cast = Some(500);
        c.votes = vec![(0, 210), (1, 200), (2, 80)];
        assert!(decide(&tr, &c, &names(3), &mut tb()).is_err());
    }
}
