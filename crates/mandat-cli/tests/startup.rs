//! How the `mandat` binary is linked for a fast start (issue 17, crates/mandat-cli/build.rs):
//! on Linux with glibc, without libgcc_s.so.1 (the unwinder linked in) and, from glibc
//! 2.36, with packed relative relocations (DT_RELR). Read from the binary's own dynamic
//! section, and checked to still run, panic-free, in this test's process too (which is
//! linked the same way: a panic here must still unwind to the test harness).

#![cfg(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64", target_endian = "little"))]

mod common;

use common::*;

const DT_NULL: u64 = 0;
const DT_NEEDED: u64 = 1;
const DT_STRTAB: u64 = 5;
const DT_RELR: u64 = 36;
const PT_LOAD: u32 = 1;
const PT_DYNAMIC: u32 = 2;

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().unwrap())
}

/// The dynamic section of an ELF64 little-endian file: (tag, value) pairs, and the
/// DT_NEEDED library names.
fn dynamic(elf: &[u8]) -> (Vec<(u64, u64)>, Vec<String>) {
    assert_eq!(&elf[..4], b"\x7fELF", "an ELF file");
    let (phoff, phentsize, phnum) = (u64_at(elf, 0x20) as usize, elf[0x36] as usize | (elf[0x37] as usize) << 8, elf[0x38] as usize | (elf[0x39] as usize) << 8);
    let headers: Vec<(u32, u64, u64, u64)> = (0..phnum)
        .map(|i| {
            let h = phoff + i * phentsize;
            // p_type, p_offset, p_vaddr, p_filesz
            (u32_at(elf, h), u64_at(elf, h + 8), u64_at(elf, h + 16), u64_at(elf, h + 32))
        })
        .collect();
    let &(_, dyn_off, _, dyn_size) = headers.iter().find(|h| h.0 == PT_DYNAMIC).expect("a dynamically linked binary");
    let mut entries = Vec::new();
    for at in (dyn_off..dyn_off + dyn_size).step_by(16) {
        let (tag, val) = (u64_at(elf, at as usize), u64_at(elf, at as usize + 8));
        if tag == DT_NULL {
            break;
        }
        entries.push((tag, val));
    }
    // DT_STRTAB is an address: its file offset through the load segment that holds it.
    let strtab = entries.iter().find(|e| e.0 == DT_STRTAB).expect("a string table").1;
    let &(_, off, vaddr, _) = headers.iter().find(|h| h.0 == PT_LOAD && h.2 <= strtab && strtab < h.2 + h.3).expect("strtab is loaded");
    let strtab = (strtab - vaddr + off) as usize;
    let needed = entries
        .iter()
        .filter(|e| e.0 == DT_NEEDED)
        .map(|e| {
            let s = &elf[strtab + e.1 as usize..];
            String::from_utf8_lossy(&s[..s.iter().position(|&b| b == 0).unwrap()]).into_owned()
        })
        .collect();
    (entries, needed)
}

fn glibc_at_least(major: u32, minor: u32) -> bool {
    extern "C" {
        fn gnu_get_libc_version() -> *const std::ffi::c_char;
    }
    // SAFETY: glibc returns a static NUL-terminated string such as "2.36".
    let v = unsafe { std::ffi::CStr::from_ptr(gnu_get_libc_version()) }.to_str().unwrap().to_string();
    let mut p = v.split('.').map(|x| x.parse::<u32>().unwrap_or(0));
    (p.next().unwrap_or(0), p.next().unwrap_or(0)) >= (major, minor)
}

/// libgcc_eh.a is where the build script finds it (else it links as before).
fn static_unwinder_available() -> bool {
    std::process::Command::new("cc")
        .arg("-print-file-name=libgcc_eh.a")
        .output()
        .is_ok_and(|o| std::path::Path::new(String::from_utf8_lossy(&o.stdout).trim()).is_absolute())
}

#[test]
fn the_binary_loads_no_libgcc_s_and_packs_its_relocations() {
    let elf = std::fs::read(env!("CARGO_BIN_EXE_mandat")).unwrap();
    let (entries, needed) = dynamic(&elf);
    assert!(needed.iter().any(|n| n.starts_with("libc.so")), "{needed:?}");
    if static_unwinder_available() {
        assert!(!needed.iter().any(|n| n.starts_with("libgcc_s")), "the unwinder should be linked in: {needed:?}");
    }
    if glibc_at_least(2, 36) {
        assert!(entries.iter().any(|e| e.0 == DT_RELR), "packed relative relocations (DT_RELR) expected");
    }
    let o = mandat(&["--version"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("mandat "), "{}", stdout(&o));
}

/// The test binaries link with the same unwinder: a panic unwinds and is caught.
#[test]
fn a_panic_still_unwinds() {
    let caught = std::panic::catch_unwind(|| {
        let v: Vec<u32> = Vec::new();
        v[std::hint::black_box(3)]
    });
    assert!(caught.is_err());
}
