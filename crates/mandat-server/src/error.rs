//! Every failure of a request as a 4xx (or, for a bug, 500) JSON body built from
//! [`mandat_io::InputError`]: `{"error", "input", "field", "line", "column", "detail"}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use mandat_io::InputError;
use serde::Serialize;
use utoipa::ToSchema;

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What is wrong, in one sentence.
    pub error: String,
    /// Which part of the request: `results`, `law_toml`, `poll`, `set`, `sims`, `body`, ...
    pub input: Option<String>,
    /// The key or column inside that input (`allocation.method`, `votes`), when known.
    pub field: Option<String>,
    /// 1-based line inside that input, when known.
    pub line: Option<usize>,
    /// 1-based column inside that input, when known.
    pub column: Option<usize>,
    /// The full message as the command line prints it, with the offending line.
    pub detail: String,
}

/// An error response: a status and a body.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: ErrorBody,
}

impl ApiError {
    /// A 400 Bad Request from a reader's error.
    pub fn input(e: InputError) -> Self {
        Self::with_status(StatusCode::BAD_REQUEST, e)
    }

    pub fn with_status(status: StatusCode, e: InputError) -> Self {
        let detail = if e.path.is_empty() { e.message.clone() } else { e.to_string() };
        ApiError {
            status,
            body: ErrorBody { error: e.message, input: Some(e.path).filter(|p| !p.is_empty()), field: e.field, line: e.line, column: e.column, detail },
        }
    }

    /// An error about a part of the request, without a line.
    pub fn new(status: StatusCode, input: &str, message: impl Into<String>) -> Self {
        Self::with_status(status, InputError::new(input, message))
    }

    pub fn bad(input: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, input, message)
    }
}

impl From<InputError> for ApiError {
    fn from(e: InputError) -> Self {
        ApiError::input(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}
