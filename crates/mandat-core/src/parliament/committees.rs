//! Committees: the seats of each group on each committee, and the posts (chairs,
//! secretaries…), with every step recorded so that each post can be explained.
//!
//! **Seats.** On each committee, the recognised groups share the seats by the
//! rules' method on their group sizes ([`Method::allocate`], ties by the rules'
//! chain). Then the guarantees, in this order:
//! 1. *every recognised group at least m seats* (capped at the group's own size):
//!    a group below its minimum is fixed at it and the other groups share the rest
//!    by the method again, until no group is below (the usual divisor method with
//!    minimum requirements). If the committee is too small for every minimum, the
//!    guarantee cannot hold and is reported as unmet.
//! 2. *the opposition at least k seats*: while the opposition groups hold fewer, the
//!    opposition group with the highest next quotient gains a seat and the other
//!    group whose last seat has the lowest quotient (and stays at or above its own
//!    minimum) gives one up. Reported as unmet when no such exchange is possible.
//!
//! **Posts.** The posts of one kind (one per committee, or `per_committee`) are
//! shared by the post's divisor method (D'Hondt by default) on group sizes. If the
//! rules reserve posts for a side and its groups won fewer by quotient, the posts
//! with the lowest quotients outside that side pass to the side's groups with the
//! highest next quotients ("reserved"). Then the groups choose, one post at a time
//! in decreasing quotient order (sequential choice): each takes its most preferred
//! committee whose post is still free, or without a usable preference the first free
//! committee in the rules' order. Equal quotients are ordered by the tie chain, and
//! that tie is recorded.

use serde::Serialize;

use crate::exact::Fraction;
use crate::method::Method;
use crate::parliament::rules::{CommitteeSeats, PostRule, Rules, WithoutSeat};
use crate::parliament::{Assembly, Side};
use crate::tie::{Tie, TieBreaker, TieStage};

/// Why committees cannot be shared out.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    #[error("committee {committee:?} has {size} members but the assembly has only {seats} seats")]
    CommitteeTooLarge { committee: String, size: u32, seats: u64 },
    #[error("no group reaches the {0} seats a group needs to be recognised")]
    NoRecognisedGroup(u32),
    #[error("the rules {0}, but the assembly says no group's side: give a `side` column (majority/opposition) or the government's groups")]
    NoSides(String),
}

/// Each group's committees in order of preference (indices into the rules' committees).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Preferences {
    /// Per group (same order as the assembly), for every kind of post; an empty list
    /// means no preference.
    pub by_group: Vec<Vec<usize>>,
    /// For one kind of post (by name): per group, a list that replaces `by_group`'s when
    /// it is not empty.
    pub by_post: Vec<(String, Vec<Vec<usize>>)>,
}

impl Preferences {
    pub fn none(groups: usize) -> Preferences {
        Preferences { by_group: vec![Vec::new(); groups], by_post: Vec::new() }
    }

    /// The preferences of group `g` for the post named `post`.
    pub fn of(&self, post: &str, g: usize) -> &[usize] {
        let specific = self
            .by_post
            .iter()
            .find(|(name, _)| name == post)
            .and_then(|(_, lists)| lists.get(g))
            .filter(|l| !l.is_empty());
        specific.or_else(|| self.by_group.get(g)).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Everything decided, with its reasons.
#[derive(Clone, Debug, Serialize)]
pub struct Sharing {
    pub groups: Vec<String>,
    /// Whether each group is recognised (reaches the rules' minimum size).
    pub recognised: Vec<bool>,
    pub committees: Vec<CommitteeReport>,
    pub posts: Vec<PostReport>,
    /// The seed of the lot, for every tie the lot decided.
    pub seed: u64,
}

/// One committee's seats.
#[derive(Clone, Debug, Serialize)]
pub struct CommitteeReport {
    pub name: String,
    pub size: u32,
    /// Seats per group by the method alone (every group; unrecognised ones 0).
    pub by_method: Vec<u32>,
    /// Seats per group after the guarantees.
    pub seats: Vec<u32>,
    pub adjustments: Vec<Adjustment>,
    /// Recognised groups without a seat that sit as non-voting members.
    pub non_voting: Vec<usize>,
    /// Ties, with contenders and winners as group indices.
    pub ties: Vec<Tie>,
    /// Guarantees that could not hold, and why.
    pub unmet: Vec<String>,
}

/// A change a guarantee made to the method's seats.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Adjustment {
    pub group: usize,
    pub from: u32,
    pub to: u32,
    pub reason: String,
}

/// One kind of post, shared and chosen.
#[derive(Clone, Debug, Serialize)]
pub struct PostReport {
    pub name: String,
    pub method: String,
    /// How many posts of this kind there are.
    pub posts: u32,
    /// Posts per group.
    pub counts: Vec<u32>,
    /// The choices, in order.
    pub rounds: Vec<Round>,
    pub ties: Vec<PostTie>,
    pub unmet: Vec<String>,
}

/// One post: who chose it, when, with which quotient, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Round {
    /// 1 for the first choice.
    pub round: u32,
    pub group: usize,
    /// The group's 1st, 2nd… post of this kind.
    pub nth: u32,
    pub divisor: Fraction,
    /// Group seats / divisor.
    pub quotient: Fraction,
    pub why: Why,
    pub committee: usize,
    pub choice: Choice,
}

/// Why a group got a post.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Why {
    /// Its quotient was among the highest.
    Quotient,
    /// Reserved for its side by the rules.
    Reserved { side: Side },
}

/// How the committee was picked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Choice {
    /// The group's `rank`-th preference (1 = first) that was still free.
    Preference { rank: u32 },
    /// No usable preference: the first free committee in the rules' order.
    FirstFree,
}

/// A tie met while sharing posts.
#[derive(Clone, Debug, Serialize)]
pub struct PostTie {
    pub purpose: TiePurpose,
    pub tie: Tie,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TiePurpose {
    /// Equal quotients for the last post(s).
    LastPost,
    /// Equal quotients: who chooses first.
    ChoiceOrder,
    /// Which group gains or gives up a post for a reservation.
    Reservation,
}

/// Shares out the committees and posts of `assembly` under `rules`; `seed` seeds the lot.
///
/// ```
/// use mandat_core::parliament::{Assembly, committees::{share_out, Preferences}};
/// let rules = mandat_core::parliament::committees::example_rules(3, 5);
/// let a = Assembly::new(&[("A", 50), ("B", 30), ("C", 20)]);
/// let s = share_out(&rules, &a, &Preferences::none(3), 0).unwrap();
/// assert_eq!(s.committees[0].seats, vec![3, 1, 1]);           // D'Hondt, 5 seats
/// assert_eq!(s.posts[0].counts, vec![2, 1, 0]);               // 3 chairs: 50, 30, 25
/// ```
pub fn share_out(rules: &Rules, assembly: &Assembly, prefs: &Preferences, seed: u64) -> Result<Sharing, ShareError> {
    let n = assembly.groups.len();
    let votes: Vec<u64> = assembly.seats();
    let total = assembly.total_seats();
    for c in &rules.committees {
        if c.size.0 as u64 > total {
            return Err(ShareError::CommitteeTooLarge { committee: c.name.clone(), size: c.size.0, seats: total });
        }
    }
    let min = rules.recognition.min_seats.0;
    let recognised: Vec<bool> = assembly.groups.iter().map(|g| g.seats >= min && g.seats > 0).collect();
    let members: Vec<usize> = (0..n).filter(|&i| recognised[i]).collect();
    if members.is_empty() {
        return Err(ShareError::NoRecognisedGroup(min));
    }
    let needs_sides = if rules.committee_seats.opposition_at_least > 0 {
        Some("guarantee the opposition seats on every committee".to_string())
    } else {
        rules.posts.iter().find(|p| p.reserved.is_some()).map(|p| format!("reserve {:?} posts for a side", p.name))
    };
    if let Some(what) = needs_sides {
        if !assembly.has_sides() {
            return Err(ShareError::NoSides(what));
        }
    }
    let sides: Vec<Option<Side>> = assembly.groups.iter().map(|g| g.side).collect();
    let mut ties = TieBreaker::new(rules.ties.chain.clone(), seed);
    let committees = rules
        .committees
        .iter()
        .map(|c| committee(&rules.committee_seats, &c.name, c.size.0, &votes, &members, &sides, &mut ties))
        .collect();
    let posts = rules
        .posts
        .iter()
        .map(|p| posts(p, rules.committees.len(), &votes, &members, &sides, prefs, &mut ties))
        .collect();
    Ok(Sharing {
        groups: assembly.groups.iter().map(|g| g.name.clone()).collect(),
        recognised,
        committees,
        posts,
        seed,
    })
}

/// Allocates `seats` among `members` (group indices) by `method` on their group
/// sizes; returns seats per group (all groups) and the ties, with group indices.
fn allocate_among(method: &Method, votes: &[u64], members: &[usize], seats: u32, ties: &mut TieBreaker) -> (Vec<u32>, Vec<Tie>) {
    let sub: Vec<u64> = members.iter().map(|&g| votes[g]).collect();
    let got = method.allocate(&sub, seats, ties);
    let mut out = vec![0u32; votes.len()];
    for (k, &g) in members.iter().enumerate() {
        out[g] = got[k];
    }
    let mapped = ties
        .take_ties()
        .into_iter()
        .map(|mut t| {
            t.contenders = t.contenders.iter().map(|&k| members[k]).collect();
            t.winners = t.winners.iter().map(|&k| members[k]).collect();
            t
        })
        .collect();
    (out, mapped)
}

fn diff(before: &[u32], after: &[u32], reason: &str, out: &mut Vec<Adjustment>) {
    for g in 0..before.len() {
        if before[g] != after[g] {
            let reason = if after[g] > before[g] { reason.to_string() } else { format!("gives way to the guarantee: {reason}") };
            out.push(Adjustment { group: g, from: before[g], to: after[g], reason });
        }
    }
}

/// The one contender that `ties` ranks first among `contenders`.
fn pick_one(ties: &mut TieBreaker, contenders: &[usize], votes: &[u64], value: Fraction, log: &mut Vec<Tie>) -> usize {
    if contenders.len() == 1 {
        return contenders[0];
    }
    let w = ties.decide(contenders, 1, votes, TieStage::Average { average: value });
    log.extend(ties.take_ties());
    w[0]
}

/// The best of `candidates` by `key` (highest if `highest`), ties decided by the chain.
fn best_by(
    candidates: &[usize],
    key: impl Fn(usize) -> Fraction,
    highest: bool,
    ties: &mut TieBreaker,
    votes: &[u64],
    log: &mut Vec<Tie>,
) -> Option<usize> {
    let top = candidates.iter().map(|&g| key(g)).reduce(|a, b| if (b > a) == highest && b != a { b } else { a })?;
    let at: Vec<usize> = candidates.iter().copied().filter(|&g| key(g) == top).collect();
    if highest {
        Some(pick_one(ties, &at, votes, top, log))
    } else {
        // Among equal lowest quotients, the chain picks who *keeps*; the loser is the last ranked.
        if at.len() == 1 {
            return Some(at[0]);
        }
        let keep = ties.decide(&at, at.len() - 1, votes, TieStage::Average { average: top });
        log.extend(ties.take_ties());
        at.into_iter().find(|g| !keep.contains(g))
    }
}

#[allow(clippy::too_many_arguments)]
fn committee(
    cs: &CommitteeSeats,
    name: &str,
    size: u32,
    votes: &[u64],
    members: &[usize],
    sides: &[Option<Side>],
    ties: &mut TieBreaker,
) -> CommitteeReport {
    let m = &cs.method;
    let (by_method, mut last_ties) = allocate_among(m, votes, members, size, ties);
    let mut seats = by_method.clone();
    let mut adjustments = Vec::new();
    let mut unmet = Vec::new();
    let mut floor = vec![0u32; votes.len()];
    // 1. Every recognised group at least `m` seats.
    let at_least = cs.every_group_at_least;
    if at_least > 0 {
        let mins: Vec<u32> = (0..votes.len())
            .map(|g| if members.contains(&g) { at_least.min(votes[g].min(u32::MAX as u64) as u32) } else { 0 })
            .collect();
        let need: u64 = mins.iter().map(|&x| x as u64).sum();
        if need > size as u64 {
            unmet.push(format!(
                "every recognised group at least {at_least} seat(s): the {} recognised groups need {need} seats, the committee has {size}",
                members.len()
            ));
        } else {
            let mut fixed = vec![false; votes.len()];
            loop {
                let low: Vec<usize> = members.iter().copied().filter(|&g| !fixed[g] && seats[g] < mins[g]).collect();
                if low.is_empty() {
                    break;
                }
                for g in low {
                    fixed[g] = true;
                }
                let free: Vec<usize> = members.iter().copied().filter(|&g| !fixed[g]).collect();
                let held: u32 = members.iter().filter(|&&g| fixed[g]).map(|&g| mins[g]).sum();
                let (sub, t) = allocate_among(m, votes, &free, size - held, ties);
                last_ties = t;
                for &g in members {
                    seats[g] = if fixed[g] { mins[g] } else { sub[g] };
                }
            }
            floor = mins;
            let before = by_method.clone();
            diff(&before, &seats, &format!("every recognised group at least {at_least} seat(s)"), &mut adjustments);
        }
    }
    let mut all_ties = last_ties;
    // 2. The opposition at least `k` seats.
    let k = cs.opposition_at_least;
    if k > 0 {
        let opp: Vec<usize> = members.iter().copied().filter(|&g| sides[g] == Some(Side::Opposition)).collect();
        let rest: Vec<usize> = members.iter().copied().filter(|&g| sides[g] != Some(Side::Opposition)).collect();
        let before = seats.clone();
        let mut have: u32 = opp.iter().map(|&g| seats[g]).sum();
        while have < k {
            let gainers: Vec<usize> = opp.iter().copied().filter(|&g| (seats[g] as u64) < votes[g]).collect();
            let losers: Vec<usize> = rest.iter().copied().filter(|&g| seats[g] > floor[g]).collect();
            if gainers.is_empty() || losers.is_empty() {
                let why = if opp.is_empty() {
                    "there is no recognised opposition group".to_string()
                } else if gainers.is_empty() {
                    "the opposition groups have no more members".to_string()
                } else {
                    "no other group has a seat to give up".to_string()
                };
                unmet.push(format!("the opposition at least {k} seat(s): it holds {have}; {why}"));
                break;
            }
            let g = best_by(&gainers, |g| m.average(votes[g], seats[g]), true, ties, votes, &mut all_ties).expect("non-empty");
            let l = best_by(&losers, |g| m.average(votes[g], seats[g] - 1), false, ties, votes, &mut all_ties).expect("non-empty");
            seats[g] += 1;
            seats[l] -= 1;
            have += 1;
        }
        diff(&before, &seats, &format!("the opposition at least {k} seat(s)"), &mut adjustments);
    }
    let non_voting = match cs.without_seat {
        WithoutSeat::Nothing => Vec::new(),
        WithoutSeat::NonVotingMember => members.iter().copied().filter(|&g| seats[g] == 0).collect(),
    };
    CommitteeReport { name: name.to_string(), size, by_method, seats, adjustments, non_voting, ties: all_ties, unmet }
}

fn posts(
    rule: &PostRule,
    committees: usize,
    votes: &[u64],
    members: &[usize],
    sides: &[Option<Side>],
    prefs: &Preferences,
    ties: &mut TieBreaker,
) -> PostReport {
    let m = &rule.method;
    let total = (committees as u32) * rule.per_committee;
    let (mut counts, cut) = allocate_among(m, votes, members, total, ties);
    let mut post_ties: Vec<PostTie> = cut.into_iter().map(|t| PostTie { purpose: TiePurpose::LastPost, tie: t }).collect();
    let mut unmet = Vec::new();
    // Reserved posts: (group, nth) pairs marked as reserved.
    let mut reserved: Vec<(usize, u32, Side)> = Vec::new();
    if let Some(r) = &rule.reserved {
        let side_groups: Vec<usize> = members.iter().copied().filter(|&g| sides[g] == Some(r.side)).collect();
        let others: Vec<usize> = members.iter().copied().filter(|&g| sides[g] != Some(r.side)).collect();
        let mut have: u32 = side_groups.iter().map(|&g| counts[g]).sum();
        let mut log = Vec::new();
        while have < r.count.0 {
            let losers: Vec<usize> = others.iter().copied().filter(|&g| counts[g] > 0).collect();
            if side_groups.is_empty() || losers.is_empty() {
                let why = if side_groups.is_empty() {
                    format!("there is no recognised {} group", r.side.name())
                } else {
                    "no other group holds a post to give up".to_string()
                };
                unmet.push(format!("at least {} {:?} post(s) for the {}: {why}", r.count.0, rule.name, r.side.name()));
                break;
            }
            let g = best_by(&side_groups, |g| m.average(votes[g], counts[g]), true, ties, votes, &mut log).expect("non-empty");
            let l = best_by(&losers, |g| m.average(votes[g], counts[g] - 1), false, ties, votes, &mut log).expect("non-empty");
            reserved.push((g, counts[g], r.side));
            counts[g] += 1;
            counts[l] -= 1;
            have += 1;
        }
        post_ties.extend(log.into_iter().map(|t| PostTie { purpose: TiePurpose::Reservation, tie: t }));
    }
    // Every post with its quotient; decreasing quotient order, equal ones by the chain.
    let mut entries: Vec<(usize, u32, Fraction)> = Vec::new();
    for &g in members {
        for k in 0..counts[g] {
            entries.push((g, k, m.average(votes[g], k)));
        }
    }
    entries.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    let mut ordered: Vec<(usize, u32, Fraction)> = Vec::with_capacity(entries.len());
    let mut i = 0;
    while i < entries.len() {
        let mut j = i + 1;
        while j < entries.len() && entries[j].2 == entries[i].2 {
            j += 1;
        }
        let mut group: Vec<(usize, u32, Fraction)> = entries[i..j].to_vec();
        while group.len() > 1 {
            let contenders: Vec<usize> = group.iter().map(|e| e.0).collect();
            let first = ties.decide(&contenders, 1, votes, TieStage::Average { average: group[0].2 })[0];
            post_ties.extend(ties.take_ties().into_iter().map(|t| PostTie { purpose: TiePurpose::ChoiceOrder, tie: t }));
            let at = group.iter().position(|e| e.0 == first).expect("winner is a contender");
            ordered.push(group.remove(at));
        }
        ordered.extend(group);
        i = j;
    }
    // Sequential choice.
    let per = rule.per_committee;
    let mut taken = vec![0u32; committees];
    let mut holders: Vec<Vec<usize>> = vec![Vec::new(); committees];
    let mut reserved_on: Vec<Vec<Side>> = vec![Vec::new(); committees];
    let mut rounds = Vec::with_capacity(ordered.len());
    for (r, &(g, k, quotient)) in ordered.iter().enumerate() {
        let why = match reserved.iter().find(|&&(rg, rk, _)| rg == g && rk == k) {
            Some(&(_, _, side)) => Why::Reserved { side },
            None => Why::Quotient,
        };
        let usable = |c: usize, strict: bool| {
            taken[c] < per
                && (!strict || !holders[c].contains(&g))
                && match why {
                    Why::Reserved { side } => !reserved_on[c].contains(&side),
                    Why::Quotient => true,
                }
        };
        let pref = prefs.of(&rule.name, g);
        let chosen = pref
            .iter()
            .enumerate()
            .find(|&(_, &c)| c < committees && usable(c, true))
            .map(|(rank, &c)| (c, Choice::Preference { rank: rank as u32 + 1 }))
            .or_else(|| (0..committees).find(|&c| usable(c, true)).map(|c| (c, Choice::FirstFree)))
            .or_else(|| (0..committees).find(|&c| usable(c, false)).map(|c| (c, Choice::FirstFree)))
            .or_else(|| (0..committees).find(|&c| taken[c] < per).map(|c| (c, Choice::FirstFree)));
        let Some((c, choice)) = chosen else { break };
        taken[c] += 1;
        holders[c].push(g);
        if let Why::Reserved { side } = why {
            reserved_on[c].push(side);
        }
        rounds.push(Round { round: r as u32 + 1, group: g, nth: k + 1, divisor: m.divisor(k), quotient, why, committee: c, choice });
    }
    PostReport { name: rule.name.clone(), method: m.to_string(), posts: total, counts, rounds, ties: post_ties, unmet }
}

/// Rules for examples and tests: `committees` committees of `size` seats, D'Hondt,
/// one chair each, no guarantee.
pub fn example_rules(committees: usize, size: u32) -> Rules {
    use crate::law::{Seats, TieChain};
    use crate::parliament::rules::{Committee, Recognition};
    Rules {
        id: "example".into(),
        name: "Example rules".into(),
        citation: "none".into(),
        notes: None,
        recognition: Recognition::default(),
        committee_seats: CommitteeSeats {
            method: Method::DHondt,
            every_group_at_least: 0,
            opposition_at_least: 0,
            without_seat: WithoutSeat::Nothing,
            article: None,
        },
        committees: (0..committees).map(|i| Committee { name: format!("C{}", i + 1), size: Seats(size) }).collect(),
        posts: vec![PostRule { name: "chair".into(), per_committee: 1, method: Method::DHondt, reserved: None, article: None }],
        ties: TieChain::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::law::Seats;
    use crate::parliament::rules::Reservation;

    /// law-notes B4: the Belgian Chamber's groups after the 2019 election (sizes as
    /// given there, see the integration test for their provenance) and 11 chairs.
    fn belgium_2019() -> Assembly {
        Assembly::new(&[
            ("N-VA", 25),
            ("Ecolo-Groen", 21),
            ("PS", 20),
            ("VB", 18),
            ("MR", 14),
            ("CD&V", 12),
            ("PVDA-PTB", 12),
            ("Open Vld", 12),
            ("sp.a", 9),
            ("cdH", 5),
            ("DéFI", 2),
        ])
    }

    #[test]
    fn belgian_chairs_2019() {
        let mut rules = example_rules(11, 17);
        rules.recognition.min_seats = Seats(5);
        let s = share_out(&rules, &belgium_2019(), &Preferences::none(11), 0).unwrap();
        assert_eq!(s.posts[0].counts, vec![2, 2, 2, 1, 1, 1, 1, 1, 0, 0, 0]);
        assert!(!s.recognised[10]);
        let order: Vec<usize> = s.posts[0].rounds.iter().map(|r| r.group).collect();
        // 25, 21, 20, 18, 14, 12.5, then 12 ×3 (a tie on the choice order), 10.5, 10.
        assert_eq!(&order[..6], &[0, 1, 2, 3, 4, 0]);
        assert_eq!(&order[9..], &[1, 2]);
        let order_ties: Vec<&PostTie> = s.posts[0].ties.iter().filter(|t| t.purpose == TiePurpose::ChoiceOrder).collect();
        assert_eq!(order_ties.len(), 2); // three groups at 12: first, then second of the remaining two
        for c in &s.committees {
            assert_eq!(c.seats.iter().sum::<u32>(), 17);
        }
    }

    #[test]
    fn reserved_chair_goes_to_the_opposition() {
        let mut rules = example_rules(3, 5);
        rules.posts[0].reserved = Some(Reservation { side: Side::Opposition, count: Seats(1), article: None });
        let mut a = Assembly::new(&[("A", 60), ("B", 30), ("C", 10)]);
        a.set_government(&[0, 1]);
        let s = share_out(&rules, &a, &Preferences::none(3), 0).unwrap();
        // By quotient: A 60, B 30, A 30 → tie 30/30 for the 2nd/3rd posts, all majority.
        // The opposition (C) takes the lowest-quotient majority post, reserved.
        assert_eq!(s.posts[0].counts.iter().sum::<u32>(), 3);
        assert_eq!(s.posts[0].counts[2], 1);
        let last = s.posts[0].rounds.last().unwrap();
        assert_eq!(last.group, 2);
        assert_eq!(last.why, Why::Reserved { side: Side::Opposition });
    }

    #[test]
    fn preferences_are_followed_in_order() {
        let rules = example_rules(3, 5);
        let a = Assembly::new(&[("A", 50), ("B", 30), ("C", 20)]);
        let prefs = Preferences { by_group: vec![vec![2, 1], vec![2, 0], vec![]], by_post: Vec::new() };
        let s = share_out(&rules, &a, &prefs, 0).unwrap();
        let r = &s.posts[0].rounds;
        assert_eq!((r[0].group, r[0].committee, r[0].choice), (0, 2, Choice::Preference { rank: 1 }));
        assert_eq!((r[1].group, r[1].committee, r[1].choice), (1, 0, Choice::Preference { rank: 2 }));
        assert_eq!((r[2].group, r[2].committee, r[2].choice), (0, 1, Choice::Preference { rank: 2 }));
    }

    #[test]
    fn every_group_minimum_and_opposition_guarantee() {
        let mut rules = example_rules(1, 7);
        rules.committee_seats.every_group_at_least = 1;
        rules.committee_seats.opposition_at_least = 3;
        let mut a = Assembly::new(&[("A", 70), ("B", 20), ("C", 6), ("D", 4)]);
        a.set_government(&[0]);
        let s = share_out(&rules, &a, &Preferences::none(4), 0).unwrap();
        let c = &s.committees[0];
        assert_eq!(c.by_method, vec![6, 1, 0, 0]);
        assert_eq!(c.seats, vec![4, 1, 1, 1]);
        assert_eq!(c.seats.iter().sum::<u32>(), 7);
        assert!(c.seats.iter().all(|&x| x >= 1), "{:?}", c.seats);
        assert!(c.seats[1] + c.seats[2] + c.seats[3] >= 3);
        assert!(c.unmet.is_empty());
    }

    #[test]
    fn a_guarantee_that_cannot_hold_is_reported() {
        let mut rules = example_rules(1, 3);
        rules.committee_seats.every_group_at_least = 1;
        let a = Assembly::new(&[("A", 40), ("B", 30), ("C", 20), ("D", 10)]);
        let s = share_out(&rules, &a, &Preferences::none(4), 0).unwrap();
        assert_eq!(s.committees[0].seats.iter().sum::<u32>(), 3);
        assert_eq!(s.committees[0].unmet.len(), 1);
    }

    #[test]
    fn bad_inputs_are_errors() {
        let rules = example_rules(1, 200);
        let a = Assembly::new(&[("A", 100), ("B", 50)]);
        assert!(matches!(share_out(&rules, &a, &Preferences::none(2), 0), Err(ShareError::CommitteeTooLarge { .. })));
        let mut rules = example_rules(1, 5);
        rules.committee_seats.opposition_at_least = 1;
        assert!(matches!(share_out(&rules, &a, &Preferences::none(2), 0), Err(ShareError::NoSides(_))));
    }
}
