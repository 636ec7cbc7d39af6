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
