//! The candidate stage (issue 4): the worked examples of docs/reference/law-notes.md
//! (Belgian designation, B1; Kosovo correction, C) and properties of designation and
//! mandate quotas.

use mandat_core::candidates::designate::{designate_list, Reason};
use mandat_core::candidates::law::{CandidateRules, DesignationRule, QuotaScope, QuotaStage, Rounding, SexSel, Target, VacancyRule};
use mandat_core::candidates::{designate, Candidate, CandidateList, Category, ListBallots, QuotaRule, Sex};
use mandat_core::count::count;
use mandat_core::election::Election;
use mandat_core::law::Law;
use proptest::prelude::*;

fn pct(s: &str) -> mandat_core::exact::Percent {
    s.parse().unwrap()
}

fn belgian() -> DesignationRule {
    DesignationRule::BelgianDevolution { pot_share: pct("50%") }
}

fn law_with(rule: DesignationRule, quotas: Vec<QuotaRule>) -> Law {
    let mut law = Law::example();
    law.candidates = Some(CandidateRules { designation: rule, article: None, age_on: None, vacancy: VacancyRule::default() });
    law.quotas = quotas;
    law
}

fn women_quota(stage: QuotaStage, share: &str) -> QuotaRule {
    QuotaRule {
        name: "women".into(),
        scope: QuotaScope::PartyInConstituency,
        category: Category { sex: Some(SexSel::F), ..Default::default() },
        target: Target::Share { share: pct(share), rounding: Rounding::Up },
        stage,
        applies_to: Default::default(),
        min_seats: 0,
        article: None,
    }
}

/// law-notes B1, worked example: V = 40,000, s = 3 → E = 10,000; head ballots 12,000
/// plus substitute-only ballots 1,000 → pot 6,500; preference votes 7,000, 2,500,
/// 4,000, 9,000, 1,000; #1 gets 3,000, #2 the remaining 3,500; elected #1, #4, #2.
#[test]
fn belgian_designation_worked_example() {
    let prefs = [7_000, 2_500, 4_000, 9_000, 1_000];
    let mut list = CandidateList::new("c", "L", (0..5).map(|i| Candidate::new(&format!("#{}", i + 1), i as u32 + 1).votes(prefs[i])).collect());
    list.ballots = Some(ListBallots { head: 12_000, substitutes_only: 1_000, effective_only: 0 });
    let lo = designate_list(belgian(), &list, 3, 40_000, 100_000, 10, None);
    assert_eq!(lo.eligibility, Some(10_000));
    assert_eq!(lo.pot, Some(6_500));
    assert_eq!(lo.pot_left, Some(0));
    let totals: Vec<(String, u64, u64)> = lo.ranking.iter().map(|r| (r.candidate.name.clone(), r.devolved, r.total)).collect();
    assert_eq!(
        totals,
        vec![
            ("#1".into(), 3_000, 10_000),
            ("#4".into(), 0, 9_000),
            ("#2".into(), 3_500, 6_000),
            ("#3".into(), 0, 4_000),
            ("#5".into(), 0, 1_000),
        ]
    );
    let elected: Vec<&str> = lo.elected().map(|r| r.candidate.name.as_str()).collect();
    assert_eq!(elected, vec!["#1", "#4", "#2"]);
    assert_eq!(
        lo.ranking[2].reason,
        Some(Reason::Devolution { own: 2_500, devolved: 3_500, total: 6_000, eligibility: 10_000 })
    );
}

/// E and the pot are rounded up whatever the decimal (special law art. 29nonies1).
#[test]
fn belgian_rounds_eligibility_and_pot_up() {
    let mut list = CandidateList::new("c", "L", vec![Candidate::new("a", 1), Candidate::new("b", 2)]);
    list.ballots = Some(ListBallots { head: 3, substitutes_only: 0, effective_only: 0 });
    let lo = designate_list(belgian(), &list, 2, 10, 10, 2, None);
    assert_eq!(lo.eligibility, Some(4)); // 10 / 3 = 3.33 → 4
    assert_eq!(lo.pot, Some(2)); // 3 / 2 = 1.5 → 2
}

/// Substitutes have their own pot: head ballots + effective-only ballots, halved.
#[test]
fn belgian_substitutes_have_their_own_pot() {
    let mut list = CandidateList::new("c", "L", vec![Candidate::new("a", 1).votes(100)]);
    list.substitutes = vec![
        Candidate { substitute: true, ..Candidate::new("s1", 1).votes(10) },
        Candidate { substitute: true, ..Candidate::new("s2", 2).votes(700) },
        Candidate { substitute: true, ..Candidate::new("s3", 3).votes(0) },
    ];
    list.ballots = Some(ListBallots { head: 400, substitutes_only: 0, effective_only: 800 });
    // V = 1,000, s = 1 → E = 500; substitute pot = (400 + 800) / 2 = 600:
    // s1 gets 490 (→ 500), s2 needs nothing, s3 gets the remaining 110.
    let lo = designate_list(belgian(), &list, 1, 1_000, 1_000, 1, None);
    assert_eq!(lo.substitute_pot, Some(600));
    let order: Vec<(&str, u64)> = lo.substitutes.iter().map(|r| (r.candidate.name.as_str(), r.total)).collect();
    assert_eq!(order, vec![("s2", 700), ("s1", 500), ("s3", 110)]);
}

/// law-notes C, Kosovo example: 10 seats; the list reordered by preference votes has 9
/// men and 1 woman in its top 10; ceil(30% × 10) = 3 women: the 10th, then the 9th man
/// are replaced by the best non-elected women → 7 men, 3 women.
#[test]
fn kosovo_correction_worked_example() {
    let mut people = Vec::new();
    for i in 0..14u32 {
        // Votes fall with the position; the woman at position 4 is in the top 10, the
        // women at positions 12, 13 and 14 are not.
        let sex = if [4, 12, 13, 14].contains(&(i + 1)) { Sex::F } else { Sex::M };
        people.push(Candidate::new(&format!("p{}", i + 1), i + 1).sex(sex).votes(1_000 - 10 * i as u64));
    }
    let list = CandidateList::new("Kosovo", "E", people);
    let minority = QuotaRule { category: Category { sex: Some(SexSel::Minority), ..Default::default() }, ..women_quota(QuotaStage::PostCorrection, "30%") };
    let law = law_with(DesignationRule::OpenList, vec![minority]);
    let e = Election::single("Kosovo", &[("E", 1_000)], Some(10));
    let out = count(&law, &e, 0).unwrap();
    let d = designate(&law, &out, &[list], None).unwrap();
    let lo = &d.lists[0];
    let elected: Vec<&str> = lo.elected().map(|r| r.candidate.name.as_str()).collect();
    assert_eq!(elected, vec!["p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p12", "p13"]);
    let reps: Vec<(&str, &str)> = lo.replacements.iter().map(|r| (r.elected.as_str(), r.replaced.as_str())).collect();
    assert_eq!(reps, vec![("p12", "p10"), ("p13", "p9")]);
    let women = lo.elected().filter(|r| r.candidate.sex == Some(Sex::F)).count();
    assert_eq!(women, 3);
    assert!(d.quotas[0].met);
    match &lo.ranking.iter().find(|r| r.candidate.name == "p12").unwrap().reason {
        Some(Reason::QuotaReplacement { replaced, .. }) => assert_eq!(replaced, "p10"),
        other => panic!("{other:?}"),
    }
}

/// Kyrgyzstan (art. 64.4): 30% of a party's mandates go first to its women with the
/// most votes, then the rest by votes.
#[test]
fn kyrgyz_pre_allocation() {
    let people: Vec<Candidate> = (0..10u32)
        .map(|i| Candidate::new(&format!("p{}", i + 1), i + 1).sex(if i >= 7 { Sex::F } else { Sex::M }).votes(100 - i as u64))
        .collect();
    let list = CandidateList::new("KG", "P", people);
    let law = law_with(DesignationRule::OpenList, vec![women_quota(QuotaStage::PreAllocation, "30%")]);
    let e = Election::single("KG", &[("P", 1_000)], Some(5));
    let d = designate(&law, &count(&law, &e, 0).unwrap(), &[list], None).unwrap();
    let mut elected: Vec<&str> = d.lists[0].elected().map(|r| r.candidate.name.as_str()).collect();
    elected.sort();
    // need = ceil(0.3 × 5) = 2 women (p8, p9), then the 3 best others (p1, p2, p3).
    assert_eq!(elected, vec!["p1", "p2", "p3", "p8", "p9"]);
}

/// Too few women on the list: the correction takes all there are and reports the rest.
#[test]
fn shortfall_is_reported() {
    let people: Vec<Candidate> =
        (0..6u32).map(|i| Candidate::new(&format!("p{}", i + 1), i + 1).sex(if i == 5 { Sex::F } else { Sex::M })).collect();
    let list = CandidateList::new("c", "P", people);
    let law = law_with(DesignationRule::ClosedList, vec![women_quota(QuotaStage::PostCorrection, "50%")]);
    let e = Election::single("c", &[("P", 1_000)], Some(4));
    let d = designate(&law, &count(&law, &e, 0).unwrap(), &[list], None).unwrap();
    let q = &d.quotas[0];
    assert_eq!((q.need, q.have, q.available, q.shortfall, q.met, q.violation), (2, 1, 1, 1, false, false));
    assert_eq!(d.lists[0].elected().count(), 4);
}

/// Netherlands (Kieswet art. P 15): 25% of the quota; quota = 1,000 / 10 = 100, bar 25.
#[test]
fn preference_threshold() {
    let list = CandidateList::new(
        "NL",
        "A",
        vec![Candidate::new("a", 1).votes(10), Candidate::new("b", 2).votes(5), Candidate::new("c", 3).votes(25), Candidate::new("d", 4).votes(24)],
    );
    let lo = designate_list(DesignationRule::PreferenceThreshold { share_of_quota: pct("25%") }, &list, 2, 300, 1_000, 10, None);
    assert_eq!(lo.preference_bar, Some(25));
    let elected: Vec<&str> = lo.elected().map(|r| r.candidate.name.as_str()).collect();
    assert_eq!(elected, vec!["c", "a"]);
    assert_eq!(lo.ranking[0].reason, Some(Reason::PreferenceThreshold { votes: 25, bar: 25 }));
    assert_eq!(lo.ranking[1].reason, Some(Reason::ListOrder { position: 1 }));
}

/// Equal totals at the cut are decided by ballot order and reported.
#[test]
fn open_list_tie_at_the_cut_is_reported() {
    let list = CandidateList::new("c", "A", vec![Candidate::new("a", 1).votes(5), Candidate::new("b", 2).votes(9), Candidate::new("c", 3).votes(5)]);
    let lo = designate_list(DesignationRule::OpenList, &list, 2, 100, 100, 2, None);
    let elected: Vec<&str> = lo.elected().map(|r| r.candidate.name.as_str()).collect();
    assert_eq!(elected, vec!["b", "a"]);
    assert_eq!(lo.ties.len(), 1);
    assert_eq!(lo.ties[0].contenders, vec!["a", "c"]);
    assert_eq!(lo.ties[0].winners, vec!["a"]);
}

/// Iraq-style: 25% of a list's seats, rounded down (IHEC: floor(list seats / 4)).
#[test]
fn iraq_floor_quarter() {
    let people: Vec<Candidate> =
        (0..12u32).map(|i| Candidate::new(&format!("p{}", i + 1), i + 1).sex(if i >= 9 { Sex::F } else { Sex::M })).collect();
    let mut q = women_quota(QuotaStage::PostCorrection, "25%");
    q.target = Target::Share { share: pct("25%"), rounding: Rounding::Down };
    let law = law_with(DesignationRule::ClosedList, vec![q]);
    for (seats, women) in [(3, 0), (4, 1), (7, 1), (8, 2)] {
        let d = run(&law, CandidateList::new("c", "P", people.clone()), seats);
        assert_eq!(d.lists[0].elected().filter(|r| r.candidate.sex == Some(Sex::F)).count(), women, "{seats} seats");
    }
}

/// A woman elected under a quota who leaves is succeeded by the next woman when the
/// law keeps the quota (vacancy_keeps_quotas); a man by the next candidate.
#[test]
fn vacancy_keeps_the_quota() {
    let people: Vec<Candidate> = (0..8u32)
        .map(|i| Candidate::new(&format!("p{}", i + 1), i + 1).sex(if i == 5 || i == 7 { Sex::F } else { Sex::M }))
        .collect();
    let mut law = law_with(DesignationRule::ClosedList, vec![women_quota(QuotaStage::PostCorrection, "30%")]);
    law.candidates.as_mut().unwrap().vacancy.keep_quotas = true;
    let d = run(&law, CandidateList::new("c", "P", people), 3);
    // p6 replaced p3; the next non-elected in ranking order are p3, p4, ...
    let elected: Vec<&str> = d.lists[0].elected().map(|r| r.candidate.name.as_str()).collect();
    assert_eq!(elected, vec!["p1", "p2", "p6"]);
    let s = mandat_core::candidates::succeed(&law, &d, "p6").unwrap();
    assert_eq!(s.successor.as_deref(), Some("p8"));
    let s = mandat_core::candidates::succeed(&law, &d, "p1").unwrap();
    assert_eq!(s.successor.as_deref(), Some("p3"));
}

// ---- properties -------------------------------------------------------------------

fn arb_list() -> impl Strategy<Value = (Vec<(bool, u64)>, u32)> {
    (prop::collection::vec((any::<bool>(), 0u64..50), 1..30), 1u32..20)
}

fn build(people: &[(bool, u64)]) -> CandidateList {
    CandidateList::new(
        "c",
        "P",
        people
            .iter()
            .enumerate()
            .map(|(i, &(f, v))| Candidate::new(&format!("p{i}"), i as u32 + 1).sex(if f { Sex::F } else { Sex::M }).votes(v))
            .collect(),
    )
}

fn run(law: &Law, list: CandidateList, seats: u32) -> mandat_core::candidates::Designation {
    let e = Election::single("c", &[("P", 1_000)], Some(seats));
    designate(law, &count(law, &e, 0).unwrap(), &[list], None).unwrap()
}

proptest! {
    /// A correction never changes a party's number of seats, and whenever the list has
    /// enough members of the category the target holds afterwards.
    #[test]
    fn correction_keeps_seats_and_meets_the_target((people, seats) in arb_list(), share in 1u32..=100) {
        let rule = women_quota(QuotaStage::PostCorrection, &format!("{share}%"));
        let need = rule.target.need(seats);
        let law = law_with(DesignationRule::OpenList, vec![rule]);
        let plain = run(&law_with(DesignationRule::OpenList, vec![]), build(&people), seats);
        let d = run(&law, build(&people), seats);
        let fill = (seats as usize).min(people.len());
        prop_assert_eq!(d.lists[0].elected().count(), fill);
        prop_assert_eq!(plain.lists[0].elected().count(), fill);
        let women_on_list = people.iter().filter(|p| p.0).count() as u32;
        let women = d.lists[0].elected().filter(|r| r.candidate.sex == Some(Sex::F)).count() as u32;
        if women_on_list >= need && (fill as u32) >= need {
            prop_assert!(women >= need, "{} women elected, {} needed", women, need);
            prop_assert!(d.quotas[0].met);
        } else {
            prop_assert_eq!(women, women_on_list.min(fill as u32));
        }
    }

    /// Two quotas (women and men, 40% each) hold together whenever both can.
    #[test]
    fn two_corrections_hold_together((people, seats) in arb_list()) {
        let f = women_quota(QuotaStage::PostCorrection, "40%");
        let m = QuotaRule { name: "men".into(), category: Category { sex: Some(SexSel::M), ..Default::default() }, ..f.clone() };
        let law = law_with(DesignationRule::OpenList, vec![f, m]);
        let d = run(&law, build(&people), seats);
        let fill = (seats as usize).min(people.len()) as u32;
        let need = Target::Share { share: pct("40%"), rounding: Rounding::Up }.need(seats).min(fill);
        let (wf, wm) = (people.iter().filter(|p| p.0).count() as u32, people.iter().filter(|p| !p.0).count() as u32);
        let ef = d.lists[0].elected().filter(|r| r.candidate.sex == Some(Sex::F)).count() as u32;
        prop_assert_eq!(d.lists[0].elected().count() as u32, fill);
        if wf >= need && wm >= need && 2 * need <= fill {
            prop_assert!(ef >= need && fill - ef >= need, "{} women, {} men, need {} each", ef, fill - ef, need);
        }
    }

    /// A pre-allocation also keeps the seats and meets the target when it can.
    #[test]
    fn pre_allocation_keeps_seats_and_meets_the_target((people, seats) in arb_list(), share in 1u32..=100) {
        let rule = women_quota(QuotaStage::PreAllocation, &format!("{share}%"));
        let need = rule.target.need(seats);
        let d = run(&law_with(DesignationRule::OpenList, vec![rule]), build(&people), seats);
        let fill = (seats as usize).min(people.len());
        prop_assert_eq!(d.lists[0].elected().count(), fill);
        let women_on_list = people.iter().filter(|p| p.0).count() as u32;
        let women = d.lists[0].elected().filter(|r| r.candidate.sex == Some(Sex::F)).count() as u32;
        prop_assert!(women >= need.min(women_on_list).min(fill as u32));
    }

    /// Designation of a closed list is list order.
    #[test]
    fn closed_list_is_list_order((people, seats) in arb_list()) {
        let d = run(&law_with(DesignationRule::ClosedList, vec![]), build(&people), seats);
        let elected: Vec<u32> = d.lists[0].elected().map(|r| r.candidate.position).collect();
        let expected: Vec<u32> = (1..=(seats as usize).min(people.len()) as u32).collect();
        prop_assert_eq!(elected, expected);
    }

    /// The elected set does not depend on the order of the input rows.
    #[test]
    fn elected_set_does_not_depend_on_row_order(
        (people, seats) in arb_list(),
        rule in 0usize..4,
        quota in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let rule = [DesignationRule::ClosedList, DesignationRule::OpenList, belgian(),
                    DesignationRule::PreferenceThreshold { share_of_quota: pct("25%") }][rule];
        let quotas = if quota { vec![women_quota(QuotaStage::PostCorrection, "40%")] } else { vec![] };
        let law = law_with(rule, quotas);
        let mut a = build(&people);
        a.ballots = Some(ListBallots { head: 300, substitutes_only: 20, effective_only: 50 });
        let mut b = a.clone();
        // A deterministic shuffle of the rows from the seed.
        let n = b.effective.len();
        let mut s = seed;
        for i in (1..n).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            b.effective.swap(i, (s >> 33) as usize % (i + 1));
        }
        let set = |d: &mandat_core::candidates::Designation| {
            let mut v: Vec<String> = d.lists[0].elected().map(|r| r.candidate.name.clone()).collect();
            v.sort();
            v
        };
        prop_assert_eq!(set(&run(&law, a, seats)), set(&run(&law, b, seats)));
    }

    /// Belgian devolution: the pot is never exceeded, nobody is topped up beyond E, and
    /// every candidate before the first one short of E (with pot left) reached E.
    #[test]
    fn devolution_respects_pot_and_eligibility((people, seats) in arb_list(), head in 0u64..500, sub in 0u64..100) {
        let mut list = build(&people);
        list.ballots = Some(ListBallots { head, substitutes_only: sub, effective_only: 0 });
        let votes: u64 = 400;
        let lo = designate_list(belgian(), &list, seats, votes, 1_000, 20, None);
        let e = lo.eligibility.unwrap();
        prop_assert_eq!(e, votes.div_ceil(seats as u64 + 1));
        let pot = (head + sub).div_ceil(2);
        let given: u64 = lo.ranking.iter().map(|r| r.devolved).sum();
        prop_assert_eq!(given + lo.pot_left.unwrap(), pot);
        for r in &lo.ranking {
            prop_assert!(r.devolved == 0 || r.total <= e);
        }
    }
}

// ---- list rules ---------------------------------------------------------------------

fn rule(kind: mandat_core::candidates::law::ListRuleKind, min_candidates: u32) -> mandat_core::candidates::ListRule {
    mandat_core::candidates::ListRule { kind, applies_to: Default::default(), min_candidates, article: Some("art. X".into()) }
}

fn sexes(s: &str) -> CandidateList {
    CandidateList::new(
        "c",
        "P",
        s.chars().enumerate().map(|(i, x)| Candidate { sex: Sex::parse(&x.to_string()), ..Candidate::new(&format!("p{}", i + 1), i as u32 + 1) }).collect(),
    )
}

#[test]
fn list_rules_flag_exactly_the_bad_positions() {
    use mandat_core::candidates::law::ListRuleKind::*;
    let lint = |kind, min, s: &str| {
        let mut law = Law::example();
        law.list_rules = vec![rule(kind, min)];
        mandat_core::candidates::lint(&law, &[sexes(s)]).into_iter().map(|v| v.positions).collect::<Vec<_>>()
    };
    assert_eq!(lint(Zipper, 0, "FMFMMF"), vec![vec![4, 5]]);
    assert!(lint(Zipper, 0, "MFMFMF").is_empty());
    assert_eq!(lint(SexPerGroup { group: 3 }, 3, "FMMMMMFF"), vec![vec![4, 5, 6]]);
    // The last incomplete group is not checked; lists below min_candidates are exempt.
    assert!(lint(SexPerGroup { group: 3 }, 3, "FMMMF").is_empty());
    assert!(lint(SexPerGroup { group: 3 }, 3, "MM").is_empty());
    assert_eq!(lint(SexBalance { max_difference: 1 }, 0, "FFFM"), vec![Vec::<u32>::new()]);
    assert!(lint(SexBalance { max_difference: 1 }, 0, "FFM").is_empty());
    assert_eq!(lint(FirstNotAllSameSex { first: 2 }, 0, "MMFF"), vec![vec![1, 2]]);
    assert_eq!(lint(FirstNotAllSameSex { first: 3 }, 0, "MMMF"), vec![vec![1, 2, 3]]);
    assert!(lint(FirstNotAllSameSex { first: 3 }, 0, "MMFM").is_empty());
    // A missing sex is reported, not guessed.
    assert_eq!(lint(Zipper, 0, "F?M"), vec![vec![2]]);
}

proptest! {
    /// A zipped list always meets the Belgian rules (difference at most one, first two
    /// different), and the one-of-each-per-three rule.
    #[test]
    fn a_zipper_meets_the_weaker_rules(first_f in any::<bool>(), n in 2usize..40) {
        use mandat_core::candidates::law::ListRuleKind::*;
        let s: String = (0..n).map(|i| if (i % 2 == 0) == first_f { 'F' } else { 'M' }).collect();
        let mut law = Law::example();
        law.list_rules = vec![rule(Zipper, 0), rule(SexBalance { max_difference: 1 }, 0), rule(FirstNotAllSameSex { first: 2 }, 0), rule(SexPerGroup { group: 3 }, 3)];
        prop_assert!(mandat_core::candidates::lint(&law, &[sexes(&s)]).is_empty());
    }
}

proptest! {
    /// Whatever the lists, rules and quotas, designation never panics, fills
    /// min(seats, candidates) seats per list, and every elected person has a reason.
    #[test]
    fn designation_is_total(
        people in prop::collection::vec((0u8..3, 0u64..5, any::<bool>()), 0..12),
        seats in 1u32..15,
        rule in 0usize..4,
        quotas in prop::collection::vec((0u8..4, 0u32..=100, any::<bool>(), 0u32..4), 0..3),
        head in 0u64..100,
    ) {
        let rule = [DesignationRule::ClosedList, DesignationRule::OpenList, belgian(),
                    DesignationRule::PreferenceThreshold { share_of_quota: pct("25%") }][rule];
        let qs: Vec<QuotaRule> = quotas.iter().map(|&(cat, share, pre, count)| {
            let sex = [SexSel::F, SexSel::M, SexSel::X, SexSel::Minority][cat as usize];
            QuotaRule {
                category: Category { sex: Some(sex), disability: cat == 2, ..Default::default() },
                target: if count > 0 { Target::Count { count } } else { Target::Share { share: pct(&format!("{share}%")), rounding: Rounding::Nearest } },
                ..women_quota(if pre { QuotaStage::PreAllocation } else { QuotaStage::PostCorrection }, "30%")
            }
        }).collect();
        let law = law_with(rule, qs);
        let mut list = CandidateList::new("c", "P", people.iter().enumerate().map(|(i, &(s, v, d))| Candidate {
            sex: [Some(Sex::F), Some(Sex::M), None][s as usize],
            disability: d,
            ..Candidate::new(&format!("p{i}"), i as u32 + 1).votes(v)
        }).collect());
        list.ballots = Some(ListBallots { head, substitutes_only: 1, effective_only: 2 });
        let d = run(&law, list, seats);
        prop_assert_eq!(d.lists[0].elected().count(), (seats as usize).min(people.len()));
        prop_assert_eq!(d.lists[0].unfilled as usize, (seats as usize).saturating_sub(people.len()));
        prop_assert!(d.lists[0].elected().all(|r| r.reason.is_some()));
    }
}
