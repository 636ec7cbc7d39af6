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

/// The real elections of tests/cases whose law is a preset: (law id, results JSON or XML).
const CASES: &[(&str, &str)] = &[
    ("kz-mazhilis-2021", include_str!("../../../tests/cases/kz-mazhilis-2021.json")),
    ("kz-mazhilis-2023-list", include_str!("../../../tests/cases/kz-mazhilis-2023-list.json")),
    ("be-chamber", include_str!("../../../tests/cases/be-chamber-2024-flanders.json")),
    ("nl-tweede-kamer", include_str!("../../../tests/cases/nl-tweede-kamer-2023.json")),
    ("se-riksdag", include_str!("../../../tests/cases/se-riksdag-2022.json")),
    ("se-riksdag-national", include_str!("../../../tests/cases/se-riksdag-2022-national.json")),
    ("us-house", include_str!("../../../tests/cases/us-house-2020.json")),
    ("es-congreso", include_str!("../../../tests/cases/es-congreso-2023-madrid-barcelona.json")),
    ("il-knesset", include_str!("../../../tests/cases/il-knesset-2022.json")),
    ("nz-parliament", include_str!("../../../tests/cases/nz-parliament-2023.json")),
    ("no-storting", include_str!("../../../tests/cases/no-storting-2021.json")),
    ("ch-zh-kantonsrat", include_str!("../../../tests/cases/ch-zh-kantonsrat-2019.json")),
    ("ch-zh-gemeinderat", include_str!("../../../tests/cases/ch-zh-gemeinderat-2018.json")),
    // The German case names the official result file it is counted from (Wahlkreis
    // winners included): the example is that file, as the Bundeswahlleiterin publishes it.
    ("de-bundestag-2025", include_str!("../../../tests/data/de-bundestag-2025/gesamtergebnis_02.xml")),
];

/// The example results of a preset, if it reproduces a real election.
pub fn case_for(law: &str) -> Option<&'static str> {
    CASES.iter().find(|(l, _)| *l == law).map(|(_, t)| *t)
}
