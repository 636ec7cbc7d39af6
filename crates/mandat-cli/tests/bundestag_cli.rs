//! `mandat run` and `mandat check` on the Bundestag 2025 official result file, as a user
//! runs them.

mod common;

use common::*;

const XML: &str = "tests/data/de-bundestag-2025/gesamtergebnis_02.xml";

#[test]
fn run_prints_the_seats_per_land_and_the_unseated_winners() {
    let o = mandat(&["run", "--law", "de-bundestag-2025", XML]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    assert!(out.contains("Schleswig-Holstein (25 seats)"), "{out}");
    assert!(out.contains("Constituency winners not seated (23)"), "{out}");
    assert!(out.contains("Nicolaisen, Petra"), "{out}");
    let total = out.lines().find(|l| l.trim_start().starts_with("CDU ") && l.contains('%')).unwrap();
    assert!(total.trim_end().ends_with("164"), "{total}");
}

#[test]
fn explain_and_json_carry_the_same_steps() {
    let o = mandat(&["run", "--law", "de-bundestag-2025", "--explain", XML]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert_eq!(out.matches("NOT SEATED").count(), 23);
    assert!(out.contains("Lower apportionment"));
    let o = mandat(&["run", "--law", "de-bundestag-2025", "--format", "json", XML]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["regional"]["unseated_winners"].as_array().unwrap().len(), 23);
    assert_eq!(v["regional"]["seats"]["Bayern"]["CSU"], 44);
    assert_eq!(v["house_size"], 630);
}

#[test]
fn check_passes_on_the_federal_case() {
    let o = mandat(&["check", "tests/cases/de-bundestag-2025-federal.json"]);
    assert!(o.status.success(), "{}{}", stdout(&o), String::from_utf8_lossy(&o.stderr));
    assert!(stdout(&o).contains("PASS de-bundestag-2025-federal"));
}

#[test]
fn a_file_of_another_schema_is_a_clear_error() {
    let dir = std::env::temp_dir().join(format!("mandat-bt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("other.xml");
    std::fs::write(&p, "<?xml version=\"1.0\"?>\n<Ergebnis>\n</Ergebnis>\n").unwrap();
    let o = mandat(&["run", "--law", "de-bundestag-2025", p.to_str().unwrap()]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("other.xml:2:1: <Ergebnis>: expected the Bundeswahlleiterin's result file"), "{err}");
    assert!(!err.contains("panicked"));
}
