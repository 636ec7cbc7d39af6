//! Link settings of the `mandat` binary that make it start faster (issue 17). A one-shot
//! command such as `mandat tabulate` on a million ballots runs in ~30 ms, of which the
//! dynamic loader's work before `main` was ~2 ms of CPU time; these two settings remove
//! a fifth of it (BENCHMARKS.md). Each is taken only where it is known to work, so a
//! build elsewhere links as before: nothing here changes what the program computes.
//!
//! - **Packed relative relocations** (`-z pack-relative-relocs`, DT_RELR): the binary
//!   has ~14,000 relative relocations (vtables, string tables), 337 KB of RELA entries
//!   read and applied one by one at every start; packed, they are 4 KB of bitmaps.
//!   Needs glibc 2.36 at run time (the loader refuses the binary before), so it is taken
//!   only when the build machine's glibc is that recent and the binary is built for it.
//! - **The unwinder linked in** (libgcc_eh.a instead of libgcc_s.so.1): one shared
//!   library less to find, map and relocate, and libgcc_s's constructor, which probes
//!   the processor with `cpuid` (a trap to the hypervisor on a virtual machine), no
//!   longer runs. Rust's standard library asks for `-lgcc_s`; a linker script named
//!   `libgcc_s.so`, in a directory searched before the compiler's, answers with the
//!   static unwinder (as `-static-libgcc` does for C programs). Panics unwind as before.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    let target_os = var("CARGO_CFG_TARGET_OS");
    let target_env = var("CARGO_CFG_TARGET_ENV");
    // crt-static: the standard library already links the unwinder statically.
    let crt_static = var("CARGO_CFG_TARGET_FEATURE").split(',').any(|f| f == "crt-static");
    if target_os != "linux" || target_env != "gnu" || crt_static {
        return;
    }
    let native = var("HOST") == var("TARGET");
    if native && host_glibc_at_least(2, 36) {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    if let Some(eh) = static_unwinder() {
        let dir = PathBuf::from(var("OUT_DIR")).join("static-unwinder");
        // Quoted: a path with spaces stays one file name (GNU ld and lld alike).
        let script = format!("INPUT(\"{}\")\n", eh.display());
        if std::fs::create_dir_all(&dir).is_ok() && std::fs::write(dir.join("libgcc_s.so"), script).is_ok() {
            println!("cargo:rustc-link-search=native={}", dir.display());
        }
    }
}

/// libgcc_eh.a of the C compiler that links (rustc's default linker driver is `cc`), as
/// an absolute path, if it has one.
fn static_unwinder() -> Option<PathBuf> {
    let cc = std::env::var("RUSTC_LINKER").unwrap_or_else(|_| "cc".into());
    let out = Command::new(cc).arg("-print-file-name=libgcc_eh.a").output().ok()?;
    let path = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
    // `-print-file-name` echoes the bare name when it does not find the file.
    let plain = !path.to_string_lossy().contains('"');
    (out.status.success() && plain && path.is_absolute() && Path::new(&path).is_file()).then_some(path)
}

/// The glibc this build script runs on (the target's too when host and target are the same).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn host_glibc_at_least(major: u32, minor: u32) -> bool {
    extern "C" {
        fn gnu_get_libc_version() -> *const std::ffi::c_char;
    }
    // SAFETY: glibc returns a static NUL-terminated string such as "2.36".
    let v = unsafe { std::ffi::CStr::from_ptr(gnu_get_libc_version()) };
    let mut parts = v.to_str().unwrap_or("").split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let (a, b) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    (a, b) >= (major, minor)
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn host_glibc_at_least(_major: u32, _minor: u32) -> bool {
    false
}
