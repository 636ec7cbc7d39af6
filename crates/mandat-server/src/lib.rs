//! # mandat-server
//!
//! mandat in the browser: a JSON API with the same shapes as the command line's JSON
//! (`POST /api/count`, `/api/compare`, `/api/project`, `GET /api/laws`, ...) and a web
//! page at `/` whose assets are built into the binary, so that it works offline.
//! docs/api.md describes the routes; `GET /api/openapi.json` is generated from the code.
//!
//! Robustness: every request is bounded. A 20 MB body limit (a larger declared
//! `Content-Length` is answered 413 before the body is read); POST bodies must be
//! `Content-Type: application/json` (415 otherwise, so that a cross-site form or
//! `text/plain` request cannot reach the API); a connection must send a request's head
//! within [`Limits::header_timeout`], which also closes idle keep-alive connections, and
//! its body within [`Limits::body_timeout`]; counts, comparisons and tabulations share
//! [`Limits::concurrent_work`] slots and answer within [`Limits::work_time`]; projections
//! have their own limits. Every bad input is answered with a 4xx JSON error built from
//! [`mandat_io::InputError`]; counting and projection run on tokio's blocking pool;
//! graceful shutdown on SIGTERM and Ctrl-C.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

pub mod api;
mod assets;
pub mod error;

pub use error::{ApiError, ErrorBody};

/// The largest request body accepted (bytes).
pub const BODY_LIMIT: usize = 20 * 1024 * 1024;

/// Bounds on the work one request may ask for, and on the time a connection may hold
/// the server without sending anything.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Most simulations in one projection.
    pub max_sims: u64,
    /// Longest a projection may run before it is stopped (answered 422).
    pub project_time: Duration,
    /// Projections running at once (more are answered 429).
    pub concurrent_projections: usize,
    /// Longest a count, comparison or tabulation (or the reading of a projection's
    /// inputs) may take, waiting for a slot included: answered 422 past it.
    pub work_time: Duration,
    /// Counts, comparisons and tabulations running at once; a request waits for a slot
    /// (within `work_time`), then is answered 429. Work past its time limit keeps its slot
    /// until it ends, so this bounds the CPU the server spends.
    pub concurrent_work: usize,
    /// Longest a connection may take to send a request's head (line and headers), counted
    /// from when the server waits for it: a half-sent head, a connection that sends
    /// nothing and an idle keep-alive connection are closed after it. Used by [`serve`].
    pub header_timeout: Duration,
    /// Longest a client may take to send a request's body (answered 408).
    pub body_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_sims: 200_000,
            project_time: Duration::from_secs(30),
            concurrent_projections: 2,
            work_time: Duration::from_secs(20),
            concurrent_work: 8,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(60),
        }
    }
}

/// What the handlers share.
#[derive(Clone)]
pub struct AppState {
    pub limits: Limits,
    pub(crate) projections: Arc<tokio::sync::Semaphore>,
    pub(crate) work: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    /// Takes one work slot until the permit is dropped, as a running count does (for
    /// tests of the busy answer, which would otherwise race a real count).
    #[doc(hidden)]
    pub fn hold_work_slot(&self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        self.work.clone().try_acquire_owned().ok()
    }

    pub fn new(limits: Limits) -> Self {
        AppState {
            limits,
            projections: Arc::new(tokio::sync::Semaphore::new(limits.concurrent_projections.max(1))),
            work: Arc::new(tokio::sync::Semaphore::new(limits.concurrent_work.max(1))),
        }
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
        .layer(axum::middleware::from_fn(check_request))
        .with_state(state)
}

/// Before any handler: a declared body over the limit is refused at once (413), without
/// waiting for a body that may never come; a POST must be JSON (415), which keeps
/// cross-site forms and `text/plain` requests (sent by browsers without a preflight) out.
async fn check_request(req: Request, next: Next) -> Response {
    let declared = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT as u64) {
        let mut err = ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body",
            format!("the request body ({} bytes) is larger than the limit of {BODY_LIMIT} bytes", declared.unwrap_or(0)),
        );
        err.body.field = Some("content-length".into());
        let mut res = err.into_response();
        // The body is not read: the connection cannot carry another request.
        res.headers_mut().insert(header::CONNECTION, header::HeaderValue::from_static("close"));
        return res;
    }
    if req.method() == Method::POST {
        let ctype = req.headers().get(header::CONTENT_TYPE).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let json = ctype.as_deref().is_some_and(|c| c.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("application/json"));
        if !json {
            let found = ctype.map_or_else(|| "none".to_string(), |c| format!("{c:?}"));
            let mut err = ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "body",
                format!("send the request body as JSON with the header Content-Type: application/json (found {found})"),
            );
            err.body.field = Some("content-type".into());
            return err.into_response();
        }
    }
    next.run(req).await
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
    serve_listener(listener, state, shutdown_signal()).await?;
    eprintln!("mandat: stopped");
    Ok(())
}

/// Serves the [`router`] on `listener` until `shutdown` completes, then finishes the
/// requests in flight (idle connections are closed at once).
///
/// Each connection is served by hyper's HTTP/1 server with a timer, so that
/// [`Limits::header_timeout`] closes a connection that does not send a complete request
/// head in time: one that sends nothing, a half-sent head, and an idle keep-alive
/// connection waiting for its next request (hyper starts the same timer then).
pub async fn serve_listener(listener: tokio::net::TcpListener, state: AppState, shutdown: impl Future<Output = ()>) -> std::io::Result<()> {
    let limits = state.limits;
    let app = router(state);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(hyper_util::rt::TokioTimer::new()).header_read_timeout(limits.header_timeout);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors or a reset before accept: wait a little rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let conn = graceful.watch(http.serve_connection(hyper_util::rt::TokioIo::new(stream), service));
        tokio::spawn(async move {
            let _ = conn.await;
        });
    }
    drop(listener);
    graceful.shutdown().await;
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
