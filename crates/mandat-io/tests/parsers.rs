//! The readers never panic, whatever they are given; what they accept can be counted.

use mandat_core::count::count;
use proptest::prelude::*;

fn arbitrary_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        // Near-valid CSV and JSON, where the interesting errors live.
        "(party,votes\n)?([A-Za-z ]{0,4},-?[0-9.e]{0,22}\n){0,6}",
        "(constituency,party,votes\n)?([A-Z]{0,2},[A-Za-z]{0,3},-?[0-9.]{0,21}\n){0,6}",
        r#"\{"constituencies": \[\{"name": "[a-z]{0,3}", "seats": -?[0-9]{0,7}, "votes": \{("[A-C]{0,1}": -?[0-9.e]{0,21},? ?){0,4}\}\}\]\}"#,
    ]
}

fn arbitrary_law() -> impl Strategy<Value = String> {
    let keys = "(id|name|citation|seats|method|level|share|of|quotas|chain|first_divisor|any_of|article)";
    let values = r#"("[a-z0-9%.\-]{0,8}"|-?[0-9.]{1,6}|\[("[a-z\-]{0,10}",?){0,3}\]|2021-01-10)"#;
    prop_oneof![
        any::<String>(),
        proptest::string::string_regex(&format!(r#"id = "x"\nname = "x"\ncitation = "x"\n(seats = [0-9]{{1,3}}\n)?\[allocation\]\n({keys} = {values}\n){{0,4}}(\[threshold\]\n({keys} = {values}\n){{0,4}})?(\[ties\]\n({keys} = {values}\n){{0,2}})?"#)).unwrap(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn result_readers_never_panic(text in arbitrary_text()) {
        for path in ["r.json", "r.csv"] {
            if let Ok(e) = mandat_io::parse_results(&text, path) {
                let _ = count(&mandat_core::law::Law::example(), &e, 0);
            }
            if let Ok(e) = mandat_io::parse_votes(&text, path) {
                let law = mandat_io::preset("kz-mazhilis-2021").unwrap().unwrap();
                let out = count(&law, &e, 0);
                prop_assert!(out.is_ok());
                prop_assert_eq!(out.unwrap().total.iter().sum::<u32>(), 98);
            }
        }
    }

    #[test]
    fn law_reader_never_panics(text in arbitrary_law()) {
        if let Ok(law) = mandat_io::parse_law(&text, "l.toml") {
            let e = mandat_core::election::Election::single("c", &[("A", 100), ("B", 50)], Some(3));
            let _ = count(&law, &e, 0);
        }
    }
}

/// `mandat apportion`'s votes are one contest without a constituency: an error in them
/// names the votes, not the name the reader gives that contest.
#[test]
fn apportion_votes_that_overflow_name_the_votes() {
    for (text, path) in [("party,votes\nA,18446744073709551615\nB,5\n", "big.csv"), (r#"{"A": 18446744073709551615, "B": 5}"#, "big.json")] {
        let err = mandat_io::parse_votes(text, path).unwrap_err().to_string();
        assert!(err.contains("votes") && err.contains("the votes add up to more than 18446744073709551615") && !err.contains("constituency"), "{err}");
    }
}
