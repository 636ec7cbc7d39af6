//! Thresholds by list kind (issue 15): bars that depend on how many parties form a list
//! (Czech Republic §49: 5%, 8%, 11%; Poland art. 196; Slovakia §66), given by `members`
//! in the results; and exemptions of national-minority lists (Poland art. 197 §1).

use mandat_core::count::count;
use mandat_core::kernel::{Kernel, Scratch};
use mandat_io::{parse_law, parse_results};
use proptest::prelude::*;

const CZECH_BARS: &str = r#"id = "t"
name = "t"
citation = "t"
seats = 200
[allocation]
method = "dhondt"
level = "national"
[threshold]
any_of = [
  { share = "5%", level = "national", members = 1 },
  { share = "8%", level = "national", members = 2 },
  { share = "11%", level = "national", min_members = 3 },
]
exempt = ["Minority"]
"#;

fn results(votes: &[(String, u64)], members: &[(String, u32)]) -> String {
    let v: Vec<String> = votes.iter().map(|(p, n)| format!("\"{p}\": {n}")).collect();
    let m: Vec<String> = members.iter().map(|(p, n)| format!("\"{p}\": {n}")).collect();
    format!("{{\"constituencies\": [{{\"name\": \"N\", \"votes\": {{{}}}}}], \"members\": {{{}}}}}", v.join(", "), m.join(", "))
}

/// A worked example: a coalition of two with 7% is out where a party with 6% is in, a
/// coalition of three needs 11%, and the exempt minority list takes part with 1%.
#[test]
fn bars_follow_the_kind_of_list() {
    let law = parse_law(CZECH_BARS, "cz.toml").unwrap();
    let votes = [("Party", 6_000), ("Pair", 7_000), ("Trio", 10_500), ("Big", 75_500), ("Minority", 1_000)];
    let votes: Vec<(String, u64)> = votes.iter().map(|(p, v)| (p.to_string(), *v)).collect();
    let members = vec![("Pair".to_string(), 2), ("Trio".to_string(), 3)];
    let e = parse_results(&results(&votes, &members), "r.json").unwrap();
    let o = count(&law, &e, 0).unwrap();
    let passed = &o.contests[0].threshold.as_ref().unwrap().passed;
    assert_eq!(passed, &[true, false, false, true, true]);
    let text = mandat_io::report::explain(&law, &o);
    assert!(text.contains("8% of valid votes nationally (coalitions of 2 parties)"), "{text}");
    assert!(text.contains("11% of valid votes nationally (coalitions of 3 or more parties)"), "{text}");
    // Without `members` every list is one party's: the pair and the trio pass at 5%.
    let plain = parse_results(&results(&votes, &[]), "r.json").unwrap();
    let o = count(&law, &plain, 0).unwrap();
    assert_eq!(o.contests[0].threshold.as_ref().unwrap().passed, vec![true, true, true, true, true]);
    // A what-if on the threshold moves the bar of a party's own list, not the coalitions'.
    let mut four = law.clone();
    four.set("threshold", "4%").unwrap();
    let t = four.threshold.as_ref().unwrap();
    assert_eq!(t.any_of.iter().map(|c| c.to_string()).collect::<Vec<_>>()[1..], ["8% of valid votes nationally", "11% of valid votes nationally"]);
}

#[test]
fn members_must_name_a_list_and_be_at_least_one() {
    let votes = vec![("A".to_string(), 10)];
    let e = parse_results(&results(&votes, &[("B".to_string(), 2)]), "r.json").unwrap_err();
    assert!(e.to_string().contains("\"B\" is not a party of the results"), "{e}");
    let e = parse_results(&results(&votes, &[("A".to_string(), 0)]), "r.json").unwrap_err();
    assert!(e.to_string().contains("1 or more parties"), "{e}");
    let bad = CZECH_BARS.replace("members = 2 }", "members = 2, min_members = 2 }");
    assert!(parse_law(&bad, "cz.toml").unwrap_err().to_string().contains("not both"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// A list takes part exactly when its votes reach the bar set for its kind (or it is
    /// exempt), and the seats-only kernel of projections agrees with the count.
    #[test]
    fn a_list_passes_exactly_when_it_reaches_its_kinds_bar(
        lists in prop::collection::vec((0u64..100_000, 1u32..5), 2..9),
        exempt_first in any::<bool>(),
    ) {
        let mut law_text = CZECH_BARS.to_string();
        if !exempt_first {
            law_text = law_text.replace("exempt = [\"Minority\"]", "");
        }
        let law = parse_law(&law_text, "cz.toml").unwrap();
        let names: Vec<String> = (0..lists.len()).map(|i| if i == 0 { "Minority".to_string() } else { format!("L{i}") }).collect();
        let votes: Vec<(String, u64)> = names.iter().cloned().zip(lists.iter().map(|l| l.0)).collect();
        let members: Vec<(String, u32)> = names.iter().cloned().zip(lists.iter().map(|l| l.1)).collect();
        let e = parse_results(&results(&votes, &members), "r.json").unwrap();
        prop_assume!(lists.iter().map(|l| l.0).sum::<u64>() > 0);
        let o = count(&law, &e, 0).unwrap();
        let total: u64 = lists.iter().map(|l| l.0).sum();
        let passed = &o.contests[0].threshold.as_ref().unwrap().passed;
        for (i, &(v, m)) in lists.iter().enumerate() {
            let bar = match m { 1 => 5, 2 => 8, _ => 11 };
            let expect = (i == 0 && exempt_first) || v * 100 >= bar * total;
            prop_assert_eq!(passed[i], expect, "list {} with {} votes of {}, {} members", i, v, total, m);
        }
        let k = Kernel::new(&law, &e).unwrap().expect("the kernel covers this law");
        let (mut s, mut seats, mut took) = (Scratch::default(), vec![0; e.parties.len()], vec![false; e.parties.len()]);
        k.seats(&e, 0, &mut s, &mut seats, &mut took);
        prop_assert_eq!(seats, o.total);
    }
}

/// Serbia: the minority lists are the ones the electoral commission declares at each
/// election, so the results name them (`threshold_exempt`) and the law takes them
/// (`exempt_declared = true`); their quotients are multiplied by `exempt_factor`.
const DECLARED: &str = r#"id = "s"
name = "s"
citation = "s"
seats = 20
[allocation]
method = "dhondt"
level = "national"
[threshold]
share = "10%"
level = "national"
exempt_declared = true
exempt_factor = "1.35"
"#;

fn declared_results(exempt: &str) -> String {
    format!(r#"{{"threshold_exempt": [{exempt}], "constituencies": [{{"name": "N", "votes": {{"A": 600, "B": 330, "M": 40, "P": 30}}}}]}}"#)
}

#[test]
fn lists_the_results_declare_exempt_take_part_with_their_factor() {
    let law = parse_law(DECLARED, "s.toml").unwrap();
    // M is declared: it takes part under 10% and its 40 votes weigh 54, which beats A's
    // 13th quotient (600/13 = 46.2) for the last seat; 40 alone would not.
    let with = count(&law, &parse_results(&declared_results("\"M\""), "r.json").unwrap(), 0).unwrap();
    let t = with.contests[0].threshold.as_ref().unwrap();
    assert_eq!(t.exempt, vec![false, false, true, false]);
    assert_eq!(t.passed, vec![true, true, true, false]);
    assert_eq!(with.total[2], 1);
    // Undeclared, M is one more list under the bar.
    let without = count(&law, &parse_results(&declared_results(""), "r.json").unwrap(), 0).unwrap();
    assert_eq!(without.contests[0].threshold.as_ref().unwrap().passed, vec![true, true, false, false]);
    assert_eq!(without.total[2], 0);
    // A law without `exempt_declared` exempts no declared list (the declaration is a fact
    // of the results, the exemption the law's).
    let plain = parse_law(&DECLARED.replace("exempt_declared = true\nexempt_factor = \"1.35\"\n", ""), "p.toml").unwrap();
    let o = count(&plain, &parse_results(&declared_results("\"M\""), "r.json").unwrap(), 0).unwrap();
    assert_eq!(o.total[2], 0);
    // The seats-only kernel (which leaves multiplied averages to the full count) takes
    // the declared lists as the count does.
    let unweighted = parse_law(&DECLARED.replace("exempt_factor = \"1.35\"\n", ""), "u.toml").unwrap();
    let e = parse_results(&declared_results("\"M\""), "r.json").unwrap();
    let full = count(&unweighted, &e, 0).unwrap();
    assert_eq!(full.contests[0].threshold.as_ref().unwrap().passed, vec![true, true, true, false]);
    let k = Kernel::new(&unweighted, &e).unwrap().unwrap();
    let (mut s, mut totals, mut took) = (Scratch::default(), vec![0u32; 4], vec![false; 4]);
    k.seats(&e, 0, &mut s, &mut totals, &mut took);
    assert_eq!(totals, full.total);
    assert_eq!(took, vec![true, true, true, false]);
}

#[test]
fn threshold_exempt_must_name_lists_of_the_results_once() {
    let e = parse_results(&declared_results("\"Z\""), "r.json").unwrap_err();
    assert!(e.to_string().contains("\"Z\" is not a party of the results"), "{e}");
    let e = parse_results(&declared_results("\"M\", \"M\""), "r.json").unwrap_err();
    assert!(e.to_string().contains("named twice"), "{e}");
    // exempt_factor needs exempt lists, named or declared.
    let bad = DECLARED.replace("exempt_declared = true\n", "");
    assert!(parse_law(&bad, "b.toml").unwrap_err().to_string().contains("exempt_declared"));
}

/// Argentina (Código Electoral Nacional art. 160): a share of the district's registered
/// voters, not of the votes.
const REGISTERED_BAR: &str = r#"id = "t"
name = "t"
citation = "t"
[allocation]
method = "dhondt"
level = "constituency"
[threshold]
share = "3%"
of = "registered"
level = "constituency"
"#;

fn district(votes: &[u64], registered: Option<u64>) -> String {
    let v: Vec<String> = votes.iter().enumerate().map(|(k, n)| format!("\"L{k}\": {n}")).collect();
    let r = registered.map(|r| format!(", \"registered\": {r}")).unwrap_or_default();
    format!("{{\"constituencies\": [{{\"name\": \"D\", \"seats\": 5, \"votes\": {{{}}}{r}}}]}}", v.join(", "))
}

/// A worked example: with 1,000 registered voters the bar is 30 votes, whatever the
/// turnout; a list with 29 votes (5.6% of the 519 votes cast) is out.
#[test]
fn a_bar_of_registered_voters_is_measured_against_the_rolls() {
    let law = parse_law(REGISTERED_BAR, "ar.toml").unwrap();
    let e = parse_results(&district(&[300, 160, 30, 29], Some(1_000)), "r.json").unwrap();
    let o = count(&law, &e, 0).unwrap();
    assert_eq!(o.contests[0].threshold.as_ref().unwrap().passed, vec![true, true, true, false]);
    assert_eq!(o.total, vec![3, 2, 0, 0]);
    let text = mandat_io::report::explain(&law, &o);
    assert!(text.contains("3% of registered voters in the constituency: base 1,000 registered voters, bar 30 votes"), "{text}");
    // The kernel leaves such a law to the full count.
    assert!(Kernel::new(&law, &e).unwrap().is_none());
    // Without `registered` the count is refused, naming the district.
    let missing = parse_results(&district(&[300, 160, 30, 29], None), "r.json").unwrap();
    let err = count(&law, &missing, 0).unwrap_err().to_string();
    assert!(err.contains("\"D\"") && err.contains("registered"), "{err}");
}

/// D'Hondt with 1, 2, 3, ... among the lists given, equal averages to more votes then the
/// earlier list (the count's lot with seed 0 is not modelled here: ties are avoided).
fn dhondt(votes: &[u64], seats: u32) -> Vec<u32> {
    let mut got = vec![0u32; votes.len()];
    for _ in 0..seats {
        let best = (0..votes.len()).filter(|&k| votes[k] > 0).max_by(|&a, &b| {
            ((votes[a] as u128) * (got[b] as u128 + 1)).cmp(&((votes[b] as u128) * (got[a] as u128 + 1))).then(votes[a].cmp(&votes[b])).then(b.cmp(&a))
        });
        if let Some(k) = best {
            got[k] += 1;
        }
    }
    got
}

proptest! {
    /// A list takes part exactly when 100 × votes ≥ 3 × registered, and the seats are
    /// D'Hondt's among those lists.
    #[test]
    fn registered_bar_admits_exactly_the_lists_over_it(votes in prop::collection::vec(1u64..5_000, 2..7), turnout_gap in 0u64..400) {
        // Up to 5 × the votes registered: 3% of it stays below the largest list's votes
        // (at least a sixth of them), so some list always takes part.
        let cast: u64 = votes.iter().sum();
        let registered = cast + cast * turnout_gap / 100;
        let law = parse_law(REGISTERED_BAR, "ar.toml").unwrap();
        let e = parse_results(&district(&votes, Some(registered)), "r.json").unwrap();
        let o = count(&law, &e, 0).unwrap();
        let over: Vec<bool> = votes.iter().map(|&v| 100 * v as u128 >= 3 * registered as u128).collect();
        prop_assert_eq!(&o.contests[0].threshold.as_ref().unwrap().passed, &over);
        // Skip elections with equal averages at the cut (the count breaks them by lot).
        let kept: Vec<u64> = votes.iter().zip(&over).map(|(&v, &ok)| if ok { v } else { 0 }).collect();
        let mut avgs: Vec<(u128, u128)> = kept.iter().filter(|&&v| v > 0).flat_map(|&v| (1..=6u128).map(move |d| (v as u128, d))).collect();
        avgs.sort_by(|a, b| (b.0 * a.1).cmp(&(a.0 * b.1)));
        let tie_at_cut = avgs.len() > 5 && avgs[4].0 * avgs[5].1 == avgs[5].0 * avgs[4].1;
        if !tie_at_cut {
            prop_assert_eq!(o.total, dhondt(&kept, 5));
        }
    }
}

/// A national threshold counted with part of the country (Indonesia, UU 7/2017 art.
/// 414(1)): the results' `national_votes` are the base and the measure.
const NATIONAL_BAR: &str = r#"id = "t"
name = "t"
citation = "t"
[allocation]
method = "sainte-lague"
level = "constituency"
[threshold]
share = "4%"
level = "national"
"#;

#[test]
fn national_votes_measure_a_national_threshold_with_part_of_the_country() {
    let law = parse_law(NATIONAL_BAR, "id.toml").unwrap();
    // In the district alone, B has 30% and passes; nationally it has 3% and is out.
    let district = r#"{"constituencies": [{"name": "D", "seats": 3, "votes": {"A": 700, "B": 300}}]"#;
    let alone = parse_results(&format!("{district}}}"), "r.json").unwrap();
    assert_eq!(count(&law, &alone, 0).unwrap().total, vec![2, 1]);
    let whole = parse_results(&format!(r#"{district}, "national_votes": {{"votes": {{"A": 50000, "B": 3000}}, "total_valid_votes": 100000}}}}"#), "r.json").unwrap();
    let o = count(&law, &whole, 0).unwrap();
    assert_eq!(o.total, vec![3, 0]);
    let text = mandat_io::report::explain(&law, &o);
    assert!(text.contains("base 100,000 votes, bar 4,000 votes"), "{text}");
    assert!(Kernel::new(&law, &whole).unwrap().is_none());
    // Refusals, each naming the field.
    let refused = |national: &str| {
        let e = parse_results(&format!(r#"{district}, "national_votes": {national}}}"#), "r.json").unwrap_err();
        assert!(e.to_string().contains("national_votes"), "{e}");
        e.to_string()
    };
    assert!(refused(r#"{"votes": {"A": 50000, "B": 3000, "C": 10}, "total_valid_votes": 100000}"#).contains("\"C\" is not a party"));
    assert!(refused(r#"{"votes": {"A": 50000}, "total_valid_votes": 100000}"#).contains("\"B\" stands in the constituencies given but has no national votes"));
    assert!(refused(r#"{"votes": {"A": 50000, "B": 200}, "total_valid_votes": 100000}"#).contains("below its votes in the constituencies given"));
    assert!(refused(r#"{"votes": {"A": 50000, "B": 3000}, "total_valid_votes": 50000}"#).contains("below the national votes listed"));
    // A national list tier needs every constituency's votes.
    let national_tier = parse_law(&NATIONAL_BAR.replace("level = \"constituency\"", "level = \"national\"").replace("[allocation]", "seats = 3\n[allocation]"), "n.toml").unwrap();
    let err = count(&national_tier, &whole, 0).unwrap_err().to_string();
    assert!(err.contains("national_votes"), "{err}");
}
