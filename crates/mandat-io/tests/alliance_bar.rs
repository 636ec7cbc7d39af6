//! Coalitions pooled only above a bar of their own (Italy, DPR 361/1957 art. 83(1)(c),
//! (e), (g), Law 165/2017): a coalition takes part as one unit if the votes of its lists
//! with at least `counted_from` reach `share` of the valid votes and one of its lists
//! passes the threshold; its seats go to its lists over the threshold only; otherwise its
//! lists stand alone. Worked examples, the reader's refusals, and properties.

use mandat_core::count::count;
use mandat_io::{parse_law, parse_results};
use proptest::prelude::*;

fn law(seats: u32, method: &str) -> String {
    format!(
        "id = \"t\"\nname = \"t\"\ncitation = \"t\"\nseats = {seats}\n[allocation]\nmethod = \"{method}\"\nlevel = \"national\"\npool_alliances = true\n\
         [allocation.alliance_bar]\nshare = \"10%\"\ncounted_from = \"1%\"\narticle = \"art. 83(1)(c), (e)\"\n\
         [threshold]\nshare = \"3%\"\nlevel = \"national\"\n"
    )
}

fn seats(law_text: &str, results: &str) -> Vec<(String, u32)> {
    let l = parse_law(law_text, "law.toml").unwrap_or_else(|e| panic!("{e}"));
    let e = parse_results(results, "r.json").unwrap_or_else(|e| panic!("{e}"));
    let o = count(&l, &e, 0).unwrap_or_else(|e| panic!("{e}"));
    o.parties.iter().cloned().zip(o.total.iter().copied()).collect()
}

fn get(s: &[(String, u32)], p: &str) -> u32 {
    s.iter().find(|(n, _)| n == p).map(|x| x.1).unwrap()
}

/// 10,000 valid votes, 100 seats, Hare. Coalition A1+A2+A3+A4: A1 3,000 and A2 600 pass
/// 3%; A3 200 (2%) counts for the coalition but takes no seat; A4 50 (0.5%) does not
/// count. The coalition's 3,800 votes (38%) reach 10%: it is one unit with 3,800. B 4,000
/// and C 1,000 alone; D 300 has exactly 3% and passes.
#[test]
fn a_coalition_over_the_bar_is_one_unit_and_only_its_lists_over_the_threshold_take_seats() {
    let r = r#"{"constituencies": [{"name": "n", "votes": {"A1": 3000, "A2": 600, "A3": 200, "A4": 50, "B": 4000, "C": 1000, "D": 300}, "total_valid_votes": 10000}],
        "alliances": [["A1", "A2", "A3", "A4"]]}"#;
    let s = seats(&law(100, "hare"), r);
    // Units: A 3,800, B 4,000, C 1,000, D 300 on 9,100 votes, quota 91: 41.76, 43.96, 10.99,
    // 3.30 -> 41 + 43 + 10 + 3 = 97; remainders .99 (C), .96 (B), .76 (A): 42, 44, 11, 3.
    assert_eq!(get(&s, "B"), 44);
    assert_eq!(get(&s, "C"), 11);
    assert_eq!(get(&s, "D"), 3);
    // A's 42 on A1 3,000 and A2 600 (A3 and A4 take none): 35.0 and 7.0.
    assert_eq!((get(&s, "A1"), get(&s, "A2"), get(&s, "A3"), get(&s, "A4")), (35, 7, 0, 0));
}

/// The same coalition without A1: A2 600 + A3 200 = 800 (8%) is under 10%, so its lists
/// stand alone; A2 (6%) passes 3% and takes seats on its own votes; A3 (2%) does not.
#[test]
fn a_coalition_under_the_bar_leaves_its_lists_alone() {
    let r = r#"{"constituencies": [{"name": "n", "votes": {"A2": 600, "A3": 200, "B": 4000, "C": 1000}, "total_valid_votes": 10000}],
        "alliances": [["A2", "A3"]]}"#;
    let s = seats(&law(56, "dhondt"), r);
    // A2 600, B 4,000, C 1,000 by D'Hondt for 56 seats: 6, 40, 10.
    assert_eq!((get(&s, "A2"), get(&s, "A3"), get(&s, "B"), get(&s, "C")), (6, 0, 40, 10));
}

/// A coalition over 10% none of whose lists has 3% is not pooled (art. 83(1)(e)(1): "che
/// comprendano almeno una lista collegata che abbia conseguito ... almeno il 3 per
/// cento"): its lists, all under 3%, take nothing.
#[test]
fn a_coalition_needs_a_list_over_the_threshold() {
    let mut votes = String::new();
    for i in 0..6 {
        votes += &format!("\"K{i}\": 290, ");
    }
    let r = format!(r#"{{"constituencies": [{{"name": "n", "votes": {{{votes}"B": 4000, "C": 1000}}, "total_valid_votes": 10000}}], "alliances": [["K0", "K1", "K2", "K3", "K4", "K5"]]}}"#);
    let s = seats(&law(50, "dhondt"), &r);
    assert!((0..6).all(|i| get(&s, &format!("K{i}")) == 0));
    assert_eq!(get(&s, "B") + get(&s, "C"), 50);
    let l = parse_law(&law(50, "dhondt"), "law.toml").unwrap();
    let o = count(&l, &parse_results(&r, "r.json").unwrap(), 0).unwrap();
    let a = &o.contests[0].alliance_bar.as_ref().unwrap().alliances[0];
    assert_eq!((a.votes, a.has_list_over_threshold, a.pooled), (1740, false, false));
}

/// The explanation names the bar, each coalition's counted votes and verdict, and the
/// split of a quota method's coalition seats; the JSON has an `alliance_bar` block.
#[test]
fn the_bar_is_explained_and_reported() {
    let r = r#"{"constituencies": [{"name": "n", "votes": {"A1": 3000, "A2": 600, "A3": 200, "A4": 50, "B": 4000, "C": 1000, "D": 300}, "total_valid_votes": 10000}],
        "alliances": [["A1", "A2", "A3", "A4"]]}"#;
    let l = parse_law(&law(100, "hare"), "law.toml").unwrap();
    let o = count(&l, &parse_results(r, "r.json").unwrap(), 0).unwrap();
    let text = mandat_io::report::explain(&l, &o);
    assert!(text.contains("Alliance bar (art. 83(1)(c), (e)): 1,000 of 10,000 valid votes; a list counts for its alliance from 100 votes"), "{text}");
    assert!(text.contains("A1 + A2 + A3 + A4 (not counted): 3,800 votes, pooled as one unit"), "{text}");
    assert!(text.contains("3,000 votes: 35 seat(s)"), "{text}");
    let json = mandat_io::report::outcome_json(&l, &o);
    assert_eq!(json["constituencies"][0]["steps"]["alliance_bar"]["alliances"][0]["pooled"], true);
    assert_eq!(json["constituencies"][0]["steps"]["alliance_bar"]["alliances"][0]["votes"], 3800);
}

#[test]
fn the_reader_refuses_a_bar_without_pooled_alliances_or_at_constituency_level() {
    let t = law(10, "hare").replace("pool_alliances = true\n", "");
    let e = parse_law(&t, "law.toml").unwrap_err().to_string();
    assert!(e.contains("`alliance_bar`") && e.contains("pool_alliances"), "{e}");
    let t = law(10, "hare").replace("level = \"national\"\npool_alliances", "level = \"constituency\"\npool_alliances");
    let e = parse_law(&t, "law.toml").unwrap_err().to_string();
    assert!(e.contains("`alliance_bar`"), "{e}");
    let t = law(10, "hare").replace("counted_from = \"1%\"", "counted_from = \"1%\"\nshar = \"2%\"");
    let e = parse_law(&t, "law.toml").unwrap_err().to_string();
    assert!(e.contains("shar"), "{e}");
}

proptest! {
    /// With a bar of 0% and no `counted_from`, every alliance with a list over the
    /// threshold is pooled exactly as `pool_alliances` alone pools it (the bar only ever
    /// removes alliances), and a bar of 100% pools none: the lists then count as if there
    /// were no alliances.
    #[test]
    fn a_zero_bar_is_plain_pooling_and_a_full_bar_is_none(votes in prop::collection::vec(1u64..5000, 4..8), seats in 1u32..40) {
        let names: Vec<String> = (0..votes.len()).map(|i| format!("L{i}")).collect();
        let body: Vec<String> = names.iter().zip(&votes).map(|(n, v)| format!("\"{n}\": {v}")).collect();
        let r = format!(r#"{{"constituencies": [{{"name": "n", "votes": {{{}}}}}], "alliances": [["L0", "L1"], ["L2", "L3"]]}}"#, body.join(", "));
        let plain = format!("id = \"t\"\nname = \"t\"\ncitation = \"t\"\nseats = {seats}\n[allocation]\nmethod = \"hare\"\nlevel = \"national\"\npool_alliances = true\n");
        let none = format!("id = \"t\"\nname = \"t\"\ncitation = \"t\"\nseats = {seats}\n[allocation]\nmethod = \"hare\"\nlevel = \"national\"\n");
        let zero = format!("{plain}[allocation.alliance_bar]\nshare = \"0%\"\n");
        let full = format!("{plain}[allocation.alliance_bar]\nshare = \"100%\"\n");
        let e = parse_results(&r, "r.json").unwrap();
        let run = |t: &str| count(&parse_law(t, "l.toml").unwrap(), &e, 0).unwrap().total;
        prop_assert_eq!(run(&zero), run(&plain));
        // A 100% bar is reached only by an alliance holding every vote: never here.
        prop_assert_eq!(run(&full), run(&none));
    }
}
