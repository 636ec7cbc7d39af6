//! Who takes a list's seats, and why: designation by the law's rule, then the mandate
//! quotas (pre-allocation, post-count correction, check of a party's choice), with
//! every step recorded for the explanation.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::law::{DesignationRule, QuotaRule, QuotaScope, QuotaStage};
use super::{Candidate, CandidateList, Category, PartyChoice, Sex};
use crate::count::Outcome;
use crate::law::{Date, Law, Level};

/// Why candidates cannot be designated.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DesignationError {
    #[error("constituency {constituency:?}: there is a candidate list for {party:?}, but no such list stands there in the results")]
    NoSuchList { constituency: String, party: String },
    #[error("constituency {constituency:?}: {party:?} won {seats} seat(s) but has no candidate list")]
    NoList { constituency: String, party: String, seats: u32 },
    #[error("{party:?} has lists in several constituencies, but the law allocates seats nationally: give one national list per party")]
    SeveralNationalLists { party: String },
    #[error("constituency {constituency:?}: {party:?} has two candidate lists")]
    DuplicateList { constituency: String, party: String },
    #[error("constituency {constituency:?}: the devolution of the list vote needs the ballots of {party:?} (head-of-list, substitute-only and effective-only ballots)")]
    NoBallots { constituency: String, party: String },
    #[error("the law designates by party choice, but no choice was given")]
    NoChoice,
    #[error("constituency {constituency:?}: {party:?} won {seats} seat(s) but its choice names nobody")]
    ChoiceMissing { constituency: String, party: String, seats: u32 },
    #[error("constituency {constituency:?}: the choice of {party:?} names {name:?}, who is not on its registered list")]
    ChoiceNotOnList { constituency: String, party: String, name: String },
    #[error("constituency {constituency:?}: the choice of {party:?} names {name:?} twice")]
    ChoiceTwice { constituency: String, party: String, name: String },
    #[error("constituency {constituency:?}: the choice of {party:?} names {got} person(s) for {seats} seat(s){}", if needed < seats { format!(" (its list has {needed} candidates: all of them are needed)") } else { String::new() })]
    ChoiceCount { constituency: String, party: String, got: usize, seats: u32, needed: u32 },
    #[error("constituency {constituency:?}: there is a choice for {party:?}, but no such list stands there in the results")]
    ChoiceUnknownList { constituency: String, party: String },
    #[error("quota {quota:?} acts on each party's seats, but {party:?} has lists in several constituencies: use scope = \"party-in-constituency\"")]
    PartyScopeSeveralLists { quota: String, party: String },
}

/// Why a person was elected (or where they stand when not elected).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Reason {
    /// Elected in list order.
    ListOrder { position: u32 },
    /// Elected by the total of own preference votes and devolved list votes.
    Devolution { own: u64, devolved: u64, total: u64, eligibility: u64 },
    /// Preference votes at or above the threshold (`bar` votes, rounded up).
    PreferenceThreshold { votes: u64, bar: u64 },
    /// Elected by rank of preference votes.
    PreferenceVotes { votes: u64, rank: u32 },
    /// Named by the party (its `rank`-th choice).
    PartyChoice { rank: u32 },
    /// Took one of the seats reserved to the category before the others.
    QuotaPreAllocation { quota: String, article: Option<String> },
    /// Replaced `replaced` so that the quota holds.
    QuotaReplacement { quota: String, replaced: String, article: Option<String> },
    /// Took the seat of `left`, who left (`mandat vacancy`).
    Succession { left: String },
}

/// One candidate in designation order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranked {
    pub candidate: Candidate,
    /// List votes devolved to this candidate (Belgian devolution).
    #[serde(default)]
    pub devolved: u64,
    /// Preference votes + devolved votes.
    #[serde(default)]
    pub total: u64,
    pub elected: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
}

/// A tie between candidates at the cut between elected and not elected, decided by
/// list (ballot) order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateTie {
    /// What they were equal on (`total`, `preference votes`).
    pub on: String,
    pub value: u64,
    pub contenders: Vec<String>,
    pub winners: Vec<String>,
    pub decided_by: String,
}

/// A quota replacement, in the order it was made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replacement {
    pub quota: String,
    pub elected: String,
    pub replaced: String,
}

/// The designation of one list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListOutcome {
    pub constituency: String,
    pub party: String,
    pub seats: u32,
    pub list_votes: u64,
    /// Belgian devolution: E = ceil(list votes / (seats + 1)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<u64>,
    /// Belgian devolution: the pot of the effective candidates and what was left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pot: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pot_left: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub substitute_pot: Option<u64>,
    /// Preference threshold: the smallest number of preference votes that reaches it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preference_bar: Option<u64>,
    /// Effective candidates in designation order (the "reordered list").
    pub ranking: Vec<Ranked>,
    /// Substitutes in their order of succession (1st, 2nd, ...).
    #[serde(default)]
    pub substitutes: Vec<Ranked>,
    #[serde(default)]
    pub replacements: Vec<Replacement>,
    #[serde(default)]
    pub ties: Vec<CandidateTie>,
    /// Seats the list could not fill (more seats than candidates).
    #[serde(default)]
    pub unfilled: u32,
}

impl ListOutcome {
    pub fn elected(&self) -> impl Iterator<Item = &Ranked> {
        self.ranking.iter().filter(|r| r.elected)
    }
}

/// How a mandate quota was met in one unit (a list, a party, the assembly).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaCheck {
    pub quota: String,
    pub stage: QuotaStage,
    /// `constituency / party`, `party` or `assembly`.
    pub unit: String,
    pub seats: u32,
    pub need: u32,
    pub have: u32,
    /// Members of the category on the unit's lists (elected or not).
    pub available: u32,
    pub met: bool,
    /// Too few members of the category on the list to meet the target: `need - have`.
    #[serde(default)]
    pub shortfall: u32,
    /// The target was not met although the list had enough members: the party's choice
    /// breaks the law.
    #[serde(default)]
    pub violation: bool,
    #[serde(default)]
    pub article: Option<String>,
}

/// The elected people of a whole election.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Designation {
    /// The designation rule, in words.
    pub rule: String,
    #[serde(default)]
    pub article: Option<String>,
    pub lists: Vec<ListOutcome>,
    #[serde(default)]
    pub quotas: Vec<QuotaCheck>,
}

impl Designation {
    /// Every elected person, list by list.
    pub fn elected(&self) -> impl Iterator<Item = (&ListOutcome, &Ranked)> {
        self.lists.iter().flat_map(|l| l.elected().map(move |r| (l, r)))
    }
}

/// Designates the people who take the seats of `outcome`, by the law's `[candidates]`
/// rule (closed list when the law has none), then applies its mandate quotas.
///
/// Lists are matched to the count by constituency and party (by party alone when the
/// law allocates nationally). The result does not depend on the order of the lists or
/// of the candidates in the input: lists follow the count's order, candidates their
/// ballot positions.
pub fn designate(law: &Law, outcome: &Outcome, lists: &[CandidateList], choice: Option<&PartyChoice>) -> Result<Designation, DesignationError> {
    let rule = law.candidates.as_ref().map(|c| c.designation).unwrap_or(DesignationRule::ClosedList);
    let age_on = law.candidates.as_ref().and_then(|c| c.age_on).or(law.effective);
    let national = law.allocation.as_ref().is_some_and(|a| a.level == Level::National);
    if rule == DesignationRule::PartyChoice && choice.is_none() {
        return Err(DesignationError::NoChoice);
    }

    // (contest, party) of every list, checking each list stands in the count.
    let mut by_key: HashMap<(usize, usize), usize> = HashMap::new();
    for (li, list) in lists.iter().enumerate() {
        let found = outcome.contests.iter().enumerate().find_map(|(ci, c)| {
            if !national && c.name != list.constituency {
                return None;
            }
            c.parties.iter().position(|&p| outcome.parties[p] == list.party).map(|k| (ci, k))
        });
        let key = found.ok_or_else(|| DesignationError::NoSuchList { constituency: list.constituency.clone(), party: list.party.clone() })?;
        if by_key.insert(key, li).is_some() {
            return Err(if national {
                DesignationError::SeveralNationalLists { party: list.party.clone() }
            } else {
                DesignationError::DuplicateList { constituency: list.constituency.clone(), party: list.party.clone() }
            });
        }
    }
    if let Some(ch) = choice {
        for (cons, party, _) in &ch.choices {
            let known = outcome.contests.iter().any(|c| {
                (national || c.name == *cons) && c.parties.iter().any(|&p| outcome.parties[p] == *party)
            });
            if !known {
                return Err(DesignationError::ChoiceUnknownList { constituency: cons.clone(), party: party.clone() });
            }
        }
    }

    let mut out = Vec::new();
    for (ci, c) in outcome.contests.iter().enumerate() {
        let valid: u64 = c.votes.iter().sum();
        for (k, &p) in c.parties.iter().enumerate() {
            let seats = c.result[k];
            let Some(&li) = by_key.get(&(ci, k)) else {
                if seats > 0 {
                    return Err(DesignationError::NoList { constituency: c.name.clone(), party: outcome.parties[p].clone(), seats });
                }
                continue;
            };
            // Ballot order; a list already in it (as the reader gives it) is not copied.
            let sorted = |v: &[Candidate]| v.windows(2).all(|w| w[0].position <= w[1].position);
            let list: std::borrow::Cow<CandidateList> = if sorted(&lists[li].effective) && sorted(&lists[li].substitutes) {
                std::borrow::Cow::Borrowed(&lists[li])
            } else {
                let mut l = lists[li].clone();
                l.sort();
                std::borrow::Cow::Owned(l)
            };
            if matches!(rule, DesignationRule::BelgianDevolution { .. }) && seats > 0 && list.ballots.is_none() {
                return Err(DesignationError::NoBallots { constituency: list.constituency.clone(), party: list.party.clone() });
            }
            let picked = match (rule, choice) {
                (DesignationRule::PartyChoice, Some(ch)) => Some(check_choice(&list, ch, seats)?),
                _ => None,
            };
            let mut lo = designate_list(rule, &list, seats, c.votes[k], valid, c.seats, picked.as_deref());
            if national {
                lo.constituency = c.name.clone();
            }
            out.push(lo);
        }
    }

    // Mandate quotas that act inside a list's seats, in law order.
    let acting: Vec<&QuotaRule> =
        law.quotas.iter().filter(|q| matches!(q.stage, QuotaStage::PreAllocation | QuotaStage::PostCorrection)).collect();
    if !acting.is_empty() {
        for q in &acting {
            if q.scope == QuotaScope::Party {
                let mut seen: HashMap<&str, usize> = HashMap::new();
                for l in out.iter().filter(|l| l.seats > 0) {
                    *seen.entry(l.party.as_str()).or_default() += 1;
                    if seen[l.party.as_str()] > 1 {
                        return Err(DesignationError::PartyScopeSeveralLists { quota: q.name.clone(), party: l.party.clone() });
                    }
                }
            }
        }
        for lo in &mut out {
            apply_quotas(lo, &acting, age_on);
        }
    }

    let quotas = quota_checks(law, &out, age_on);
    Ok(Designation {
        rule: rule.describe(),
        article: law.candidates.as_ref().and_then(|c| c.article.clone()),
        lists: out,
        quotas,
    })
}

/// Checks a party's choice against its list and seats; returns the chosen indices into
/// `list.effective`, in the party's order.
fn check_choice(list: &CandidateList, ch: &PartyChoice, seats: u32) -> Result<Vec<usize>, DesignationError> {
    let err_ctx = || (list.constituency.clone(), list.party.clone());
    let names = ch.of(&list.constituency, &list.party).or_else(|| {
        // A national list may be chosen for under any constituency name.
        let mut it = ch.choices.iter().filter(|(_, p, _)| *p == list.party);
        match (it.next(), it.next()) {
            (Some(one), None) => Some(one.2.as_slice()),
            _ => None,
        }
    });
    let Some(names) = names else {
        if seats == 0 {
            return Ok(vec![]);
        }
        let (constituency, party) = err_ctx();
        return Err(DesignationError::ChoiceMissing { constituency, party, seats });
    };
    let mut picked = Vec::new();
    for n in names {
        let Some(i) = list.effective.iter().position(|c| c.name == *n) else {
            let (constituency, party) = err_ctx();
            return Err(DesignationError::ChoiceNotOnList { constituency, party, name: n.clone() });
        };
        if picked.contains(&i) {
            let (constituency, party) = err_ctx();
            return Err(DesignationError::ChoiceTwice { constituency, party, name: n.clone() });
        }
        picked.push(i);
    }
    let fillable = seats.min(list.effective.len() as u32);
    if picked.len() as u32 != fillable {
        let (constituency, party) = err_ctx();
        return Err(DesignationError::ChoiceCount { constituency, party, got: picked.len(), seats, needed: fillable });
    }
    Ok(picked)
}

fn ceil_share(share: crate::exact::Percent, x: u64) -> u64 {
    let f = share.as_fraction();
    (f.num * x as u128).div_ceil(f.den) as u64
}

/// Designation of one list by `rule`: the ranking, the elected, the substitutes' order.
pub fn designate_list(
    rule: DesignationRule,
    list: &CandidateList,
    seats: u32,
    list_votes: u64,
    contest_valid_votes: u64,
    contest_seats: u32,
    choice: Option<&[usize]>,
) -> ListOutcome {
    let n = list.effective.len();
    let fill = (seats as usize).min(n);
    let mut lo = ListOutcome {
        constituency: list.constituency.clone(),
        party: list.party.clone(),
        seats,
        list_votes,
        eligibility: None,
        pot: None,
        pot_left: None,
        substitute_pot: None,
        preference_bar: None,
        ranking: Vec::with_capacity(n),
        substitutes: Vec::new(),
        replacements: Vec::new(),
        ties: Vec::new(),
        unfilled: seats.saturating_sub(n as u32),
    };
    let ranked = |c: &Candidate, devolved: u64| Ranked {
        candidate: c.clone(),
        devolved,
        total: c.preference_votes.saturating_add(devolved),
        elected: false,
        reason: None,
    };
    // Order of the effective candidates (indices) and, per index, the key the cut is
    // decided on (for ties).
    let order: Vec<usize>;
    let mut devolved = vec![0u64; n];
    let mut tie_key: Option<(&str, Vec<u64>)> = None;
    match rule {
        DesignationRule::ClosedList => order = (0..n).collect(),
        DesignationRule::OpenList => {
            order = by_key_desc(n, |i| list.effective[i].preference_votes);
            tie_key = Some(("preference votes", list.effective.iter().map(|c| c.preference_votes).collect()));
        }
        DesignationRule::BelgianDevolution { pot_share } => {
            let b = list.ballots.unwrap_or_default();
            let e = list_votes.div_ceil(seats as u64 + 1);
            lo.eligibility = Some(e);
            if seats > 0 {
                let pot = ceil_share(pot_share, b.head.saturating_add(b.substitutes_only));
                let left = devolve(&list.effective, e, pot, &mut devolved);
                lo.pot = Some(pot);
                lo.pot_left = Some(left);
            }
            let totals: Vec<u64> = (0..n).map(|i| list.effective[i].preference_votes + devolved[i]).collect();
            order = by_key_desc(n, |i| totals[i]);
            tie_key = Some(("total", totals));
        }
        DesignationRule::PreferenceThreshold { share_of_quota } => {
            // bar = share × valid votes / seats; votes are whole, so reaching it means
            // reaching its ceiling.
            let f = share_of_quota.as_fraction();
            let bar = (f.num * contest_valid_votes as u128).div_ceil(f.den * contest_seats.max(1) as u128) as u64;
            lo.preference_bar = Some(bar);
            let above: Vec<usize> = by_key_desc(n, |i| list.effective[i].preference_votes)
                .into_iter()
                .filter(|&i| list.effective[i].preference_votes >= bar)
                .collect();
            let rest = (0..n).filter(|i| !above.contains(i));
            order = above.iter().copied().chain(rest).collect();
            // Only candidates above the bar compete on votes at the cut.
            if above.len() > fill {
                tie_key = Some(("preference votes", list.effective.iter().map(|c| c.preference_votes).collect()));
            }
        }
        DesignationRule::PartyChoice => {
            let chosen = choice.unwrap_or(&[]);
            order = chosen.iter().copied().chain((0..n).filter(|i| !chosen.contains(i))).collect();
        }
    }
    for (rank, &i) in order.iter().enumerate() {
        let c = &list.effective[i];
        let mut r = ranked(c, devolved[i]);
        if rank < fill {
            r.elected = true;
            r.reason = Some(match rule {
                DesignationRule::ClosedList => Reason::ListOrder { position: c.position },
                DesignationRule::OpenList => Reason::PreferenceVotes { votes: c.preference_votes, rank: rank as u32 + 1 },
                DesignationRule::BelgianDevolution { .. } => Reason::Devolution {
                    own: c.preference_votes,
                    devolved: devolved[i],
                    total: r.total,
                    eligibility: lo.eligibility.unwrap_or(0),
                },
                DesignationRule::PreferenceThreshold { .. } => {
                    let bar = lo.preference_bar.unwrap_or(0);
                    if c.preference_votes >= bar {
                        Reason::PreferenceThreshold { votes: c.preference_votes, bar }
                    } else {
                        Reason::ListOrder { position: c.position }
                    }
                }
                DesignationRule::PartyChoice => Reason::PartyChoice { rank: rank as u32 + 1 },
            });
        }
        lo.ranking.push(r);
    }
    if let Some((on, key)) = tie_key {
        if fill > 0 && fill < n {
            let cut = key[order[fill - 1]];
            if key[order[fill]] == cut {
                let tied: Vec<usize> = order.iter().copied().filter(|&i| key[i] == cut).collect();
                let winners = tied.iter().filter(|&&i| order.iter().position(|&j| j == i).unwrap_or(n) < fill);
                lo.ties.push(CandidateTie {
                    on: on.to_string(),
                    value: cut,
                    contenders: tied.iter().map(|&i| list.effective[i].name.clone()).collect(),
                    winners: winners.map(|&i| list.effective[i].name.clone()).collect(),
                    decided_by: "list order (the candidate placed higher on the ballot)".into(),
                });
            }
        }
    }

    // Substitutes: by the same rule, with their own pot for the Belgian devolution
    // (art. 173: ballots with a head vote or votes only for effective candidates).
    let m = list.substitutes.len();
    let mut sdev = vec![0u64; m];
    let sorder: Vec<usize> = match rule {
        DesignationRule::BelgianDevolution { pot_share } if seats > 0 => {
            let b = list.ballots.unwrap_or_default();
            let pot = ceil_share(pot_share, b.head.saturating_add(b.effective_only));
            lo.substitute_pot = Some(pot);
            devolve(&list.substitutes, lo.eligibility.unwrap_or(0), pot, &mut sdev);
            by_key_desc(m, |i| list.substitutes[i].preference_votes + sdev[i])
        }
        DesignationRule::OpenList | DesignationRule::BelgianDevolution { .. } => {
            by_key_desc(m, |i| list.substitutes[i].preference_votes)
        }
        _ => (0..m).collect(),
    };
    lo.substitutes = sorder.iter().map(|&i| ranked(&list.substitutes[i], sdev[i])).collect();
    lo
}

/// Devolves `pot` in ballot order, topping each candidate up to `e`; returns what is left.
fn devolve(people: &[Candidate], e: u64, mut pot: u64, devolved: &mut [u64]) -> u64 {
    for (i, c) in people.iter().enumerate() {
        if pot == 0 {
            break;
        }
        let give = e.saturating_sub(c.preference_votes).min(pot);
        devolved[i] = give;
        pot -= give;
    }
    pot
}

/// Indices `0..n` by `key` descending, equal keys in ballot order.
fn by_key_desc(n: usize, key: impl Fn(usize) -> u64) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by(|&a, &b| key(b).cmp(&key(a)).then(a.cmp(&b)));
    idx
}

/// Applies pre-allocation and post-correction quotas to one list, in law order.
fn apply_quotas(lo: &mut ListOutcome, quotas: &[&QuotaRule], age_on: Option<Date>) {
    let fill = lo.elected().count();
    let mut applied: Vec<(&QuotaRule, Option<Sex>, usize)> = Vec::new();
    for q in quotas {
        if fill == 0 || lo.seats < q.min_seats {
            continue;
        }
        // Measured on the seats the list fills (all of them unless it ran out of
        // candidates), as the quota checks measure it.
        let need = q.target.need(fill as u32) as usize;
        let minority = q
            .category
            .uses_minority()
            .then(|| Category::minority_of(lo.ranking.iter().filter(|r| r.elected).map(|r| &r.candidate)))
            .flatten();
        let inside = |r: &Ranked| q.category.contains(&r.candidate, age_on, minority);
        match q.stage {
            QuotaStage::PreAllocation => {
                // The best-placed members of the category take `need` seats first; the
                // others follow the ranking.
                let first: Vec<usize> = (0..lo.ranking.len()).filter(|&i| inside(&lo.ranking[i])).take(need).collect();
                let rest: Vec<usize> = (0..lo.ranking.len()).filter(|i| !first.contains(i)).take(fill - first.len()).collect();
                let before: Vec<bool> = lo.ranking.iter().map(|r| r.elected).collect();
                for (i, r) in lo.ranking.iter_mut().enumerate() {
                    let now = first.contains(&i) || rest.contains(&i);
                    if now && !before[i] {
                        r.reason = Some(Reason::QuotaPreAllocation { quota: q.name.clone(), article: q.article.clone() });
                    }
                    if !now {
                        r.reason = None;
                    }
                    r.elected = now;
                }
            }
            QuotaStage::PostCorrection => {
                let count = |lo: &ListOutcome| lo.ranking.iter().filter(|r| r.elected && inside(r)).count();
                while count(lo) < need {
                    // The last elected outside the category whose departure breaks no
                    // quota applied before; the first non-elected of the category.
                    let out = (0..lo.ranking.len()).rev().find(|&i| {
                        let r = &lo.ranking[i];
                        r.elected
                            && !inside(r)
                            && applied.iter().all(|(p, pm, pneed)| {
                                let cat = |x: &Ranked| p.category.contains(&x.candidate, age_on, *pm);
                                let have = lo.ranking.iter().filter(|x| x.elected && cat(x)).count();
                                !cat(r) || have > *pneed
                            })
                    });
                    let inn = (0..lo.ranking.len()).find(|&i| !lo.ranking[i].elected && inside(&lo.ranking[i]));
                    let (Some(o), Some(n)) = (out, inn) else { break };
                    let replaced = lo.ranking[o].candidate.name.clone();
                    lo.ranking[o].elected = false;
                    lo.ranking[o].reason = None;
                    lo.ranking[n].elected = true;
                    lo.ranking[n].reason =
                        Some(Reason::QuotaReplacement { quota: q.name.clone(), replaced: replaced.clone(), article: q.article.clone() });
                    lo.replacements.push(Replacement { quota: q.name.clone(), elected: lo.ranking[n].candidate.name.clone(), replaced });
                }
            }
            _ => {}
        }
        applied.push((q, minority, need));
    }
}

/// Every mandate quota measured in every unit it applies to.
fn quota_checks(law: &Law, lists: &[ListOutcome], age_on: Option<Date>) -> Vec<QuotaCheck> {
    let mut out = Vec::new();
    for q in law.quotas.iter().filter(|q| q.stage != QuotaStage::ListValidation) {
        let units: Vec<(String, Vec<&ListOutcome>)> = match q.scope {
            QuotaScope::PartyInConstituency => {
                lists.iter().map(|l| (format!("{} / {}", l.constituency, l.party), vec![l])).collect()
            }
            QuotaScope::Party => {
                let mut parties: Vec<(String, Vec<&ListOutcome>)> = Vec::new();
                for l in lists {
                    match parties.iter_mut().find(|(p, _)| *p == l.party) {
                        Some((_, v)) => v.push(l),
                        None => parties.push((l.party.clone(), vec![l])),
                    }
                }
                parties
            }
            QuotaScope::Assembly => vec![("assembly".to_string(), lists.iter().collect())],
        };
        for (unit, ls) in units {
            let seats: u32 = ls.iter().map(|l| l.seats - l.unfilled).sum();
            if seats == 0 || seats < q.min_seats {
                continue;
            }
            let elected: Vec<&Candidate> = ls.iter().flat_map(|l| l.elected().map(|r| &r.candidate)).collect();
            let minority = if q.category.uses_minority() { Category::minority_of(elected.iter().copied()) } else { None };
            let have = elected.iter().filter(|c| q.category.contains(c, age_on, minority)).count() as u32;
            let available =
                ls.iter().flat_map(|l| l.ranking.iter()).filter(|r| q.category.contains(&r.candidate, age_on, minority)).count() as u32;
            let need = q.target.need(seats);
            let met = have >= need || (q.category.uses_minority() && minority.is_none());
            out.push(QuotaCheck {
                quota: q.name.clone(),
                stage: q.stage,
                unit,
                seats,
                need,
                have,
                available,
                met,
                shortfall: if met { 0 } else { need.saturating_sub(available) },
                violation: !met && have < available.min(need),
                article: q.article.clone(),
            });
        }
    }
    out
}
