//! South Africa's National Assembly (Electoral Act 73 of 1998, Schedule 1A item 6), on the
//! IEC's 2019 national-ballot figures (tests/cases/za-national-assembly-2019.json): the
//! rule's two parts each decide seats, and the quota is taken on all votes cast
//! nationally, not on the parties the case lists.

use std::path::PathBuf;

use mandat_core::count::count;
use mandat_io::case::{compare, parse_case};
use mandat_io::report::explain;
use mandat_io::{parse_law, preset};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn case_2019() -> mandat_io::case::Case {
    let path = root().join("tests/cases/za-national-assembly-2019.json");
    parse_case(&std::fs::read_to_string(&path).unwrap(), path.to_str().unwrap()).unwrap()
}

fn law_text() -> String {
    std::fs::read_to_string(root().join("laws/za-national-assembly.toml")).unwrap()
}

fn seats_of(outcome: &mandat_core::count::Outcome, party: &str) -> u32 {
    outcome.total[outcome.parties.iter().position(|p| p == party).unwrap_or_else(|| panic!("{party}"))]
}

#[test]
fn five_surplus_seats_then_eight_by_votes_per_seat_held() {
    let case = case_2019();
    let law = preset("za-national-assembly").unwrap().unwrap();
    let out = count(&law, &case.election, 0).unwrap();
    assert!(compare(&case, &out).is_empty());
    let text = explain(&law, &out);
    // Quota 17,437,379 // 401 + 1 = 43,485; whole quotas 387; 13 left.
    assert!(text.contains("Integer parts: 387 seats; 13 left: at most 5 to the largest remainders"), "{text}");
    assert!(text.contains("remainder seat 5: GOOD (remainder 26,923)"), "{text}");
    assert!(text.contains("average seat 1: NATIONAL FREEDOM PARTY (61,220 votes / 1 seats held = 61,220)"), "{text}");
    assert!(text.contains("average seat 8: DEMOCRATIC ALLIANCE (3,622,531 votes / 83 seats held"), "{text}");
}

#[test]
fn plain_largest_remainders_would_have_given_the_anc_231() {
    // Without the cap, the 13 seats go to the 13 largest remainders: the ANC's 24,925
    // is among them, and the parties that won average seats lose theirs.
    let case = case_2019();
    let law = parse_law(&law_text().replace("max_remainder_seats = 5\n", ""), "za.toml").unwrap();
    let out = count(&law, &case.election, 0).unwrap();
    assert_eq!((seats_of(&out, "AFRICAN NATIONAL CONGRESS"), seats_of(&out, "DEMOCRATIC ALLIANCE"), seats_of(&out, "ECONOMIC FREEDOM FIGHTERS")), (231, 83, 43));
    assert_eq!(seats_of(&out, "AFRICAN SECURITY CONGRESS"), 1);
    assert!(!compare(&case, &out).is_empty());
}

#[test]
fn the_quota_counts_the_votes_of_the_parties_the_case_leaves_out() {
    // The case lists 19 of the 48 parties (17,236,576 votes) with the national valid
    // votes 17,437,379. On the listed votes alone the quota would be 42,984 + 1 and the
    // ANC would win 233 seats.
    let case = case_2019();
    let law = parse_law(&law_text().replace("quota_base = \"all-lists\"\n", ""), "za.toml").unwrap();
    let out = count(&law, &case.election, 0).unwrap();
    assert_eq!(seats_of(&out, "AFRICAN NATIONAL CONGRESS"), 233);
    assert!(!compare(&case, &out).is_empty());
}
