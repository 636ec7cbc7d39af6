//! Every route of the API, with its error cases, driven in-process with `oneshot`.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use mandat_server::{router, AppState, Limits};
use serde_json::{json, Value};
use tower::ServiceExt;

const KZ: &str = include_str!("../../../tests/cases/kz-mazhilis-2021.json");
const KZ_POLL: &str = "party,share\nNur Otan,71\nAk Zhol,11\nPeople's Party of Kazakhstan (QHP),9\nAuyl,5.5\nAdal,3.5\n";

async fn send(state: AppState, req: Request<Body>) -> (StatusCode, String, String) {
    let res = router(state).oneshot(req).await.expect("the router never fails");
    let status = res.status();
    let ctype = res.headers().get("content-type").map(|v| v.to_str().unwrap_or("").to_string()).unwrap_or_default();
    let body = res.into_body().collect().await.expect("body").to_bytes();
    (status, ctype, String::from_utf8(body.to_vec()).expect("UTF-8 body"))
}

async fn post_with(state: AppState, path: &str, body: impl Into<Body>) -> (StatusCode, Value) {
    let req = Request::post(path).header("content-type", "application/json").body(body.into()).unwrap();
    let (status, ctype, text) = send(state, req).await;
    assert!(ctype.starts_with("application/json"), "{path}: content type {ctype:?}: {text}");
    (status, serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {text}")))
}

async fn post(path: &str, body: Value) -> (StatusCode, Value) {
    post_with(AppState::default(), path, body.to_string()).await
}

async fn get(path: &str) -> (StatusCode, String, String) {
    send(AppState::default(), Request::get(path).body(Body::empty()).unwrap()).await
}

fn assert_error(status: StatusCode, v: &Value, want: StatusCode, input: &str) {
    assert_eq!(status, want, "{v}");
    assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()), "{v}");
    let want_input = if input.is_empty() { Value::Null } else { json!(input) };
    assert_eq!(v["input"], want_input, "{v}");
    for k in ["field", "line", "column", "detail"] {
        assert!(v.get(k).is_some(), "{k} missing from {v}");
    }
}

// ---------------------------------------------------------------------------- count

#[tokio::test]
async fn count_preset_with_the_shape_of_the_cli() {
    let (s, v) = post("/api/count", json!({"law": "kz-mazhilis-2021", "results": KZ})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["total"]["Nur Otan"], 76);
    assert_eq!(v["total"]["Auyl"], 0);
    assert_eq!(v["house_size"], 98);
    assert_eq!(v["votes"]["Auyl"], 383023);
    assert!(v.get("svg").is_none() && v.get("explanation").is_none());
    // The same JSON as `mandat run --format json`, plus `votes`.
    let law = mandat_io::preset("kz-mazhilis-2021").unwrap().unwrap();
    let e = mandat_io::parse_results(KZ, "kz.json").unwrap();
    let o = mandat_core::count::count(&law, &e, 0).unwrap();
    let mut cli = mandat_io::report::outcome_json(&law, &o);
    cli["votes"] = v["votes"].clone();
    let cli: Value = serde_json::from_str(&cli.to_string()).unwrap(); // floats read back as the body's
    assert_eq!(v, cli);
}

/// A small count is answered on the request's thread, a larger one (here over 1,000
/// seats) on the blocking pool: both answer the command line's JSON.
#[tokio::test]
async fn small_and_large_counts_answer_the_same_json() {
    for seats in [150, 1500] {
        let set = format!("seats={seats}");
        let (s, v) = post("/api/count", json!({"law": "kz-mazhilis-2021", "results": KZ, "set": [set]})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["house_size"], seats);
        let law = mandat_io::preset("kz-mazhilis-2021").unwrap().unwrap();
        let law = mandat_io::report_analysis::apply_sets(&law, &[set], "set").unwrap();
        let e = mandat_io::parse_results(KZ, "kz.json").unwrap();
        let o = mandat_core::count::count(&law, &e, 0).unwrap();
        let mut cli = mandat_io::report::outcome_json(&law, &o);
        cli["votes"] = v["votes"].clone();
        assert_eq!(v, cli, "{seats} seats");
    }
}

#[tokio::test]
async fn count_with_set_explain_svg_and_results_as_an_object() {
    let results: Value = serde_json::from_str(KZ).unwrap();
    let (s, v) = post("/api/count", json!({"law": "kz-mazhilis-2021", "results": results, "set": ["threshold=5%"], "explain": true, "svg": true})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["total"]["Auyl"], 6);
    assert!(v["explanation"].as_str().unwrap().contains("Auyl"));
    let svg = v["svg"].as_str().unwrap();
    assert!(svg.starts_with("<svg") && svg.matches("<circle").count() == 98);
}

/// A what-if is a different law: the name in the JSON, the explanation and the hemicycle's
/// title (the downloaded SVG) say what was changed, not only the law as written ("7%").
#[tokio::test]
async fn a_what_if_count_names_the_changed_law_everywhere() {
    let (s, v) = post("/api/count", json!({"law": "kz-mazhilis-2021", "results": KZ, "set": ["threshold=5%"], "explain": true, "svg": true})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let name = v["law"]["name"].as_str().unwrap();
    assert!(name.ends_with("— what-if: threshold=5%"), "{name}");
    let svg = v["svg"].as_str().unwrap();
    let title: String = svg.lines().filter(|l| l.contains("font-weight=\"bold\"")).map(|l| l.split('>').nth(1).unwrap_or("").split('<').next().unwrap_or("")).collect::<Vec<_>>().join(" ");
    assert!(title.contains("what-if: threshold=5%"), "hemicycle title: {title}");
    assert!(v["explanation"].as_str().unwrap().contains("what-if: threshold=5%"));
    // The law as written keeps its own name.
    let (_, v) = post("/api/count", json!({"law": "kz-mazhilis-2021", "results": KZ, "svg": true})).await;
    assert!(!v["law"]["name"].as_str().unwrap().contains("what-if"), "{}", v["law"]["name"]);
}

#[tokio::test]
async fn count_csv_and_law_toml() {
    let law = mandat_io::PRESETS.iter().find(|p| p.id == "kz-mazhilis-2021").unwrap().text;
    let csv = "constituency,party,votes\nall,A,600\nall,B,300\nall,C,100\n";
    let (s, v) = post("/api/count", json!({"law_toml": law, "results": csv})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["total"]["A"].as_u64().unwrap() + v["total"]["B"].as_u64().unwrap() + v["total"]["C"].as_u64().unwrap(), 98);
}

#[tokio::test]
async fn count_errors_are_json_with_input_line_and_field() {
    // A results CSV with a bad number: line and field.
    let (s, v) = post("/api/count", json!({"law": "kz-mazhilis-2021", "results": "constituency,party,votes\nall,A,12\nall,B,1.5\n"})).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "results");
    assert_eq!(v["line"], 3);
    assert_eq!(v["field"], "votes");
    // A law file with an unknown key: line and key.
    let (s, v) = post("/api/count", json!({"law_toml": "id = \"x\"\nname = \"x\"\ncitation = \"x\"\n[allocation]\nmethd = \"dhondt\"\n", "results": KZ})).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "law_toml");
    assert_eq!(v["line"], 5);
    // Unknown preset, no law, two laws.
    let (s, v) = post("/api/count", json!({"law": "atlantis", "results": KZ})).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "law");
    assert!(v["error"].as_str().unwrap().contains("kz-mazhilis-2021"));
    let (s, v) = post("/api/count", json!({"results": KZ})).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "law");
    let (s, v) = post("/api/count", json!({"law": "kz-mazhilis-2021", "law_toml": "x", "results": KZ})).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "law");
    // A bad `set`.
    let (s, v) = post("/api/count", json!({"law": "kz-mazhilis-2021", "results": KZ, "set": ["threshold=abc"]})).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "set");
    let (s, v) = post("/api/count", json!({"law": "kz-mazhilis-2021", "results": KZ, "set": ["colour=blue"]})).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "set");
    // A house too large to draw or explain is refused like in a law file.
    let (s, v) = post("/api/count", json!({"law": "kz-mazhilis-2021", "results": KZ, "set": ["seats=4000000000"], "svg": true, "explain": true})).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "set");
    // Results as a JSON array or number.
    let (s, v) = post("/api/count", json!({"law": "kz-mazhilis-2021", "results": [1, 2]})).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "results");
    // Empty results.
    let (s, v) = post("/api/count", json!({"law": "kz-mazhilis-2021", "results": ""})).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "results");
}

#[tokio::test]
async fn malformed_bodies_are_400_with_line_and_unknown_fields_named() {
    let (s, v) = post_with(AppState::default(), "/api/count", "{\n  \"law\": \"kz\",\n  oops\n}").await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "body");
    assert_eq!(v["line"], 3);
    let (s, v) = post("/api/count", json!({"law": "kz-mazhilis-2021", "results": KZ, "seeds": 1})).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "body");
    assert_eq!(v["field"], "seeds");
    let (s, v) = post("/api/count", json!({"law": "kz-mazhilis-2021"})).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "body");
    let (s, v) = post_with(AppState::default(), "/api/count", vec![0xff, 0xfe]).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "body");
}

#[tokio::test]
async fn bodies_over_20_mb_are_413() {
    let big = format!("{{\"law\": \"kz-mazhilis-2021\", \"results\": \"{}\"}}", "a".repeat(21 * 1024 * 1024));
    let (s, v) = post_with(AppState::default(), "/api/count", big).await;
    assert_error(s, &v, StatusCode::PAYLOAD_TOO_LARGE, "body");
}

#[tokio::test]
async fn results_that_do_not_fit_the_law_are_422() {
    // es-congreso names its constituencies: results elsewhere do not fit.
    let (s, v) = post("/api/count", json!({"law": "es-congreso", "results": "constituency,party,votes\nAtlantis,A,10\n"})).await;
    assert!(s.is_client_error(), "{s} {v}");
    assert!(v["error"].as_str().is_some());
}

// -------------------------------------------------------------------------- compare

#[tokio::test]
async fn compare_with_set_as_the_cli() {
    let (s, v) = post("/api/compare", json!({"laws": ["kz-mazhilis-2021"], "set": ["threshold=5%"], "results": KZ, "svg": true})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["laws"], json!(["kz-mazhilis-2021", "kz-mazhilis-2021 (threshold=5%)"]));
    assert_eq!(v["total"]["Auyl"], json!([0, 6]));
    assert_eq!(v["changes"][0]["moves"]["Auyl"], 6);
    assert!(v["changes"][0]["summary"].as_str().unwrap().contains("Auyl passes with 5.29%"));
    assert!(v["svg"].as_str().unwrap().starts_with("<svg"));
    // Two laws, one of them as TOML text.
    let toml = mandat_io::PRESETS.iter().find(|p| p.id == "kz-mazhilis-2021").unwrap().text.replace("share = \"7%\"", "share = \"3%\"");
    let (s, v) = post("/api/compare", json!({"laws": ["kz-mazhilis-2021", {"toml": toml}], "results": KZ})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["laws"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn compare_errors() {
    let (s, v) = post("/api/compare", json!({"laws": ["kz-mazhilis-2021"], "results": KZ})).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "laws");
    let (s, v) = post("/api/compare", json!({"laws": [], "set": ["threshold=5%"], "results": KZ})).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "laws");
    let (s, v) = post("/api/compare", json!({"laws": ["kz-mazhilis-2021", "nope"], "results": KZ})).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "laws[1]");
    let (s, v) = post("/api/compare", json!({"laws": ["kz-mazhilis-2021", {"toml": "id = 3"}], "results": KZ})).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "laws[1]");
    assert_eq!(v["line"], 1);
    let (s, v) = post("/api/compare", json!({"laws": ["kz-mazhilis-2021"], "set": ["threshold"], "results": KZ})).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "set");
    let (s, v) = post("/api/compare", json!({"laws": vec!["kz-mazhilis-2021"; 17], "results": KZ})).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "laws");
}

// -------------------------------------------------------------------------- project

#[tokio::test]
async fn project_as_the_cli() {
    let (s, v) = post("/api/project", json!({"law": "kz-mazhilis-2021", "base": KZ, "poll": KZ_POLL, "sims": 2000, "coalitions": ["Auyl+Adal"], "svg": true})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["sims"], 2000);
    assert_eq!(v["law"], "kz-mazhilis-2021");
    let d: u64 = v["parties"]["Auyl"]["distribution"].as_array().unwrap().iter().map(|x| x.as_u64().unwrap()).sum();
    assert_eq!(d, 2000);
    assert_eq!(v["coalitions"][0]["coalition"], "Auyl+Adal");
    assert!(v["svg"].as_str().unwrap().starts_with("<svg"));
}

#[tokio::test]
async fn project_streams_progress_then_the_result() {
    let body = json!({"law": "kz-mazhilis-2021", "base": KZ, "poll": KZ_POLL, "sims": 5000, "stream": true}).to_string();
    let req = Request::post("/api/project").header("content-type", "application/json").body(Body::from(body)).unwrap();
    let (s, ctype, text) = send(AppState::default(), req).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(ctype, "application/x-ndjson");
    let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(lines.len() >= 2, "{text}");
    assert!(lines[..lines.len() - 1].iter().all(|l| l["progress"].as_u64().is_some_and(|p| p <= 5000) && l["sims"] == 5000), "{text}");
    assert_eq!(lines.last().unwrap()["result"]["sims"], 5000);
}

#[tokio::test]
async fn project_limits_and_errors() {
    let p = |extra: Value| {
        let mut b = json!({"law": "kz-mazhilis-2021", "base": KZ, "poll": KZ_POLL, "sims": 100});
        b.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        b
    };
    let (s, v) = post("/api/project", p(json!({"sims": 0}))).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "sims");
    let (s, v) = post("/api/project", p(json!({"sims": 200_001}))).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "sims");
    let (s, v) = post("/api/project", p(json!({"sample_size": 0}))).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "sample_size");
    let (s, v) = post("/api/project", p(json!({"noise": 2.0}))).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "noise");
    let (s, v) = post("/api/project", p(json!({"swing": "sideways"}))).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "swing");
    let (s, v) = post("/api/project", p(json!({"coalitions": ["Auyl+Nobody"]}))).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "coalitions");
    let (s, v) = post("/api/project", p(json!({"poll": "party,share\nNur Otan,50\nGhost,50\n"}))).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "poll");
    assert_eq!(v["line"], 3);
    let (s, v) = post("/api/project", p(json!({"poll": "party,share\nNur Otan,50\n"}))).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "poll");
    let (s, v) = post("/api/project", p(json!({"base": "constituency,party,votes\nx,A,-1\n"}))).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "base");
}

#[tokio::test]
async fn a_projection_over_its_time_limit_stops_with_422() {
    let state = AppState::new(Limits { max_sims: 10_000_000, project_time: Duration::from_millis(1), concurrent_projections: 2, ..Limits::default() });
    let body = json!({"law": "kz-mazhilis-2021", "base": KZ, "poll": KZ_POLL, "sims": 10_000_000}).to_string();
    let started = std::time::Instant::now();
    let (s, v) = post_with(state, "/api/project", body).await;
    assert_error(s, &v, StatusCode::UNPROCESSABLE_ENTITY, "sims");
    assert!(v["error"].as_str().unwrap().contains("time limit"), "{v}");
    assert!(started.elapsed() < Duration::from_secs(20), "stopped only after {:?}", started.elapsed());
}

#[tokio::test]
async fn too_many_projections_at_once_are_429() {
    let state = AppState::new(Limits { max_sims: 10_000_000, project_time: Duration::from_secs(5), concurrent_projections: 1, ..Limits::default() });
    let body = json!({"law": "kz-mazhilis-2021", "base": KZ, "poll": KZ_POLL, "sims": 10_000_000}).to_string();
    let long = tokio::spawn(post_with(state.clone(), "/api/project", body.clone()));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (s, v) = post_with(state, "/api/project", body).await;
    assert_error(s, &v, StatusCode::TOO_MANY_REQUESTS, "");
    long.abort();
}

// ------------------------------------------------------------------------- tabulate

const LEITH_WALK: &str = include_str!("../../../tests/ranked/edinburgh_2012_ward12.blt");
const MAYOR: &str = include_str!("../../../tests/ranked/mayor.csv");

/// Edinburgh 2012, ward 12 (Leith Walk) elected Brock, Blacklock, Chapman and Gardner
/// (tests/ranked/README.md); the API answers with the same JSON as `mandat tabulate`.
#[tokio::test]
async fn tabulate_counts_a_blt_file_by_scottish_stv() {
    let (s, v) = post("/api/tabulate", json!({"rule": "stv-scottish", "ballots": LEITH_WALK})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let text = v.to_string();
    for name in ["BROCK", "BLACKLOCK", "CHAPMAN", "GARDNER"] {
        assert!(text.contains(name), "{name} missing");
    }
    assert!(v["table"].as_str().unwrap().contains("Round"), "{}", v["table"]);
    let b = mandat_io::ranked::parse_blt(LEITH_WALK, "x").unwrap();
    let t = mandat_core::ranked::tabulate_by_name("stv-scottish", &b.ballots, b.seats, &Default::default(), None).unwrap().unwrap();
    let mut want = mandat_io::ranked::urcvt_json(&t, &mandat_io::ranked::ReportMeta { contest: b.title, ..Default::default() });
    want["table"] = v["table"].clone();
    assert_eq!(v, want);
}

#[tokio::test]
async fn tabulate_reads_a_rankings_csv_and_rejects_bad_input() {
    let (s, v) = post("/api/tabulate", json!({"rule": "irv", "ballots": MAYOR})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = post("/api/tabulate", json!({"rule": "borda", "ballots": MAYOR})).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "rule");
    let (s, v) = post("/api/tabulate", json!({"rule": "irv", "ballots": MAYOR, "seats": 0})).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "seats");
    let (s, v) = post("/api/tabulate", json!({"rule": "stv-scottish", "ballots": "3 2\n1 1 2 x 0\n0\n"})).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert_eq!(v["input"], "ballots");
    assert!(v["line"].as_u64().is_some(), "{v}");
    let (s, v) = post("/api/tabulate", json!({"rule": "irv", "ballots": MAYOR, "colour": "blue"})).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
}

/// The refusals of `mandat tabulate` hold for the API, with the JSON field named: a
/// single-winner rule for several seats, ballots that all weigh 0, registered voters that
/// cannot be, settings that the rule would ignore.
#[tokio::test]
async fn tabulate_refuses_nonsense_naming_the_field() {
    for rule in ["irv", "two-round", "supplementary"] {
        let (s, v) = post("/api/tabulate", json!({"rule": rule, "ballots": MAYOR, "seats": 3})).await;
        assert_error(s, &v, StatusCode::UNPROCESSABLE_ENTITY, "seats");
        assert!(v["error"].as_str().unwrap().contains(&format!("{rule} elects one candidate, but 3 seats were asked")), "{v}");
    }
    let (s, v) = post("/api/tabulate", json!({"rule": "plurality", "ballots": MAYOR, "seats": 2})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = post("/api/tabulate", json!({"rule": "plurality", "ballots": "weight,rank1\n0,A\n0,B\n"})).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "ballots");
    assert!(v["error"].as_str().unwrap().contains("no ballot to count"), "{v}");
    let (s, v) = post("/api/tabulate", json!({"rule": "stv-scottish", "ballots": "2 1\n0 1 0\n0 2 0\n0\nA\nB\n"})).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "ballots");
    for electorate in [0, 99] {
        let (s, v) = post("/api/tabulate", json!({"rule": "two-round", "ballots": MAYOR, "electorate": electorate})).await;
        assert_error(s, &v, StatusCode::UNPROCESSABLE_ENTITY, "electorate");
    }
    let (s, v) = post("/api/tabulate", json!({"rule": "two-round", "ballots": MAYOR, "electorate": 100})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = post("/api/tabulate", json!({"rule": "irv", "ballots": MAYOR, "electorate": 500})).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "electorate");
    let (s, v) = post("/api/tabulate", json!({"rule": "two-round", "ballots": MAYOR, "quorum": "50%"})).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "quorum");
    let (s, v) = post("/api/tabulate", json!({"rule": "irv", "ballots": MAYOR, "runoff": "party,votes\nAigerim,30\nBolat,50\n"})).await;
    assert_error(s, &v, StatusCode::UNPROCESSABLE_ENTITY, "runoff");
}

/// The two-round settings of `mandat tabulate`, by the same names as JSON fields: a bar
/// that three candidates reach, a runoff file, and errors naming the field.
#[tokio::test]
async fn tabulate_takes_the_two_round_settings() {
    let (s, v) = post("/api/tabulate", json!({"rule": "two-round", "ballots": MAYOR, "runoff_bar": "20%"})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let qualified: Vec<&str> = v["results"][0]["runoffQualification"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["qualified"] == true)
        .map(|q| q["candidate"].as_str().unwrap())
        .collect();
    assert_eq!(qualified, ["Aigerim", "Bolat", "Dana"], "{v}");
    let (s, v) = post("/api/tabulate", json!({"rule": "two-round", "ballots": MAYOR, "runoff": "party,votes\nAigerim,30\nBolat,50\n"})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(v["table"].as_str().unwrap().contains("elected: Bolat"), "{v}");
    let (s, v) = post("/api/tabulate", json!({"rule": "two-round", "ballots": MAYOR, "runoff_bar": "12.5%", "runoff_bar_of": "electorate"})).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "runoff_bar_of");
    let (s, v) = post("/api/tabulate", json!({"rule": "irv", "ballots": MAYOR, "runoff_at_least_two": true})).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "runoff_at_least_two");
    let (s, v) = post("/api/tabulate", json!({"rule": "two-round", "ballots": MAYOR, "runoff": "party,votes\nNobody,3\n"})).await;
    assert_error(s, &v, StatusCode::BAD_REQUEST, "runoff");
}

// ----------------------------------------------------------------------------- laws

#[tokio::test]
async fn laws_list_every_preset_with_a_summary() {
    let (s, ctype, text) = get("/api/laws").await;
    assert_eq!(s, StatusCode::OK);
    assert!(ctype.starts_with("application/json"));
    let v: Value = serde_json::from_str(&text).unwrap();
    let laws = v.as_array().unwrap();
    assert_eq!(laws.len(), mandat_io::PRESETS.len());
    let kz = laws.iter().find(|l| l["id"] == "kz-mazhilis-2021").unwrap();
    assert_eq!(kz["seats"], 98);
    assert_eq!(kz["method"], "hare");
    assert_eq!(kz["threshold"], "7%");
    assert_eq!(kz["example"], "/api/laws/kz-mazhilis-2021/example");
    assert_eq!(kz["methods"], json!(["list tier: hare"]));
    // Laws without a list tier have no single method to change, and say which they use.
    for (id, want) in [
        ("de-bundestag-2025", vec!["compensation tier: sainte-lague", "lower apportionment: sainte-lague"]),
        ("nz-parliament", vec!["compensation tier: sainte-lague"]),
        ("ch-zh-kantonsrat", vec!["biproportional upper apportionment: sainte-lague", "biproportional lower apportionment: sainte-lague"]),
    ] {
        let l = laws.iter().find(|l| l["id"] == id).unwrap();
        assert!(l["method"].is_null(), "{id}: {l}");
        assert_eq!(l["methods"], json!(want), "{id}");
    }
    assert!(laws.iter().find(|l| l["id"] == "kz-mazhilis-2023").unwrap()["example"].is_null());
}

#[tokio::test]
async fn one_law_its_toml_and_its_example() {
    let (s, _, text) = get("/api/laws/kz-mazhilis-2021").await;
    assert_eq!(s, StatusCode::OK);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert!(v["toml"].as_str().unwrap().contains("[allocation]"));
    assert_eq!(v["summary"]["id"], "kz-mazhilis-2021");
    let (s, ctype, text) = get("/api/laws/kz-mazhilis-2021/example").await;
    assert_eq!((s, ctype.as_str()), (StatusCode::OK, "application/json"));
    assert_eq!(text, KZ);
    // Every example counts under its preset.
    for p in mandat_io::PRESETS {
        let (s, _, text) = get(&format!("/api/laws/{}/example", p.id)).await;
        if s == StatusCode::OK {
            let (s, v) = post("/api/count", json!({"law": p.id, "results": text})).await;
            assert_eq!(s, StatusCode::OK, "{}: {v}", p.id);
        }
    }
}

#[tokio::test]
async fn unknown_laws_and_routes_are_404_json() {
    // ie-dail's case is counted from a ballots file, which the server does not read.
    for path in ["/api/laws/atlantis", "/api/laws/atlantis/example", "/api/laws/kz-mazhilis-2023/example", "/api/laws/ie-dail/example", "/api/nothing"] {
        let (s, ctype, text) = get(path).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{path}");
        assert!(ctype.starts_with("application/json"), "{path}");
        let v: Value = serde_json::from_str(&text).unwrap();
        assert!(v["error"].as_str().is_some(), "{path}");
    }
    let (s, ctype, _) = get("/api/count").await;
    assert_eq!(s, StatusCode::METHOD_NOT_ALLOWED);
    assert!(ctype.starts_with("application/json"));
}

// -------------------------------------------------------------------------- openapi

#[tokio::test]
async fn openapi_lists_every_route() {
    let (s, _, text) = get("/api/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert!(v["openapi"].as_str().unwrap().starts_with("3."));
    for (path, method) in [
        ("/api/count", "post"),
        ("/api/compare", "post"),
        ("/api/project", "post"),
        ("/api/tabulate", "post"),
        ("/api/laws", "get"),
        ("/api/laws/{id}", "get"),
        ("/api/laws/{id}/example", "get"),
        ("/api/openapi.json", "get"),
    ] {
        assert!(v["paths"][path][method].is_object(), "{method} {path} missing");
    }
    assert!(v["components"]["schemas"]["CountRequest"]["properties"]["results"].is_object());
}

// ----------------------------------------------------------------------------- page

#[tokio::test]
async fn the_page_and_its_assets_are_served_from_the_binary() {
    let (s, ctype, html) = get("/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(ctype.starts_with("text/html"));
    assert!(html.contains("<script src=\"/app.js\">") && html.contains("/style.css"));
    assert!(!html.contains("http://") && !html.contains("https://"), "the page must not load anything from the internet");
    let (s, ctype, js) = get("/app.js").await;
    assert_eq!(s, StatusCode::OK);
    assert!(ctype.starts_with("text/javascript"));
    assert!(js.contains("/api/count"));
    let (s, ctype, _) = get("/style.css").await;
    assert_eq!(s, StatusCode::OK);
    assert!(ctype.starts_with("text/css"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_projection_does_not_stall_counts() {
    let state = AppState::new(Limits { max_sims: 10_000_000, project_time: Duration::from_secs(8), concurrent_projections: 2, ..Limits::default() });
    let body = json!({"law": "kz-mazhilis-2021", "base": KZ, "poll": KZ_POLL, "sims": 10_000_000}).to_string();
    let long = tokio::spawn(post_with(state.clone(), "/api/project", body));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = std::time::Instant::now();
    let (s, v) = post_with(state, "/api/count", json!({"law": "kz-mazhilis-2021", "results": KZ}).to_string()).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(started.elapsed() < Duration::from_secs(3), "a count took {:?} during a projection", started.elapsed());
    assert!(!long.is_finished(), "the projection should still be running");
    long.abort();
}

#[tokio::test]
async fn every_preset_and_parameter_change_answers_without_a_server_error() {
    for p in mandat_io::PRESETS {
        let (s, _, example) = get(&format!("/api/laws/{}/example", p.id)).await;
        let results = if s == StatusCode::OK { example } else { "constituency,party,votes\nall,A,600\nall,B,300\nall,C,100\n".to_string() };
        for set in [vec![], vec!["method=sainte-lague"], vec!["threshold=3%"], vec!["seats=7"], vec!["method=modified-sainte-lague", "first_divisor=1.4"], vec!["threshold=0%", "method=imperiali-quota"]] {
            let (s, v) = post("/api/count", json!({"law": p.id, "results": results, "set": set, "explain": true, "svg": true})).await;
            assert!(s == StatusCode::OK || s.is_client_error(), "{} {set:?}: {s} {v}", p.id);
            if !set.is_empty() {
                let (s, v) = post("/api/compare", json!({"laws": [p.id], "set": set, "results": results, "svg": true})).await;
                assert!(s == StatusCode::OK || s.is_client_error(), "{} {set:?}: {s} {v}", p.id);
            }
        }
    }
}

/// Ballot weights of 10^14: Scottish STV's units of 10^-5 vote pass an i64, which used
/// to wrap and elect the wrong candidate with 200 OK. A has a majority and wins; weights
/// too large for a rule's arithmetic are a 422 naming the limit.
#[tokio::test]
async fn tabulate_counts_huge_weights_exactly_or_refuses_them() {
    let big = "3 1\n100000000000000 1 2 0\n60000000000000 2 3 0\n40000000000000 3 2 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"big\"\n";
    for rule in ["stv-scottish", "ers97"] {
        let (s, v) = post("/api/tabulate", json!({"rule": rule, "ballots": big})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["results"].as_array().unwrap().last().unwrap()["tallyResults"][0]["elected"], "A", "{rule}: {v}");
    }
    let m = u64::MAX;
    let max = format!("3 1\n{m} 1 0\n{m} 2 0\n{m} 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"max\"\n");
    let (s, v) = post("/api/tabulate", json!({"rule": "meek-nz", "ballots": max})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v["error"].as_str().unwrap().contains("more than meek-nz can count exactly"), "{v}");
}

/// A 70,000-character party name used to panic the table renderer (a format width past
/// 65,535) and answer 500; the count, its table and explanation come back whole.
#[tokio::test]
async fn count_with_a_very_long_party_name() {
    let long = "N".repeat(70_000);
    let csv = format!("constituency,party,votes\nall,{long},5000000\nall,B,2000000\n");
    let (s, v) = post("/api/count", json!({"law": "kz-mazhilis-2021", "results": csv, "explain": true})).await;
    assert_eq!(s, StatusCode::OK, "{}", v["error"]);
    assert_eq!(v["total"][&long], 70, "D'Hondt: 5,000,000 against 2,000,000 for 98 seats");
    assert!(v["explanation"].as_str().unwrap().contains(&long));
}

/// Issue 14, items 1-2 through the API: the Seats box's `seats=N` is applied over the
/// seats the results declare (or refused with the reason), and results that do not match
/// the law are refused, as on the command line.
#[test]
fn seats_what_ifs_apply_and_results_must_match_the_law() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let (s, v) = post("/api/count", json!({"law": "kz-mazhilis-2021", "results": KZ, "set": ["seats=150"]})).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["house_size"], 150);
        let (s, v) = post("/api/count", json!({"law": "be-chamber", "results": KZ, "set": ["seats=160"]})).await;
        assert_eq!(s.as_u16() / 100, 4, "{v}");
        assert!(v["error"].as_str().unwrap().contains("11 constituencies"), "{v}");
        let (s, v) = post("/api/count", json!({"law": "se-riksdag", "results": KZ})).await;
        assert_eq!(s.as_u16() / 100, 4, "{v}");
        assert!(v["error"].as_str().unwrap().contains("not one of the law's constituencies"), "{v}");
        let (s, v) = post("/api/count", json!({"law": "il-knesset", "results": KZ})).await;
        assert_eq!(s.as_u16() / 100, 4, "{v}");
        assert!(v["error"].as_str().unwrap().contains("declare 98 seats but the law fixes 120"), "{v}");
    });
}
