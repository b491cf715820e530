//! How the binary is linked, where the linker is known to be lld (Rust's own, the default for
//! x86_64-unknown-linux-gnu since Rust 1.90; this crate needs 1.91) and no other linker was
//! configured (GNU ld lacks the first option):
//!
//! - Release builds lay out ccmux's functions in the order of `symbol-order.txt`, so that the code an
//!   idle server runs sits in a few 64 KiB windows of the binary instead of touching most of it: the
//!   kernel maps code 64 KiB at a time, so that is what an idle server's RSS is made of. The file and
//!   how to regenerate it: `scripts/symbol_order.py`; the figures: BENCHMARKS.md. A name the binary
//!   lacks (a stale file after a toolchain update or a code change) is skipped by lld: the build
//!   still works, the layout is the compiler's own for that function.
//! - Every build packs its relative relocations (`-z pack-relative-relocs`, DT_RELR): the static PIE
//!   (`.cargo/config.toml`) relocates about 14,700 pointers as it starts, and their table took 350 KB
//!   of the binary, read by every process (each command, the server, the keeper) and resident in
//!   the server's and the keeper's RSS; packed, it is 5 KB. Only with glibc 2.36 or later, whose
//!   static start-up code applies DT_RELR (an older one would leave the pointers unrelocated), and
//!   so only when building for the machine the build runs on (the glibc asked is the one linked).

use std::path::Path;

fn main() {
    let order = Path::new("symbol-order.txt");
    println!("cargo:rerun-if-env-changed=CCMUX_NO_SYMBOL_ORDER");
    let lld_target = std::env::var("TARGET").is_ok_and(|t| t == "x86_64-unknown-linux-gnu");
    // A linker of the user's own (`-C linker`, `[target.<triple>] linker`, `-C linker-features`): it may
    // not be lld.
    let own_linker = std::env::var_os("RUSTC_LINKER").is_some()
        || std::env::var("CARGO_ENCODED_RUSTFLAGS").is_ok_and(|f| f.contains("linker"));
    let native = std::env::var("TARGET").ok() == std::env::var("HOST").ok();
    if lld_target && !own_linker && native && glibc_applies_relr() {
        println!("cargo:rustc-link-arg-bins=-Xlinker");
        println!("cargo:rustc-link-arg-bins=-zpack-relative-relocs");
    }
    // The instrumented build that scripts/symbol_order.py profiles needs no order (and is not rebuilt
    // when the file changes).
    if std::env::var("CARGO_ENCODED_RUSTFLAGS").is_ok_and(|f| f.contains("profile-generate")) {
        return;
    }
    println!("cargo:rerun-if-changed=symbol-order.txt");
    let release = std::env::var("PROFILE").is_ok_and(|p| p == "release");
    let opted_out = std::env::var_os("CCMUX_NO_SYMBOL_ORDER").is_some();
    let wanted = release && lld_target && !own_linker && !opted_out;
    if !wanted {
        return;
    }
    // The path goes to lld as it is (`-Xlinker`: `-Wl,` would split it at commas); one that is not UTF-8
    // cannot be printed to cargo, and lld fails on a file it cannot open, so the order is left out then.
    let path = std::fs::canonicalize(order).ok();
    if let Some(path) = path.as_deref().and_then(Path::to_str) {
        println!("cargo:rustc-link-arg-bins=-Xlinker");
        println!("cargo:rustc-link-arg-bins=--symbol-ordering-file={path}");
        println!("cargo:rustc-link-arg-bins=-Xlinker");
        println!("cargo:rustc-link-arg-bins=--no-warn-symbol-ordering");
    }
}

/// Whether the glibc this build script runs with (the build machine's, the one a native build links
/// statically) is 2.36 or later.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn glibc_applies_relr() -> bool {
    extern "C" {
        fn gnu_get_libc_version() -> *const std::ffi::c_char;
    }
    // SAFETY: glibc returns a pointer to a static NUL-terminated string.
    let version = unsafe { std::ffi::CStr::from_ptr(gnu_get_libc_version()) };
    let mut parts = version.to_str().unwrap_or("").split('.');
    let major: u32 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    let minor: u32 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    (major, minor) >= (2, 36)
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn glibc_applies_relr() -> bool {
    false
}
