//! Projection: the fast kernel agrees with the count; zero uncertainty reproduces the
//! base; a seed fixes the output whatever the threads; the mean is right.

use mandat_core::analysis::projection::{project, Model, ProjectionError, Swing, Uncertainty};
use mandat_core::count::count_with;
use mandat_core::election::{ConstituencyVotes, Election};
use mandat_core::kernel::{Kernel, Scratch};
use mandat_io::parse_law;
use proptest::prelude::*;

fn law(method: &str, level: &str, threshold: &str) -> mandat_core::law::Law {
    law_fd(method, "1.4", level, threshold)
}

/// [`law`] with the first divisor of modified Sainte-Laguë.
fn law_fd(method: &str, first_divisor: &str, level: &str, threshold: &str) -> mandat_core::law::Law {
    let fd = if method == "modified-sainte-lague" { format!("first_divisor = {first_divisor}\n") } else { String::new() };
    parse_law(&format!("id = \"t\"\nname = \"t\"\ncitation = \"t\"\nseats = 30\n[allocation]\nmethod = \"{method}\"\n{fd}level = \"{level}\"\n{threshold}"), "t.toml").unwrap()
}

fn election(cs: &[(u32, Vec<u64>)]) -> Election {
    Election {
        parties: (0..cs[0].1.len()).map(|p| format!("P{p}")).collect(),
        constituencies: cs
            .iter()
            .enumerate()
            .map(|(i, (s, v))| ConstituencyVotes {
                name: format!("C{i}"),
                seats: Some(*s),
                votes: v.iter().copied().enumerate().collect(),
                other_votes: vec![("blank".into(), v.iter().sum::<u64>() / 20)],
                ..Default::default()
            })
            .collect(),
        alliances: vec![],
        sub_alliances: vec![],
        winners: vec![],
        members: vec![],
        exempt: vec![],
        independents: vec![],
        national_totals: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// The kernel gives the same seats as the full count on random laws and elections,
    /// with Norway's shape too: a few large lists and many small ones (the lists without
    /// a seat that the fast allocation compares by votes alone), and modified
    /// Sainte-Laguë with first divisors other than 1.4.
    #[test]
    fn kernel_equals_count(
        cs in (2usize..16).prop_flat_map(|n| prop::collection::vec((1u32..15, prop::collection::vec(prop_oneof![3 => 0u64..50_000, 2 => 0u64..1_500], n)), 1..6)),
        method in prop::sample::select(vec!["dhondt", "sainte-lague", "hare", "droop", "imperiali", "modified-sainte-lague", "modified-sainte-lague", "huntington-hill"]),
        first_divisor in prop::sample::select(vec!["1.4", "1.2", "0.7", "2.5"]),
        national in any::<bool>(),
        outside in prop::option::of(0u64..5_000),
        threshold in prop::sample::select(vec![
            "",
            "[threshold]\nshare = \"5%\"\nlevel = \"national\"\n",
            "[threshold]\nshare = \"8%\"\nof = \"valid-votes-and-other\"\nlevel = \"national\"\nif_only_one_passes = \"admit-runner-up\"\n",
            "[threshold]\nany_of = [{ share = \"10%\", level = \"constituency\" }, { share = \"4%\", level = \"national\" }]\n",
            "[threshold]\nquotas = 1\nlevel = \"national\"\n",
            "[threshold]\nshare = \"12%\"\nlevel = \"constituency\"\nexempt = [\"P1\"]\n",
        ]),
    ) {
        let level = if national { "national" } else { "constituency" };
        // A constituency threshold needs a constituency allocation (the law reader says so).
        prop_assume!(!(national && threshold.contains("constituency")));
        let l = law_fd(method, first_divisor, level, threshold);
        let mut e = election(&cs);
        if national {
            // The law fixes the national seats (30); seats declared otherwise are refused.
            e.constituencies.iter_mut().for_each(|c| c.seats = None);
        }
        if let Some(outside) = outside {
            // Valid votes of lists outside the results: a share's base beyond the lists'.
            e.constituencies.iter_mut().for_each(|c| c.total_valid_votes = Some(c.votes.iter().map(|&(_, v)| v).sum::<u64>() + outside));
        }
        let full = count_with(&l, &e, 7, false).unwrap();
        let k = Kernel::new(&l, &e).unwrap().expect("the kernel covers this law");
        let (mut s, mut total, mut took, mut passed) = (Scratch::default(), vec![0; e.parties.len()], vec![false; e.parties.len()], vec![false; e.parties.len()]);
        // Reused buffers: a count of other votes first must leave nothing behind.
        k.seats_and_threshold(&rotated(&e), 7, &mut s, &mut total, &mut took, Some(&mut passed));
        k.seats_and_threshold(&e, 7, &mut s, &mut total, &mut took, Some(&mut passed));
        prop_assert_eq!(&total, &full.total);
        prop_assert_eq!(&took, &mandat_core::analysis::projection::took_part(&full));
        prop_assert_eq!(&passed, &mandat_core::analysis::projection::passed_threshold(&full));
        // The flat entry of projections, after another count in the same buffers.
        prop_assert_eq!(flat_count(&k, &e, 7, &mut s), (total, took, passed));
    }
}

/// The kernel's flat entry on `e` (votes in the kernel's layout, valid votes per
/// constituency), after a count of `rotated(e)` in the same buffers: (seats, took part,
/// passed).
fn flat_count(k: &Kernel, e: &Election, seed: u64, s: &mut Scratch) -> (Vec<u32>, Vec<bool>, Vec<bool>) {
    let n = e.parties.len();
    let (mut total, mut took, mut passed) = (vec![0; n], vec![false; n], vec![false; n]);
    let flat = |e: &Election| -> (Vec<u64>, Vec<u64>) {
        (e.constituencies.iter().flat_map(|c| c.votes.iter().map(|&(_, v)| v)).collect(), e.constituencies.iter().map(|c| c.valid_votes()).collect())
    };
    let (parties, start) = k.layout();
    assert_eq!(parties, e.constituencies.iter().flat_map(|c| c.votes.iter().map(|&(p, _)| p)).collect::<Vec<_>>());
    assert_eq!(start.len(), e.constituencies.len() + 1);
    let (v, valid) = flat(&rotated(e));
    k.seats_flat(&v, &valid, seed, s, &mut total, &mut took, Some(&mut passed));
    let (v, valid) = flat(e);
    k.seats_flat(&v, &valid, seed, s, &mut total, &mut took, Some(&mut passed));
    (total, took, passed)
}

/// The kernel's compiled bar at its edge: a list with exactly the share of the valid
/// votes passes, one vote less fails, an exempt list passes below it; as the count
/// decides, through both entries.
#[test]
fn the_compiled_bar_decides_as_the_count_at_its_edge() {
    let l = law("dhondt", "constituency", "[threshold]\nshare = \"12%\"\nlevel = \"constituency\"\nexempt = [\"P1\"]\n");
    // 100 valid votes in each constituency: P2 has exactly 12% of C0, P3 one vote less.
    let e = election(&[(5, vec![50, 5, 12, 11, 22]), (4, vec![40, 30, 11, 12, 7])]);
    let full = count_with(&l, &e, 1, false).unwrap();
    let passed: Vec<Vec<bool>> = full.contests.iter().map(|c| c.threshold.as_ref().unwrap().passed.clone()).collect();
    assert_eq!(passed, vec![vec![true, true, true, false, true], vec![true, true, false, true, false]]);
    let k = Kernel::new(&l, &e).unwrap().unwrap();
    let (total, took, _) = flat_count(&k, &e, 1, &mut Scratch::default());
    assert_eq!(total, full.total);
    assert_eq!(took, vec![true, true, true, true, true]);
    assert_eq!(took, mandat_core::analysis::projection::took_part(&full));
}

/// The same election with each constituency's votes moved one list along.
fn rotated(e: &Election) -> Election {
    let mut r = e.clone();
    for c in &mut r.constituencies {
        let mut v: Vec<u64> = c.votes.iter().map(|&(_, v)| v).collect();
        v.rotate_left(1);
        for (slot, x) in c.votes.iter_mut().zip(v) {
            slot.1 = x;
        }
    }
    r
}

const LEVELING: &str = "id = \"lev\"\nname = \"l\"\ncitation = \"l\"\n[allocation]\nmethod = \"modified-sainte-lague\"\nfirst_divisor = 1.4\n[compensation]\ntotal_seats = TOTAL\nmethod = \"modified-sainte-lague\"\nfirst_divisor = 1.4\nlower_tier = \"constituencies\"\noverhang = \"exclude-and-recompute\"\n[compensation.threshold]\nshare = \"4%\"\nlevel = \"national\"\n[compensation.placement]\nmethod = \"sainte-lague\"\n";

/// [`LEVELING`] (Norway's law, Valgloven §§ 11-3, 11-5) with another first divisor (both
/// tiers) and national threshold.
fn leveling(total: u32, first_divisor: &str, share: &str) -> mandat_core::law::Law {
    let text = LEVELING.replace("TOTAL", &total.to_string()).replace("first_divisor = 1.4", &format!("first_divisor = {first_divisor}")).replace("\"4%\"", &format!("\"{share}\""));
    parse_law(&text, "l.toml").unwrap()
}
/// [`LEVELING`] with its threshold in the list tier instead (a share in each
/// constituency) and none for the leveling seats: the lists that passed a bar are then
/// the list tier's, and the leveling seats go to every party.
fn leveling_list_bar(total: u32, share: &str) -> mandat_core::law::Law {
    let text = LEVELING
        .replace("TOTAL", &total.to_string())
        .replace("[compensation.threshold]\nshare = \"4%\"\nlevel = \"national\"\n", "")
        .replace("[compensation]\n", &format!("[threshold]\nshare = \"{share}\"\nlevel = \"constituency\"\n[compensation]\n"));
    let law = parse_law(&text, "l.toml").unwrap();
    assert!(law.threshold.is_some() && law.compensation.as_ref().is_some_and(|c| c.threshold.is_none()));
    law
}
const MMP: &str = "id = \"mmp\"\nname = \"m\"\ncitation = \"m\"\n[compensation]\ntotal_seats = 40\nmethod = \"sainte-lague\"\nlower_tier = \"electorates\"\noverhang = \"OVERHANG\"\n[compensation.threshold]\nany_of = [{ share = \"5%\", level = \"national\" }, { seats_won = 2 }]\nexempt = [\"P2\"]\n";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The kernel agrees with the count on compensation laws too (leveling with first
    /// divisors and thresholds other than Norway's, on Norway's shape of many small
    /// lists; leveling after a list-tier bar; MMP).
    #[test]
    fn kernel_equals_count_with_compensation(
        cs in (3usize..14).prop_flat_map(|n| prop::collection::vec((2u32..12, prop::collection::vec(prop_oneof![3 => 0u64..50_000, 2 => 0u64..1_500], n), prop::collection::vec(0u32..4, n)), 1..6)),
        overhang in prop::sample::select(vec!["keep", "not-seated", "exclude-and-recompute"]),
        first_divisor in prop::sample::select(vec!["1.4", "1.2", "0.7", "2.5"]),
        share in prop::sample::select(vec!["4%", "2%", "8%"]),
    ) {
        let mut e = election(&cs.iter().map(|(s, v, _)| (*s, v.clone())).collect::<Vec<_>>());
        prop_assume!(e.constituencies.iter().all(|c| c.votes.iter().any(|&(_, v)| v > 0)));
        let total: u32 = cs.iter().map(|c| c.0).sum::<u32>() + cs.len() as u32;
        for (c, (_, _, won)) in e.constituencies.iter_mut().zip(&cs) {
            c.leveling_seats = Some(1);
            c.seats = c.seats.map(|s| s + 1);
            c.electorate_seats = won.iter().copied().enumerate().collect();
        }
        for l in [leveling(total, first_divisor, share), leveling_list_bar(total, share), parse_law(&MMP.replace("OVERHANG", overhang), "m.toml").unwrap()] {
            let full = count_with(&l, &e, 3, false).unwrap();
            let k = Kernel::new(&l, &e).unwrap().expect("the kernel covers compensation laws");
            let (mut s, mut t, mut took, mut passed) = (Scratch::default(), vec![0; e.parties.len()], vec![false; e.parties.len()], vec![false; e.parties.len()]);
            // The buffers (rounds of the leveling seats included) are reused from count to
            // count: a count of other votes first must leave nothing behind.
            k.seats_and_threshold(&rotated(&e), 3, &mut s, &mut t, &mut took, Some(&mut passed));
            k.seats_and_threshold(&e, 3, &mut s, &mut t, &mut took, Some(&mut passed));
            prop_assert_eq!(&t, &full.total, "{}", l.id);
            prop_assert_eq!(&took, &mandat_core::analysis::projection::took_part(&full), "{}", l.id);
            prop_assert_eq!(&passed, &mandat_core::analysis::projection::passed_threshold(&full), "{}", l.id);
            prop_assert_eq!(flat_count(&k, &e, 3, &mut s), (t, took, passed), "{}", l.id);
        }
    }
}

/// Regression (found by a 100,000-simulation run): a tie in the list tier must not leak
/// into the compensation tier's record of ties.
#[test]
fn a_list_tier_tie_does_not_leak_into_the_compensation_tier() {
    // C0: two lists with equal votes for the last district seat.
    let mut e = election(&[(2, vec![100, 100, 100]), (4, vec![300, 100, 50])]);
    for c in &mut e.constituencies {
        c.leveling_seats = Some(1);
        c.seats = c.seats.map(|s| s + 1);
    }
    let l = parse_law(&LEVELING.replace("TOTAL", "8"), "l.toml").unwrap();
    let full = count_with(&l, &e, 3, false).unwrap();
    assert!(!full.contests[0].ties.is_empty(), "the test needs a tie in C0");
    let k = Kernel::new(&l, &e).unwrap().unwrap();
    let (mut s, mut t, mut took) = (Scratch::default(), vec![0; 3], vec![false; 3]);
    k.seats(&e, 3, &mut s, &mut t, &mut took);
    assert_eq!(t, full.total);
}

fn base() -> Election {
    election(&[(10, vec![50_000, 30_000, 15_000, 5_000]), (6, vec![20_000, 25_000, 10_000, 8_000]), (8, vec![40_000, 10_000, 20_000, 3_000])])
}

fn model(shares: Vec<f64>, uncertainty: Uncertainty, noise: f64, sims: u64) -> Model {
    Model { shares, uncertainty, swing: Swing::Proportional, noise, sims, seed: 42, coalitions: vec![vec![0, 1]] }
}

fn base_shares(e: &Election) -> Vec<f64> {
    let v = e.national_votes();
    let t: u64 = v.iter().sum();
    v.iter().map(|&x| x as f64 / t as f64).collect()
}

#[test]
fn with_zero_uncertainty_every_simulation_is_the_base_count() {
    let l = law("dhondt", "constituency", "[threshold]\nshare = \"5%\"\nlevel = \"national\"\n");
    let e = base();
    let want = count_with(&l, &e, 42, false).unwrap().total;
    let m = model(base_shares(&e), Uncertainty::StandardErrors(vec![0.0; 4]), 0.0, 500);
    let p = project(&l, &e, &m, &|_| {}).unwrap();
    for (party, &w) in p.parties.iter().zip(&want) {
        assert_eq!(party.distribution.iter().sum::<u64>(), 500);
        assert_eq!(party.distribution[w as usize], 500, "{want:?} {:?}", party.distribution);
    }
}

#[test]
fn a_seed_fixes_the_output_whatever_the_threads() {
    let l = law("sainte-lague", "constituency", "");
    let e = base();
    let m = model(base_shares(&e), Uncertainty::SampleSize(800), 0.1, 3000);
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| project(&l, &e, &m, &|_| {}).unwrap())
    };
    let (a, b, c) = (run(1), run(2), run(3));
    for ((x, y), z) in a.parties.iter().zip(&b.parties).zip(&c.parties) {
        assert_eq!(x.distribution, y.distribution);
        assert_eq!(x.distribution, z.distribution);
    }
    assert_eq!(a.p_majority, b.p_majority);
    let mut m2 = m.clone();
    m2.seed = 43;
    let d = project(&l, &e, &m2, &|_| {}).unwrap();
    assert_ne!(a.parties[0].distribution, d.parties[0].distribution);
}

/// One constituency of 100 seats, Hare, no threshold: seats ≈ 100 × share, so the mean
/// of the simulated seats must match the poll's shares within sampling error.
#[test]
fn the_mean_matches_the_expected_seats() {
    let l = parse_law("id = \"h\"\nname = \"h\"\ncitation = \"h\"\nseats = 100\n[allocation]\nmethod = \"hare\"\n", "h.toml").unwrap();
    let e = election(&[(100, vec![400_000, 350_000, 250_000])]);
    let m = model(vec![0.40, 0.35, 0.25], Uncertainty::SampleSize(1000), 0.0, 4000);
    let p = project(&l, &e, &m, &|_| {}).unwrap();
    for (party, want) in p.parties.iter().zip([40.0, 35.0, 25.0]) {
        // The standard error of a share from 1,000 respondents is about 1.5 points; the
        // mean over 4,000 simulations is within ±0.1 seat of 100 × share, plus rounding.
        assert!((party.mean - want).abs() < 0.6, "{} vs {want}", party.mean);
        assert!(party.p5 < party.median && party.median < party.p95, "{party:?}");
    }
}

#[test]
fn bad_projection_inputs_are_errors() {
    let l = law("dhondt", "constituency", "");
    let e = base();
    let zero = model(base_shares(&e), Uncertainty::SampleSize(100), 0.0, 0);
    assert_eq!(project(&l, &e, &zero, &|_| {}).unwrap_err(), ProjectionError::NoSimulations);
    let bad = model(vec![0.5, 0.5, 0.5, 0.0], Uncertainty::SampleSize(100), 0.0, 10);
    assert!(matches!(project(&l, &e, &bad, &|_| {}).unwrap_err(), ProjectionError::Shares(_)));
}

/// Norway: RØDT wins county seats in every simulation (it takes part), but the 4% bar of
/// the leveling seats is another matter: the projection reports both, and `p_threshold`
/// is the compensation tier's pass rate, not participation.
#[test]
fn the_threshold_figure_is_the_compensation_tiers_not_participation() {
    let law = mandat_io::preset("no-storting").unwrap().unwrap();
    let no = mandat_io::parse_results(include_str!("../../../tests/cases/no-storting-2021.json"), "no.json").unwrap();
    let v = no.national_votes();
    let total: u64 = v.iter().sum();
    let rodt = no.parties.iter().position(|p| p == "RØDT").unwrap();
    // A poll at RØDT's 2021 share (4.7%): close to the bar.
    let poll = model(v.iter().map(|&x| x as f64 / total as f64).collect(), Uncertainty::SampleSize(1000), 0.05, 300);
    let p = project(&law, &no, &Model { coalitions: vec![], ..poll }, &|_| {}).unwrap();
    let r = &p.parties[rodt];
    assert_eq!(r.p_takes_part, 1.0, "RØDT wins county seats in every simulation");
    let bar = r.p_threshold.expect("Norway has a threshold");
    assert!(bar > 0.2 && bar < 0.98, "RØDT passes the 4% bar in {bar} of the simulations");
    assert_eq!(mandat_core::analysis::projection::threshold_tier(&law), Some("compensation"));
    let json = mandat_io::report_analysis::projection_json(&law, &no.parties, &vec![0.0; no.parties.len()], &p, &[]);
    assert_eq!(json["threshold_tier"], "compensation");
    assert_eq!(json["parties"]["RØDT"]["p_threshold"], serde_json::json!(bar));
    assert_eq!(json["parties"]["RØDT"]["p_takes_part"], 1.0);
    // A law without a threshold has no threshold figure.
    let e = base();
    let l = law_nothreshold();
    let p = project(&l, &e, &model(base_shares(&e), Uncertainty::SampleSize(1000), 0.0, 10), &|_| {}).unwrap();
    assert!(p.parties.iter().all(|pp| pp.p_threshold.is_none()));
}

fn law_nothreshold() -> mandat_core::law::Law {
    law("dhondt", "constituency", "")
}

/// Every preset on its real cases: with no uncertainty, every simulation of a projection
/// is the base count, whichever path (the kernel or the full count) the law takes. A law
/// the kernel compiled without covering it would show here as seats that are not the
/// count's (Malta's additional seats once gave every party 0 in projections).
#[test]
fn with_zero_uncertainty_every_preset_projects_its_cases_count() {
    let sims = 4;
    let mut projected = 0;
    for file in mandat_io::CASE_FILES {
        // From the repository root, so that a case's data files are found.
        let path = format!("{}/../../{}", env!("CARGO_MANIFEST_DIR"), file.path);
        let case = mandat_io::case::parse_case(file.text, &path).unwrap();
        let l = mandat_io::preset(&case.law).unwrap().unwrap();
        let e = case.election;
        let Ok(want) = count_with(&l, &e, 0, false) else { continue };
        let m = Model { seed: 0, coalitions: Vec::new(), ..model(base_shares(&e), Uncertainty::StandardErrors(vec![0.0; e.parties.len()]), 0.0, sims) };
        let p = project(&l, &e, &m, &|_| {});
        if l.ranked.is_some() {
            // The poll would change no ballot: refused, not answered with the base seats.
            assert!(matches!(p, Err(ProjectionError::Ranked)), "{}", file.id);
            continue;
        }
        // A law a projection cannot count is refused, which is not wrong; a number is checked.
        let Ok(p) = p else { continue };
        for ((party, &w), name) in p.parties.iter().zip(&want.total).zip(&e.parties) {
            assert_eq!(party.distribution.get(w as usize).copied(), Some(sims), "{}: {name} should win {w} in every simulation: {:?}", file.id, party.distribution);
        }
        projected += 1;
    }
    assert!(projected >= 40, "only {projected} cases were projected");
}
