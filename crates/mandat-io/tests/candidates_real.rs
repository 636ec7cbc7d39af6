//! A real Belgian designation (issue 4): the MR list for the Chamber in Hainaut, 26 May
//! 2019, where the devolution of the head-of-list ballots (Electoral Code art. 172) gave
//! the third liberal seat to Caroline Taquin (3rd on the list, 13,119 preference votes)
//! over Georges-Louis Bouchez (4th, 16,522, the list's second-best score). Files and
//! sources: tests/candidates/be-chamber-2019-hainaut-mr-* and tests/candidates/README.md.

use mandat_core::candidates::{designate, DesignationRule};
use mandat_core::count::count;
use mandat_io::case::parse_case;

const STEM: &str = "be-chamber-2019-hainaut-mr";

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(rel: &str) -> (String, String) {
    let p = root().join(rel);
    (std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())), p.display().to_string())
}

/// The designation inside a list depends only on that list's votes, seats, ballots and
/// candidates (art. 172), so the MR list is designated in a contest of its own. Its votes
/// and seats are those of the whole Hainaut count in tests/cases/be-chamber-2019.json:
/// this checks that the two files agree.
#[test]
fn the_list_contest_carries_the_official_hainaut_figures() {
    let (text, path) = read("tests/cases/be-chamber-2019.json");
    let case = parse_case(&text, &path).unwrap();
    let law = mandat_io::preset("be-chamber").unwrap().unwrap();
    let full = count(&law, &case.election, 0).unwrap();
    let hainaut = full.contests.iter().find(|c| c.name == "Hainaut").unwrap();
    let k = hainaut.parties.iter().position(|&p| full.parties[p] == "MR").unwrap();

    let (text, path) = read(&format!("tests/candidates/{STEM}-results.json"));
    let own = mandat_io::parse_results(&text, &path).unwrap();
    let out = count(&law, &own, 0).unwrap();
    assert_eq!((out.contests[0].votes[0], out.contests[0].result[0]), (hainaut.votes[k], hainaut.result[k]));
    assert_eq!(hainaut.result[k], 3);
}

fn designation(law: &mandat_core::law::Law) -> Vec<(String, u64, u64, bool)> {
    let (text, path) = read(&format!("tests/candidates/{STEM}-results.json"));
    let results = mandat_io::parse_results(&text, &path).unwrap();
    let (text, path) = read(&format!("tests/candidates/{STEM}-lists.csv"));
    let mut lists = mandat_io::parse_lists(&text, &path).unwrap();
    let (text, path) = read(&format!("tests/candidates/{STEM}-ballots.csv"));
    mandat_io::parse_ballots(&text, &path, &mut lists).unwrap();
    let out = count(law, &results, 0).unwrap();
    let d = designate(law, &out, &lists.lists, None).unwrap();
    d.lists[0].ranking.iter().map(|r| (r.candidate.name.clone(), r.devolved, r.total, r.elected)).collect()
}

/// E = ⌈116,528 / 4⌉ = 29,132; the pot, half of the 54,263 head-of-list ballots rounded
/// up, is 27,132: Ducarme (24,959) takes 4,173 and Marghem (14,079) 15,053 to reach E,
/// Taquin the 7,906 left (21,025 in all), Bouchez nothing (16,522). Elected: Ducarme,
/// Marghem, Taquin, as proclaimed.
#[test]
fn devolution_elects_taquin_over_bouchez() {
    let law = mandat_io::preset("be-chamber").unwrap().unwrap();
    let r = designation(&law);
    let elected: Vec<&str> = r.iter().filter(|x| x.3).map(|x| x.0.as_str()).collect();
    assert_eq!(elected, ["Denis Ducarme", "Marie-Christine Marghem", "Caroline Taquin"]);
    let row = |n: &str| r.iter().find(|x| x.0 == n).unwrap().clone();
    assert_eq!(row("Denis Ducarme").2, 29_132);
    assert_eq!(row("Marie-Christine Marghem").2, 29_132);
    assert_eq!(row("Caroline Taquin").1, 7_906);
    assert_eq!(row("Georges-Louis Bouchez"), ("Georges-Louis Bouchez".to_string(), 0, 16_522, false));
}

/// Without the devolution (preference votes alone) Bouchez would have taken the third
/// seat: the case tests the rule, not only the ranking by votes.
#[test]
fn without_devolution_bouchez_would_be_elected() {
    let mut law = mandat_io::preset("be-chamber").unwrap().unwrap();
    law.candidates.as_mut().unwrap().designation = DesignationRule::OpenList;
    let r = designation(&law);
    let elected: Vec<&str> = r.iter().filter(|x| x.3).map(|x| x.0.as_str()).collect();
    assert_eq!(elected, ["Denis Ducarme", "Georges-Louis Bouchez", "Marie-Christine Marghem"]);
}
