//! The command-line client: finds the server on its socket (starting one when the command calls for it),
//! sends one command, prints the reply and returns its exit status.

use crate::cli::Cli;
use crate::paths;
use anyhow::{bail, Context, Result};
use ccmux_proto::{
    read_frame, write_frame, ClientMsg, CommandRequest, ServerMsg, CHUNK, PROTOCOL_VERSION,
};
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Every `-f` file of the command line (absolute), handed to a server this client starts.
static CONFIG_FILES: std::sync::OnceLock<Vec<PathBuf>> = std::sync::OnceLock::new();

/// Runs one command line; returns the exit status.
pub fn run(cli: Cli) -> Result<i32> {
    let _ = CONFIG_FILES.set(cli.configs.iter().map(|c| absolute(c)).collect());
    if let Some(command) = &cli.shell_command {
        let shell = std::env::var("SHELL").unwrap_or_else(|_| "/bin/sh".into());
        let err = std::process::Command::new(shell)
            .arg("-c")
            .arg(command)
            .exec();
        bail!("cannot run the shell: {err}");
    }
    let socket = socket_for(&cli);
    let config = cli.config();
    if cli.control > 0 {
        return crate::control_client::run(&socket, config, cli.control == 2, cli.words.clone());
    }
    // A line this process cannot resolve may name one of the server's aliases (`command-alias`, which
    // only the server has): it goes to a running server, which resolves it or answers the error, as
    // tmux's client leaves it to its server. With no server running the error is told here.
    let (cmds, unresolved) = match crate::cmd::from_argv(&cli.words) {
        Ok(cmds) => (cmds, None),
        Err(e) => (Vec::new(), Some(e)),
    };
    if let (None, Some(spec)) = (&unresolved, crate::cmd::attach_spec(&cmds)) {
        return crate::attach_client::run(&socket, config, spec, cli.words.clone());
    }
    if let (None, Some(what)) = (&unresolved, crate::cmd::offline(&cmds)) {
        return crate::cmd::inspect(&socket, config, what);
    }
    let starts = cmds
        .iter()
        .any(|c| c.entry.has(crate::cmd::flags::START_SERVER));
    let may_start = || unresolved.is_none() && (starts || has_saved_state(&socket, config));
    // A server that just died can still accept a connection for a moment and then reset it: retry the
    // hello (never a command that was already sent).
    let mut attempts = 0;
    let mut stream = loop {
        let mut stream = match UnixStream::connect(&socket) {
            Ok(s) => s,
            Err(_) if may_start() => start_server(&socket, config)?,
            Err(_) => {
                match &unresolved {
                    Some(e) => eprintln!("{e}"),
                    None => eprintln!("no server running on {}", socket.display()),
                }
                return Ok(1);
            }
        };
        match hello(&mut stream) {
            Ok(()) => break stream,
            Err(HelloError::Lost(_)) if attempts < 50 => {
                attempts += 1;
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(HelloError::Lost(e)) => return Err(e),
            Err(HelloError::Refused(e)) => return Err(e),
        }
    };
    let kill = cmds.iter().any(|c| c.entry.name == "kill-server");
    // `load-buffer -` reads this client's standard input, as tmux's client sends it to the server.
    let stdin = if cmds
        .iter()
        .any(|c| c.entry.name == "load-buffer" && c.args.arg(0).as_deref() == Some("-"))
    {
        Some(read_stdin()?)
    } else {
        None
    };
    let reply = command_exchange(&mut stream, cli.words, stdin)?;
    if kill && reply.status == 0 {
        // Return once the server is gone (and has removed its saved state), as tmux does.
        let started = Instant::now();
        while socket.exists() && started.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    std::io::stdout().write_all(&reply.stdout)?;
    std::io::stderr().write_all(reply.stderr.as_bytes())?;
    Ok(reply.status)
}

/// The server to talk to: `-S`, `-L`, else (inside a pane) the one named by `$CCMUX` (or, invoked as
/// `tmux`, by `$TMUX`), else the default socket.
pub fn socket_for(cli: &Cli) -> PathBuf {
    if cli.socket_name.is_none() && cli.socket_path.is_none() {
        let var = if crate::cli::invoked_as_tmux() {
            "TMUX"
        } else {
            "CCMUX"
        };
        if let Some(path) = std::env::var(var)
            .ok()
            .and_then(|v| v.split(',').next().map(String::from))
            .filter(|p| !p.is_empty())
        {
            return PathBuf::from(path);
        }
    }
    paths::socket_path(cli.socket_name.as_deref(), cli.socket_path.as_deref())
}

pub(crate) enum HelloError {
    /// The connection went away: the server is gone or going.
    Lost(anyhow::Error),
    /// The server answered and refused.
    Refused(anyhow::Error),
}

/// The protocol version this client speaks: its own, or an older server's (from
/// [`ccmux_proto::OLDEST_CLIENT_VERSION`] up), so that a newly installed binary still reaches the
/// server it replaces (`ccmux server-restart`, `kill-server`, any command). Only `attach` sends
/// what the older version lacks, and it checks [`spoken`] first.
static SPOKEN: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(PROTOCOL_VERSION);

/// The protocol version this connection speaks (this build's, or an older server's).
pub(crate) fn spoken() -> u32 {
    SPOKEN.load(std::sync::atomic::Ordering::Relaxed)
}

/// The server's version in its "protocol version mismatch (server N, client M)" refusal.
fn server_version(why: &str) -> Option<u32> {
    let rest = why.split_once("(server ")?.1;
    rest.split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

pub(crate) fn hello(stream: &mut UnixStream) -> Result<(), HelloError> {
    use std::sync::atomic::Ordering::Relaxed;
    // A server that refuses us may close before reading the hello: read its answer regardless.
    let sent = write_frame(
        stream,
        &ClientMsg::Hello {
            version: SPOKEN.load(Relaxed),
        },
    );
    match read_frame::<ServerMsg>(stream) {
        Ok(ServerMsg::Hello { .. }) => {}
        Ok(ServerMsg::Refused(why)) => {
            // An older server this build can still speak to: again, in its version (the caller
            // reconnects on `Lost`).
            if let Some(v) = server_version(&why).filter(|v| {
                (ccmux_proto::OLDEST_CLIENT_VERSION..PROTOCOL_VERSION).contains(v)
                    && SPOKEN.load(Relaxed) == PROTOCOL_VERSION
            }) {
                SPOKEN.store(v, Relaxed);
                return Err(HelloError::Lost(anyhow::anyhow!(
                    "server speaks protocol version {v}"
                )));
            }
            return Err(HelloError::Refused(anyhow::anyhow!(
                "server refused the connection: {why}"
            )));
        }
        Ok(other) => {
            return Err(HelloError::Refused(anyhow::anyhow!(
                "unexpected reply from server: {other:?}"
            )))
        }
        Err(e) => {
            return Err(HelloError::Lost(
                anyhow::Error::new(e).context("server closed the connection"),
            ))
        }
    }
    sent.map_err(|e| HelloError::Lost(e.into()))
}

/// Standard input to its end, or to one byte past the largest buffer (the server then says the input
/// is too large, as it does for a file).
fn read_stdin() -> Result<Vec<u8>> {
    let mut data = Vec::new();
    let limit = crate::server::buffers::MAX_SIZE as u64 + 1;
    std::io::stdin()
        .lock()
        .take(limit)
        .read_to_end(&mut data)
        .context("cannot read standard input")?;
    Ok(data)
}

/// Sends the command (after its standard input, if it reads it) and reads the reply; standard output
/// that comes ahead of the reply (a large buffer) is written as it arrives.
fn command_exchange(
    stream: &mut UnixStream,
    argv: Vec<String>,
    stdin: Option<Vec<u8>>,
) -> Result<ccmux_proto::CommandReply> {
    let request = CommandRequest {
        argv,
        cwd: std::env::current_dir()
            .map(|d| d.display().to_string())
            .unwrap_or_else(|_| "/".into()),
        pane: std::env::var("CCMUX_PANE").ok(),
        stdin: stdin.is_some(),
    };
    for chunk in stdin.as_deref().unwrap_or_default().chunks(CHUNK) {
        write_frame(stream, &ClientMsg::Input(chunk.to_vec()))?;
    }
    write_frame(stream, &ClientMsg::Command(request))?;
    loop {
        match read_frame::<ServerMsg>(stream).context("server closed the connection")? {
            ServerMsg::Output(bytes) => std::io::stdout().write_all(&bytes)?,
            ServerMsg::Done(reply) => return Ok(reply),
            ServerMsg::Refused(why) => bail!("server refused the command: {why}"),
            other => bail!("unexpected reply from server: {other:?}"),
        }
    }
}

/// Starts a server in the background (its own session, no terminal) and connects to it once it listens.
/// When another server holds the lock, waits for that one to listen; if it was a dying server whose lock
/// had not been released yet, tries again.
pub(crate) fn start_server(socket: &Path, config: Option<&Path>) -> Result<UnixStream> {
    // Report a bad config file here, where the user can see it.
    crate::config::Config::load(config)?;
    let exe = std::env::current_exe().context("cannot find the ccmux binary")?;
    let started = Instant::now();
    let mut last_err = String::new();
    while started.elapsed() < Duration::from_secs(30) {
        let mut cmd = std::process::Command::new(&exe);
        cmd.arg("__server").arg(socket);
        match CONFIG_FILES.get().filter(|f| !f.is_empty()) {
            Some(files) => {
                cmd.args(files);
            }
            None => {
                if let Some(c) = config {
                    cmd.arg(absolute(c));
                }
            }
        }
        cmd.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        // SAFETY: setsid is async-signal-safe.
        unsafe {
            cmd.pre_exec(|| {
                libc::setsid();
                Ok(())
            });
        }
        let mut child = cmd.spawn().context("cannot start the server")?;
        let mut woken = false;
        loop {
            if let Ok(s) = UnixStream::connect(socket) {
                // Reap the server whenever it exits, should this client (an attached one) outlive it.
                std::thread::spawn(move || child.wait());
                return Ok(s);
            }
            if let Some(status) = child.try_wait()? {
                let mut err = String::new();
                if let Some(mut e) = child.stderr.take() {
                    let _ = e.read_to_string(&mut err);
                }
                if !err.contains("already running") {
                    bail!("server failed to start ({status}): {}", err.trim());
                }
                last_err = err.trim().to_string();
                break;
            }
            if started.elapsed() > Duration::from_secs(30) {
                bail!(
                    "server did not start listening on {} in 30 s",
                    socket.display()
                );
            }
            wait_a_moment(child.stderr.as_ref(), &mut woken);
        }
        // Another server holds the lock: give it a moment to listen, then start one again.
        let waiting = Instant::now();
        while waiting.elapsed() < Duration::from_millis(500) {
            if let Ok(s) = UnixStream::connect(socket) {
                return Ok(s);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    bail!("server failed to start: {last_err}")
}

/// Waits before trying a starting server's socket again: until the server closes its standard
/// error (it does once it listens, `server::start`) or writes to it (it failed), at most 2 ms; once
/// that happened (or without the pipe), 2 ms. No poll interval lies between listening and connecting.
fn wait_a_moment(stderr: Option<&std::process::ChildStderr>, woken: &mut bool) {
    use rustix::event::{poll, PollFd, PollFlags, Timespec};
    const TICK: Duration = Duration::from_millis(2);
    match stderr.filter(|_| !*woken) {
        Some(pipe) => {
            let mut fds = [PollFd::new(pipe, PollFlags::IN)];
            let tick = Timespec {
                tv_sec: 0,
                tv_nsec: TICK.as_nanos() as i64,
            };
            if poll(&mut fds, Some(&tick)).is_ok_and(|n| n > 0) {
                *woken = true;
            }
        }
        None => std::thread::sleep(TICK),
    }
}

/// Whether the server's state directory holds anything to recover (then any command starts the server,
/// which recovers before answering).
pub(crate) fn has_saved_state(socket: &Path, config: Option<&Path>) -> bool {
    let Ok(dir) = persistence_dir(socket, config) else {
        return false;
    };
    ["wal", "checkpoints"].iter().any(|sub| {
        std::fs::read_dir(dir.join(sub)).is_ok_and(|mut entries| entries.next().is_some())
    })
}

/// The state directory of the server on `socket`, as its config says.
pub fn persistence_dir(socket: &Path, config: Option<&Path>) -> Result<PathBuf> {
    let (config, _) = crate::config::Config::load(config)?;
    match config.persistence.directory {
        Some(d) => Ok(d),
        None => paths::state_dir(&paths::server_name(socket)),
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::env::current_dir().map_or_else(|_| p.to_path_buf(), |d| d.join(p))
}
