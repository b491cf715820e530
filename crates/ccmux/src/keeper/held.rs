//! Starting a pane's process held before its `exec` (protocol version 3, `StartHeld`): after a reboot the
//! server gets every pane's terminal and pid at once and answers its clients, and only then lets the
//! hundred shells run (`Release`), instead of waiting for each `exec` while the shells already started
//! take the CPU.
//!
//! The process is forked at once, in its own session, on its terminal; it then waits on the gate (a
//! pipe whose write end only the keeper holds) and execs once the gate closes. Nothing typed to the
//! pane meanwhile is lost: the terminal exists from the start, and the kernel keeps what is written to
//! its master until the program reads it. The program is looked up before the fork, so that a program
//! that does not exist is refused as `Spawn` refuses it; an `exec` that fails later (a file that is not
//! a program) is written on the pane's terminal and the process exits with status 127, as a shell's
//! would.
//!
//! A plain `Spawn` forks the same way without a gate: the keeper answers once the process is forked, not
//! once it has exec'd (as tmux's `new-window` answers after its fork), so a new pane's creation does not
//! wait for the program to be loaded.

use crate::server::pty::{self, SpawnSpec, Spawned, UMASK_ENV};
use rustix::fd::{AsRawFd, OwnedFd};
use std::ffi::{CString, OsString};
use std::io;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::Path;

/// The gate every held process waits on: readable end of a pipe whose write end only the keeper
/// holds (each child closes its copy at once). Dropping it lets them all exec.
pub struct Gate {
    read: OwnedFd,
    write: OwnedFd,
}

impl Gate {
    pub fn new() -> io::Result<Gate> {
        let (read, write) = rustix::pipe::pipe_with(rustix::pipe::PipeFlags::CLOEXEC)?;
        Ok(Gate { read, write })
    }
}

/// What `exec` needs, built before the fork (nothing is allocated in the child).
struct Exec {
    path: CString,
    argv: Vec<CString>,
    /// `/bin/sh <path> <arguments>`: what runs a file that is not a program (`ENOEXEC`: a script
    /// without `#!`), as `execvp` and so tmux and `std::process::Command` run it.
    sh_argv: Vec<CString>,
    envp: Vec<CString>,
    cwd: CString,
    umask: Option<libc::mode_t>,
}

fn c_string(bytes: impl Into<Vec<u8>>) -> io::Result<CString> {
    CString::new(bytes).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            "nul byte found in provided data",
        )
    })
}

/// The program, its argv and environment as `pty::spawn` runs them: no command runs the shell as a
/// login shell, one string runs through `/bin/sh -c`, more run the program with its arguments.
fn prepare(spec: &SpawnSpec<'_>) -> io::Result<Exec> {
    let (program, argv): (&str, Vec<String>) = match spec.command {
        [] => {
            let base = spec.shell.rsplit('/').next().unwrap_or(spec.shell);
            (spec.shell, vec![format!("-{base}")])
        }
        [one] => ("/bin/sh", vec!["/bin/sh".into(), "-c".into(), one.clone()]),
        [prog, args @ ..] => (
            prog.as_str(),
            std::iter::once(prog).chain(args).cloned().collect(),
        ),
    };
    // The environment: the keeper's, with the request's entries over it.
    let mut env: Vec<(OsString, OsString)> = std::env::vars_os()
        .filter(|(k, _)| !spec.env.iter().any(|(sk, _)| k.as_bytes() == sk.as_bytes()))
        .collect();
    env.extend(
        spec.env
            .iter()
            .filter(|(k, _)| k != UMASK_ENV)
            .map(|(k, v)| (OsString::from(k), OsString::from(v))),
    );
    let path_var = env
        .iter()
        .find(|(k, _)| k == "PATH")
        .map(|(_, v)| v.clone());
    let path = find_program(program, path_var.as_deref())?;
    let cwd = pty::start_dir(spec);
    let umask = pty::umask_of(spec).map(|m| m as libc::mode_t);
    let path = c_string(path.into_vec())?;
    let argv: Vec<CString> = argv.into_iter().map(c_string).collect::<io::Result<_>>()?;
    let sh_argv = [c"/bin/sh".to_owned(), path.clone()]
        .into_iter()
        .chain(argv.iter().skip(1).cloned())
        .collect();
    Ok(Exec {
        path,
        argv,
        sh_argv,
        envp: env
            .into_iter()
            .map(|(k, v)| {
                let mut kv = k.into_vec();
                kv.push(b'=');
                kv.extend(v.into_vec());
                c_string(kv)
            })
            .collect::<io::Result<_>>()?,
        cwd: c_string(cwd)?,
        umask,
    })
}

/// `program` as `execvp` finds it: a name with a slash as it is, else the first executable file of
/// that name in `PATH`. A program that is not there is the error `Spawn` gives for it.
fn find_program(program: &str, path_var: Option<&std::ffi::OsStr>) -> io::Result<OsString> {
    let executable = |p: &Path| {
        rustix::fs::access(p, rustix::fs::Access::EXEC_OK).is_ok()
            && std::fs::metadata(p).is_ok_and(|m| m.is_file())
    };
    if program.contains('/') {
        rustix::fs::access(program, rustix::fs::Access::EXEC_OK)?;
        return Ok(program.into());
    }
    let dirs = path_var.map_or_else(
        || OsString::from("/usr/local/bin:/usr/bin:/bin"),
        |p| p.into(),
    );
    std::env::split_paths(&dirs)
        .map(|d| d.join(program))
        .find(|p| executable(p))
        .map(|p| p.into_os_string())
        .ok_or_else(|| io::Error::from_raw_os_error(libc::ENOENT))
}

/// A null-terminated array of pointers into `strings`.
fn pointers(strings: &[CString]) -> Vec<*const libc::c_char> {
    (strings.iter().map(|a| a.as_ptr()))
        .chain(std::iter::once(std::ptr::null()))
        .collect()
}

/// Forks the process on a new PTY (its master returned with the pid), held at `gate` when there is one;
/// returns once it is forked, before its `exec`.
pub fn spawn_forked(spec: &SpawnSpec<'_>, gate: Option<&Gate>) -> io::Result<Spawned> {
    let exec = prepare(spec)?;
    let (master, slave) = pty::open(spec.cols, spec.rows)?;
    let argv = Argv {
        program: pointers(&exec.argv),
        sh: pointers(&exec.sh_argv),
        env: pointers(&exec.envp),
    };
    let gate = gate.map(|g| (g.read.as_raw_fd(), g.write.as_raw_fd()));
    let slave_fd = slave.as_raw_fd();
    // SAFETY: the child calls only async-signal-safe functions on memory prepared before the fork,
    // then execs or exits.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(io::Error::last_os_error());
    }
    if pid == 0 {
        // SAFETY: as above.
        unsafe { child(gate, slave_fd, &exec, &argv) }
    }
    drop(slave);
    Ok(Spawned {
        master,
        pid,
        ring: None,
    })
}

/// The pointer arrays `execve` takes, built before the fork.
struct Argv {
    program: Vec<*const libc::c_char>,
    sh: Vec<*const libc::c_char>,
    env: Vec<*const libc::c_char>,
}

/// The forked child: its own session at once (so that hanging up its process group ends it while
/// held), then the wait at the gate if any, then the terminal, mask, directory, and the program.
unsafe fn child(gate: Option<(i32, i32)>, slave: i32, exec: &Exec, argv: &Argv) -> ! {
    if let Some((_, gate_w)) = gate {
        libc::close(gate_w);
    }
    if libc::setsid() < 0 {
        fail(slave, b"setsid\0");
    }
    if let Some((gate_r, _)) = gate {
        let mut byte = 0u8;
        while libc::read(gate_r, (&raw mut byte).cast(), 1) < 0
            && *libc::__errno_location() == libc::EINTR
        {}
        libc::close(gate_r);
    }
    for fd in 0..3 {
        if libc::dup2(slave, fd) < 0 {
            fail(slave, b"dup2\0");
        }
    }
    if slave > 2 {
        libc::close(slave);
    }
    if libc::ioctl(0, libc::TIOCSCTTY as _, 0) < 0 {
        fail(2, b"TIOCSCTTY\0");
    }
    if let Some(m) = exec.umask {
        libc::umask(m);
    }
    if libc::chdir(exec.cwd.as_ptr()) < 0 {
        fail(2, b"chdir\0");
    }
    // What `std::process::Command` resets: the signal mask, and SIGPIPE (ignored by Rust programs).
    let mut set: libc::sigset_t = std::mem::zeroed();
    libc::sigemptyset(&raw mut set);
    libc::sigprocmask(libc::SIG_SETMASK, &raw const set, std::ptr::null_mut());
    libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    libc::execve(exec.path.as_ptr(), argv.program.as_ptr(), argv.env.as_ptr());
    if *libc::__errno_location() == libc::ENOEXEC {
        libc::execve(c"/bin/sh".as_ptr(), argv.sh.as_ptr(), argv.env.as_ptr());
    }
    fail(2, b"exec\0");
}

/// Says on `fd` (the pane's terminal) which step failed and why, and exits with status 127.
unsafe fn fail(fd: i32, what: &[u8]) -> ! {
    let errno = *libc::__errno_location();
    let say = |b: &[u8]| {
        libc::write(fd, b.as_ptr().cast(), b.len());
    };
    say(b"ccmux: cannot start the pane's program: ");
    say(what.strip_suffix(b"\0").unwrap_or(what));
    say(b": ");
    let text = libc::strerror(errno);
    if !text.is_null() {
        say(std::ffi::CStr::from_ptr(text).to_bytes());
    }
    say(b"\r\n");
    libc::_exit(127);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec<'a>(command: &'a [String], env: Vec<(String, String)>) -> SpawnSpec<'a> {
        SpawnSpec {
            command,
            shell: "/bin/sh",
            cwd: "/nonexistent-dir",
            env,
            cols: 80,
            rows: 24,
        }
    }

    #[test]
    fn programs_are_found_as_spawn_finds_them() {
        // No command: the shell as a login shell.
        let e = prepare(&spec(&[], Vec::new())).unwrap();
        assert_eq!(e.path.to_str().unwrap(), "/bin/sh");
        assert_eq!(e.argv[0].to_str().unwrap(), "-sh");
        // One string: through /bin/sh -c.
        let one = ["echo hi".to_string()];
        let e = prepare(&spec(&one, Vec::new())).unwrap();
        let argv: Vec<_> = e.argv.iter().map(|a| a.to_str().unwrap()).collect();
        assert_eq!(argv, ["/bin/sh", "-c", "echo hi"]);
        // A program name: looked up in the request's PATH; the umask entry is not passed on; the
        // working directory falls back to HOME when it is gone.
        let two = ["sh".to_string(), "-c".to_string()];
        let env = vec![
            ("PATH".to_string(), "/nonexistent:/bin".to_string()),
            (UMASK_ENV.to_string(), "027".to_string()),
        ];
        let e = prepare(&spec(&two, env)).unwrap();
        assert_eq!(e.path.to_str().unwrap(), "/bin/sh");
        assert_eq!(e.umask, Some(0o027));
        assert!(e
            .envp
            .iter()
            .any(|v| v.to_str() == Ok("PATH=/nonexistent:/bin")));
        assert!(!e
            .envp
            .iter()
            .any(|v| v.to_bytes().starts_with(UMASK_ENV.as_bytes())));
        let home = std::env::var("HOME").unwrap_or_else(|_| "/".into());
        assert_eq!(e.cwd.to_str().unwrap(), home);
    }

    #[test]
    fn a_missing_program_is_refused_before_the_fork_as_spawn_refuses_it() {
        let missing = ["no-such-program-here".to_string(), "x".to_string()];
        let e = prepare(&spec(&missing, Vec::new())).err().unwrap();
        assert_eq!(e.kind(), io::ErrorKind::NotFound, "{e}");
        let by_path = ["/no/such/program".to_string(), "x".to_string()];
        let e2 = prepare(&spec(&by_path, Vec::new())).err().unwrap();
        assert_eq!(e2.to_string(), e.to_string());
        let std_error = std::process::Command::new("/no/such/program")
            .spawn()
            .err()
            .unwrap();
        assert_eq!(e.to_string(), std_error.to_string());
    }
}
