//! The server's bounds: JSON only on POST (415), a declared body over the limit refused at
//! once (413), header, idle and body timeouts on a real socket (127.0.0.1, short
//! configurable limits, every read bounded), and the time and concurrency limits of counts.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use mandat_server::{router, serve_listener, AppState, Limits};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tower::ServiceExt;

const KZ: &str = include_str!("../../../tests/cases/kz-mazhilis-2021.json");
const DE: &str = include_str!("../../../tests/data/de-bundestag-2025/gesamtergebnis_02.xml");

async fn post_typed(state: AppState, path: &str, ctype: Option<&str>, body: String) -> (StatusCode, Value) {
    let mut req = Request::post(path);
    if let Some(c) = ctype {
        req = req.header("content-type", c);
    }
    let res = router(state).oneshot(req.body(Body::from(body)).unwrap()).await.expect("the router never fails");
    let status = res.status();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&bytes))))
}

fn kz_count() -> String {
    json!({"law": "kz-mazhilis-2021", "results": KZ}).to_string()
}

#[tokio::test]
async fn post_bodies_must_be_declared_json() {
    for ctype in [Some("text/plain"), Some("application/x-www-form-urlencoded"), Some("multipart/form-data; boundary=x"), None] {
        for path in ["/api/count", "/api/compare", "/api/project", "/api/tabulate"] {
            let (s, v) = post_typed(AppState::default(), path, ctype, kz_count()).await;
            assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{path} {ctype:?}: {v}");
            assert_eq!(v["input"], "body", "{v}");
            assert_eq!(v["field"], "content-type", "{v}");
            assert!(v["error"].as_str().unwrap().contains("application/json"), "{v}");
        }
    }
    // JSON with a charset, in any case, is JSON.
    for ctype in ["application/json; charset=utf-8", "Application/JSON"] {
        let (s, v) = post_typed(AppState::default(), "/api/count", Some(ctype), kz_count()).await;
        assert_eq!(s, StatusCode::OK, "{ctype}: {v}");
        assert_eq!(v["total"]["Nur Otan"], 76);
    }
}

#[tokio::test]
async fn a_count_over_its_time_limit_is_422() {
    let state = AppState::new(Limits { work_time: Duration::from_millis(1), ..Limits::default() });
    let body = json!({"law": "de-bundestag-2025", "results": DE}).to_string();
    let (s, v) = post_typed(state, "/api/count", Some("application/json"), body).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["input"], "results", "{v}");
    assert!(v["error"].as_str().unwrap().contains("time limit of 0.001 s"), "{v}");
    // The same count within the default limit.
    let body = json!({"law": "de-bundestag-2025", "results": DE}).to_string();
    let (s, v) = post_typed(AppState::default(), "/api/count", Some("application/json"), body).await;
    assert_eq!(s, StatusCode::OK, "{v}");
}

#[tokio::test]
async fn counts_share_a_bounded_number_of_slots() {
    // One slot; a comparison of 17 Bundestag counts outlives its 1 ms (a limit no machine
    // can meet, so the test does not depend on this machine's speed) and is refused.
    let state = AppState::new(Limits { work_time: Duration::from_millis(1), concurrent_work: 1, ..Limits::default() });
    let long = json!({"laws": vec!["de-bundestag-2025"; 16], "set": ["threshold=3%"], "results": DE}).to_string();
    let (s, v) = post_typed(state.clone(), "/api/compare", Some("application/json"), long).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v["error"].as_str().unwrap().contains("time limit"), "{v}");
    // While the only slot is held (as a running count holds it), a count waits its 200 ms
    // and is told the server is busy; once the slot is free it is counted.
    let other = AppState::new(Limits { work_time: Duration::from_millis(200), concurrent_work: 1, ..Limits::default() });
    let slot = other.hold_work_slot().expect("a free slot");
    let (s, v) = post_typed(other.clone(), "/api/count", Some("application/json"), kz_count()).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "{v}");
    assert!(v["error"].as_str().unwrap().contains("busy"), "{v}");
    drop(slot);
    let (s, v) = post_typed(other, "/api/count", Some("application/json"), kz_count()).await;
    assert_eq!(s, StatusCode::OK, "{v}");
}

// ------------------------------------------------------------------- on a real socket

/// The server on 127.0.0.1 with `limits`, stopped when the test ends.
async fn start(limits: Limits) -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(serve_listener(listener, AppState::new(limits), async move {
        let _ = stopped.await;
    }));
    (addr, stop)
}

/// Everything the server sends until it closes the connection, and when it closed it;
/// `None` if it is still open after `within`.
async fn read_until_closed(s: &mut TcpStream, within: Duration) -> Option<(String, Duration)> {
    let start = Instant::now();
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let left = within.checked_sub(start.elapsed())?;
        match tokio::time::timeout(left, s.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some((String::from_utf8_lossy(&out).into_owned(), start.elapsed())),
            Ok(Ok(n)) => out.extend_from_slice(&buf[..n]),
        }
    }
}

fn short() -> Limits {
    Limits { header_timeout: Duration::from_millis(300), body_timeout: Duration::from_millis(300), ..Limits::default() }
}

#[tokio::test]
async fn a_huge_declared_body_is_refused_at_once() {
    let (addr, _stop) = start(Limits::default()).await;
    let mut s = TcpStream::connect(addr).await.expect("connect");
    let started = Instant::now();
    s.write_all(b"POST /api/count HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000000000000\r\n\r\n").await.unwrap();
    let (text, _) = read_until_closed(&mut s, Duration::from_secs(5)).await.expect("answered and closed within 5 s");
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert!(text.contains("\"field\":\"content-length\""), "{text}");
    assert!(started.elapsed() < Duration::from_secs(2), "413 after {:?}", started.elapsed());
}

#[tokio::test]
async fn a_half_sent_head_is_closed_after_the_header_timeout() {
    let (addr, _stop) = start(short()).await;
    let mut s = TcpStream::connect(addr).await.expect("connect");
    s.write_all(b"POST /api/count HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty").await.unwrap();
    let (_, after) = read_until_closed(&mut s, Duration::from_secs(5)).await.expect("closed within 5 s");
    assert!(after >= Duration::from_millis(250), "closed too early, after {after:?}");
    // A connection that sends nothing at all is closed too.
    let mut s = TcpStream::connect(addr).await.expect("connect");
    read_until_closed(&mut s, Duration::from_secs(5)).await.expect("a silent connection is closed within 5 s");
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed() {
    let (addr, _stop) = start(short()).await;
    let mut s = TcpStream::connect(addr).await.expect("connect");
    s.write_all(b"GET /style.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").await.unwrap();
    let mut buf = vec![0u8; 65536];
    let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf)).await.expect("an answer within 5 s").unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    // The connection is kept alive for a next request, but not forever.
    let (rest, _) = read_until_closed(&mut s, Duration::from_secs(5)).await.expect("the idle connection is closed within 5 s");
    assert!(!rest.contains("HTTP/1.1"), "{rest}");
}

#[tokio::test]
async fn a_half_sent_body_is_answered_408() {
    let (addr, _stop) = start(short()).await;
    let mut s = TcpStream::connect(addr).await.expect("connect");
    s.write_all(b"POST /api/count HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"law\": ").await.unwrap();
    let (text, _) = read_until_closed(&mut s, Duration::from_secs(5)).await.expect("answered and closed within 5 s");
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("\"input\":\"body\""), "{text}");
}
