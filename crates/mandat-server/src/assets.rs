//! The web page and the example results, built into the binary (no network at run time).

use axum::http::header;
use axum::response::{Html, IntoResponse};

const INDEX: &str = include_str!("../assets/index.html");
const SCRIPT: &str = include_str!("../assets/app.js");
const STYLE: &str = include_str!("../assets/style.css");

pub async fn index() -> impl IntoResponse {
    Html(INDEX)
}

pub async fn script() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], SCRIPT)
}

pub async fn style() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE)
}

/// The example results of a preset, if it reproduces a real election.
///
/// A case counted from ballots files (a `[ranked]` law) is no example here: results sent
/// to the server cannot name files, so the page could not count it.
pub fn case_for(law: &str) -> Option<&'static str> {
    mandat_io::example_for(law).filter(|text| !names_ballots_files(text))
}

fn names_ballots_files(text: &str) -> bool {
    let v: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    v.get("constituencies").and_then(|c| c.as_array()).is_some_and(|cs| cs.iter().any(|c| c.get("ballots").is_some()))
}
