//! Properties of multi-tier laws on random elections: leveling, mixed-member
//! proportional, and the reduction to independent constituencies.

use mandat_core::count::count;
use mandat_core::election::{ConstituencyVotes, Election};
use mandat_core::method::Method;
use mandat_core::tie::{TieBreaker, TieRule};
use mandat_io::parse_law;
use proptest::prelude::*;

const LEVELING: &str = r#"
id = "leveling-test"
name = "x"
citation = "x"
[allocation]
method = "modified-sainte-lague"
first_divisor = 1.4
[compensation]
total_seats = TOTAL
method = "modified-sainte-lague"
first_divisor = 1.4
lower_tier = "constituencies"
overhang = "exclude-and-recompute"
[compensation.threshold]
share = "4%"
level = "national"
[compensation.placement]
method = "sainte-lague"
"#;

const MMP: &str = r#"
id = "mmp-test"
name = "x"
citation = "x"
[compensation]
total_seats = 120
method = "sainte-lague"
lower_tier = "electorates"
overhang = "keep"
[compensation.threshold]
any_of = [{ share = "5%", level = "national" }, { seats_won = 1 }]
"#;

const ADJUSTMENT: &str = r#"
id = "adjustment-test"
name = "x"
citation = "x"
[allocation]
method = "modified-sainte-lague"
first_divisor = 1.2
[threshold]
any_of = [{ share = "4%", level = "national" }, { share = "12%", level = "constituency" }]
[compensation]
total_seats = TOTAL
method = "modified-sainte-lague"
first_divisor = 1.2
lower_tier = "constituencies"
overhang = "return"
[compensation.threshold]
share = "4%"
level = "national"
[compensation.placement]
method = "sainte-lague"
rule = "party-highest-averages"
"#;

/// Random counties: (seats incl. one leveling seat, votes per party).
fn counties() -> impl Strategy<Value = Vec<(u32, Vec<u64>)>> {
    (3usize..8).prop_flat_map(|parties| {
        prop::collection::vec((3u32..12, prop::collection::vec(0u64..200_000, parties)), 2..10)
    })
}

fn election(counties: &[(u32, Vec<u64>)], leveling: u32) -> Election {
    let parties = counties[0].1.len();
    Election {
        parties: (0..parties).map(|p| format!("P{p}")).collect(),
        constituencies: counties
            .iter()
            .enumerate()
            .map(|(i, (seats, votes))| ConstituencyVotes {
                name: format!("C{i}"),
                seats: Some(*seats),
                leveling_seats: Some(leveling),
                votes: votes.iter().copied().enumerate().collect(),
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
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Leveling never leaves a party of the final distribution below its share: its
    /// seats are exactly its entitlement and at least its district seats; parties that
    /// left keep their district seats; every leveling seat is placed, one per county.
    #[test]
    fn leveling_gives_every_remaining_party_its_share(cs in counties()) {
        let e = election(&cs, 1);
        prop_assume!(e.constituencies.iter().all(|c| c.votes.iter().any(|&(_, v)| v > 0)));
        let total: u32 = cs.iter().map(|c| c.0).sum();
        let law = parse_law(&LEVELING.replace("TOTAL", &total.to_string()), "t.toml").unwrap();
        let out = count(&law, &e, 0).unwrap();
        let r = out.compensation.as_ref().unwrap();
        let last = r.rounds.last().unwrap();
        for (k, &p) in last.parties.iter().enumerate() {
            prop_assert_eq!(r.seats[p], last.entitlement[k]);
            prop_assert!(r.seats[p] >= r.lower[p]);
        }
        for &p in &r.removed {
            prop_assert_eq!(r.seats[p], r.lower[p]);
        }
        prop_assert_eq!(out.house_size(), total);
        let placed: u32 = out.contests.iter().map(|c| c.leveling.iter().sum::<u32>()).sum();
        prop_assert_eq!(placed, r.compensatory.iter().sum::<u32>());
        for c in &out.contests {
            prop_assert!(c.leveling.iter().sum::<u32>() <= 1);
        }
        for p in 0..e.parties.len() {
            let in_counties: u32 = out.contests.iter().map(|c| c.parties.iter().position(|&q| q == p).map_or(0, |k| c.result[k] + c.leveling[k])).sum();
            prop_assert_eq!(in_counties, out.total[p]);
        }
    }

    /// Swedish adjustment seats (few, so that fixed seats often exceed a party's share):
    /// returning seats gives every party of the distribution exactly its share, leaves
    /// every constituency's fixed seats as they were, and places every adjustment seat;
    /// a seat is kept over the share only where no other party of its constituency is
    /// below its own (the report says so, and the house grows by it).
    #[test]
    fn returned_seats_and_adjustment_seats_give_every_party_its_share(cs in counties(), pool in 0u32..4) {
        let e = election(&cs, 0);
        prop_assume!(e.constituencies.iter().all(|c| c.votes.iter().any(|&(_, v)| v > 0)));
        let fixed: u32 = cs.iter().map(|c| c.0).sum();
        let law = parse_law(&ADJUSTMENT.replace("TOTAL", &(fixed + pool).to_string()), "t.toml").unwrap();
        let out = count(&law, &e, 0).unwrap();
        let r = out.compensation.as_ref().unwrap();
        for p in 0..e.parties.len() {
            if r.qualifying[p] {
                let kept = r.returned.iter().filter(|x| x.from == p && x.to.is_none()).count() as u32;
                prop_assert_eq!(r.seats[p], r.entitlement[p] + kept);
                prop_assert_eq!(r.overhang[p], kept);
                prop_assert_eq!(r.seats[p], r.lower[p] + r.compensatory[p]);
            }
            let in_constituencies: u32 = out.contests.iter().map(|c| c.parties.iter().position(|&q| q == p).map_or(0, |k| c.result[k] + c.leveling[k])).sum();
            prop_assert_eq!(in_constituencies, out.total[p]);
        }
        for (c, (seats, _)) in out.contests.iter().zip(&cs) {
            prop_assert_eq!(c.result.iter().sum::<u32>(), *seats);
        }
        let outside: u32 = (0..e.parties.len()).filter(|&p| !r.qualifying[p]).map(|p| r.lower[p]).sum();
        prop_assert_eq!(out.house_size(), fixed + pool + r.overhang.iter().sum::<u32>());
        prop_assert_eq!(r.deducted, outside);
        let placed: u32 = out.contests.iter().map(|c| c.leveling.iter().sum::<u32>()).sum();
        prop_assert_eq!(placed, r.compensatory.iter().sum::<u32>());
    }

    /// Without leveling seats, a multi-tier law reduces to independent constituencies.
    #[test]
    fn without_leveling_seats_constituencies_are_independent(cs in counties()) {
        let e = election(&cs, 0);
        prop_assume!(e.constituencies.iter().all(|c| c.votes.iter().any(|&(_, v)| v > 0)));
        let law = parse_law(LEVELING.replace("[compensation]", "[unused]").split("[unused]").next().unwrap(), "t.toml").unwrap();
        let out = count(&law, &e, 0).unwrap();
        let m = Method::ModifiedSainteLague { first_divisor: "1.4".parse().unwrap() };
        for (c, (seats, votes)) in out.contests.iter().zip(&cs) {
            let mut tb = TieBreaker::new(vec![TieRule::MoreVotes, TieRule::Lot], 0);
            prop_assert_eq!(&c.result, &m.allocate(votes, *seats, &mut tb));
        }
    }

    /// Mixed-member proportional with overhang kept: every qualifying party gets the
    /// larger of its entitlement and its electorates, and the house grows by the overhang.
    #[test]
    fn mmp_keeps_overhang_and_grows_the_house(votes in prop::collection::vec(0u64..1_000_000, 3..10), won in prop::collection::vec(0u32..15, 3..10)) {
        let n = votes.len().min(won.len());
        prop_assume!(votes[..n].iter().sum::<u64>() > 0);
        let mut e = Election::single("nation", &[], None);
        e.parties = (0..n).map(|p| format!("P{p}")).collect();
        e.constituencies[0].votes = (0..n).map(|p| (p, votes[p])).collect();
        e.constituencies[0].electorate_seats = (0..n).map(|p| (p, won[p])).collect();
        let law = parse_law(MMP, "mmp.toml").unwrap();
        let out = count(&law, &e, 0).unwrap();
        let r = out.compensation.as_ref().unwrap();
        let overhang: u32 = r.overhang.iter().sum();
        let outside: u32 = (0..n).filter(|&p| !r.qualifying[p]).map(|p| won[p]).sum();
        prop_assume!(outside <= 120);
        prop_assert_eq!(out.house_size(), 120 + overhang);
        for p in 0..n {
            if r.qualifying[p] {
                prop_assert_eq!(r.seats[p], r.entitlement[p].max(won[p]));
                prop_assert_eq!(r.compensatory[p], r.entitlement[p].saturating_sub(won[p]));
            } else {
                prop_assert_eq!(r.seats[p], won[p]);
            }
        }
    }
}

#[test]
fn an_mmp_law_without_electorate_winners_is_an_error() {
    let law = parse_law(MMP, "mmp.toml").unwrap();
    let e = Election::single("nation", &[("A", 10), ("B", 5)], None);
    let err = count(&law, &e, 0).unwrap_err();
    assert!(err.to_string().contains("electorate_seats"), "{err}");
}

#[test]
fn seats_are_apportioned_from_population() {
    // Hare on population: 10 seats for 4,400 / 3,300 / 2,300 people → quotas 4.4 / 3.3 /
    // 2.3 → integer parts 4 / 3 / 2, and the 10th seat to the largest remainder (North).
    let law = parse_law(
        r#"
id = "pop"
name = "x"
citation = "x"
seats = 10
[apportionment]
method = "hare"
[[constituencies]]
name = "North"
population = 4400
[[constituencies]]
name = "South"
population = 3300
[[constituencies]]
name = "East"
population = 2300
[allocation]
method = "dhondt"
"#,
        "pop.toml",
    )
    .unwrap();
    let mut e = Election::single("North", &[("A", 10), ("B", 5)], None);
    e.constituencies[0].seats = None;
    let out = count(&law, &e, 0).unwrap();
    assert_eq!(out.apportionment.as_ref().unwrap().seats, vec![5, 3, 2]);
    assert_eq!(out.contests[0].seats, 5);
    let err = parse_law(
        "id = \"p\"\nname = \"x\"\ncitation = \"x\"\n[[constituencies]]\nname = \"N\"\npopulation = 10\n[allocation]\nmethod = \"dhondt\"\n",
        "nopop.toml",
    )
    .unwrap_err();
    assert!(err.message.contains("no [apportionment]"), "{err}");
}

#[test]
fn alliance_members_must_be_parties_of_the_results() {
    let text = r#"{"constituencies": [{"name": "X", "seats": 5, "votes": {"A": 10, "B": 5}}], "alliances": [["A", "Z"]]}"#;
    let err = mandat_io::parse_results(text, "r.json").unwrap_err();
    assert!(err.to_string().contains("\"Z\" is not a party"), "{err}");
}

/// Israel 2022 (law-notes; case notes): plain D'Hondt gives Likud 31 and Labor 5; the
/// three surplus agreements give the official 32 and 4.
#[test]
fn surplus_agreements_change_the_israeli_result() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/cases/il-knesset-2022.json")).unwrap();
    let case = mandat_io::case::parse_case(&text, "il.json").unwrap();
    let law = mandat_io::preset("il-knesset").unwrap().unwrap();
    let with = count(&law, &case.election, 0).unwrap();
    let mut plain = case.election.clone();
    plain.alliances.clear();
    let without = count(&law, &plain, 0).unwrap();
    let idx = |n: &str| case.election.parties.iter().position(|p| p == n).unwrap();
    assert_eq!((without.total[idx("Likud")], without.total[idx("Labor")]), (31, 5));
    assert_eq!((with.total[idx("Likud")], with.total[idx("Labor")]), (32, 4));
    assert_eq!(with.contests[0].splits.len(), 3);
}

/// The 2023 list result plus three invented districts: the list tier is unchanged, and
/// each district's plurality winner is added in parallel ('against all' never wins).
#[test]
fn parallel_districts_add_their_winners_to_the_list_seats() {
    let case = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/cases/kz-mazhilis-2023-list.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&case).unwrap();
    let districts = serde_json::json!([
        {"name": "District 1", "single_member": true, "votes": {"Amanat": 40000, "Independent: A. Example": 25000}, "other_votes": {"against all": 3000}},
        {"name": "District 2", "single_member": true, "votes": {"Amanat": 20000, "Nationwide Social Democratic Party (JSDP)": 21000}, "other_votes": {"against all": 1000}},
        {"name": "District 3", "single_member": true, "votes": {"Amanat": 9000, "Auyl": 8000}, "other_votes": {"against all": 12000}}
    ]);
    v["constituencies"].as_array_mut().unwrap().extend(districts.as_array().unwrap().iter().cloned());
    let e = mandat_io::parse_results(&v.to_string(), "kz.json").unwrap();
    let list_only = count(&mandat_io::preset("kz-mazhilis-2023-list").unwrap().unwrap(), &mandat_io::parse_results(&case, "kz.json").unwrap(), 0).unwrap();
    let law = mandat_io::preset("kz-mazhilis-2023").unwrap().unwrap();
    let out = count(&law, &e, 0).unwrap();
    let idx = |n: &str| e.parties.iter().position(|p| p == n).unwrap();
    // The list tier sees only the list constituency: the same 69 seats as the list law.
    assert_eq!(out.contests.len(), 1);
    assert_eq!(out.contests[0].result, list_only.contests[0].result);
    assert_eq!(out.total[idx("Amanat")], 40 + 2, "districts 1 and 3 (against all topped district 3, the winner stands)");
    assert_eq!(out.total[idx("Nationwide Social Democratic Party (JSDP)")], 4 + 1);
    assert_eq!(out.total[idx("Independent: A. Example")], 0);
    assert_eq!(out.house_size(), 69 + 3);
    assert!(out.single_member[2].other_topped.is_some());
    // The 5% threshold base is the list vote only: district votes do not inflate it.
    assert_eq!(out.contests[0].threshold.as_ref().unwrap().conditions[0].base, 6_366_441);
    let json = mandat_io::report::outcome_json(&law, &out);
    assert_eq!(json["single_member"][1]["winner"], "Nationwide Social Democratic Party (JSDP)");
    assert!(mandat_io::report::explain(&law, &out).contains("District 3: Amanat with 9,000; runner-up Auyl 8,000 ('against all' had more: 12,000)"));
}

/// Mixed-member proportional from district votes: the districts' winners become the
/// compensation tier's electorate seats.
#[test]
fn districts_can_feed_a_compensation_tier() {
    let law = parse_law(&format!("{MMP}\n[single_member]\ncombine = \"electorates\"\n"), "mmp.toml").unwrap();
    let text = r#"{"constituencies": [
        {"name": "party vote", "votes": {"A": 60000, "B": 30000, "C": 10000}},
        {"name": "E1", "single_member": true, "votes": {"A": 100, "C": 300}},
        {"name": "E2", "single_member": true, "votes": {"B": 500, "A": 200}}
    ]}"#;
    let e = mandat_io::parse_results(text, "mmp.json").unwrap();
    let out = count(&law, &e, 0).unwrap();
    let r = out.compensation.as_ref().unwrap();
    assert_eq!(r.lower, vec![0, 1, 1]);
    // C qualifies by its electorate and keeps it; Sainte-Laguë over 120 seats decides the rest.
    assert_eq!(out.house_size(), 120);
    let bad = parse_law("id = \"x\"\nname = \"x\"\ncitation = \"x\"\n[allocation]\nmethod = \"dhondt\"\n[single_member]\ncombine = \"electorates\"\n", "bad.toml").unwrap_err();
    assert!(bad.message.contains("lower_tier = \"electorates\""), "{bad}");
}

/// Swiss list connections, the second user of the alliance mechanism (hand-computed):
/// Zug, 3 seats; A 45,000, B 30,000, C 20,000, D 5,000. Alone, D'Hondt gives A 45,000 /
/// B 30,000 / A 22,500 (C's 20,000 is short): A 2, B 1. With B and C connected (50,000):
/// B+C 50,000 / A 45,000 / B+C 25,000: 2 seats for the connection, split B 30,000 / C
/// 20,000: A 1, B 1, C 1. Uri elects one member by plurality.
#[test]
fn swiss_list_connections_pool_then_split() {
    let law = mandat_io::preset("ch-nationalrat").unwrap().unwrap();
    let text = |alliances: &str| format!(r#"{{"constituencies": [
        {{"name": "Zug", "votes": {{"A": 45000, "B": 30000, "C": 20000, "D": 5000}}}},
        {{"name": "Uri", "votes": {{"A": 1000, "B": 800}}}}
    ], "alliances": {alliances}}}"#);
    let alone = count(&law, &mandat_io::parse_results(&text("[]"), "ch.json").unwrap(), 0).unwrap();
    assert_eq!(alone.contests[0].result, vec![2, 1, 0, 0]);
    let joined = count(&law, &mandat_io::parse_results(&text(r#"[["B", "C"]]"#), "ch.json").unwrap(), 0).unwrap();
    assert_eq!(joined.contests[0].result, vec![1, 1, 1, 0]);
    assert_eq!(joined.contests[0].splits.len(), 1);
    assert_eq!(joined.single_member[0].winner, Some(0));
    assert_eq!(joined.total, vec![2, 1, 1, 0]);
}

/// Swiss sub-connections (Unterlistenverbindungen, BPR art. 31(1bis), 42), hand-computed.
/// Zürich given 6 seats: the connection SP 1,000 + JUSO 550 + Grüne 1,200 (2,750) against
/// SVP 3,000 and FDP 400. D'Hondt: SVP 3,000 / L 2,750 / SVP 1,500 / L 1,375 / SVP 1,000 /
/// L 916.7: 3 seats each. Inside the connection, without the sub-connection: Grüne
/// 1,200 / SP 1,000 / Grüne 600 (JUSO's 550 is short): SP 1, Grüne 2. With SP + JUSO
/// joined (1,550): 1,550 / Grüne 1,200 / 775: SP + JUSO 2, Grüne 1, then SP 1,000 /
/// JUSO 550 (SP's 500 is short): SP 1, JUSO 1.
#[test]
fn swiss_sub_connections_pool_again_inside_their_connection() {
    let mut law = mandat_io::preset("ch-nationalrat").unwrap().unwrap();
    law.set("results_seats", "use").unwrap(); // Zürich given 6 seats by hand, not its 36

    let text = |subs: &str| format!(r#"{{"constituencies": [
        {{"name": "Zürich", "seats": 6, "votes": {{"SP": 1000, "JUSO": 550, "Grüne": 1200, "SVP": 3000, "FDP": 400}}}}
    ], "alliances": [["SP", "JUSO", "Grüne"]], "sub_alliances": {subs}}}"#);
    let flat = count(&law, &mandat_io::parse_results(&text("[]"), "ch.json").unwrap(), 0).unwrap();
    assert_eq!(flat.contests[0].result, vec![1, 0, 2, 3, 0]);
    let e = mandat_io::parse_results(&text(r#"[["SP", "JUSO"]]"#), "ch.json").unwrap();
    let nested = count(&law, &e, 0).unwrap();
    assert_eq!(nested.contests[0].result, vec![1, 1, 1, 3, 0]);
    assert_eq!(nested.contests[0].splits.len(), 2);
    let text_out = mandat_io::report::explain(&law, &nested);
    assert!(text_out.contains("Split of the 3 seats of SP + JUSO + Grüne:"), "{text_out}");
    assert!(text_out.contains("Split of the 2 seats of the sub-alliance SP + JUSO:"), "{text_out}");
    assert!(text_out.lines().any(|l| l.contains("seat   1: SP + JUSO") && l.ends_with("1,550 / 1 = 1,550")), "{text_out}");
    let json = mandat_io::report::outcome_json(&law, &nested);
    let splits = &json["constituencies"][0]["steps"]["alliance_splits"];
    assert_eq!(splits[1]["of"], "SP + JUSO", "{json}");
    assert_eq!(splits[0]["among"][0], "SP + JUSO", "{json}");
    // A sub-alliance must lie inside one alliance, and be smaller than it.
    for bad in [r#"[["SP", "SVP"]]"#, r#"[["SP", "JUSO", "Grüne"]]"#, r#"[["SP", "JUSO"], ["JUSO", "Grüne"]]"#, r#"[["SP", "Nobody"]]"#] {
        let err = mandat_io::parse_results(&text(bad), "ch.json").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("sub_alliances"), "{bad}: {err}");
    }
}

/// A hand-worked Swedish-style count where a fixed seat must be returned. X (3 seats):
/// A 600, B 100, C 90 gives A all three (500, 200, 120 before B's 83.3). Y (3 seats):
/// B 520, C 480 gives B 2, C 1. Nationally 7 seats by 1.2, 3, 5: B 3, A 2, C 2. A returns
/// its seat won by 120 in X; there B (83.3, still one below its share) takes it before C
/// (75). C's one adjustment seat goes to Y (480 / 3 = 160) rather than X (90 / 1).
#[test]
fn an_excess_fixed_seat_is_returned_and_explained() {
    let law = parse_law(&ADJUSTMENT.replace("TOTAL", "7"), "t.toml").unwrap();
    let mut e = Election { parties: vec!["A".into(), "B".into(), "C".into()], constituencies: vec![], alliances: vec![], sub_alliances: vec![], winners: vec![], members: vec![], exempt: vec![], independents: vec![], national_totals: None };
    for (name, votes) in [("X", [600, 100, 90]), ("Y", [0, 520, 480])] {
        e.constituencies.push(ConstituencyVotes { name: name.into(), seats: Some(3), votes: votes.iter().copied().enumerate().collect(), ..Default::default() });
    }
    let out = count(&law, &e, 0).unwrap();
    assert_eq!(out.total, vec![2, 3, 2]);
    let seats = |c: usize| -> Vec<(u32, u32)> { (0..3).map(|p| out.contests[c].parties.iter().position(|&q| q == p).map_or((0, 0), |k| (out.contests[c].result[k], out.contests[c].leveling[k]))).collect() };
    assert_eq!(seats(0), vec![(2, 0), (1, 0), (0, 0)]);
    assert_eq!(seats(1), vec![(0, 0), (2, 0), (1, 1)]);
    let r = out.compensation.as_ref().unwrap();
    assert_eq!(r.returned.len(), 1);
    assert_eq!((r.returned[0].constituency, r.returned[0].from, r.returned[0].to), (0, 0, Some(1)));
    let text = mandat_io::report::explain(&law, &out);
    assert!(text.contains("X: A returns a seat (figure 120) to B (figure 83.3333)"), "{text}");
    let json = mandat_io::report::outcome_json(&law, &out);
    let returned = &json["compensation"]["returned"][0];
    assert_eq!((returned["constituency"].as_str(), returned["from"].as_str(), returned["to"].as_str()), (Some("X"), Some("A"), Some("B")), "{json}");
}

/// Hungary's mixed system in small (Act CCIII of 2011 §§14-16), hand-computed. Districts:
/// D1 A 1,000 / B 600 / C 100 (A wins: passes on 1,000 − 600 − 1 = 399; B 600 and C 100
/// pass on); D2 B 800 / A 500 / an independent 50 (B passes on 299, A 500; the
/// independent's 50 are lost: no list). Passed on: A 899, B 899, C 100. Threshold 5% of
/// the party list votes (9,300, the minority list M outside): 465; C's 300 fail. M: the
/// votes of the lists over the threshold and of M, 6,899 + 3,899 + 300 = 11,098 (C's 400
/// left out) / 10 seats / 4 = 277.45 → 277; its 300 win a seat and it takes part in the
/// rest with 23. D'Hondt, 9 seats, on A 6,899, B 3,899, M 23:
/// 6,899 A, 3,899 B, 3,449.5 A, 2,299.7 A, 1,949.5 B, 1,724.8 A, 1,379.8 A, 1,299.7 B,
/// 1,149.8 A: A 6, B 3. Without the transfer B's 3,000 would tie A's third average.
#[test]
fn district_votes_pass_on_to_the_list_tier_and_a_minority_list_wins_at_a_quarter_quota() {
    let law = parse_law(
        "id = \"x\"\nname = \"x\"\ncitation = \"x\"\nseats = 10\n[allocation]\nmethod = \"dhondt\"\nlevel = \"national\"\n[threshold]\nshare = \"5%\"\nlevel = \"national\"\n[single_member]\ncombine = \"parallel\"\ntransfer = \"losing-and-surplus\"\ntransfer_article = \"§15\"\n[preferential]\nlists = [\"M\"]\nquota_share = 0.25\narticle = \"§16\"\n",
        "hu.toml",
    )
    .unwrap();
    let text = r#"{"constituencies": [
        {"name": "national list", "votes": {"A": 6000, "B": 3000, "C": 300, "M": 300}},
        {"name": "D1", "single_member": true, "votes": {"A": 1000, "B": 600, "C": 100}},
        {"name": "D2", "single_member": true, "votes": {"B": 800, "A": 500, "Independent: X": 50}}
    ]}"#;
    let e = mandat_io::parse_results(text, "hu.json").unwrap();
    let idx = |n: &str| e.parties.iter().position(|p| p == n).unwrap();
    let out = count(&law, &e, 0).unwrap();
    let t = out.transfer.as_ref().unwrap();
    assert_eq!((t.to_lists[idx("A")], t.to_lists[idx("B")], t.to_lists[idx("C")]), (899, 899, 100));
    assert_eq!(t.lost[idx("Independent: X")], 50);
    let c = &out.contests[0];
    let th = c.threshold.as_ref().unwrap();
    assert_eq!(th.conditions[0].base, 9_300, "the threshold base is the party list votes");
    let p = c.preferential.as_ref().unwrap();
    assert_eq!((p.base, p.bar), (11_098, 277), "the lists under the threshold are left out of the quota");
    assert_eq!(out.total[idx("A")], 6 + 1);
    assert_eq!(out.total[idx("B")], 3 + 1);
    assert_eq!(out.total[idx("C")], 0);
    assert_eq!(out.total[idx("M")], 1);
    assert_eq!(out.house_size(), 12);
    let text = mandat_io::report::explain(&law, &out);
    assert!(text.contains("Passed on to the national list votes (§15)"), "{text}");
    assert!(text.contains("one preferential seat; takes part in the rest with 23 votes"), "{text}");
    let json = mandat_io::report::outcome_json(&law, &out);
    assert_eq!(json["transfer"]["to_lists"]["A"], 899);
    assert_eq!(json["single_member"][0]["transferred"]["A"], 399);
    // Below its bar (270 < (6,899 + 3,899 + 270) / 40 = 276.7 → 276), a minority list
    // wins nothing and the ten seats go to the parties.
    let low = mandat_io::parse_results(&text_with_m(270), "hu.json").unwrap();
    let out = count(&law, &low, 0).unwrap();
    assert_eq!(out.total[low.parties.iter().position(|p| p == "M").unwrap()], 0);
    assert_eq!(out.contests[0].result.iter().sum::<u32>(), 10);
    // A transfer or preferential seats on constituency lists are refused when read.
    let bad = parse_law("id = \"x\"\nname = \"x\"\ncitation = \"x\"\n[allocation]\nmethod = \"dhondt\"\n[single_member]\ncombine = \"parallel\"\ntransfer = \"losing\"\n", "bad.toml").unwrap_err();
    assert!(bad.message.contains("national list tier"), "{bad}");
}

fn text_with_m(m: u64) -> String {
    format!(
        r#"{{"constituencies": [
        {{"name": "national list", "votes": {{"A": 6000, "B": 3000, "C": 300, "M": {m}}}}},
        {{"name": "D1", "single_member": true, "votes": {{"A": 1000, "B": 600, "C": 100}}}},
        {{"name": "D2", "single_member": true, "votes": {{"B": 800, "A": 500, "Independent: X": 50}}}}
    ]}}"#
    )
}

/// The Hungarian preset reads, and counts a small invented election: the joint list of
/// two parties needs 10%, fragment votes are added.
#[test]
fn the_hungarian_law_reads_and_counts() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../laws/hu-orszaggyules.toml")).unwrap();
    let law = parse_law(&text, "hu-orszaggyules.toml").unwrap();
    let results = r#"{"members": {"Joint": 2},
      "constituencies": [
        {"name": "national list", "votes": {"Joint": 1000000, "Big": 2000000, "Small": 290000, "MAGYARORSZÁGI NÉMETEK ORSZÁGOS ÖNKORMÁNYZATA": 12000}},
        {"name": "D1", "single_member": true, "votes": {"Big": 30000, "Joint": 20000, "Small": 5000}},
        {"name": "D2", "single_member": true, "votes": {"Joint": 25000, "Big": 24000}}
    ]}"#;
    let e = mandat_io::parse_results(results, "hu.json").unwrap();
    let idx = |n: &str| e.parties.iter().position(|p| p == n).unwrap();
    let out = count(&law, &e, 0).unwrap();
    // Joint: 1,000,000 of 3,290,000 party list votes (30.4%) passes its 10%; Small's 8.8% passes 5%.
    let t = out.transfer.as_ref().unwrap();
    assert_eq!((t.to_lists[idx("Big")], t.to_lists[idx("Joint")], t.to_lists[idx("Small")]), (9_999 + 24_000, 20_000 + 999, 5_000));
    // Preferential quota: (3,302,000 + 59,997) / 93 / 4 = 9,037.6… → 9,037; 12,000 win a seat.
    let p = out.contests[0].preferential.as_ref().unwrap();
    assert_eq!(p.bar, 9_037);
    assert_eq!(out.total[idx("MAGYARORSZÁGI NÉMETEK ORSZÁGOS ÖNKORMÁNYZATA")], 1);
    assert_eq!(out.house_size(), 93 + 2);
}

/// The case proptest found: P5 wins all 11 seats of C0 with 1 vote, 3 over its share of
/// 14; the seats it returns there find no other party with votes, so it keeps them (the
/// report records each, without a taker) and the house has 24 seats, not 21.
#[test]
fn a_returned_seat_without_a_taker_stays_and_is_recorded() {
    let cs = [(11, vec![0, 0, 0, 0, 0, 1]), (3, vec![0, 0, 0, 0, 0, 2473]), (3, vec![0, 0, 0, 0, 0, 1]), (3, vec![0, 0, 0, 0, 1370, 0])];
    let law = parse_law(&ADJUSTMENT.replace("TOTAL", "21"), "t.toml").unwrap();
    let out = count(&law, &election(&cs, 0), 0).unwrap();
    let r = out.compensation.as_ref().unwrap();
    assert_eq!((r.entitlement[5], r.seats[5], r.overhang[5]), (14, 17, 3));
    assert_eq!(r.returned.iter().filter(|x| x.from == 5 && x.constituency == 0 && x.to.is_none()).count(), 3);
    assert_eq!((out.total[4], out.house_size()), (7, 24));
}
