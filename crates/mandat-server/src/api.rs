//! The JSON API: request types (with their OpenAPI schemas), handlers, and the
//! OpenAPI document generated from them.
//!
//! Every handler checks its input with the readers of `mandat-io` and answers a bad
//! input with a 4xx [`ApiError`]; counting and projection run on tokio's blocking pool.

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use mandat_core::analysis::compare;
use mandat_core::analysis::projection::{self, Model, ProjectionError};
use mandat_core::count::count;
use mandat_core::election::Election;
use mandat_core::law::{Condition, Law};
use mandat_io::json_out::JsonOut;
use mandat_io::{report, report_analysis, InputError};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::{OpenApi, ToSchema};

use crate::error::{ApiError, ErrorBody};
use crate::AppState;

/// The request body as JSON, with serde's line and column in the error, and a 413 JSON
/// error over the body limit.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let limit = state.limits.body_timeout;
        let read = tokio::time::timeout(limit, Bytes::from_request(req, state)).await.map_err(|_| {
            ApiError::new(StatusCode::REQUEST_TIMEOUT, "body", format!("the request body did not arrive within the time limit of {}", seconds(limit)))
        })?;
        let bytes = read.map_err(|r| {
            let status = r.status();
            let msg = if status == StatusCode::PAYLOAD_TOO_LARGE {
                format!("the request body is larger than the limit of {} bytes", crate::BODY_LIMIT)
            } else {
                format!("cannot read the request body: {}", r.body_text())
            };
            ApiError::new(status, "body", msg)
        })?;
        let text = std::str::from_utf8(&bytes).map_err(|_| ApiError::bad("body", "the request body is not valid UTF-8"))?;
        serde_json::from_str(text).map(ApiJson).map_err(|e| {
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
            let field = msg.split('`').nth(1).map(str::to_string);
            let mut err = InputError::new("body", format!("not a valid request: {msg}"));
            if e.line() > 0 {
                err = err.line(e.line()).column(e.column());
            }
            if let Some(f) = field.filter(|_| msg.contains("field")) {
                err = err.field(f);
            }
            ApiError::input(err)
        })
    }
}

/// Results as the text of a file (JSON in the shape of tests/cases, or CSV
/// `constituency,party,votes`), or as that JSON itself.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum ResultsInput {
    /// The text of a results file, JSON or CSV (told apart by the first character).
    Text(String),
    /// Results JSON in the shape of tests/cases.
    #[schema(value_type = Object)]
    Json(Value),
}

impl ResultsInput {
    /// The text (borrowed when it was sent as text) and the name used in errors.
    fn text(&self, name: &str) -> Result<Cow<'_, str>, ApiError> {
        match self {
            ResultsInput::Text(t) => Ok(Cow::Borrowed(t)),
            ResultsInput::Json(v @ Value::Object(_)) => {
                Ok(Cow::Owned(serde_json::to_string_pretty(v).map_err(|e| ApiError::bad(name, e.to_string()))?))
            }
            ResultsInput::Json(_) => Err(ApiError::bad(name, "expected the text of a results file or a results JSON object")),
        }
    }
}

fn parse_election(text: &str, name: &str) -> Result<Election, ApiError> {
    Ok(mandat_io::parse_results_sent(text, name)?)
}

/// A law: a preset id (shared, not copied) or the text of a law file.
fn resolve_law(id: Option<&str>, toml: Option<&str>) -> Result<Arc<Law>, ApiError> {
    match (id, toml) {
        (Some(_), Some(_)) => Err(ApiError::bad("law", "give `law` (a preset id) or `law_toml` (a law file), not both")),
        (None, None) => Err(ApiError::bad("law", "give `law` (a preset id, see GET /api/laws) or `law_toml` (the text of a law file)")),
        (Some(id), None) => preset(id, "law"),
        (None, Some(text)) => Ok(Arc::new(mandat_io::parse_law(text, "law_toml")?)),
    }
}

/// The law with the request's `set` applied; the law itself when there is none to apply.
fn with_sets(law: Arc<Law>, sets: &[String]) -> Result<Arc<Law>, ApiError> {
    if sets.is_empty() {
        return Ok(law);
    }
    Ok(Arc::new(report_analysis::apply_sets(&law, sets, "set")?))
}

/// The presets, parsed once and shared by the requests: neither TOML read again nor a
/// law copied per request (issue 17).
type ParsedPreset = (&'static str, Result<Arc<Law>, InputError>);

fn parsed_presets() -> &'static [ParsedPreset] {
    static PARSED: std::sync::OnceLock<Vec<ParsedPreset>> = std::sync::OnceLock::new();
    PARSED.get_or_init(|| mandat_io::PRESETS.iter().map(|p| (p.id, mandat_io::parse_law(p.text, &format!("laws/{}.toml", p.id)).map(Arc::new))).collect())
}

/// A preset law to change (a comparison's laws): a copy of the shared one.
fn preset_law(id: &str, input: &str) -> Result<Law, ApiError> {
    preset(id, input).map(|l| (*l).clone())
}

fn preset(id: &str, input: &str) -> Result<Arc<Law>, ApiError> {
    match parsed_presets().iter().find(|(p, _)| *p == id).map(|(_, l)| l.clone()) {
        Some(law) => Ok(law?),
        None => {
            let ids: Vec<&str> = mandat_io::PRESETS.iter().map(|p| p.id).collect();
            Err(ApiError::bad(input, format!("no preset law {id:?}; presets: {}", ids.join(", "))))
        }
    }
}

/// A duration in words: "20 s", "0.05 s".
pub(crate) fn seconds(d: std::time::Duration) -> String {
    if d.subsec_nanos() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} s", (d.as_secs_f64() * 1000.0).round() / 1000.0)
    }
}

/// Runs `f` on tokio's blocking pool; a panic there (a bug) becomes a 500.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T, ApiError> + Send + 'static) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|e| {
        Err(ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "", format!("internal error (a bug, please report it): {e}")))
    })
}

/// Runs `f` on tokio's blocking pool within the server's bounds: it waits for one of
/// `concurrent_work` slots (429 if none frees up within `work_time`) and is answered 422
/// (naming `input`, what makes the work long) if it has not finished within `work_time`
/// of the request. The work itself cannot be interrupted: it keeps its slot until it
/// ends, so that the slots bound the CPU in use, not only the requests answered.
async fn bounded<T: Send + 'static>(state: &AppState, input: &'static str, f: impl FnOnce() -> Result<T, ApiError> + Send + 'static) -> Result<T, ApiError> {
    let limit = state.limits.work_time;
    let deadline = tokio::time::Instant::now() + limit;
    let permit = work_slot(state, deadline).await?;
    let job = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        f()
    });
    match tokio::time::timeout_at(deadline, job).await {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => Err(ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "", format!("internal error (a bug, please report it): {e}"))),
        Err(_) => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            input,
            format!("the work did not finish within the time limit of {}; send less to count", seconds(limit)),
        )),
    }
}

/// One of the `concurrent_work` slots, waited for until `deadline` (429 past it).
async fn work_slot(state: &AppState, deadline: tokio::time::Instant) -> Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
    match tokio::time::timeout_at(deadline, state.work.clone().acquire_owned()).await {
        Ok(Ok(p)) => Ok(p),
        _ => Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "",
            format!("the server is busy ({} counts at once); try again in a moment", state.limits.concurrent_work.max(1)),
        )),
    }
}

fn count_error(input: &str) -> impl Fn(mandat_core::count::CountError) -> ApiError + '_ {
    move |e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, input, e.to_string())
}

// ----------------------------------------------------------------------------- count

/// `POST /api/count`: an election under a law.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CountRequest {
    /// A preset law id (see `GET /api/laws`).
    pub law: Option<String>,
    /// The text of a law file (TOML, docs/law-format.md), instead of `law`.
    pub law_toml: Option<String>,
    /// The results: JSON text in the shape of tests/cases, CSV `constituency,party,votes` or the Bundeswahlleiterin's XML, or that JSON as an object.
    pub results: ResultsInput,
    /// Seed of the lot, for ties the law decides by lot.
    #[serde(default)]
    pub seed: u64,
    /// Changes to the law before counting, as `mandat compare --set`: `threshold=5%`, `method=sainte-lague` (also `list_method`, `compensation_method`), `first_divisor=1.4`, `seats=150`, `ties=more-votes,lot`.
    #[serde(default)]
    pub set: Vec<String>,
    /// Add `explanation`: every step of the count as text (`mandat run --explain`).
    #[serde(default)]
    pub explain: bool,
    /// Add `svg`: the hemicycle (`mandat run --format svg`).
    #[serde(default)]
    pub svg: bool,
}

/// The count, as `mandat run --format json`, with `votes` (per party, nationally) and,
/// when asked, `explanation` and `svg`.
#[utoipa::path(post, path = "/api/count", request_body = CountRequest,
    responses(
        (status = 200, description = "The JSON of `mandat run --format json`, plus `votes`, and `explanation` / `svg` when asked", body = Object),
        (status = 400, description = "Bad input: the message names the input, line and field", body = ErrorBody),
        (status = 422, description = "The results do not fit the law, or the count ran out of time", body = ErrorBody),
        (status = 408, description = "The body did not arrive within the time limit", body = ErrorBody),
        (status = 413, description = "Request body over 20 MB (a larger declared Content-Length is refused at once)", body = ErrorBody),
        (status = 415, description = "The body is not sent as Content-Type: application/json", body = ErrorBody),
        (status = 429, description = "Too many requests at once", body = ErrorBody),
    ))]
pub async fn count_handler(State(state): State<AppState>, ApiJson(req): ApiJson<CountRequest>) -> Result<Response, ApiError> {
    // A small count runs on the thread that read the request: sending it to the blocking
    // pool and back cost more than the count (two thread switches; issue 17). What may
    // be large (a law file, a long text, many seats) goes to the pool, within the limits.
    let small_text = req.law_toml.is_none() && matches!(&req.results, ResultsInput::Text(t) if t.len() <= INLINE_TEXT);
    if small_text {
        let permit = work_slot(&state, tokio::time::Instant::now() + state.limits.work_time).await?;
        let (law, text, election) = count_inputs(&req)?;
        if seats_bound(&law, &election) <= INLINE_SEATS {
            let answer = count_answer(&req, &law, &text, &election);
            drop(permit);
            return answer;
        }
    }
    bounded(&state, "results", move || {
        let (law, text, election) = count_inputs(&req)?;
        count_answer(&req, &law, &text, &election)
    })
    .await
}

/// Results texts up to this size with a preset law are read on the request's thread.
const INLINE_TEXT: usize = 64 * 1024;
/// ... and counted there if they share at most this many seats.
const INLINE_SEATS: u64 = 1_000;

/// At least the seats a count shares: the law's (with its `set`) and any the results declare.
fn seats_bound(law: &Law, election: &Election) -> u64 {
    let law_seats = law.seats.map_or(0, |s| u64::from(s.0))
        + law.constituencies.iter().map(|c| u64::from(c.seats.0)).sum::<u64>()
        + law.compensation.as_ref().map_or(0, |c| u64::from(c.total_seats));
    let declared: u64 = election.constituencies.iter().flat_map(|c| [c.seats, c.district_seats, c.leveling_seats]).flatten().map(u64::from).sum();
    law_seats + declared
}

fn count_inputs(req: &CountRequest) -> Result<(Arc<Law>, Cow<'_, str>, Election), ApiError> {
    let law = with_sets(resolve_law(req.law.as_deref(), req.law_toml.as_deref())?, &req.set)?;
    let text = req.results.text("results")?;
    let election = parse_election(&text, "results")?;
    Ok((law, text, election))
}

/// The JSON of `mandat run --format json`, written straight into the body, then `votes`
/// and what was asked for.
fn count_answer(req: &CountRequest, law: &Law, text: &str, election: &Election) -> Result<Response, ApiError> {
    let outcome = count(law, election, req.seed).map_err(count_error("results"))?;
    let mut w = JsonOut::with_capacity(report::json_capacity(&outcome) + 64 * election.parties.len());
    report::write_outcome(&mut w, law, &outcome, |w| {
        let votes = election.national_votes();
        w.field_map("votes", election.parties.iter().map(String::as_str).zip(votes));
        if req.explain {
            w.field("explanation", &report::explain(law, &outcome));
        }
        if req.svg {
            w.field("svg", &report_analysis::outcome_svg(law, &outcome, text));
        }
    });
    Ok(json_body(w.into_bytes()))
}

/// A response with JSON already written (as `Json` answers: 200, `application/json`).
fn json_body(bytes: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, header::HeaderValue::from_static("application/json"))], Bytes::from(bytes)).into_response()
}

// --------------------------------------------------------------------------- compare

/// A law in a comparison: a preset id, or `{"toml": "..."}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum LawRef {
    /// A preset id.
    Id(String),
    /// The text of a law file.
    Toml {
        toml: String,
    },
}

/// `POST /api/compare`: the same results under two or more laws, or one law and changes.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompareRequest {
    /// The laws, the first being the one the others are compared with.
    pub laws: Vec<LawRef>,
    /// Changes applied to the last law, which is then compared as one more law (`mandat compare --set`).
    #[serde(default)]
    pub set: Vec<String>,
    pub results: ResultsInput,
    #[serde(default)]
    pub seed: u64,
    /// Add `svg`: hemicycles side by side.
    #[serde(default)]
    pub svg: bool,
}

/// The comparison, as `mandat compare --format json` (plus `svg` when asked).
#[utoipa::path(post, path = "/api/compare", request_body = CompareRequest,
    responses(
        (status = 200, description = "The JSON of `mandat compare --format json`", body = Object),
        (status = 400, description = "Bad input", body = ErrorBody),
        (status = 422, description = "The results do not fit a law", body = ErrorBody),
        (status = 408, description = "The body did not arrive within the time limit", body = ErrorBody),
        (status = 413, description = "Request body over 20 MB (a larger declared Content-Length is refused at once)", body = ErrorBody),
        (status = 415, description = "The body is not sent as Content-Type: application/json", body = ErrorBody),
        (status = 429, description = "Too many requests at once", body = ErrorBody),
    ))]
pub async fn compare_handler(State(state): State<AppState>, ApiJson(req): ApiJson<CompareRequest>) -> Result<Json<Value>, ApiError> {
    bounded(&state, "results", move || {
        if req.laws.len() > 16 {
            return Err(ApiError::bad("laws", "at most 16 laws in one comparison"));
        }
        let laws = req
            .laws
            .iter()
            .enumerate()
            .map(|(k, l)| match l {
                LawRef::Id(id) => preset_law(id, &format!("laws[{k}]")),
                LawRef::Toml { toml } => Ok(mandat_io::parse_law(toml, &format!("laws[{k}]"))?),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let (labels, laws) = report_analysis::variants(laws, &req.set, "laws", "set")?;
        let text = req.results.text("results")?;
        let election = parse_election(&text, "results")?;
        let cmp = compare::compare(labels, &laws, &election, req.seed).map_err(count_error("results"))?;
        let mut v = report_analysis::compare_json(&cmp);
        if req.svg {
            v["svg"] = json!(report_analysis::compare_svg(&cmp, &text));
        }
        Ok(Json(v))
    })
    .await
}

// --------------------------------------------------------------------------- project

fn default_sample_size() -> u64 {
    1000
}
fn default_sims() -> u64 {
    10_000
}
fn default_swing() -> String {
    "proportional".into()
}
fn default_noise() -> f64 {
    0.05
}

/// `POST /api/project`: a seat projection from a poll.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectRequest {
    pub law: Option<String>,
    pub law_toml: Option<String>,
    /// Changes to the law, as in `/api/count`.
    #[serde(default)]
    pub set: Vec<String>,
    /// The base election (results, as in `/api/count`).
    pub base: ResultsInput,
    /// The poll: CSV text `party,share` (percent) or `party,share,se`.
    pub poll: String,
    /// Respondents of the poll (Dirichlet model, when the poll has no `se`).
    #[serde(default = "default_sample_size")]
    pub sample_size: u64,
    /// Simulations: from 1 to the server's limit (200,000 by default).
    #[serde(default = "default_sims")]
    pub sims: u64,
    #[serde(default)]
    pub seed: u64,
    /// `proportional` or `uniform`.
    #[serde(default = "default_swing")]
    pub swing: String,
    /// Standard deviation of the log-normal constituency noise.
    #[serde(default = "default_noise")]
    pub noise: f64,
    /// Coalitions whose chance of a majority is wanted: `"A+B+C"`.
    #[serde(default)]
    pub coalitions: Vec<String>,
    /// Add `svg`: each party's seat distribution.
    #[serde(default)]
    pub svg: bool,
    /// Answer with NDJSON: `{"progress": done, "sims": n}` lines, then `{"result": ...}` or `{"error": ...}`.
    #[serde(default)]
    pub stream: bool,
}

struct Prepared {
    law: Law,
    base: Election,
    base_text: String,
    poll_shares: Vec<f64>,
    model: Model,
    coalitions: Vec<String>,
    svg: bool,
}

fn prepare(req: ProjectRequest, max_sims: u64) -> Result<Prepared, ApiError> {
    if req.sims == 0 || req.sims > max_sims {
        return Err(ApiError::bad("sims", format!("expected a number of simulations from 1 to {max_sims}")));
    }
    if req.sample_size == 0 {
        return Err(ApiError::bad("sample_size", "the poll's sample size must be at least 1"));
    }
    if !(0.0..=1.0).contains(&req.noise) {
        return Err(ApiError::bad("noise", format!("the noise must be a number from 0 to 1, found {}", req.noise)));
    }
    if req.coalitions.len() > 64 {
        return Err(ApiError::bad("coalitions", "at most 64 coalitions"));
    }
    let law = resolve_law(req.law.as_deref(), req.law_toml.as_deref())?;
    let law = report_analysis::apply_sets(&law, &req.set, "set")?;
    let base_text = req.base.text("base")?.into_owned();
    let base = parse_election(&base_text, "base")?;
    let poll = mandat_io::poll::parse_poll(&req.poll, "poll", &base)?;
    let swing = report_analysis::parse_swing(&req.swing, "swing")?;
    let coalitions = report_analysis::parse_coalitions(&req.coalitions, &base.parties, "coalitions")?;
    let model = Model {
        shares: poll.shares.clone(),
        uncertainty: poll.uncertainty(req.sample_size),
        swing,
        noise: req.noise,
        sims: req.sims,
        seed: req.seed,
        coalitions,
    };
    Ok(Prepared { law, base, base_text, poll_shares: poll.shares, model, coalitions: req.coalitions, svg: req.svg })
}

/// Runs a prepared projection with the time limit; `progress` sees the simulations done.
fn run_projection(p: &Prepared, limit: std::time::Duration, cancel: &AtomicBool, progress: &(dyn Fn(u64) + Sync)) -> Result<Value, ApiError> {
    let start = Instant::now();
    let watch = |done: u64| {
        if start.elapsed() > limit {
            cancel.store(true, Ordering::Relaxed);
        }
        progress(done);
    };
    let result = projection::project_cancellable(&p.law, &p.base, &p.model, &watch, cancel);
    let proj = match result {
        Ok(r) => r,
        Err(ProjectionError::Cancelled) => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "sims",
                format!("the projection did not finish within the time limit of {}; ask for fewer simulations", seconds(limit)),
            ))
        }
        Err(ProjectionError::Count(e)) => return Err(count_error("base")(e)),
        Err(e @ ProjectionError::Ranked) => return Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "law", e.to_string())),
        Err(e) => return Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "poll", e.to_string())),
    };
    let mut v = report_analysis::projection_json(&p.law, &p.base.parties, &p.poll_shares, &proj, &p.coalitions);
    if p.svg {
        v["svg"] = json!(report_analysis::projection_svg(&p.law, &p.base.parties, &proj, &p.base_text));
    }
    Ok(v)
}

/// Sets the flag when dropped: the projection of a request that is no longer awaited stops.
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// The projection, as `mandat project --format json` (plus `svg` when asked); with
/// `stream`, NDJSON progress lines and then the result.
#[utoipa::path(post, path = "/api/project", request_body = ProjectRequest,
    responses(
        (status = 200, description = "The JSON of `mandat project --format json`; with `stream: true`, `application/x-ndjson` lines `{\"progress\", \"sims\"}` then `{\"result\"}` or `{\"error\"}`", body = Object),
        (status = 400, description = "Bad input", body = ErrorBody),
        (status = 422, description = "The base does not fit the law, or the projection ran out of time", body = ErrorBody),
        (status = 429, description = "Too many projections running at once", body = ErrorBody),
        (status = 408, description = "The body did not arrive within the time limit", body = ErrorBody),
        (status = 413, description = "Request body over 20 MB (a larger declared Content-Length is refused at once)", body = ErrorBody),
        (status = 415, description = "The body is not sent as Content-Type: application/json", body = ErrorBody),
    ))]
pub async fn project_handler(State(state): State<AppState>, ApiJson(req): ApiJson<ProjectRequest>) -> Result<Response, ApiError> {
    let permit = state.projections.clone().try_acquire_owned().map_err(|_| {
        ApiError::new(StatusCode::TOO_MANY_REQUESTS, "", "too many projections are running; try again in a moment")
    })?;
    let limits = state.limits;
    let stream = req.stream;
    let prepared = bounded(&state, "base", move || prepare(req, limits.max_sims)).await?;
    let cancel = Arc::new(AtomicBool::new(false));
    if !stream {
        // A client that goes away drops this future, and the guard stops the projection.
        let _guard = CancelOnDrop(cancel.clone());
        let c = cancel.clone();
        let v = blocking(move || {
            let _permit = permit;
            run_projection(&prepared, limits.project_time, &c, &|_| {})
        })
        .await?;
        return Ok(Json(v).into_response());
    }
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(256);
    let sims = prepared.model.sims;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let best = AtomicU64::new(0);
        let line = |v: Value| Ok::<_, std::io::Error>(Bytes::from(format!("{v}\n")));
        let progress = |done: u64| {
            let done = done.min(sims);
            if best.fetch_max(done, Ordering::Relaxed) < done {
                if let Err(tokio::sync::mpsc::error::TrySendError::Closed(_)) = tx.try_send(line(json!({"progress": done, "sims": sims}))) {
                    cancel.store(true, Ordering::Relaxed); // the client went away
                }
            }
        };
        let last = match run_projection(&prepared, limits.project_time, &cancel, &progress) {
            Ok(v) => json!({"result": v}),
            Err(e) => json!({"error": e.body, "status": e.status.as_u16()}),
        };
        let _ = tx.blocking_send(line(last));
    });
    let body = Body::from_stream(tokio_stream::wrappers::ReceiverStream::new(rx));
    Ok(([(header::CONTENT_TYPE, "application/x-ndjson")], body).into_response())
}

// -------------------------------------------------------------------------- tabulate

/// Ranked ballots to count, as `mandat tabulate`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TabulateRequest {
    /// plurality, two-round, irv, supplementary, stv-scottish, meek, meek-nz, ers97.
    pub rule: String,
    /// The ballots: the text of a BLT file, or of a rankings CSV (`weight,rank1,rank2,...`).
    pub ballots: String,
    /// `blt` or `csv`; by default a text whose first line is two whole numbers is BLT.
    pub format: Option<String>,
    /// Seats to fill (default: the BLT header's, else 1).
    pub seats: Option<u32>,
    /// Seed of the lot, for ties that need one.
    #[serde(default)]
    pub seed: u64,
    /// plurality, two-round, supplementary: a ballot line that is not a contestant
    /// (e.g. "Against all"): reported, never elected.
    pub against_all: Option<String>,
    /// `void` (default) or `ignore`: what happens if that line tops the poll.
    pub if_against_all_wins: Option<String>,
    /// two-round: registered voters (for the quorum and the shares of the electorate).
    pub electorate: Option<u64>,
    /// two-round: the share of registered voters who must vote, e.g. "50%".
    pub quorum: Option<String>,
    /// two-round: the runoff's votes, the text of a CSV `party,votes` (else each ballot's
    /// highest preference among the runoff candidates).
    pub runoff: Option<String>,
    /// two-round: every candidate with at least this share goes to the runoff, e.g. "12.5%".
    pub runoff_bar: Option<String>,
    /// two-round: `valid` (default) or `electorate`: what the bar is a share of.
    pub runoff_bar_of: Option<String>,
    /// two-round: when fewer than two reach the bar, the leaders make up two.
    #[serde(default)]
    pub runoff_at_least_two: bool,
    /// two-round: a first-round winner also needs this share of the registered voters, e.g. "25%".
    pub first_round_min_electorate: Option<String>,
}

/// The round-by-round count in the Universal RCV Tabulation JSON that RCTab writes
/// (`mandat tabulate --format json`), plus `table`, the round table as text.
#[utoipa::path(post, path = "/api/tabulate", request_body = TabulateRequest,
    responses(
        (status = 200, description = "The URCVT JSON of `mandat tabulate --format json`, plus `table`", body = Object),
        (status = 400, description = "Bad input: an unknown rule, or ballots that do not parse (line and field named)", body = ErrorBody),
        (status = 422, description = "The ballots cannot be counted under the rule (e.g. more seats than candidates)", body = ErrorBody),
        (status = 408, description = "The body did not arrive within the time limit", body = ErrorBody),
        (status = 413, description = "Request body over 20 MB (a larger declared Content-Length is refused at once)", body = ErrorBody),
        (status = 415, description = "The body is not sent as Content-Type: application/json", body = ErrorBody),
        (status = 429, description = "Too many requests at once", body = ErrorBody),
    ))]
pub async fn tabulate_handler(State(state): State<AppState>, ApiJson(req): ApiJson<TabulateRequest>) -> Result<Json<Value>, ApiError> {
    bounded(&state, "ballots", move || {
        let rules = mandat_core::ranked::RULES;
        if !rules.contains(&req.rule.as_str()) {
            return Err(ApiError::bad("rule", format!("unknown rule {:?}; expected one of {}", req.rule, rules.join(", "))));
        }
        if req.seats.is_some_and(|s| s == 0 || s > 10_000) {
            return Err(ApiError::bad("seats", "seats must be from 1 to 10,000"));
        }
        let looks_blt = req.ballots.lines().find(|l| !l.trim().is_empty()).is_some_and(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            f.len() == 2 && f.iter().all(|x| x.parse::<u64>().is_ok())
        });
        let blt = match req.format.as_deref() {
            Some("blt") => true,
            Some("csv") => false,
            None => looks_blt,
            Some(other) => return Err(ApiError::bad("format", format!("expected blt or csv, found {other:?}"))),
        };
        let (bb, file_seats, title) = if blt {
            let b = mandat_io::ranked::parse_blt(&req.ballots, "ballots").map_err(ApiError::input)?;
            (b.ballots, Some(b.seats), b.title)
        } else {
            (mandat_io::ranked::parse_rankings_csv(&req.ballots, "ballots").map_err(ApiError::input)?, None, String::new())
        };
        let seats = req.seats.or(file_seats).unwrap_or(1);
        let settings = mandat_io::ranked::DirectSettings {
            against_all: req.against_all,
            if_against_all_wins: req.if_against_all_wins,
            electorate: req.electorate,
            quorum: req.quorum,
            runoff_bar: req.runoff_bar,
            runoff_bar_of: req.runoff_bar_of,
            runoff_at_least_two: req.runoff_at_least_two,
            first_round_min_electorate: req.first_round_min_electorate,
        };
        let direct = settings.options(&req.rule, &bb, req.seed, mandat_io::ranked::Naming::JsonFields).map_err(ApiError::input)?;
        let runoff = req.runoff.as_deref().map(|text| mandat_io::ranked::runoff_votes(text, "runoff", &bb)).transpose().map_err(ApiError::input)?;
        let t = mandat_core::ranked::tabulate_by_name(&req.rule, &bb, seats, &direct, runoff.as_deref())
            .expect("the rule was checked")
            .map_err(|e| ApiError::with_status(StatusCode::UNPROCESSABLE_ENTITY, mandat_io::ranked::count_error(e, "ballots", req.seats.is_some(), mandat_io::ranked::Naming::JsonFields)))?;
        let meta = mandat_io::ranked::ReportMeta { contest: title, ..Default::default() };
        let mut v = mandat_io::ranked::urcvt_json(&t, &meta);
        v["table"] = json!(mandat_io::ranked::round_table(&t));
        Ok(Json(v))
    })
    .await
}

// ------------------------------------------------------------------------------ laws

/// A preset law in brief.
#[derive(Debug, Serialize, ToSchema)]
pub struct LawSummary {
    pub id: String,
    pub name: String,
    pub citation: String,
    pub effective: Option<String>,
    /// Seats of the assembly (or of the compensation tier), when the law fixes them.
    pub seats: Option<u32>,
    /// Method of the list tier; `null` when the law has no list tier (its seats are
    /// shared by the methods in `methods`). `set method=...` changes it and a
    /// compensation tier's that is the same; `list_method=...` it alone.
    pub method: Option<String>,
    /// Every apportionment method of the law, with its tier, e.g. `compensation tier:
    /// sainte-lague`, `biproportional upper apportionment: sainte-lague`.
    pub methods: Vec<String>,
    pub first_divisor: Option<String>,
    /// The share of the first percentage condition of the threshold, e.g. `7%`.
    pub threshold: Option<String>,
    /// Every threshold condition, in words.
    pub threshold_rules: Vec<String>,
    /// `national` or `constituency`: where the list tier allocates.
    pub level: Option<String>,
    /// Constituencies the law names.
    pub constituencies: usize,
    /// Whether the law names the elected (candidate lists).
    pub candidates: bool,
    /// The path of the real election this preset reproduces (`GET` it), if there is one.
    pub example: Option<String>,
}

fn methods(law: &Law) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(a) = &law.allocation {
        out.push(format!("list tier: {}", a.method));
    }
    if let Some(c) = &law.compensation {
        out.push(format!("compensation tier: {}", c.method));
        if let Some(l) = &c.lower_apportionment {
            out.push(format!("lower apportionment: {}", l.method));
        }
    }
    if let Some(b) = &law.biproportional {
        out.push(format!("biproportional upper apportionment: {}", b.upper_method));
        out.push(format!("biproportional lower apportionment: {}", b.lower_method));
    }
    out
}

fn summary(law: &Law) -> LawSummary {
    let share = |t: &mandat_core::law::Threshold| {
        t.any_of.iter().find_map(|c| match c {
            Condition::Share { share, .. } => Some(share.to_string()),
            _ => None,
        })
    };
    let thresholds: Vec<&mandat_core::law::Threshold> =
        law.threshold.iter().chain(law.compensation.as_ref().and_then(|c| c.threshold.as_ref())).collect();
    let seats = law
        .seats
        .map(|s| s.0)
        .or(law.compensation.as_ref().map(|c| c.total_seats))
        .or_else(|| (!law.constituencies.is_empty()).then(|| law.constituencies.iter().map(|c| c.seats.0).sum()));
    LawSummary {
        id: law.id.clone(),
        name: law.name.clone(),
        citation: law.citation.clone(),
        effective: law.effective.map(|d| d.to_string()),
        seats,
        method: law.allocation.as_ref().map(|a| a.method.name().to_string()),
        methods: methods(law),
        first_divisor: law.allocation.as_ref().and_then(|a| a.method.first_divisor()).map(|d| d.to_string()),
        threshold: thresholds.iter().find_map(|t| share(t)),
        threshold_rules: thresholds.iter().flat_map(|t| t.any_of.iter().map(|c| c.to_string())).collect(),
        level: law.allocation.as_ref().map(|a| format!("{:?}", a.level).to_lowercase()),
        constituencies: law.constituencies.len(),
        candidates: law.candidates.is_some(),
        example: crate::assets::case_for(&law.id).map(|_| format!("/api/laws/{}/example", law.id)),
    }
}

/// Every preset law, in brief.
#[utoipa::path(get, path = "/api/laws", responses((status = 200, body = Vec<LawSummary>)))]
pub async fn laws_handler() -> Json<Vec<LawSummary>> {
    Json(parsed_presets().iter().filter_map(|(_, l)| l.as_ref().ok()).map(|l| summary(l)).collect())
}

/// A preset law: the text of its file and its summary.
#[derive(Debug, Serialize, ToSchema)]
pub struct LawDetail {
    pub id: String,
    /// The law file (TOML), as under laws/.
    pub toml: String,
    pub summary: LawSummary,
}

fn find_preset(id: &str) -> Result<&'static mandat_io::Preset, ApiError> {
    mandat_io::PRESETS.iter().find(|p| p.id == id).ok_or_else(|| {
        let ids: Vec<&str> = mandat_io::PRESETS.iter().map(|p| p.id).collect();
        ApiError::new(StatusCode::NOT_FOUND, "id", format!("no preset law {id:?}; presets: {}", ids.join(", ")))
    })
}

/// One preset law: its TOML text and summary.
#[utoipa::path(get, path = "/api/laws/{id}", params(("id" = String, Path, description = "A preset id")),
    responses((status = 200, body = LawDetail), (status = 404, body = ErrorBody)))]
pub async fn law_handler(Path(id): Path<String>) -> Result<Json<LawDetail>, ApiError> {
    let p = find_preset(&id)?;
    let law = mandat_io::parse_law(p.text, &format!("laws/{}.toml", p.id))?;
    Ok(Json(LawDetail { id: p.id.to_string(), toml: p.text.to_string(), summary: summary(&law) }))
}

/// The real election a preset reproduces (tests/cases, or for de-bundestag-2025 the
/// official XML result file the case is counted from), usable as `results`.
#[utoipa::path(get, path = "/api/laws/{id}/example", params(("id" = String, Path, description = "A preset id")),
    responses((status = 200, description = "Results JSON in the shape of tests/cases (XML for de-bundestag-2025)", body = Object), (status = 404, body = ErrorBody)))]
pub async fn example_handler(Path(id): Path<String>) -> Result<Response, ApiError> {
    find_preset(&id)?;
    let text = crate::assets::case_for(&id)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "id", format!("the preset {id:?} has no real election among the cases")))?;
    let ctype = if text.starts_with('<') { "application/xml" } else { "application/json" };
    Ok(([(header::CONTENT_TYPE, ctype)], text).into_response())
}

// --------------------------------------------------------------------------- openapi

#[derive(OpenApi)]
#[openapi(
    info(title = "mandat", description = "Votes into seats exactly as an electoral law prescribes: counts, comparisons and projections (docs/api.md)."),
    paths(count_handler, compare_handler, project_handler, tabulate_handler, laws_handler, law_handler, example_handler, openapi_handler),
    components(schemas(CountRequest, CompareRequest, ProjectRequest, TabulateRequest, ResultsInput, LawRef, LawSummary, LawDetail, ErrorBody))
)]
pub struct ApiDoc;

/// The OpenAPI 3 document of the routes above.
#[utoipa::path(get, path = "/api/openapi.json", responses((status = 200, description = "This document", body = Object)))]
pub async fn openapi_handler() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
