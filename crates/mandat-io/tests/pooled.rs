//! Remainders pooled in a second tier, rounded quotas and constituency seats computed by
//! the law (issue 15): a hand-worked count, the law reader's refusals, and properties on
//! random elections.

use mandat_core::count::count;
use mandat_io::{parse_law, parse_results};
use proptest::prelude::*;

const POOLED: &str = r#"id = "p"
name = "p"
citation = "p"
seats = 10
[[constituencies]]
name = "North"
seats = 5
[[constituencies]]
name = "South"
seats = 5
[allocation]
method = "hare"
quota_rounding = "down"
level = "constituency"
[allocation.pooled_remainders]
method = "hare"
quota_rounding = "down"
"#;

/// North: 1,000 votes, quota 200: A 530 → 2 (130), B 470 → 2 (70): 4 seats, 1 left.
/// South: 1,000 votes, quota 200: A 290 → 1 (90), B 710 → 3 (110): 4 seats, 1 left.
/// Pooled: A 220, B 180, 2 seats, quota 200: A 1 (20), B 0 (180) → B takes the last seat
/// on its remainder. A's seat goes where its remainder was largest (North, 130), B's to
/// South (110 > 70). (Local remainders would give the same seats here; the next test is
/// one where pooling changes them.)
#[test]
fn a_hand_worked_pooled_count() {
    let law = parse_law(POOLED, "p.toml").unwrap();
    let e = parse_results(
        r#"{"constituencies": [
            {"name": "North", "votes": {"A": 530, "B": 470}},
            {"name": "South", "votes": {"A": 290, "B": 710}}]}"#,
        "r.json",
    )
    .unwrap();
    let o = count(&law, &e, 0).unwrap();
    let p = o.pooled.as_ref().unwrap();
    assert_eq!(p.seats, 2);
    assert_eq!(p.remainders, vec![220, 180]);
    assert_eq!(p.allocation.as_ref().unwrap().seats, vec![1, 1]);
    let placed: Vec<(&str, &str)> = p.placements.iter().map(|pl| (o.parties[pl.party].as_str(), pl.constituency.as_str())).collect();
    assert_eq!(placed, [("A", "North"), ("B", "South")]);
    assert_eq!(o.total, vec![4, 6]);
    let text = mandat_io::report::explain(&law, &o);
    assert!(text.contains("Remainders pooled nationally: 2 seats left"), "{text}");
    assert!(text.contains("A takes its seat in North"), "{text}");
}

/// Pooling changes the result where remainders add up: B is second in both
/// constituencies' remainders but first nationally.
#[test]
fn pooling_differs_from_local_remainders() {
    let law = parse_law(POOLED, "p.toml").unwrap();
    let text = r#"{"constituencies": [
        {"name": "North", "votes": {"A": 560, "B": 340, "C": 100}},
        {"name": "South", "votes": {"A": 560, "B": 340, "C": 100}}]}"#;
    let e = parse_results(text, "r.json").unwrap();
    // Locally: quota 200; A 2 (160), B 1 (140), C 0 (100): two seats left in each, to A
    // and B: A 3, B 2 in each, A 6, B 4 in all.
    let local = parse_law(&POOLED.replace("[allocation.pooled_remainders]\nmethod = \"hare\"\nquota_rounding = \"down\"\n", ""), "l.toml").unwrap();
    assert_eq!(count(&local, &e, 0).unwrap().total, vec![6, 4, 0]);
    // Pooled: remainders A 320, B 280, C 200, 4 seats, quota 800 / 4 = 200: A 1 (120),
    // B 1 (80), C 1 (0), one more to A: A 6, B 3, C 1.
    let o = count(&law, &e, 0).unwrap();
    assert_eq!(o.total, vec![6, 3, 1]);
}

#[test]
fn the_law_reader_refuses_what_cannot_be_pooled() {
    let exact = POOLED.replacen("quota_rounding = \"down\"\nlevel", "level", 1);
    assert!(parse_law(&exact, "p.toml").unwrap_err().to_string().contains("quota_rounding"));
    let divisor = POOLED.replacen("method = \"hare\"\nquota_rounding = \"down\"\nlevel", "method = \"dhondt\"\nlevel", 1);
    assert!(parse_law(&divisor, "p.toml").unwrap_err().to_string().contains("quota method"));
    let national = POOLED.replace("level = \"constituency\"", "level = \"national\"");
    assert!(parse_law(&national, "p.toml").is_err());
    let rounding_on_divisors = "id = \"d\"\nname = \"d\"\ncitation = \"d\"\nseats = 3\n[allocation]\nmethod = \"dhondt\"\nquota_rounding = \"up\"\n";
    assert!(parse_law(rounding_on_divisors, "d.toml").unwrap_err().to_string().contains("quota methods"));
}

/// Seats per constituency from the valid votes of the election, after a minimum each
/// (Spain's two per province, LOREG art. 162(2); Czech §48 without a minimum).
#[test]
fn constituency_seats_from_votes_with_a_minimum() {
    let law = parse_law(
        "id = \"a\"\nname = \"a\"\ncitation = \"a\"\nseats = 10\n[apportionment]\nmethod = \"hare\"\nby = \"valid-votes\"\nmin_seats = 2\n[[constituencies]]\nname = \"Big\"\n[[constituencies]]\nname = \"Small\"\n[allocation]\nmethod = \"dhondt\"\n",
        "a.toml",
    )
    .unwrap();
    let e = parse_results(r#"{"constituencies": [{"name": "Big", "votes": {"A": 900}}, {"name": "Small", "votes": {"A": 100}}]}"#, "r.json").unwrap();
    let o = count(&law, &e, 0).unwrap();
    // 2 each, then 6 by Hare on 900 : 100: 5.4 and 0.6 → 5 + 1.
    assert_eq!(o.apportionment.as_ref().unwrap().seats, vec![7, 3]);
    assert!(mandat_io::report::explain(&law, &o).contains("Seats per constituency: 2 each, then by valid votes"));
    // Seats the results declare are checked against the computed ones.
    let wrong = parse_results(r#"{"constituencies": [{"name": "Big", "seats": 8, "votes": {"A": 900}}, {"name": "Small", "votes": {"A": 100}}]}"#, "r.json").unwrap();
    assert!(count(&law, &wrong, 0).unwrap_err().to_string().contains("declare 8 seats but the law fixes 7"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Every seat is given once: the constituencies' first round and the pooled round add
    /// up to the seats; each list's pooled seats are placed, one per constituency while
    /// it has constituencies left, in descending order of its remainders there.
    #[test]
    fn pooled_seats_add_up_and_go_to_the_largest_remainders(
        districts in prop::collection::vec((1u32..12, prop::collection::vec(0u64..5_000, 4)), 1..6),
        rounding in prop::sample::select(vec!["nearest", "up", "down"]),
        first in prop::sample::select(vec!["hare", "droop", "hagenbach-bischoff", "imperiali-quota"]),
    ) {
        let mut law = format!("id = \"p\"\nname = \"p\"\ncitation = \"p\"\nseats = {}\n", districts.iter().map(|d| d.0).sum::<u32>());
        for (i, d) in districts.iter().enumerate() {
            law += &format!("[[constituencies]]\nname = \"D{i}\"\nseats = {}\n", d.0);
        }
        law += &format!("[allocation]\nmethod = \"{first}\"\nquota_rounding = \"{rounding}\"\nlevel = \"constituency\"\n[allocation.pooled_remainders]\nmethod = \"hagenbach-bischoff\"\nquota_rounding = \"{rounding}\"\n");
        let law = parse_law(&law, "p.toml").unwrap();
        let cs: Vec<String> = districts
            .iter()
            .enumerate()
            .map(|(i, d)| format!("{{\"name\": \"D{i}\", \"votes\": {{{}}}}}", d.1.iter().enumerate().map(|(p, v)| format!("\"P{p}\": {v}")).collect::<Vec<_>>().join(", ")))
            .collect();
        prop_assume!(districts.iter().all(|d| d.1.iter().sum::<u64>() > 0));
        let e = parse_results(&format!("{{\"constituencies\": [{}]}}", cs.join(", ")), "r.json").unwrap();
        let o = count(&law, &e, 0).unwrap();
        let p = o.pooled.as_ref().unwrap();
        prop_assert_eq!(o.house_size(), districts.iter().map(|d| d.0).sum::<u32>());
        prop_assert_eq!(p.placements.len() as u32, p.seats);
        for (j, &party) in p.parties.iter().enumerate() {
            let placed: Vec<&mandat_core::pooled::Placement> = p.placements.iter().filter(|pl| pl.party == party).collect();
            prop_assert_eq!(placed.len() as u32, p.allocation.as_ref().unwrap().seats[j]);
            // Descending remainders within each round of places.
            let n = o.contests.len();
            for round in placed.chunks(n) {
                prop_assert!(round.windows(2).all(|w| w[0].remainder >= w[1].remainder));
            }
        }
    }
}

/// A majority bonus on a national tier (Greece, PD 26/2012 art. 99 as replaced by Law
/// 4804/2021): 36.2% is 22 full half points above 25%, so 20 + 22 = 42 bonus seats; the
/// other 258 are shared by Hare among the lists with 3% (the first one included).
#[test]
fn a_majority_bonus_comes_on_top_of_the_shared_seats() {
    let law = parse_law(
        "id = \"g\"\nname = \"g\"\ncitation = \"g\"\nseats = 300\n[allocation]\nmethod = \"hare\"\nlevel = \"national\"\n[threshold]\nshare = \"3%\"\nlevel = \"national\"\n[bonus]\nmin_share = \"25%\"\nseats = 20\nstep = \"0.5%\"\nmax_seats = 50\narticle = \"art. 99\"\n",
        "g.toml",
    )
    .unwrap();
    let e = parse_results(r#"{"constituencies": [{"name": "GR", "votes": {"A": 3620, "B": 3000, "C": 2000, "D": 1100, "E": 280}}]}"#, "r.json").unwrap();
    // 9,980 valid votes: A has 36.27%, 22 full half points above 25%.
    let o = count(&law, &e, 0).unwrap();
    let b = o.bonus.as_ref().unwrap();
    assert_eq!((b.party, b.steps, b.seats), (0, 22, 42));
    // Hare on 258 seats among A-D (E has 2.8%): quota 9,720 / 258.
    let shared = &o.contests[0];
    assert_eq!(shared.seats, 258);
    assert_eq!(o.house_size(), 300);
    assert_eq!(o.total[0], 42 + shared.result[0]);
    assert!(mandat_io::report::explain(&law, &o).contains("Majority bonus (art. 99): A has the most votes"));
    // Below 25%, no bonus: all 300 seats are shared.
    let flat = parse_results(r#"{"constituencies": [{"name": "GR", "votes": {"A": 2400, "B": 2300, "C": 2000, "D": 2000, "E": 1300}}]}"#, "r.json").unwrap();
    let o = count(&law, &flat, 0).unwrap();
    assert_eq!((o.bonus.as_ref().unwrap().seats, o.contests[0].seats), (0, 300));
    // A bonus needs a national list tier.
    let local = "id = \"g\"\nname = \"g\"\ncitation = \"g\"\n[allocation]\nmethod = \"hare\"\n[bonus]\nmin_share = \"25%\"\nseats = 20\n";
    assert!(parse_law(local, "g.toml").unwrap_err().to_string().contains("national"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The Greek bonus equals 20 + ⌊(200·v − 50·V) / V⌋ capped at 50 for a first list with
    /// v ≥ V/4 of V valid votes, 0 below; bonus and shared seats make the 300.
    #[test]
    fn the_bonus_follows_its_formula_and_the_house_stays_whole(votes in prop::collection::vec(1u64..1_000_000, 2..7)) {
        let law = parse_law(
            "id = \"g\"\nname = \"g\"\ncitation = \"g\"\nseats = 300\n[allocation]\nmethod = \"hare\"\nlevel = \"national\"\n[bonus]\nmin_share = \"25%\"\nseats = 20\nstep = \"0.5%\"\nmax_seats = 50\n",
            "g.toml",
        )
        .unwrap();
        let list: Vec<String> = votes.iter().enumerate().map(|(i, v)| format!("\"L{i}\": {v}")).collect();
        let e = parse_results(&format!("{{\"constituencies\": [{{\"name\": \"GR\", \"votes\": {{{}}}}}]}}", list.join(", ")), "r.json").unwrap();
        let o = count(&law, &e, 0).unwrap();
        let (v, all) = (*votes.iter().max().unwrap() as u128, votes.iter().map(|&x| x as u128).sum::<u128>());
        let expect = if 4 * v >= all { (20 + (200 * v - 50 * all) / all).min(50) as u32 } else { 0 };
        prop_assert_eq!(o.bonus.as_ref().unwrap().seats, expect);
        prop_assert_eq!(o.house_size(), 300);
    }
}
