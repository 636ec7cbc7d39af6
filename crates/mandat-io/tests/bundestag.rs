//! The Bundestag election of 23 February 2025 from the Bundeswahlleiterin's official
//! result file (tests/data/de-bundestag-2025/gesamtergebnis_02.xml): the reader, the
//! count under `de-bundestag-2025` (upper apportionment, lower apportionment to the
//! Land lists, coverage of constituency winners) and bad input.

use std::path::PathBuf;

use mandat_core::count::{count, CountError};
use mandat_core::election::Election;
use mandat_core::regional::Verdict;
use mandat_io::bundeswahlleiter_xml::official_coverage;
use mandat_io::parse_results;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

const XML: &str = "tests/data/de-bundestag-2025/gesamtergebnis_02.xml";

fn xml_text() -> String {
    std::fs::read_to_string(root().join(XML)).unwrap()
}

fn election() -> Election {
    parse_results(&xml_text(), XML).unwrap_or_else(|e| panic!("{e}"))
}

fn law() -> mandat_core::law::Law {
    mandat_io::preset("de-bundestag-2025").unwrap().unwrap()
}

fn party(e: &Election, name: &str) -> usize {
    e.parties.iter().position(|p| p == name).unwrap_or_else(|| panic!("no party {name}"))
}

#[test]
fn the_reader_gives_16_laender_and_299_winners() {
    let e = election();
    assert_eq!(e.constituencies.len(), 16);
    assert_eq!(e.constituencies[0].name, "Schleswig-Holstein");
    assert_eq!(e.winners.len(), 299);
    let seats: u32 = e.constituencies.iter().flat_map(|c| c.electorate_seats.iter().map(|&(_, s)| s)).sum();
    assert_eq!(seats, 299);
    let valid: u64 = e.constituencies.iter().map(|c| c.valid_votes()).sum();
    assert_eq!(valid, 49_649_512);
    let v = e.national_votes();
    assert_eq!(v[party(&e, "CDU")], 11_196_374);
    assert_eq!(v[party(&e, "BSW")], 2_472_947);
    // CSU stands only in Bayern.
    let csu = party(&e, "CSU");
    let lists: Vec<&str> = e.constituencies.iter().filter(|c| c.votes.iter().any(|&(p, _)| p == csu)).map(|c| c.name.as_str()).collect();
    assert_eq!(lists, vec!["Bayern"]);
    // A winner as the file gives it: WK 1, Flensburg – Schleswig, CDU.
    let w = &e.winners[0];
    assert_eq!((w.name.as_str(), w.number, e.parties[w.party].as_str()), ("Flensburg – Schleswig", Some(1), "CDU"));
    assert_eq!((w.votes, w.valid_votes), (50_838, 191_785));
    assert_eq!(w.candidate.as_deref(), Some("Nicolaisen, Petra"));
    assert_eq!(e.constituencies[w.region].name, "Schleswig-Holstein");
}

#[test]
fn the_count_reproduces_the_official_result() {
    let e = election();
    let out = count(&law(), &e, 0).unwrap();
    let want = [("CDU", 164), ("AfD", 152), ("SPD", 120), ("GRÜNE", 85), ("Die Linke", 64), ("CSU", 44), ("SSW", 1), ("BSW", 0), ("FDP", 0)];
    for (p, s) in want {
        assert_eq!(out.total[party(&e, p)], s, "{p}");
    }
    assert_eq!(out.house_size(), 630);
    let r = out.regional.as_ref().expect("a lower apportionment");
    // Constituency seats inside the totals (tests/cases/de-bundestag-2025-federal.json).
    for (p, s) in [("CDU", 128), ("AfD", 42), ("SPD", 44), ("GRÜNE", 12), ("Die Linke", 6), ("CSU", 44), ("SSW", 0)] {
        assert_eq!(r.constituency_seats(party(&e, p)), s, "{p}");
    }
    // Every party's Land seats add up to its total; every Land's seats are listed.
    for pr in &r.parties {
        assert_eq!(pr.region_seats.iter().sum::<u32>(), out.total[pr.party]);
        for k in 0..pr.regions.len() {
            assert_eq!(pr.won[k] + pr.list[k], pr.region_seats[k]);
        }
    }
    let by_land: u32 = (0..16).flat_map(|g| (0..e.parties.len()).map(move |p| (g, p))).map(|(g, p)| r.seats_in(g, p)).sum();
    assert_eq!(by_land, 630);
    // A few Land seats, from the lower apportionment (Sainte-Laguë on Land second votes).
    let land = |n: &str| e.constituencies.iter().position(|c| c.name == n).unwrap();
    assert_eq!(r.seats_in(land("Bayern"), party(&e, "CSU")), 44);
    assert_eq!(r.seats_in(land("Schleswig-Holstein"), party(&e, "SSW")), 1);
    assert_eq!(r.seats_in(land("Schleswig-Holstein"), party(&e, "CDU")), 8);
    // The comp tier's national figures are refined: list seats and unseated winners.
    let comp = out.compensation.as_ref().unwrap();
    assert_eq!(comp.compensatory[party(&e, "CDU")], 164 - 128);
    assert_eq!(comp.unseated.iter().sum::<u32>(), 23);
    assert!(out.compensation.as_ref().unwrap().ties.is_empty() && r.ties.is_empty(), "2025 had no ties");
}

#[test]
fn exactly_the_23_officially_uncovered_winners_are_not_seated() {
    let e = election();
    let out = count(&law(), &e, 0).unwrap();
    let r = out.regional.unwrap();
    let mut ours: Vec<String> = r.unseated().map(|v| v.winner.name.clone()).collect();
    assert_eq!(ours.len(), 23);
    // The official verdicts are in the same file (Zweitstimmendeckung="false").
    let official = official_coverage(&xml_text(), XML).unwrap();
    assert_eq!(official.len(), 299);
    let mut theirs: Vec<String> = official.iter().filter(|(_, covered)| !covered).map(|(n, _)| n.clone()).collect();
    ours.sort();
    theirs.sort();
    assert_eq!(ours, theirs);
    // A few by name, as the official file marks them (Zweitstimmendeckung="false"):
    // Frankfurt am Main I and II, Tübingen (CDU), München-Süd (CSU), Flensburg – Schleswig
    // (CDU), Bremen I (SPD).
    for n in ["Frankfurt am Main I", "Frankfurt am Main II", "Tübingen", "München-Süd", "Flensburg – Schleswig", "Bremen I"] {
        assert!(ours.iter().any(|x| x == n), "{n}");
    }
    let by_party = |p: &str| r.unseated().filter(|v| e.parties[v.winner.party] == p).count();
    assert_eq!((by_party("CDU"), by_party("CSU"), by_party("AfD"), by_party("SPD")), (15, 3, 4, 1));
}

#[test]
fn coverage_follows_the_first_vote_share_in_every_land() {
    let e = election();
    let r = count(&law(), &e, 0).unwrap().regional.unwrap();
    for g in 0..16 {
        for p in 0..e.parties.len() {
            let cell: Vec<_> = r.winners.iter().filter(|v| v.winner.region == g && v.winner.party == p).collect();
            for (k, v) in cell.iter().enumerate() {
                assert_eq!(v.rank as usize, k + 1);
                if k > 0 {
                    assert!(cell[k - 1].share >= v.share, "coverage order");
                }
                if v.verdict == Verdict::NotCovered {
                    assert!(cell[..k].iter().all(|x| x.share >= v.share));
                }
            }
            let seated = cell.iter().filter(|v| v.seated()).count() as u32;
            assert!(seated <= r.seats_in(g, p));
            assert!(seated == cell.len() as u32 || seated == r.seats_in(g, p));
        }
    }
}

#[test]
fn the_reports_carry_land_seats_coverage_order_and_unseated_winners() {
    let e = election();
    let law = law();
    let out = count(&law, &e, 0).unwrap();
    let table = mandat_io::report::outcome_table(&out);
    assert!(table.contains("Bayern (44 seats)") || table.contains("Bayern ("), "{table}");
    assert!(table.contains("Constituency winners not seated (23)"));
    assert!(table.contains("11,196,374"), "the vote column is filled: {table}");
    let text = mandat_io::report::explain(&law, &out);
    assert_eq!(text.matches("NOT SEATED").count(), 23);
    assert!(text.contains("Lower apportionment (BWahlG § 4(3), § 5 (2023))"));
    assert!(text.contains("Zweitstimmendeckung"));
    let json = mandat_io::report::outcome_json(&law, &out);
    assert_eq!(json["regional"]["unseated_winners"].as_array().unwrap().len(), 23);
    assert_eq!(json["regional"]["seats"]["Bayern"]["CSU"], 44);
    assert_eq!(json["regional"]["coverage_order"].as_array().unwrap().len(), 299);
    assert_eq!(json["total"]["CDU"], 164);
}

#[test]
fn the_federal_case_alone_has_no_winners_and_says_so() {
    // Without its results file, the case gives votes but no constituency winners.
    let text = std::fs::read_to_string(root().join("tests/cases/de-bundestag-2025-federal.json")).unwrap();
    let e = parse_results(&text, "case.json").unwrap();
    assert_eq!(count(&law(), &e, 0).unwrap_err(), CountError::NoElectorateSeats);
    // Seats won per Land but no named winners: coverage cannot rank them.
    let mut e = election();
    e.winners.clear();
    let err = count(&law(), &e, 0).unwrap_err();
    assert!(err.to_string().contains("name no winners"), "{err}");
}

#[test]
fn the_case_is_checked_against_its_results_file() {
    let path = root().join("tests/cases/de-bundestag-2025-federal.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let case = mandat_io::case::parse_case(&text, path.to_str().unwrap()).unwrap();
    assert_eq!(case.election.winners.len(), 299);
    assert!(case.expected.iter().all(|x| x.scope == "national"));
    // A case whose votes disagree with its file is rejected.
    let bad = text.replace("\"CDU\": 11196374", "\"CDU\": 11196375");
    let err = mandat_io::case::parse_case(&bad, path.to_str().unwrap()).unwrap_err();
    assert!(err.message.contains("CDU has 11196375 votes in the case but 11196374"), "{err}");
}

/// A small file in the official shape, to break in controlled ways.
const MINI: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Gesamtergebnis>
  <Gebietsergebnis Gebietsnummer="99" Gebietsart="BUND">
    <GebietText>Bundesgebiet</GebietText>
    <Gruppenergebnis Gruppe="400" Gruppenart="ALLGEMEIN" Name="Gültige">
      <Stimmergebnis Stimmart="DIREKT" Anzahl="100"/>
      <Stimmergebnis Stimmart="LISTE" Anzahl="100"/>
    </Gruppenergebnis>
    <Gruppenergebnis Gruppe="1" Gruppenart="PARTEI" Name="A">
      <Stimmergebnis Stimmart="LISTE" Anzahl="60"/>
    </Gruppenergebnis>
    <Gruppenergebnis Gruppe="2" Gruppenart="PARTEI" Name="B">
      <Stimmergebnis Stimmart="LISTE" Anzahl="40"/>
    </Gruppenergebnis>
  </Gebietsergebnis>
  <Gebietsergebnis Gebietsnummer="1" Gebietsart="LAND" UegGebietsnummer="99">
    <GebietText>Nord</GebietText>
    <Gruppenergebnis Gruppe="400" Gruppenart="ALLGEMEIN" Name="Gültige">
      <Stimmergebnis Stimmart="DIREKT" Anzahl="100"/>
      <Stimmergebnis Stimmart="LISTE" Anzahl="100"/>
    </Gruppenergebnis>
    <Gruppenergebnis Gruppe="1" Gruppenart="PARTEI" Name="A">
      <Stimmergebnis Stimmart="LISTE" Anzahl="60"/>
    </Gruppenergebnis>
    <Gruppenergebnis Gruppe="2" Gruppenart="PARTEI" Name="B">
      <Stimmergebnis Stimmart="LISTE" Anzahl="40"/>
    </Gruppenergebnis>
  </Gebietsergebnis>
  <Gebietsergebnis Gebietsnummer="7" Gebietsart="WAHLKREIS" UegGebietsnummer="1">
    <GebietText>Nord-Ost</GebietText>
    <Direktergebnis Zweitstimmendeckung="true">
      <Gewinner Gruppe="2" Wahlergebnisart="ENDGUELTIG"/>
    </Direktergebnis>
    <Gruppenergebnis Gruppe="400" Gruppenart="ALLGEMEIN" Name="Gültige">
      <Stimmergebnis Stimmart="DIREKT" Anzahl="100"/>
    </Gruppenergebnis>
    <Gruppenergebnis Gruppe="1" Gruppenart="PARTEI" Name="A" Direktkandidat="X, Anna">
      <Stimmergebnis Stimmart="DIREKT" Anzahl="45"/>
    </Gruppenergebnis>
    <Gruppenergebnis Gruppe="2" Gruppenart="PARTEI" Name="B" Direktkandidat="Y, Bert">
      <Stimmergebnis Stimmart="DIREKT" Anzahl="55"/>
    </Gruppenergebnis>
  </Gebietsergebnis>
</Gesamtergebnis>
"#;

#[test]
fn a_small_file_in_the_official_shape_is_read() {
    let e = parse_results(MINI, "mini.xml").unwrap();
    assert_eq!(e.parties, vec!["A", "B"]);
    assert_eq!(e.winners.len(), 1);
    assert_eq!(e.constituencies[0].electorate_seats, vec![(1, 1)]);
    assert_eq!(e.winners[0].candidate.as_deref(), Some("Y, Bert"));
}

fn xml_err(text: &str) -> mandat_io::InputError {
    parse_results(text, "bad.xml").expect_err("must be rejected")
}

#[test]
fn a_file_that_is_not_the_expected_schema_gets_a_clear_error() {
    // Another XML document: the root is named, with its line.
    let e = xml_err("<?xml version=\"1.0\"?>\n<results><party/></results>\n");
    assert_eq!(e.line, Some(2));
    assert_eq!(e.field.as_deref(), Some("<results>"));
    assert!(e.message.contains("root element <Gesamtergebnis>"), "{e}");
    // Not well-formed: roxmltree's position.
    let e = xml_err(&MINI.replace("</GebietText>\n    <Gruppenergebnis Gruppe=\"400\"", "</GebietTxt>\n    <Gruppenergebnis Gruppe=\"400\""));
    assert!(e.message.starts_with("not well-formed XML"), "{e}");
    assert_eq!(e.line, Some(4));
    // A vote count that is not a number: the line of its element.
    let e = xml_err(&MINI.replace("Anzahl=\"60\"/>\n    </Gruppenergebnis>\n    <Gruppenergebnis Gruppe=\"2\" Gruppenart=\"PARTEI\" Name=\"B\">\n      <Stimmergebnis Stimmart=\"LISTE\" Anzahl=\"40\"/>\n    </Gruppenergebnis>\n  </Gebietsergebnis>\n  <Gebietsergebnis Gebietsnummer=\"1\"", "Anzahl=\"6o\"/>\n    </Gruppenergebnis>\n    <Gruppenergebnis Gruppe=\"2\" Gruppenart=\"PARTEI\" Name=\"B\">\n      <Stimmergebnis Stimmart=\"LISTE\" Anzahl=\"40\"/>\n    </Gruppenergebnis>\n  </Gebietsergebnis>\n  <Gebietsergebnis Gebietsnummer=\"1\""));
    assert_eq!(e.line, Some(10), "{e}");
    assert_eq!(e.field.as_deref(), Some("<Stimmergebnis>"));
    assert!(e.message.contains("Anzahl: expected a whole number of votes or \"n/a\", found \"6o\""), "{e}");
    assert!(e.to_string().contains(" 10 | "), "the offending line is shown: {e}");
    // A Wahlkreis in a Land the file does not have.
    let e = xml_err(&MINI.replace("Gebietsart=\"WAHLKREIS\" UegGebietsnummer=\"1\"", "Gebietsart=\"WAHLKREIS\" UegGebietsnummer=\"5\""));
    assert!(e.message.contains("its Land 5 has no Land result"), "{e}");
    assert_eq!(e.line, Some(29));
    // A declared winner with fewer first votes than another candidate.
    let e = xml_err(&MINI.replace("<Gewinner Gruppe=\"2\"", "<Gewinner Gruppe=\"1\""));
    assert!(e.message.contains("names A the winner with 45 first votes, but B has 55"), "{e}");
    // A Land without its valid votes.
    let e = xml_err(&MINI.replacen("Name=\"Gültige\">\n      <Stimmergebnis Stimmart=\"DIREKT\" Anzahl=\"100\"/>\n      <Stimmergebnis Stimmart=\"LISTE\" Anzahl=\"100\"/>", "Name=\"Gültige\">", 2));
    assert!(e.message.contains("Gültige"), "{e}");
    // Länder that do not add up to the federal result.
    let e = xml_err(&MINI.replacen("Anzahl=\"40\"", "Anzahl=\"41\"", 1));
    assert!(e.message.contains("add up to 40, but the federal result gives 41"), "{e}");
    // A missing attribute.
    let e = xml_err(&MINI.replace("Gebietsnummer=\"7\" ", ""));
    assert!(e.message.contains("expected the attribute Gebietsnummer"), "{e}");
    // A DTD (entity expansion) is refused by the parser.
    let e = xml_err("<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"aaaa\">]>\n<Gesamtergebnis/>");
    assert!(e.message.starts_with("not well-formed XML"), "{e}");
}

#[test]
fn the_reader_never_panics_on_a_cut_or_damaged_file() {
    let text = xml_text();
    // Cut anywhere: an error, never a panic.
    for k in 1..12 {
        let mut cut = text.len() * k / 12;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        assert!(parse_results(&text[..cut], XML).is_err());
    }
    // Every byte of the small file replaced in turn by a quote, a '<' and a digit.
    for i in 0..MINI.len() {
        if !MINI.is_char_boundary(i) || !MINI.is_char_boundary(i + 1) {
            continue;
        }
        for c in ["\"", "<", "9", ""] {
            let t = format!("{}{c}{}", &MINI[..i], &MINI[i + 1..]);
            let _ = parse_results(&t, "m.xml");
        }
    }
}

#[test]
fn a_law_file_with_a_lower_apportionment_is_checked() {
    let text = mandat_io::PRESETS.iter().find(|p| p.id == "de-bundestag-2025").unwrap().text;
    let bad = text.replace("lower_tier = \"electorates\"", "lower_tier = \"constituencies\"");
    let e = mandat_io::parse_law(&bad, "de.toml").unwrap_err();
    assert!(e.message.contains("a lower apportionment needs `lower_tier = \"electorates\"`"), "{e}");
    let bad = text.replace("coverage = \"by-first-vote-share\"", "coverage = \"by-votes\"");
    let e = mandat_io::parse_law(&bad, "de.toml").unwrap_err();
    assert!(e.message.contains("unknown variant `by-votes`"), "{e}");
    assert!(e.line.is_some());
    let bad = text.replace("[compensation.lower_apportionment]\nmethod = \"sainte-lague\"", "[compensation.lower_apportionment]\nmethod = \"hare\"");
    let e = mandat_io::parse_law(&bad, "de.toml").unwrap_err();
    assert!(e.message.contains("divisor method"), "{e}");
}

#[test]
fn an_independent_winner_is_seated_and_deducted() {
    let text = MINI
        .replace("<Gewinner Gruppe=\"2\"", "<Gewinner Gruppe=\"501\"")
        .replace("Direktkandidat=\"X, Anna\">\n      <Stimmergebnis Stimmart=\"DIREKT\" Anzahl=\"45\"/>", "Direktkandidat=\"X, Anna\">\n      <Stimmergebnis Stimmart=\"DIREKT\" Anzahl=\"30\"/>")
        .replace(
            "Direktkandidat=\"Y, Bert\">\n      <Stimmergebnis Stimmart=\"DIREKT\" Anzahl=\"55\"/>\n    </Gruppenergebnis>",
            "Direktkandidat=\"Y, Bert\">\n      <Stimmergebnis Stimmart=\"DIREKT\" Anzahl=\"25\"/>\n    </Gruppenergebnis>\n    <Gruppenergebnis Gruppe=\"501\" Gruppenart=\"EINZELKANDIDAT\" Name=\"EB:Zed\" Direktkandidat=\"Zed, Zoe\">\n      <Stimmergebnis Stimmart=\"DIREKT\" Anzahl=\"45\"/>\n    </Gruppenergebnis>",
        );
    let e = parse_results(&text, "mini.xml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(e.parties, vec!["A", "B", "EB:Zed"]);
    let out = count(&law(), &e, 0).unwrap();
    // 630 less the independent's seat, shared 60:40 → 377 + 252; the independent keeps hers.
    assert_eq!(out.total, vec![377, 252, 1]);
    let comp = out.compensation.as_ref().unwrap();
    assert_eq!(comp.deducted, 1);
    let r = out.regional.as_ref().unwrap();
    assert_eq!(r.winners[0].verdict, Verdict::OutsideDistribution);
    assert_eq!(r.constituency_seats(2), 1);
    assert_eq!(r.seats_in(0, 2), 1);
}

#[test]
fn three_constituencies_qualify_a_party_below_five_percent() {
    // What if BSW (4.98%) had won three Wahlkreise in Sachsen (instead of the AfD)?
    let mut e = election();
    let (bsw, afd) = (party(&e, "BSW"), party(&e, "AfD"));
    let sachsen = e.constituencies.iter().position(|c| c.name == "Sachsen").unwrap();
    let moved: Vec<usize> = (0..e.winners.len()).filter(|&i| e.winners[i].region == sachsen && e.winners[i].party == afd).take(3).collect();
    for &i in &moved {
        e.winners[i].party = bsw;
    }
    let seats = &mut e.constituencies[sachsen].electorate_seats;
    seats.iter_mut().find(|x| x.0 == afd).unwrap().1 -= 3;
    seats.push((bsw, 3));
    let out = count(&law(), &e, 0).unwrap();
    let comp = out.compensation.as_ref().unwrap();
    assert!(comp.qualifying[bsw], "three seats won qualify");
    assert!(out.total[bsw] > 20, "{}", out.total[bsw]);
    assert_eq!(out.house_size(), 630);
    let r = out.regional.as_ref().unwrap();
    assert_eq!(r.constituency_seats(bsw), 3, "BSW's Sachsen seats cover its three winners");
}

#[test]
fn a_tie_in_the_coverage_order_is_decided_by_the_chain_and_reported_everywhere() {
    let text = mandat_io::PRESETS.iter().find(|p| p.id == "de-bundestag-2025").unwrap().text;
    let law = mandat_io::parse_law(&text.replace("total_seats = 630", "total_seats = 3").replace("chain = [\"lot\"]", "chain = [\"more-votes\", \"lot\"]"), "t.toml").unwrap();
    let mut e = parse_results(MINI, "mini.xml").unwrap();
    // Two winners of B in Nord with equal shares (1/2), for B's single seat there.
    e.winners[0].votes = 50;
    e.winners[0].valid_votes = 100;
    let mut second = e.winners[0].clone();
    second.name = "Nord-West".into();
    second.votes = 60;
    second.valid_votes = 120;
    e.winners.push(second);
    e.constituencies[0].electorate_seats = vec![(1, 2)];
    let out = count(&law, &e, 0).unwrap();
    assert_eq!(out.total, vec![2, 1]);
    let r = out.regional.as_ref().unwrap();
    let seated: Vec<&str> = r.winners.iter().filter(|v| v.seated()).map(|v| v.winner.name.as_str()).collect();
    assert_eq!(seated, vec!["Nord-West"], "more first votes decide equal shares");
    let explain = mandat_io::report::explain(&law, &out);
    assert!(explain.contains("Tie (coverage of B in Nord) on equal first-vote share among Nord-Ost, Nord-West for 1 place(s): Nord-West by more votes"), "{explain}");
    assert!(mandat_io::report::outcome_table(&out).contains("1 tie(s) in the lower apportionment or the coverage"));
    let json = mandat_io::report::outcome_json(&law, &out);
    assert_eq!(json["ties"][0]["kind"], "first-vote share");
    assert_eq!(json["ties"][0]["winners"][0], "Nord-West");
}

#[test]
fn a_winner_of_a_party_below_the_threshold_is_not_seated() {
    // Party C (3 list votes of 103, one Wahlkreis won) takes no part: its winner gets no
    // seat and nothing is deducted (BWahlG § 6(1)); an independent would keep the seat.
    let text = MINI
        .replace("<Stimmergebnis Stimmart=\"LISTE\" Anzahl=\"100\"/>", "<Stimmergebnis Stimmart=\"LISTE\" Anzahl=\"103\"/>")
        .replace(
            "<Gruppenergebnis Gruppe=\"2\" Gruppenart=\"PARTEI\" Name=\"B\">\n      <Stimmergebnis Stimmart=\"LISTE\" Anzahl=\"40\"/>\n    </Gruppenergebnis>",
            "<Gruppenergebnis Gruppe=\"2\" Gruppenart=\"PARTEI\" Name=\"B\">\n      <Stimmergebnis Stimmart=\"LISTE\" Anzahl=\"40\"/>\n    </Gruppenergebnis>\n    <Gruppenergebnis Gruppe=\"9\" Gruppenart=\"PARTEI\" Name=\"C\">\n      <Stimmergebnis Stimmart=\"LISTE\" Anzahl=\"3\"/>\n    </Gruppenergebnis>",
        )
        .replace("<Gewinner Gruppe=\"2\"", "<Gewinner Gruppe=\"9\"")
        .replace(
            "Direktkandidat=\"Y, Bert\">\n      <Stimmergebnis Stimmart=\"DIREKT\" Anzahl=\"55\"/>",
            "Direktkandidat=\"Y, Bert\">\n      <Stimmergebnis Stimmart=\"DIREKT\" Anzahl=\"5\"/>\n    </Gruppenergebnis>\n    <Gruppenergebnis Gruppe=\"9\" Gruppenart=\"PARTEI\" Name=\"C\" Direktkandidat=\"Zed, Carl\">\n      <Stimmergebnis Stimmart=\"DIREKT\" Anzahl=\"50\"/>",
        );
    let e = parse_results(&text, "mini.xml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(e.parties, vec!["A", "B", "C"]);
    assert_eq!(e.national_votes(), vec![60, 40, 3]);
    assert_eq!(e.parties[e.winners[0].party], "C");
    let out = count(&law(), &e, 0).unwrap();
    assert_eq!(out.total, vec![378, 252, 0]);
    let comp = out.compensation.as_ref().unwrap();
    assert_eq!((comp.deducted, comp.unseated[2]), (0, 1));
    let r = out.regional.as_ref().unwrap();
    assert_eq!(r.winners[0].verdict, Verdict::PartyNotQualified);
    assert_eq!(r.unseated().count(), 1);
    assert!(mandat_io::report::explain(&law(), &out).contains("NOT SEATED (the party takes no part in the distribution)"));
    // Under the default (`seated`, as in New Zealand) the same winner keeps the seat.
    let mut nz_like = law();
    nz_like.compensation.as_mut().unwrap().non_qualifying_winners = Default::default();
    let out = count(&nz_like, &e, 0).unwrap();
    assert_eq!(out.total, vec![377, 252, 1]);
    assert_eq!(out.regional.unwrap().winners[0].verdict, Verdict::OutsideDistribution);
}
