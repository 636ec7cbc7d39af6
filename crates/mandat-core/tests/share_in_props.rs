//! A share in at least N constituencies (`in_at_least` on a constituency condition of
//! `[threshold] any_of`; Romania, Law 208/2015 art. 94(2)(a): 5% of the valid votes
//! nationally, or 20% of the valid votes in at least four constituencies). A list meets
//! it when the plain constituency condition (the same share there) holds in at least N
//! constituencies, and then takes part everywhere; with one constituency and N = 1 it is
//! the plain condition; raising N never lets a list in.

use mandat_core::count::count;
use mandat_core::election::{ConstituencyVotes, Election};
use mandat_core::law::Law;
use proptest::prelude::*;

fn law(threshold: &str) -> Law {
    toml::from_str(&format!(
        r#"
        id = "t"
        name = "t"
        citation = "t"
        [allocation]
        method = "dhondt"
        level = "constituency"
        [threshold]
        {threshold}
        [ties]
        chain = ["more-votes", "list-order"]
        "#
    ))
    .unwrap()
}

fn share_in(share: &str, n: u32) -> Law {
    law(&format!(r#"any_of = [{{ share = "{share}", level = "constituency", in_at_least = {n} }}]"#))
}

/// Constituencies of 5 seats, votes[c][list].
fn election(votes: &[Vec<u64>]) -> Election {
    let lists = votes[0].len();
    let names: Vec<String> = (0..lists).map(|i| format!("L{i}")).collect();
    let pairs: Vec<(&str, u64)> = names.iter().map(|n| n.as_str()).zip(votes[0].iter().copied()).collect();
    let mut e = Election::single("C0", &pairs, Some(5));
    for (c, v) in votes.iter().enumerate().skip(1) {
        e.constituencies.push(ConstituencyVotes { name: format!("C{c}"), seats: Some(5), votes: v.iter().copied().enumerate().collect(), ..Default::default() });
    }
    e
}

fn passed(law: &Law, e: &Election) -> Vec<Vec<bool>> {
    count(law, e, 0).unwrap().contests.iter().map(|c| c.threshold.as_ref().unwrap().passed.clone()).collect()
}

#[test]
fn a_list_with_the_share_in_four_constituencies_takes_part_everywhere() {
    // L2 has 3% of the votes nationally but 25% in C0..C3: it passes the second
    // condition and takes part in C4 too, where it has 1%. L3 has 25% in three
    // constituencies only: out everywhere, even where it has 25%.
    let votes = vec![
        vec![500, 0, 250, 250],
        vec![500, 0, 250, 250],
        vec![500, 0, 250, 250],
        vec![500, 250, 250, 0],
        vec![40_000, 20_000, 600, 0],
    ];
    let e = election(&votes);
    let l = law(r#"any_of = [
        { share = "5%", level = "national" },
        { share = "20%", level = "constituency", in_at_least = 4 },
    ]"#);
    let o = count(&l, &e, 0).unwrap();
    for c in &o.contests {
        let t = c.threshold.as_ref().unwrap();
        // Every list stands in every constituency of this election, in list order.
        assert_eq!(c.parties, vec![0, 1, 2, 3]);
        assert!(t.passed[2], "L2 takes part in {}", c.name);
        assert!(!t.passed[3], "L3 is out in {}", c.name);
        // The second condition counts the constituencies where each list has 20%.
        assert_eq!(t.conditions[1].measured, vec![5, 2, 4, 3]);
        assert_eq!(t.conditions[1].condition.to_string(), "20% of valid votes in at least 4 constituencies");
    }
    assert!(o.total[2] > 0, "L2 wins seats: {:?}", o.total);
    assert_eq!(o.total[3], 0);
}

#[test]
fn the_seats_only_kernel_leaves_the_count_to_the_full_count() {
    // The kernel compiles per-contest bars only; a count over every constituency is the
    // full count's (a projection then calls `count`).
    let e = election(&[vec![500, 300, 200], vec![400, 400, 200]]);
    assert!(mandat_core::kernel::Kernel::new(&share_in("20%", 2), &e).unwrap().is_none());
    assert!(mandat_core::kernel::Kernel::new(&law(r#"share = "20%""#), &e).unwrap().is_some());
}

#[test]
fn in_at_least_is_refused_where_it_cannot_count_constituencies() {
    let bad = |cond: &str| -> String {
        let src = format!("id = \"t\"\nname = \"t\"\ncitation = \"t\"\n[allocation]\nmethod = \"dhondt\"\n[threshold]\nany_of = [{cond}]\n");
        toml::from_str::<Law>(&src).map(|_| ()).unwrap_err().to_string()
    };
    assert!(bad(r#"{ share = "20%", level = "constituency", in_at_least = 0 }"#).contains("at least 1"));
    assert!(bad(r#"{ share = "20%", level = "national", in_at_least = 4 }"#).contains("measured in each constituency"));
    assert!(bad(r#"{ quotas = 1, in_at_least = 4 }"#).contains("needs `share`"));
    assert!(bad(r#"{ seats_won = 3, in_at_least = 4 }"#).contains("condition of its own"));
    assert!(bad(r#"{ share = "20%", in_at_last = 4 }"#).contains("unknown field `in_at_last`"));
}

fn elections() -> impl Strategy<Value = Vec<Vec<u64>>> {
    (1usize..6, 2usize..6).prop_flat_map(|(k, n)| proptest::collection::vec(proptest::collection::vec(0u64..2_000, n..=n), k..=k))
        .prop_filter("every constituency has votes", |v| v.iter().all(|c| c.iter().sum::<u64>() > 0))
}

proptest! {
    #[test]
    fn in_at_least_counts_the_constituencies_the_plain_condition_passes(votes in elections(), share in 1u32..40, n in 1u32..6) {
        let e = election(&votes);
        let plain = passed(&law(&format!(r#"share = "{share}%""#)), &e);
        let counted = passed(&share_in(&format!("{share}%"), n), &e);
        let lists = votes[0].len();
        for p in 0..lists {
            let met = plain.iter().filter(|c| c[p]).count() as u32;
            for c in &counted {
                prop_assert_eq!(c[p], met >= n, "list {} meets the share in {} constituencies, bar {}", p, met, n);
            }
        }
    }

    #[test]
    fn one_constituency_and_in_at_least_1_is_the_plain_condition(row in proptest::collection::vec(0u64..2_000, 2..6), share in 1u32..60) {
        prop_assume!(row.iter().sum::<u64>() > 0);
        let e = election(&[row]);
        let plain = count(&law(&format!(r#"share = "{share}%""#)), &e, 0).unwrap();
        let counted = count(&share_in(&format!("{share}%"), 1), &e, 0).unwrap();
        prop_assert_eq!(&plain.contests[0].threshold.as_ref().unwrap().passed, &counted.contests[0].threshold.as_ref().unwrap().passed);
        prop_assert_eq!(plain.total, counted.total);
    }

    #[test]
    fn a_higher_count_never_lets_a_list_in(votes in elections(), share in 1u32..40, n in 1u32..5) {
        let e = election(&votes);
        let lower = passed(&share_in(&format!("{share}%"), n), &e);
        let higher = passed(&share_in(&format!("{share}%"), n + 1), &e);
        for (a, b) in lower.iter().zip(&higher) {
            for (x, y) in a.iter().zip(b) {
                prop_assert!(*x || !*y);
            }
        }
    }
}
