//! Lists admitted by votes until those taking part reach a share (`[threshold]
//! admit_until`, Lithuania, Rinkimų kodeksas art. 169): on random elections the lists
//! taking part have the share, or no list with votes is left out; every list admitted so
//! has at least the votes of every list still out; the rule admits nothing when the lists
//! over the bar have the share already; and the seats-only kernel agrees with the count.

use mandat_core::count::count;
use mandat_core::election::Election;
use mandat_core::kernel::{Kernel, Scratch};
use mandat_core::law::Law;
use proptest::prelude::*;

fn law(bar: &str, share: &str) -> Law {
    toml::from_str(&format!(
        r#"
        id = "t"
        name = "t"
        citation = "t"
        seats = 30
        [allocation]
        method = "hare"
        level = "national"
        [threshold]
        share = "{bar}"
        of = "ballots-cast"
        level = "national"
        admit_until = {{ share = "{share}", of = "ballots-cast", level = "national" }}
        [ties]
        chain = ["more-votes", "list-order"]
        "#
    ))
    .unwrap()
}

fn election(votes: &[u64], invalid: u64) -> Election {
    let names: Vec<String> = (0..votes.len()).map(|i| format!("L{i}")).collect();
    let pairs: Vec<(&str, u64)> = names.iter().map(|n| n.as_str()).zip(votes.iter().copied()).collect();
    let mut e = Election::single("nation", &pairs, None);
    e.constituencies[0].ballots_cast = Some(votes.iter().sum::<u64>() + invalid);
    e
}

#[test]
fn lithuania_2016_lists_over_the_bar_have_60_percent_and_nothing_is_admitted() {
    // Rinkimų kodeksas art. 169: 986,968 of 1,273,427 voters is 77.5%.
    let votes = [276275, 274108, 183597, 115361, 77114, 69810, 67817, 59620, 27274, 24727, 21966, 12851, 6867, 3498];
    let e = election(&votes, 1273427 - votes.iter().sum::<u64>());
    let o = count(&law("5%", "60%"), &e, 0).unwrap();
    let t = o.contests[0].threshold.as_ref().unwrap();
    assert!(t.admitted_until.is_empty());
    assert_eq!(t.admit_until_measure.as_ref().unwrap().0, 276275 + 274108 + 183597 + 115361 + 77114 + 69810 + 67817);
}

#[test]
fn lists_are_admitted_in_order_of_votes_with_equal_votes_together() {
    // Over 30% of 1,000: A (300) alone. 60% needs 600: B and C (150 each, equal)
    // come in together (600), D (100) stays out.
    let e = election(&[300, 150, 150, 100, 40], 260);
    let o = count(&law("30%", "60%"), &e, 0).unwrap();
    let t = o.contests[0].threshold.as_ref().unwrap();
    assert_eq!(t.admitted_until, vec![1, 2]);
    assert_eq!(t.passed, vec![true, true, true, false, false]);
    assert_eq!(o.total[3] + o.total[4], 0);
    assert_eq!(o.total.iter().sum::<u32>(), 30);
}

#[test]
fn a_share_no_list_can_reach_admits_every_list_with_votes() {
    let e = election(&[300, 150, 0, 100], 450);
    let o = count(&law("30%", "90%"), &e, 0).unwrap();
    let t = o.contests[0].threshold.as_ref().unwrap();
    assert_eq!(t.passed, vec![true, true, false, true]);
    assert_eq!(t.admitted_until, vec![1, 3]);
}

#[test]
fn admit_until_and_admit_runner_up_are_refused_together() {
    let r: Result<Law, _> = toml::from_str(
        r#"
        id = "t"
        name = "t"
        citation = "t"
        seats = 10
        [allocation]
        method = "hare"
        level = "national"
        [threshold]
        share = "5%"
        level = "national"
        if_only_one_passes = "admit-runner-up"
        admit_until = { share = "60%" }
        "#,
    );
    assert!(r.unwrap_err().to_string().contains("admit_until"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn lists_taking_part_reach_the_share_or_every_list_takes_part(
        votes in prop::collection::vec(0u64..5_000, 1..9),
        invalid in 0u64..3_000,
        bar in 1u32..30,
        share in 1u32..100,
    ) {
        let e = election(&votes, invalid);
        let law = law(&format!("{bar}%"), &format!("{share}%"));
        let o = count(&law, &e, 0).unwrap();
        let t = o.contests[0].threshold.as_ref().unwrap();
        let cast: u64 = votes.iter().sum::<u64>() + invalid;
        let taking: u64 = (0..votes.len()).filter(|&i| t.passed[i]).map(|i| votes[i]).sum();
        let left_out_with_votes = (0..votes.len()).any(|i| !t.passed[i] && votes[i] > 0);
        // The share is reached (taking / cast >= share%), or nobody with votes is left.
        prop_assert!(u128::from(taking) * 100 >= u128::from(share) * u128::from(cast) || !left_out_with_votes);
        // Lists are admitted by votes: every admitted list has at least the votes of
        // every list still out, and has votes.
        for &a in &t.admitted_until {
            prop_assert!(votes[a] > 0);
            for i in 0..votes.len() {
                if !t.passed[i] {
                    prop_assert!(votes[a] >= votes[i]);
                }
            }
        }
        // Nothing is admitted when the lists over the bar have the share already.
        let over: u64 = (0..votes.len()).filter(|&i| t.conditions[0].met[i]).map(|i| votes[i]).sum();
        if u128::from(over) * 100 >= u128::from(share) * u128::from(cast) {
            prop_assert!(t.admitted_until.is_empty());
        }
        // Only lists taking part win seats.
        for i in 0..votes.len() {
            prop_assert!(t.passed[i] || o.total[i] == 0);
        }
        // The seats-only kernel (simulations) takes the same lists and gives the same seats.
        if let Some(k) = Kernel::new(&law, &e).unwrap() {
            let mut s = Scratch::default();
            let mut totals = vec![0u32; votes.len()];
            let mut took = vec![false; votes.len()];
            k.seats(&e, 0, &mut s, &mut totals, &mut took);
            prop_assert_eq!(totals, o.total.clone());
        }
    }
}
