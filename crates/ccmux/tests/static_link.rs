//! The binary links glibc statically (`.cargo/config.toml`), and what still reaches the system's C
//! library at run time (NSS: user names and home directories) works.

mod common;
use common::Ccmux;

/// The ELF program headers of a file: each one's type and where it starts in the file.
fn program_headers(elf: &[u8]) -> Vec<(u32, usize)> {
    let u16_at = |o: usize| u16::from_le_bytes(elf[o..o + 2].try_into().unwrap()) as usize;
    let u64_at = |o: usize| u64::from_le_bytes(elf[o..o + 8].try_into().unwrap()) as usize;
    assert_eq!(&elf[..4], b"\x7fELF", "not an ELF file");
    assert_eq!(elf[4], 2, "not a 64-bit ELF file");
    let (phoff, phentsize, phnum) = (u64_at(32), u16_at(54), u16_at(56));
    (0..phnum)
        .map(|i| {
            let o = phoff + i * phentsize;
            (u32::from_le_bytes(elf[o..o + 4].try_into().unwrap()), o)
        })
        .collect()
}

/// The ELF program header types of a file.
fn program_header_types(elf: &[u8]) -> Vec<u32> {
    program_headers(elf).into_iter().map(|(t, _)| t).collect()
}

#[test]
#[cfg(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64"))]
fn the_binary_is_a_static_pie_with_no_dynamic_loader() {
    const PT_INTERP: u32 = 3;
    const ET_DYN: u16 = 3;
    let elf = std::fs::read(env!("CARGO_BIN_EXE_ccmux")).unwrap();
    let types = program_header_types(&elf);
    assert!(!types.is_empty());
    assert!(
        !types.contains(&PT_INTERP),
        "the binary asks for a dynamic loader: is .cargo/config.toml's crt-static lost? {types:?}"
    );
    // Position-independent (ET_DYN), so the kernel still randomises where it is loaded.
    assert_eq!(u16::from_le_bytes([elf[16], elf[17]]), ET_DYN);
}

#[test]
fn user_and_home_directory_look_ups_work_in_the_static_binary() {
    let t = Ccmux::new();
    t.session("s");
    let me = std::process::Command::new("id")
        .arg("-un")
        .output()
        .unwrap();
    let me = String::from_utf8(me.stdout).unwrap().trim().to_string();
    assert!(!me.is_empty());
    assert_eq!(t.ok(&["display-message", "-p", "#{user}"]).trim(), me);
    // `~name` in a config file is that user's home directory (getpwnam_r through NSS).
    let home = std::process::Command::new("sh")
        .args(["-c", &format!("getent passwd {me} | cut -d: -f6")])
        .output()
        .unwrap();
    let home = String::from_utf8(home.stdout).unwrap().trim().to_string();
    assert!(!home.is_empty(), "getent found no home directory for {me}");
    let conf = t.path("tilde.conf");
    std::fs::write(&conf, format!("set -g @where ~{me}/x\n")).unwrap();
    t.ok(&["source-file", conf.to_str().unwrap()]);
    assert_eq!(
        t.ok(&["show-options", "-gv", "@where"]).trim(),
        format!("{home}/x")
    );
}

/// The entries of an ELF file's dynamic section (tag, value).
fn dynamic_entries(elf: &[u8]) -> Vec<(i64, u64)> {
    const PT_DYNAMIC: u32 = 2;
    let u64_at = |o: usize| u64::from_le_bytes(elf[o..o + 8].try_into().unwrap());
    let Some((_, ph)) = program_headers(elf)
        .into_iter()
        .find(|(t, _)| *t == PT_DYNAMIC)
    else {
        return Vec::new();
    };
    let (offset, size) = (u64_at(ph + 8) as usize, u64_at(ph + 32) as usize);
    (offset..offset + size)
        .step_by(16)
        .map(|o| (u64_at(o) as i64, u64_at(o + 8)))
        .take_while(|(tag, _)| *tag != 0)
        .collect()
}

#[test]
#[cfg(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64"))]
fn the_binary_packs_its_relative_relocations() {
    const DT_RELASZ: i64 = 8;
    const DT_RELR: i64 = 36;
    // SAFETY: glibc returns a pointer to a static NUL-terminated string.
    let version = unsafe { std::ffi::CStr::from_ptr(libc::gnu_get_libc_version()) };
    let version = version.to_str().unwrap().to_string();
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    if (parts.next().unwrap_or(0), parts.next().unwrap_or(0)) < (2, 36) {
        eprintln!("SKIPPED: glibc {version} cannot apply packed relocations; build.rs leaves them");
        return;
    }
    let elf = std::fs::read(env!("CARGO_BIN_EXE_ccmux")).unwrap();
    let dynamic = dynamic_entries(&elf);
    assert!(
        dynamic.iter().any(|(tag, _)| *tag == DT_RELR),
        "no DT_RELR: build.rs's -z pack-relative-relocs is lost (another linker?) {dynamic:?}"
    );
    let rela = dynamic.iter().find(|(tag, _)| *tag == DT_RELASZ);
    assert!(
        rela.is_none_or(|(_, size)| *size < 16 << 10),
        "the relocation table is not packed: {rela:?}"
    );
}
