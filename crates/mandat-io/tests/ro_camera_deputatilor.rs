//! The preset ro-camera-deputatilor (Law 208/2015 art. 94) on hand-worked elections: the
//! threshold, the national round and the independent candidates' votes in the
//! coefficient, beside the real 2020 count (tests/cases/ro-camera-deputatilor-2020.json).

use mandat_core::count::count;
use mandat_io::parse_results;

/// Five constituencies of 4 seats. D0-D2: A 400, B 140, R 250, S 210; D3: A 550, B 200,
/// R 250; D4: A 62,000, B 30,000, C 8,000 (C a coalition of two parties). Valid votes
/// nationally 104,000.
///
/// Threshold (art. 94(2)): A (61.3%) and B (29.4%) have 5%; C has 7.69%, under the 8% of
/// a two-party alliance; R has 0.96% nationally but 25% in four constituencies: it takes
/// part everywhere; S has 21% in three only: out.
///
/// Constituencies: the coefficient is ⌊votes of A, B, R / 4⌋: D0-D2 ⌊790 / 4⌋ = 197: A 2
/// (unused 6), B 0 (140), R 1 (53); D3 ⌊1,000 / 4⌋ = 250: A 2 (50), B 0 (200), R 1 (0);
/// D4 ⌊92,000 / 4⌋ = 23,000: A 2 (16,000), B 1 (7,000). 15 seats, 5 left.
///
/// Nationally: unused votes A 16,068, B 7,620, R 159; D'Hondt for 5 seats: 16,068 (A),
/// 8,034 (A), 7,620 (B), 5,356 (A), 4,017 (A) ahead of 3,810 (B): A 4, B 1. Totals A 14,
/// B 2, R 4. (A Hare quota on the same unused votes would give A 13, B 3.)
#[test]
fn a_hand_worked_count_under_the_preset() {
    let law = mandat_io::preset("ro-camera-deputatilor").unwrap().unwrap();
    let small = |a: u64, b: u64, s: u64| format!(r#"{{"A": {a}, "B": {b}, "R": 250{}}}"#, if s > 0 { format!(r#", "S": {s}"#) } else { String::new() });
    let text = format!(
        r#"{{"members": {{"C": 2}}, "constituencies": [
            {{"name": "D0", "seats": 4, "votes": {}}},
            {{"name": "D1", "seats": 4, "votes": {}}},
            {{"name": "D2", "seats": 4, "votes": {}}},
            {{"name": "D3", "seats": 4, "votes": {}}},
            {{"name": "D4", "seats": 4, "votes": {{"A": 62000, "B": 30000, "C": 8000}}}}]}}"#,
        small(400, 140, 210),
        small(400, 140, 210),
        small(400, 140, 210),
        small(550, 200, 0)
    );
    let e = parse_results(&text, "ro.json").unwrap();
    let o = count(&law, &e, 0).unwrap();
    let total = |name: &str| o.parties.iter().position(|p| p == name).map_or(0, |i| o.total[i]);
    assert_eq!([total("A"), total("B"), total("R"), total("S"), total("C")], [14, 2, 4, 0, 0]);
    let p = o.pooled.as_ref().unwrap();
    assert_eq!(p.seats, 5);
    let unused: Vec<(&str, u64)> = p.parties.iter().zip(&p.remainders).map(|(&q, &r)| (o.parties[q].as_str(), r)).collect();
    assert_eq!(unused, [("A", 16_068), ("B", 7_620), ("R", 159)]);
    let d0 = &o.contests[0];
    let t = d0.threshold.as_ref().unwrap();
    // R passes by the fifth condition (20% in four constituencies) alone.
    let r = d0.parties.iter().position(|&q| o.parties[q] == "R").unwrap();
    let met: Vec<usize> = t.conditions.iter().enumerate().filter(|(_, c)| c.met[r]).map(|(i, _)| i).collect();
    assert_eq!(met, [4]);
    let text = mandat_io::report::explain(&law, &o);
    assert!(text.contains("20% of valid votes in at least 4 constituencies: constituencies with the share: A 5, B 2, R 4, S 3"), "{text}");
}

/// The electoral coefficient counts the independent candidates' votes (`quota_base =
/// "lists-taking-part-and-independents"`): the BEC's first-stage seats of 2020 come out
/// only so (tests/cases/ro-camera-deputatilor-2020.json). One constituency of 4 seats: A
/// 5,000, B 3,000, R (a list under the threshold) 1,000, independent I 800. The
/// coefficient is ⌊(5,000 + 3,000 + 800) / 4⌋ = 2,200 (on the two lists alone it would be
/// 2,000): A 2 (unused 600), B 1 (800); one seat left, to B's 800 by D'Hondt (A 600).
/// On the lists alone: A 2 (1,000), B 1 (1,000), the seat by more votes to A.
#[test]
fn the_coefficient_counts_the_independent_candidates() {
    let law = mandat_io::preset("ro-camera-deputatilor").unwrap().unwrap();
    let text = r#"{"independents": ["I"], "constituencies": [
        {"name": "D", "seats": 4, "votes": {"A": 5000, "B": 3000, "R": 1000, "I": 800}},
        {"name": "E", "seats": 4, "votes": {"A": 50000, "B": 30000, "R": 1000}}]}"#;
    let e = parse_results(text, "ro.json").unwrap();
    let o = count(&law, &e, 0).unwrap();
    let total = |name: &str| o.parties.iter().position(|p| p == name).map_or(0, |i| o.total[i]);
    // E: coefficient ⌊80,000 / 4⌋ = 20,000: A 2 (10,000), B 1 (10,000); D as above.
    // Unused votes: A 10,600, B 10,800; two seats left: B 10,800, A 10,600.
    assert_eq!([total("A"), total("B"), total("R"), total("I")], [5, 3, 0, 0]);
    let p = o.pooled.as_ref().unwrap();
    let unused: Vec<(&str, u64)> = p.parties.iter().zip(&p.remainders).map(|(&q, &r)| (o.parties[q].as_str(), r)).collect();
    assert_eq!(unused, [("A", 10_600), ("B", 10_800)]);
    let text = mandat_io::report::explain(&law, &o);
    assert!(text.contains("Quota: 2,200 (votes of the lists taking part 8,000 and of the independent candidates; 4 seats)"), "{text}");
    // Without `independents` the same votes make I a list under the threshold: quota 2,000.
    let plain = parse_results(
        r#"{"constituencies": [
        {"name": "D", "seats": 4, "votes": {"A": 5000, "B": 3000, "R": 1000, "I": 800}},
        {"name": "E", "seats": 4, "votes": {"A": 50000, "B": 30000, "R": 1000}}]}"#,
        "ro.json",
    )
    .unwrap();
    let o = count(&law, &plain, 0).unwrap();
    let p = o.pooled.as_ref().unwrap();
    let unused: Vec<(&str, u64)> = p.parties.iter().zip(&p.remainders).map(|(&q, &r)| (o.parties[q].as_str(), r)).collect();
    assert_eq!(unused, [("A", 11_000), ("B", 11_000)]);
}

/// An independent candidate whose votes reach the coefficient wins a seat under the law;
/// that seat is not modelled, so the count refuses rather than give it to a list.
#[test]
fn an_independent_reaching_the_coefficient_is_refused() {
    let law = mandat_io::preset("ro-camera-deputatilor").unwrap().unwrap();
    // I has 3.3% nationally: under the threshold, as an independent always is in practice.
    let text = r#"{"independents": ["I"], "constituencies": [
        {"name": "D", "seats": 4, "votes": {"A": 5000, "B": 3000, "I": 3000}},
        {"name": "E", "seats": 4, "votes": {"A": 50000, "B": 30000}}]}"#;
    let e = parse_results(text, "ro.json").unwrap();
    let err = count(&law, &e, 0).unwrap_err().to_string();
    assert!(err.contains("the independent candidate I has 3000 votes, at least the quota 2750"), "{err}");
    // A name the results do not have is refused when the results are read.
    let err = parse_results(r#"{"independents": ["X"], "constituencies": [{"name": "D", "seats": 4, "votes": {"A": 1}}]}"#, "ro.json").unwrap_err().to_string();
    assert!(err.contains("\"X\" is not a party of the results"), "{err}");
}

/// Independents named in the results are refused under a law that does not count them
/// apart: counted as lists, they could take list seats, which no law intends for them.
#[test]
fn independents_under_a_law_without_them_are_refused() {
    let text = r#"{"independents": ["I"], "constituencies": [
        {"name": "D", "seats": 4, "votes": {"A": 5000, "B": 3000, "I": 3000}}]}"#;
    let e = parse_results(text, "results.json").unwrap();
    let law = mandat_core::law::Law::example(); // D'Hondt, no threshold
    let err = count(&law, &e, 0).unwrap_err().to_string();
    assert!(err.contains("the results name independent candidates (I), but this law counts none apart"), "{err}");
    // Under the Romanian law, such results count (I, 2.4%, under the threshold and the
    // coefficient of 2,050).
    let ro = mandat_io::preset("ro-camera-deputatilor").unwrap().unwrap();
    let text = text.replace("\"I\": 3000", "\"I\": 200");
    assert!(count(&ro, &parse_results(&text, "results.json").unwrap(), 0).is_ok());
}
