//! Compensatory seats placed into regions, then constituencies (Denmark,
//! folketingsvalgloven §§ 77-79): the law reader's refusals, a count worked by hand,
//! and properties on random elections.

use mandat_core::count::count;
use mandat_core::election::{ConstituencyVotes, Election};
use mandat_io::parse_law;
use proptest::prelude::*;

/// Two regions: R0 = C0 + C1 (REG0 compensatory seats), R1 = C2 (REG1).
const LAW: &str = r#"
id = "regions-test"
name = "x"
citation = "x"
seats = TOTAL
[[constituencies]]
name = "C0"
seats = S0
[[constituencies]]
name = "C1"
seats = S1
[[constituencies]]
name = "C2"
seats = S2
[allocation]
method = "dhondt"
[compensation]
total_seats = TOTAL
method = "hare"
lower_tier = "constituencies"
overhang = "exclude-and-recompute"
[compensation.threshold]
any_of = [{ share = "2%", level = "national" }, { seats_won = 1 }]
[compensation.placement]
method = "danish"
rule = "party-highest-averages"
[compensation.placement.regions]
method = "sainte-lague"
regions = [
  { name = "R0", seats = REG0, constituencies = ["C0", "C1"] },
  { name = "R1", seats = REG1, constituencies = ["C2"] },
]
"#;

fn law_text(seats: [u32; 3], reg: [u32; 2]) -> String {
    let total: u32 = seats.iter().sum::<u32>() + reg.iter().sum::<u32>();
    LAW.replace("TOTAL", &total.to_string())
        .replace("S0", &seats[0].to_string())
        .replace("S1", &seats[1].to_string())
        .replace("S2", &seats[2].to_string())
        .replace("REG0", &reg[0].to_string())
        .replace("REG1", &reg[1].to_string())
}

fn election(votes: &[Vec<u64>; 3], seats: [u32; 3]) -> Election {
    Election {
        parties: (0..votes[0].len()).map(|p| format!("P{p}")).collect(),
        constituencies: (0..3)
            .map(|c| ConstituencyVotes { name: format!("C{c}"), seats: Some(seats[c]), votes: votes[c].iter().copied().enumerate().collect(), ..Default::default() })
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

#[test]
fn the_reader_refuses_regions_that_do_not_fit_the_law() {
    let ok = law_text([2, 2, 2], [1, 1]);
    assert!(parse_law(&ok, "ok.toml").is_ok());
    let cases = [
        (ok.replace("total_seats = 8", "total_seats = 9").replace("seats = 8", "seats = 9"), "must add up"),
        (ok.replace(r#"constituencies = ["C2"]"#, r#"constituencies = ["C9"]"#), "not one of the law's"),
        (ok.replace(r#"constituencies = ["C2"]"#, r#"constituencies = ["C1"]"#), "in two regions"),
        (ok.replace(r#"{ name = "R1""#, r#"{ name = "R0""#), "given twice"),
        (ok.replace(r#"rule = "party-highest-averages""#, r#"rule = "relative-quotient""#), "needs `rule = \"party-highest-averages\"`"),
        (ok.replace("method = \"sainte-lague\"\nregions", "method = \"hare\"\nregions"), "divisor method"),
        (ok.replace(r#"overhang = "exclude-and-recompute""#, r#"overhang = "level-up""#), "divisor method"),
    ];
    for (text, want) in cases {
        let e = parse_law(&text, "bad.toml").unwrap_err();
        assert!(e.to_string().contains(want), "expected {want:?} in: {e}");
    }
}

#[test]
fn regions_without_a_list_tier_per_constituency_are_refused_not_a_panic() {
    let text = law_text([1, 1, 1], [1, 1]).replace("method = \"dhondt\"", "method = \"dhondt\"\nlevel = \"national\"");
    let e = election(&[vec![60, 40], vec![50, 10], vec![20, 30]], [1, 1, 1]);
    // Refused by the reader or by the count, with a message either way.
    match parse_law(&text, "n.toml") {
        Err(err) => assert!(!err.to_string().is_empty()),
        Ok(law) => {
            let err = count(&law, &e, 0).unwrap_err();
            assert!(err.to_string().contains("per constituency"), "{err}");
        }
    }
}

#[test]
fn a_count_worked_by_hand() {
    // C0 1 seat, C1 1 seat, C2 1 seat; R0 and R1 one compensatory seat each: 5 seats.
    // Votes: C0 P0 60 P1 40; C1 P0 50 P1 10; C2 P0 20 P1 30.
    // D'Hondt: P0 wins C0 and C1, P1 wins C2. Hare on 5 seats of 210 votes (quota 42):
    // P0 130 = 3 + 4, P1 80 = 1 + 38: P1 takes the remainder seat, 3 and 2.
    // P0 owes 1, P1 owes 1. Regions (Sainte-Laguë after lower seats): P0 R0 110 / 5 = 22,
    // R1 20 / 1 = 20; P1 R0 50 / 1 = 50, R1 30 / 3 = 10. 50 takes R0 for P1 (P1 done,
    // R0 full); then P0's 20 takes R1.
    // Constituencies (1, 4, 7 after lower seats): P1 in R0: C0 40 / 1, C1 10 / 1: C0.
    let e = election(&[vec![60, 40], vec![50, 10], vec![20, 30]], [1, 1, 1]);
    let law = parse_law(&law_text([1, 1, 1], [1, 1]), "t.toml").unwrap();
    let out = count(&law, &e, 0).unwrap();
    let r = out.compensation.as_ref().unwrap();
    assert_eq!(r.seats, vec![3, 2]);
    assert_eq!(r.compensatory, vec![1, 1]);
    let regions: Vec<(usize, usize)> = r.region_placement.iter().map(|p| (p.constituency, p.party)).collect();
    assert_eq!(regions, vec![(0, 1), (1, 0)]);
    assert_eq!(r.regions, vec!["R0".to_string(), "R1".to_string()]);
    let leveling: Vec<Vec<u32>> = out.contests.iter().map(|c| c.leveling.clone()).collect();
    assert_eq!(leveling, vec![vec![0, 1], vec![0, 0], vec![1, 0]]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Every compensatory seat is placed, each region gets exactly its seats (when the
    /// parties have votes everywhere), each party exactly its compensatory seats, and
    /// the seats per constituency add up to the party's total.
    #[test]
    fn every_seat_lands_in_a_region_and_a_constituency(
        votes in prop::collection::vec(prop::collection::vec(1u64..100_000, 4), 3),
        seats in prop::array::uniform3(1u32..8),
        reg in prop::array::uniform2(1u32..6),
    ) {
        let v: [Vec<u64>; 3] = [votes[0].clone(), votes[1].clone(), votes[2].clone()];
        let e = election(&v, seats);
        let law = parse_law(&law_text(seats, reg), "t.toml").unwrap();
        let out = count(&law, &e, 0).unwrap();
        let r = out.compensation.as_ref().unwrap();
        let owed: u32 = r.compensatory.iter().sum();
        // Without overhang the compensatory seats are the regions' seats.
        if r.removed.is_empty() {
            prop_assert_eq!(owed, reg[0] + reg[1]);
            for (g, &cap) in reg.iter().enumerate() {
                prop_assert_eq!(r.region_placement.iter().filter(|p| p.constituency == g).count() as u32, cap);
            }
        }
        prop_assert_eq!(r.region_placement.len() as u32, r.placement.len() as u32);
        for p in 0..e.parties.len() {
            let in_regions = r.region_placement.iter().filter(|x| x.party == p).count() as u32;
            prop_assert!(in_regions <= r.compensatory[p]);
            let in_region = |g: usize| r.region_placement.iter().filter(|x| x.party == p && x.constituency == g).count() as u32;
            let lev = |c: usize| out.contests[c].parties.iter().position(|&q| q == p).map_or(0, |k| out.contests[c].leveling[k]);
            prop_assert_eq!(lev(0) + lev(1), in_region(0));
            prop_assert_eq!(lev(2), in_region(1));
        }
        if r.region_placement.len() as u32 == owed {
            for p in 0..e.parties.len() {
                let in_constituencies: u32 = out.contests.iter().map(|c| c.parties.iter().position(|&q| q == p).map_or(0, |k| c.result[k] + c.leveling[k])).sum();
                prop_assert_eq!(in_constituencies, out.total[p]);
            }
        }
    }
}
