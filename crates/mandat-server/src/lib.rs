//! # mandat-server
//!
//! mandat in the browser: a JSON API with the same shapes as the command line's JSON
//! (`POST /api/count`, `/api/compare`, `/api/project`, `GET /api/laws`, ...) and a web
//! page at `/` whose assets are built into the binary, so that it works offline.
//! docs/api.md describes the routes; `GET /api/openapi.json` is generated from the code.
//!
//! Robustness: a 20 MB body limit, a limit on the simulations and the time of a
//! projection, at most two projections at once, every bad input answered with a 4xx JSON
//! error built from [`mandat_io::InputError`], counting and projection on tokio's
//! blocking pool, graceful shutdown on SIGTERM and Ctrl-C.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;

pub mod api;
mod assets;
pub mod error;

pub use error::{ApiError, ErrorBody};

/// The largest request body accepted (bytes).
pub const BODY_LIMIT: usize = 20 * 1024 * 1024;

/// Bounds on the work one request may ask for.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Most simulations in one projection.
    pub max_sims: u64,
    /// Longest a projection may run before it is stopped (answered 422).
    pub project_time: Duration,
    /// Projections running at once (more are answered 429).
    pub concurrent_projections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_sims: 200_000, project_time: Duration::from_secs(30), concurrent_projections: 2 }
    }
}

/// What the handlers share.
#[derive(Clone)]
pub struct AppState {
    pub limits: Limits,
    pub(crate) projections: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    pub fn new(limits: Limits) -> Self {
        AppState { limits, projections: Arc::new(tokio::sync::Semaphore::new(limits.concurrent_projections.max(1))) }
    }
}

impl Default for AppState {
    fn default() -> Self {
        AppState::new(Limits::default())
    }
}

/// Every route: the API under /api, the page and its assets at the root.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/api/count", post(api::count_handler))
        .route("/api/compare", post(api::compare_handler))
        .route("/api/project", post(api::project_handler))
        .route("/api/tabulate", post(api::tabulate_handler))
        .route("/api/laws", get(api::laws_handler))
        .route("/api/laws/{id}", get(api::law_handler))
        .route("/api/laws/{id}/example", get(api::example_handler))
        .route("/api/openapi.json", get(api::openapi_handler))
        .route("/", get(assets::index))
        .route("/app.js", get(assets::script))
        .route("/style.css", get(assets::style))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "", format!("no route {}; see GET /api/openapi.json", uri.path()))
}

async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "", format!("{method} is not allowed on {}; see GET /api/openapi.json", uri.path()))
}

/// Serves on `addr` until SIGTERM or Ctrl-C, then finishes the requests in flight.
pub async fn serve(addr: &str, state: AppState) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    eprintln!("mandat: serving on http://{} (Ctrl-C to stop)", listener.local_addr()?);
    axum::serve(listener, router(state)).with_graceful_shutdown(shutdown_signal()).await?;
    eprintln!("mandat: stopped");
    Ok(())
}

/// [`serve`] on a new multi-threaded tokio runtime: for `mandat serve`.
pub fn serve_blocking(addr: &str) -> std::io::Result<()> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build()?.block_on(serve(addr, AppState::default()))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
