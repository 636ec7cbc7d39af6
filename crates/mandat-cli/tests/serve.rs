//! `mandat serve`: the binary answers on its address and stops cleanly on SIGTERM.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn get(addr: &str, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    Some(out)
}

#[cfg(unix)]
#[test]
fn serve_answers_and_stops_on_sigterm() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
    let addr = format!("127.0.0.1:{port}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_mandat")).args(["serve", "--addr", &addr]).stderr(Stdio::piped()).spawn().expect("start mandat serve");
    let start = Instant::now();
    let answer = loop {
        if let Some(a) = get(&addr, "/api/laws") {
            break a;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "mandat serve did not answer");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("kz-mazhilis-2021"));
    let page = get(&addr, "/").expect("the page");
    assert!(page.contains("<title>mandat"), "{page}");

    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill");
    assert!(killed.success());
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "mandat serve did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit status {status}");
    let mut err = String::new();
    child.stderr.take().expect("stderr").read_to_string(&mut err).expect("read stderr");
    assert!(err.contains("stopped"), "{err}");
}

#[test]
fn serve_reports_an_address_it_cannot_use() {
    let out = Command::new(env!("CARGO_BIN_EXE_mandat")).args(["serve", "--addr", "not-an-address"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--addr"));
}
