//! What every command-line test needs: run the binary from the repository root, read its
//! output, and write scratch input files that disappear afterwards.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs `mandat` with `args` from the repository root.
pub fn mandat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mandat")).args(args).current_dir(root()).output().expect("the binary runs")
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

/// A scratch file with the given contents, removed when dropped.
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new(name: &str, contents: &str) -> Scratch {
        // One folder per file: tests run in parallel and may use the same file name, while
        // the name itself stays as given (errors quote it, and its extension sets the format).
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("mandat-cli-test-{}-{}-{n}", env!("CARGO_CRATE_NAME"), std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, contents).unwrap();
        Scratch(p)
    }

    pub fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
        if let Some(dir) = self.0.parent() {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// Bad input: exit 2 and a message containing every `expect`ed piece; never a panic.
pub fn rejects(args: &[&str], expect: &[&str]) {
    let o = mandat(args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{args:?} should fail; stdout {} stderr {err}", stdout(&o));
    assert!(!err.contains("panicked"), "{err}");
    for e in expect {
        assert!(err.contains(e), "expected {e:?} in: {err}");
    }
}
