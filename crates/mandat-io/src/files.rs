//! Reading and writing files: every input goes through one bounded reader, every output
//! through one atomic writer.
//!
//! **Reading.** [`read_text`] (laws, results, lists, assemblies, configurations) and
//! [`read_ballots_text`] (ballots and cast vote records) read at most a limit of bytes —
//! [`DEFAULT_MAX_DOCUMENT`] and [`DEFAULT_MAX_BALLOTS`], or one limit for both set with
//! [`set_max_input`] (the CLI's `--max-input-size` and `MANDAT_MAX_INPUT`). A regular
//! file larger than the limit is refused before it is read; a device or pipe is read in
//! chunks and refused as soon as it passes the limit, so `/dev/zero` or an endless pipe
//! never fills the memory. A NUL byte ends the read at once: no text input has one
//! (it is a binary file, or UTF-16).
//!
//! **Writing.** [`write_atomic`] writes a file whole or not at all — onto a regular
//! file or a path that does not exist yet, through a temporary file in the same folder
//! renamed over it, keeping the old file's permission bits. A symbolic link is followed
//! and its target replaced (the link stays a link). A character or block device or a
//! FIFO is written straight into (it is not a file to replace: `-o /dev/stdout` or a
//! pipe must stay what they are); a directory or a socket is an error. On Unix, SIGINT
//! and SIGTERM during a write remove the temporary file before the process ends.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::InputError;

/// Default limit for laws, results, candidate lists, assemblies and configurations:
/// the largest real one (the Bundeswahlleiterin's result XML) is 3.4 MB.
pub const DEFAULT_MAX_DOCUMENT: u64 = 256 << 20;

/// Default limit for ballot files and cast vote records: a Clear Ballot CSV takes about
/// 225 bytes a ballot, so 10 million ballots are about 2.3 GB.
pub const DEFAULT_MAX_BALLOTS: u64 = 4 << 30;

/// 0: the defaults; otherwise one limit for every input.
static MAX_INPUT: AtomicU64 = AtomicU64::new(0);

/// Sets one limit, in bytes, for every input file (`None`: back to the defaults).
pub fn set_max_input(bytes: Option<u64>) {
    MAX_INPUT.store(bytes.unwrap_or(0), Ordering::Relaxed);
}

/// What a file holds, for its size limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// Laws, results, lists, assemblies, configurations.
    Document,
    /// Ballots and cast vote records.
    Ballots,
}

/// The limit in force for this kind of input, in bytes.
pub fn max_input(kind: InputKind) -> u64 {
    match MAX_INPUT.load(Ordering::Relaxed) {
        0 => match kind {
            InputKind::Document => DEFAULT_MAX_DOCUMENT,
            InputKind::Ballots => DEFAULT_MAX_BALLOTS,
        },
        n => n,
    }
}

/// Parses a size: bytes (`1000000`), or a number with `K`, `M`, `G`, `T` (powers of
/// 1024; `KiB`, `MB`, ... are read the same way).
///
/// ```
/// assert_eq!(mandat_io::parse_size("512M"), Ok(512 << 20));
/// assert_eq!(mandat_io::parse_size("2GiB"), Ok(2 << 30));
/// assert_eq!(mandat_io::parse_size("1000"), Ok(1000));
/// assert!(mandat_io::parse_size("0").is_err() && mandat_io::parse_size("lots").is_err());
/// ```
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let (n, unit) = t.split_at(digits);
    let shift = match unit.trim().to_ascii_uppercase().trim_end_matches("IB").trim_end_matches('B') {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        "T" => 40,
        _ => return Err(format!("expected a size such as 500M or 2G, found {s:?}")),
    };
    let n: u64 = n.parse().map_err(|_| format!("expected a size such as 500M or 2G, found {s:?}"))?;
    match n.checked_mul(1 << shift) {
        Some(0) => Err("the size must be more than 0".into()),
        Some(b) => Ok(b),
        None => Err(format!("{s:?} is too large")),
    }
}

fn human(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 && b % (1 << 30) == 0 => format!("{} GiB", b >> 30),
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

fn too_large(path: &str, kind: InputKind, limit: u64, size: Option<u64>) -> InputError {
    let what = match kind {
        InputKind::Document => "a law, results or list file",
        InputKind::Ballots => "a ballot file",
    };
    let size = size.map_or_else(|| "more than that".to_string(), |s| format!("{s} bytes"));
    InputError::new(
        path,
        format!("the file is larger than the limit of {} for {what} ({size}); raise it with --max-input-size or MANDAT_MAX_INPUT", human(limit)),
    )
}

/// Reads at most the limit for `kind` from `path`; an error naming the file beyond it,
/// or at the first NUL byte.
pub fn read_bounded(path: &str, kind: InputKind) -> Result<Vec<u8>, InputError> {
    let limit = max_input(kind);
    let fail = |e: std::io::Error| InputError::new(path, format!("cannot read the file: {e}"));
    let mut f = std::fs::File::open(path).map_err(fail)?;
    let meta = f.metadata().map_err(fail)?;
    if meta.is_dir() {
        return Err(InputError::new(path, "cannot read the file: it is a directory"));
    }
    if meta.is_file() && meta.len() > limit {
        return Err(too_large(path, kind, limit, Some(meta.len())));
    }
    let mut bytes = Vec::with_capacity(if meta.is_file() { meta.len() as usize } else { 0 });
    let mut chunk = vec![0u8; 1 << 16];
    loop {
        let n = match f.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(fail(e)),
        };
        if let Some(i) = chunk[..n].iter().position(|&b| b == 0) {
            let offset = bytes.len() + i;
            return Err(InputError::new(path, format!("byte {offset} is a NUL byte: this is not a text file (binary, or UTF-16?)")));
        }
        if (bytes.len() + n) as u64 > limit {
            return Err(too_large(path, kind, limit, None));
        }
        bytes.extend_from_slice(&chunk[..n]);
    }
    Ok(bytes)
}

fn utf8(path: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
        let (line, col) = crate::error::line_col(&text, offset);
        InputError::new(path, "the file is not valid UTF-8 text").line(line).column(col)
    })
}

/// Reads a whole law, results, list or configuration file as UTF-8 text, with an error
/// that names it; at most [`max_input`]`(Document)` bytes.
pub fn read_text(path: &str) -> Result<String, InputError> {
    utf8(path, read_bounded(path, InputKind::Document)?)
}

/// Reads a whole ballot file or cast vote record as UTF-8 text; at most
/// [`max_input`]`(Ballots)` bytes.
pub fn read_ballots_text(path: &str) -> Result<String, InputError> {
    utf8(path, read_bounded(path, InputKind::Ballots)?)
}

/// Checks a binary ballot file (a spreadsheet) against the limit before a library opens it.
pub fn check_ballots_size(path: &str) -> Result<(), InputError> {
    let limit = max_input(InputKind::Ballots);
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() > limit => Err(too_large(path, InputKind::Ballots, limit, Some(m.len()))),
        _ => Ok(()),
    }
}

/// Follows symbolic links from `path` to what they finally name (which need not exist).
fn resolve_links(path: &Path) -> Result<PathBuf, String> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p).map_err(|e| e.to_string())?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(p),
        }
    }
    Err("too many levels of symbolic links".into())
}

/// Writes a file whole or not at all (see the module's documentation for devices,
/// FIFOs, links and directories).
pub fn write_atomic(path: &str, text: &str) -> Result<(), InputError> {
    let fail = |e: String| InputError::new(path, format!("cannot write the file: {e}"));
    let target = resolve_links(Path::new(path)).map_err(fail)?;
    let existing = match std::fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(fail(e.to_string())),
    };
    if let Some(m) = &existing {
        let t = m.file_type();
        if t.is_dir() {
            return Err(fail("it is a directory".into()));
        }
        if !t.is_file() {
            #[cfg(unix)]
            {
                use std::os::unix::fs::FileTypeExt;
                if t.is_socket() {
                    return Err(fail("it is a socket; mandat writes to files, devices and FIFOs".into()));
                }
            }
            // A device or a FIFO: written into, never replaced.
            let mut f = std::fs::OpenOptions::new().write(true).open(&target).map_err(|e| fail(e.to_string()))?;
            return f.write_all(text.as_bytes()).and_then(|_| f.flush()).map_err(|e| fail(e.to_string()));
        }
    }
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    let guard = cleanup::TempFile::new(&tmp);
    #[cfg(unix)]
    let mode = existing.as_ref().map(|m| std::os::unix::fs::PermissionsExt::mode(&m.permissions()));
    #[cfg(not(unix))]
    let mode = None;
    let mut f = create_new(&tmp, mode).map_err(|e| fail(e.to_string()))?;
    let written = (|| {
        if let Some(m) = &existing {
            // Keep the permission bits of the file being replaced (the umask may have
            // cleared some when it was created).
            std::fs::set_permissions(&tmp, m.permissions())?;
        }
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        #[cfg(debug_assertions)]
        if let Some(ms) = std::env::var("MANDAT_TEST_WRITE_PAUSE_MS").ok().and_then(|v| v.parse().ok()) {
            // Tests only (debug builds): holds the temporary file so a signal can arrive.
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
        std::fs::rename(&tmp, &target)
    })();
    drop(f);
    match written {
        Ok(()) => {
            guard.renamed();
            Ok(())
        }
        Err(e) => Err(fail(e.to_string())),
    }
}

/// Creates the temporary file, never through an existing file or link of that name (a
/// leftover of a killed run with the same process id is removed first). `mode`: the
/// permission bits of the file it replaces; a new file gets 0666 less the umask, as the
/// shell's `>` would make it.
fn create_new(tmp: &Path, mode: Option<u32>) -> std::io::Result<std::fs::File> {
    let open = || {
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, mode.unwrap_or(0o666) & 0o777);
        o.open(tmp)
    };
    match open() {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(tmp)?;
            open()
        }
        r => r,
    }
}

/// Temporary files in progress, removed on drop and by a SIGINT/SIGTERM handler.
mod cleanup {
    use std::path::Path;

    #[cfg(unix)]
    mod imp {
        use std::ffi::CString;
        use std::sync::atomic::{AtomicPtr, Ordering};
        use std::sync::Once;

        const SLOTS: usize = 8;
        /// The temporary files being written, as C strings the handler can unlink
        /// without allocating or locking (both unsafe in a signal handler).
        static PENDING: [AtomicPtr<libc::c_char>; SLOTS] = [const { AtomicPtr::new(std::ptr::null_mut()) }; SLOTS];
        static INSTALL: Once = Once::new();

        extern "C" fn on_signal(sig: libc::c_int) {
            for slot in &PENDING {
                let p = slot.swap(std::ptr::null_mut(), Ordering::SeqCst);
                if !p.is_null() {
                    // SAFETY: `p` came from CString::into_raw and is unlinked once (swap);
                    // unlink is async-signal-safe. The string is leaked: the process ends.
                    unsafe { libc::unlink(p) };
                }
            }
            // SA_RESETHAND restored the default action: the signal ends the process as
            // it would have, once this handler returns.
            // SAFETY: raise is async-signal-safe.
            unsafe { libc::raise(sig) };
        }

        fn install() {
            INSTALL.call_once(|| {
                for sig in [libc::SIGINT, libc::SIGTERM] {
                    // SAFETY: a zeroed sigaction is valid; the handler only calls
                    // async-signal-safe functions. An existing handler (not the default)
                    // is kept: then whoever installed it owns the signal.
                    unsafe {
                        let mut old: libc::sigaction = std::mem::zeroed();
                        if libc::sigaction(sig, std::ptr::null(), &mut old) != 0 || old.sa_sigaction != libc::SIG_DFL {
                            continue;
                        }
                        let mut sa: libc::sigaction = std::mem::zeroed();
                        sa.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as usize;
                        sa.sa_flags = libc::SA_RESETHAND;
                        libc::sigemptyset(&mut sa.sa_mask);
                        libc::sigaction(sig, &sa, std::ptr::null_mut());
                    }
                }
            });
        }

        /// Registers `path`; returns its slot (None when all are taken: then only the
        /// drop guard removes it).
        pub fn register(path: &std::path::Path) -> Option<usize> {
            install();
            let c = CString::new(std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str())).ok()?.into_raw();
            for (i, slot) in PENDING.iter().enumerate() {
                if slot.compare_exchange(std::ptr::null_mut(), c, Ordering::SeqCst, Ordering::SeqCst).is_ok() {
                    return Some(i);
                }
            }
            // SAFETY: `c` came from into_raw above and was not stored.
            drop(unsafe { CString::from_raw(c) });
            None
        }

        pub fn unregister(slot: usize) {
            let p = PENDING[slot].swap(std::ptr::null_mut(), Ordering::SeqCst);
            if !p.is_null() {
                // SAFETY: from CString::into_raw in `register`, taken out of the slot once.
                drop(unsafe { CString::from_raw(p) });
            }
        }
    }

    /// Removes the temporary file when the write fails or panics, and on SIGINT/SIGTERM.
    pub struct TempFile<'a> {
        path: &'a Path,
        #[cfg(unix)]
        slot: Option<usize>,
        done: bool,
    }

    impl<'a> TempFile<'a> {
        pub fn new(path: &'a Path) -> Self {
            TempFile {
                path,
                #[cfg(unix)]
                slot: imp::register(path),
                done: false,
            }
        }

        /// The file has become the target: nothing to remove.
        pub fn renamed(mut self) {
            self.done = true;
        }
    }

    impl Drop for TempFile<'_> {
        fn drop(&mut self) {
            #[cfg(unix)]
            if let Some(s) = self.slot {
                imp::unregister(s);
            }
            if !self.done {
                let _ = std::fs::remove_file(self.path);
            }
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("mandat-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn dev_null_stays_a_device() {
        write_atomic("/dev/null", "x\n").unwrap();
        assert!(std::fs::symlink_metadata("/dev/null").unwrap().file_type().is_char_device());
    }

    #[test]
    fn a_full_device_is_an_error_not_replaced() {
        if !Path::new("/dev/full").exists() {
            return;
        }
        let e = write_atomic("/dev/full", "x\n").unwrap_err();
        assert!(e.to_string().starts_with("/dev/full: cannot write the file:"), "{e}");
        assert!(std::fs::symlink_metadata("/dev/full").unwrap().file_type().is_char_device());
    }

    #[test]
    fn a_fifo_is_written_into() {
        let d = dir("fifo");
        let fifo = d.join("pipe");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid C string.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
        };
        write_atomic(fifo.to_str().unwrap(), "through the pipe\n").unwrap();
        assert_eq!(reader.join().unwrap(), "through the pipe\n");
        assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
        assert_eq!(std::fs::read_dir(&d).unwrap().count(), 1, "no temporary file left");
    }

    #[test]
    fn a_symlink_stays_and_its_target_is_replaced() {
        let d = dir("link");
        std::fs::create_dir(d.join("real")).unwrap();
        std::fs::write(d.join("real/out.txt"), "old\n").unwrap();
        std::os::unix::fs::symlink("real/out.txt", d.join("link.txt")).unwrap();
        write_atomic(d.join("link.txt").to_str().unwrap(), "new\n").unwrap();
        assert!(std::fs::symlink_metadata(d.join("link.txt")).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(d.join("real/out.txt")).unwrap(), "new\n");
        // A dangling link: its target is created.
        std::os::unix::fs::symlink("real/later.txt", d.join("dangling")).unwrap();
        write_atomic(d.join("dangling").to_str().unwrap(), "later\n").unwrap();
        assert_eq!(std::fs::read_to_string(d.join("real/later.txt")).unwrap(), "later\n");
        assert!(std::fs::symlink_metadata(d.join("dangling")).unwrap().file_type().is_symlink());
    }

    #[test]
    fn the_mode_of_the_replaced_file_is_kept() {
        let d = dir("mode");
        let p = d.join("secret.json");
        std::fs::write(&p, "{}").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(p.to_str().unwrap(), "{\"a\": 1}").unwrap();
        assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "{\"a\": 1}");
        // A new file: the mode File::create gives (0666 less the umask).
        let q = d.join("new.json");
        write_atomic(q.to_str().unwrap(), "{}").unwrap();
        std::fs::File::create(d.join("plain.json")).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode();
        assert_eq!(mode(&q), mode(&d.join("plain.json")));
    }

    #[test]
    fn a_directory_is_an_error() {
        let d = dir("dir");
        let e = write_atomic(d.to_str().unwrap(), "x").unwrap_err();
        assert!(e.to_string().ends_with("cannot write the file: it is a directory"), "{e}");
        assert_eq!(std::fs::read_dir(&d).unwrap().count(), 0);
    }

    #[test]
    fn reading_stops_at_a_nul_byte_and_refuses_a_directory() {
        let t = std::time::Instant::now();
        let e = read_ballots_text("/dev/zero").unwrap_err();
        assert!(e.to_string().contains("byte 0 is a NUL byte"), "{e}");
        assert!(t.elapsed() < std::time::Duration::from_secs(2));
        // (The size limit is tested through the CLI: it is process-wide.)
        let d = dir("limit");
        let e = read_text(d.to_str().unwrap()).unwrap_err();
        assert!(e.to_string().contains("it is a directory"), "{e}");
    }
}
