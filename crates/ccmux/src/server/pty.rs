//! Opening a PTY and starting a process on it.
//!
//! Nothing else in the server assumes it opened the PTY or is the process's parent: a pane is a master fd
//! plus a pid, so a later keeper process can hand both over.

use rustix::fd::{AsFd, OwnedFd};
use rustix::pty::{grantpt, openpt, ptsname, unlockpt, OpenptFlags};
use rustix::termios::{tcsetwinsize, Winsize};
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::OpenOptionsExt;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};

/// What to run in a new pane.
pub struct SpawnSpec<'a> {
    /// argv; a single string runs through `/bin/sh -c`; empty runs the shell as a login shell.
    pub command: &'a [String],
    pub shell: &'a str,
    pub cwd: &'a str,
    pub env: Vec<(String, String)>,
    pub cols: u16,
    pub rows: u16,
}

/// A started process: the PTY master and the pid of the process (a session leader).
pub struct Spawned {
    pub master: OwnedFd,
    pub pid: i32,
    /// The pane's output ring (`server/ring.rs`), shared with the keeper; none without a keeper.
    pub ring: Option<OwnedFd>,
}

pub fn set_size(master: impl AsFd, cols: u16, rows: u16) -> io::Result<()> {
    tcsetwinsize(
        master,
        Winsize {
            ws_row: rows.max(1),
            ws_col: cols.max(1),
            ws_xpixel: 0,
            ws_ypixel: 0,
        },
    )?;
    Ok(())
}

/// An entry of a spawn request's environment that is not passed on: the octal umask the process gets
/// (the client's that created the pane). A keeper of an older build passes it on unused.
pub const UMASK_ENV: &str = "__CCMUX_UMASK";

/// The file mode mask of a process (`/proc/PID/status`), e.g. a connected client's (read for
/// every command).
pub fn peer_umask(pid: Option<i32>) -> Option<u32> {
    use std::io::Read;
    let mut file = std::fs::File::open(format!("/proc/{}/status", pid?)).ok()?;
    // `Umask:` is the second line (after `Name:`, at most 64 bytes escaped): one read of the
    // file's start has it. Reading the file whole took eight reads (it says it is empty, so it is
    // read in growing pieces) and a stat.
    let mut head = [0u8; 256];
    let n = file.read(&mut head).ok()?;
    if let Some(umask) = umask_in(head.get(..n)?) {
        return Some(umask);
    }
    let mut rest = head.get(..n)?.to_vec();
    file.read_to_end(&mut rest).ok()?;
    umask_in(&rest)
}

/// The `Umask:` line's value in the text of `/proc/PID/status` (bytes: a process's name need not
/// be UTF-8); complete lines only (a read may have cut the last one).
fn umask_in(status: &[u8]) -> Option<u32> {
    let end = status.iter().rposition(|b| *b == b'\n')?;
    status
        .get(..end)?
        .split(|b| *b == b'\n')
        .find_map(|line| line.strip_prefix(b"Umask:"))
        .and_then(|v| std::str::from_utf8(v).ok())
        .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
}

/// A new PTY of that size: its master and its slave (both close-on-exec, the slave not made anyone's
/// controlling terminal).
pub fn open(cols: u16, rows: u16) -> io::Result<(OwnedFd, std::fs::File)> {
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC)?;
    grantpt(&master)?;
    unlockpt(&master)?;
    let name = ptsname(&master, Vec::new())?;
    set_size(&master, cols, rows)?;
    let slave = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NOCTTY)
        .open(std::ffi::OsStr::from_bytes(name.as_bytes()))?;
    Ok((master, slave))
}

/// Where a pane's process starts: its directory, else `$HOME`, else `/` (as tmux's spawn falls back).
pub fn start_dir(spec: &SpawnSpec<'_>) -> String {
    if std::path::Path::new(spec.cwd).is_dir() {
        spec.cwd.to_string()
    } else {
        std::env::var("HOME").unwrap_or_else(|_| "/".into())
    }
}

/// The umask a spawn request carries ([`UMASK_ENV`]), if any and valid.
pub fn umask_of(spec: &SpawnSpec<'_>) -> Option<u32> {
    spec.env
        .iter()
        .find(|(k, _)| k == UMASK_ENV)
        .and_then(|(_, v)| u32::from_str_radix(v, 8).ok())
        .filter(|m| *m <= 0o777)
}

pub fn spawn(spec: &SpawnSpec<'_>) -> io::Result<Spawned> {
    let (master, slave) = open(spec.cols, spec.rows)?;

    let mut cmd = match spec.command {
        [] => {
            let mut c = Command::new(spec.shell);
            let base = spec.shell.rsplit('/').next().unwrap_or(spec.shell);
            c.arg0(format!("-{base}"));
            c
        }
        [one] => {
            // A command given as one string runs through `/bin/sh -c`, as in tmux.
            let mut c = Command::new("/bin/sh");
            c.arg("-c").arg(one);
            c
        }
        [prog, args @ ..] => {
            let mut c = Command::new(prog);
            c.args(args);
            c
        }
    };
    let cwd = start_dir(spec);
    let umask = umask_of(spec);
    cmd.current_dir(cwd)
        .envs(
            spec.env
                .iter()
                .filter(|(k, _)| k != UMASK_ENV)
                .map(|(k, v)| (k, v)),
        )
        .stdin(Stdio::from(slave.try_clone()?))
        .stdout(Stdio::from(slave.try_clone()?))
        .stderr(Stdio::from(slave));
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            if libc::setsid() < 0 {
                return Err(io::Error::last_os_error());
            }
            if libc::ioctl(0, libc::TIOCSCTTY as _, 0) < 0 {
                return Err(io::Error::last_os_error());
            }
            if let Some(m) = umask {
                libc::umask(m as libc::mode_t);
            }
            Ok(())
        });
    }
    let child = cmd.spawn()?;
    Ok(Spawned {
        ring: None,
        master,
        pid: child.id() as i32,
    })
}

#[cfg(test)]
mod umask_tests {
    use super::{peer_umask, umask_in};

    #[test]
    fn the_umask_line_is_found_in_whole_lines_only() {
        assert_eq!(
            umask_in(b"Name:\tsh\nUmask:\t0022\nState:\tS\n"),
            Some(0o022)
        );
        assert_eq!(umask_in(b"Name:\t\xff\xfe\nUmask:\t0077\n"), Some(0o077));
        // Cut by the read: not taken as 0o2.
        assert_eq!(umask_in(b"Name:\tsh\nUmask:\t002"), None);
        assert_eq!(umask_in(b"Name:\tsh\nState:\tS\n"), None);
        assert_eq!(umask_in(b"Name:\tsh\nUmask:\tzz\n"), None);
    }

    #[test]
    fn a_process_umask_is_read_from_proc() {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let line = status
            .lines()
            .find_map(|l| l.strip_prefix("Umask:"))
            .unwrap();
        let want = u32::from_str_radix(line.trim(), 8).unwrap();
        assert_eq!(peer_umask(Some(std::process::id() as i32)), Some(want));
        assert_eq!(peer_umask(None), None);
        assert_eq!(peer_umask(Some(i32::MAX)), None, "no such process");
    }
}
