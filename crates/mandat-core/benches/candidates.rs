//! Designation benchmarks (issue 4): who takes the seats of a 150-seat parliament with
//! 2,000 candidates. Target: under 1 ms.
//!
//! Run with `CARGO_TARGET_DIR=/work/target-candidates cargo bench -p mandat-core --bench candidates`;
//! the figures are in BENCHMARKS.md ("Candidates (issue 4)").
//!
//! The parliament: the 11 constituencies of the Belgian Chamber (150 seats, as in
//! laws/be-chamber.toml), 10 lists in each with votes from a fixed formula, counted by
//! D'Hondt (outside the timed region). Every list has as many effective candidates as
//! its constituency has seats (1,500) and 4 or 5 substitutes (500): 2,000 candidates.
//! Preference votes, sexes and ballots are derived deterministically from the indices.
//! The timed closure is `candidates::designate` only (matching the lists to the count,
//! designation, quotas and quota checks), including the allocation of its result.

use divan::black_box;
use mandat_core::candidates::law::{CandidateRules, DesignationRule, QuotaScope, QuotaStage, Rounding, SexSel, Target, VacancyRule};
use mandat_core::candidates::{designate, Candidate, CandidateList, Category, ListBallots, QuotaRule, Sex};
use mandat_core::count::{count, Outcome};
use mandat_core::election::{ConstituencyVotes, Election};
use mandat_core::law::{ConstituencySeats, Law, Level, Seats};

const CONSTITUENCIES: [(&str, u32); 11] = [
    ("Antwerpen", 24),
    ("Limburg", 12),
    ("Oost-Vlaanderen", 20),
    ("Vlaams-Brabant", 15),
    ("West-Vlaanderen", 16),
    ("Bruxelles-Capitale", 16),
    ("Brabant wallon", 5),
    ("Hainaut", 17),
    ("Liège", 15),
    ("Luxembourg", 4),
    ("Namur", 6),
];
const PARTIES: usize = 10;

fn law(rule: DesignationRule, quotas: Vec<QuotaRule>) -> Law {
    let mut law = Law::example();
    law.allocation.as_mut().expect("a list tier").level = Level::Constituency;
    law.seats = Some(Seats(150));
    law.constituencies = CONSTITUENCIES.iter().map(|&(n, s)| ConstituencySeats { name: n.into(), seats: Seats(s), leveling_seats: 0, population: None, single_member: false }).collect();
    law.candidates = Some(CandidateRules { designation: rule, article: None, age_on: None, vacancy: VacancyRule::default() });
    law.quotas = quotas;
    law
}

fn parliament() -> (Election, Vec<CandidateList>) {
    let parties: Vec<String> = (0..PARTIES).map(|p| format!("P{p}")).collect();
    let mut e = Election { parties: parties.clone(), ..Election::default() };
    let mut lists = Vec::new();
    let mut list_no = 0usize;
    for (ci, &(name, seats)) in CONSTITUENCIES.iter().enumerate() {
        let votes: Vec<(usize, u64)> = (0..PARTIES).map(|p| (p, 20_000 + ((p * 7_919 + ci * 104_729) % 90_000) as u64)).collect();
        for &(p, v) in &votes {
            let subs = if list_no < 60 { 5 } else { 4 };
            let person = |k: u32, substitute: bool| Candidate {
                name: format!("{name} {} {}{k}", parties[p], if substitute { "S" } else { "E" }),
                position: k,
                sex: Some(if (k as usize + p).is_multiple_of(2) { Sex::F } else { Sex::M }),
                birth_date: None,
                disability: false,
                substitute,
                preference_votes: (v / 10) * ((k as u64 * 37 + p as u64 * 11) % 17) / 16,
                tags: Vec::new(),
            };
            lists.push(CandidateList {
                constituency: name.into(),
                party: parties[p].clone(),
                effective: (1..=seats).map(|k| person(k, false)).collect(),
                substitutes: (1..=subs).map(|k| person(k, true)).collect(),
                ballots: Some(ListBallots { head: v / 3, substitutes_only: v / 50, effective_only: v / 2 }),
            });
            list_no += 1;
        }
        e.constituencies.push(ConstituencyVotes { name: name.into(), votes, ..Default::default() });
    }
    let n: usize = lists.iter().map(|l| l.effective.len() + l.substitutes.len()).sum();
    assert_eq!(n, 2_000, "the bench must have 2,000 candidates");
    (e, lists)
}

fn minority_correction() -> QuotaRule {
    QuotaRule {
        name: "30% minority sex".into(),
        scope: QuotaScope::PartyInConstituency,
        category: Category { sex: Some(SexSel::Minority), ..Default::default() },
        target: Target::Share { share: "30%".parse().unwrap(), rounding: Rounding::Up },
        stage: QuotaStage::PostCorrection,
        applies_to: Default::default(),
        min_seats: 0,
        article: None,
    }
}

fn setup(rule: DesignationRule, quotas: Vec<QuotaRule>) -> (Law, Outcome, Vec<CandidateList>) {
    let law = law(rule, quotas);
    let (e, lists) = parliament();
    let out = count(&law, &e, 0).unwrap();
    assert_eq!(out.total.iter().sum::<u32>(), 150);
    (law, out, lists)
}

fn bench(bencher: divan::Bencher, rule: DesignationRule, quotas: Vec<QuotaRule>) {
    let (law, out, lists) = setup(rule, quotas);
    let d = designate(&law, &out, &lists, None).unwrap();
    assert_eq!(d.elected().count(), 150);
    bencher.bench_local(|| designate(black_box(&law), black_box(&out), black_box(&lists), None));
}

/// Belgian devolution for effective candidates and substitutes (the heaviest rule).
#[divan::bench(sample_count = 200, sample_size = 4)]
fn belgian_devolution(bencher: divan::Bencher) {
    bench(bencher, DesignationRule::BelgianDevolution { pot_share: "50%".parse().unwrap() }, vec![]);
}

/// Open lists with a Kosovo-style post-count correction (30% of the minority sex).
#[divan::bench(sample_count = 200, sample_size = 4)]
fn open_list_with_correction(bencher: divan::Bencher) {
    bench(bencher, DesignationRule::OpenList, vec![minority_correction()]);
}

/// Closed lists: the floor of the cost (matching, copying, reporting).
#[divan::bench(sample_count = 200, sample_size = 4)]
fn closed_list(bencher: divan::Bencher) {
    bench(bencher, DesignationRule::ClosedList, vec![]);
}

fn main() {
    divan::main();
}
