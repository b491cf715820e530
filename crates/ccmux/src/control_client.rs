//! The control-mode client (`ccmux -C`, `ccmux -CC`): reads command lines on standard input and
//! writes what the server sends (tmux's client.c in control mode). With `-CC` standard input must be a
//! terminal: it is put in raw mode without echo, and the output is wrapped in `ESC P 1000 p` ...
//! `ESC \`, as iTerm2 expects.
//!
//! If the server goes away (a crash), the client does not exit as tmux's does: it reconnects with
//! backoff (starting a server that recovers the saved state), attaches to the same session with the
//! same flags, size and subscriptions, and the peer is told (`%sessions-changed`, `%session-changed`).
//! A line that was sent but not answered gets an `%error` block saying the server was lost.

use crate::client::{has_saved_state, hello, start_server, HelloError};
use anyhow::{bail, Result};
use ccmux_proto::{
    read_frame, write_frame, ClientMsg, CommandRequest, ControlRequest, ControlState, ServerMsg,
};
use rustix::termios::{self, OptionalActions, Termios};
use std::collections::VecDeque;
use std::io::{BufRead, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long the client keeps trying to reach a server that went away.
const RECONNECT_FOR: Duration = Duration::from_secs(120);

/// Lines read while the server is away are kept (at most this many) and sent once it is back.
const MAX_QUEUED: usize = 10_000;

enum Ev {
    Line(Vec<u8>),
    Eof,
    Server(u32, ServerMsg),
    Lost(u32),
}

/// The terminal's settings before `-CC` took it, restored at the end.
struct Tty(Termios);

impl Tty {
    /// tmux's settings for `-CC`: raw, but CR read as NL and NL written as CRLF; no echo.
    fn take() -> Result<Tty, String> {
        let stdin = std::io::stdin();
        let saved =
            termios::tcgetattr(&stdin).map_err(|e| format!("tcgetattr failed: {}", strerror(e)))?;
        let mut t = saved.clone();
        t.make_raw();
        t.input_modes = termios::InputModes::ICRNL | termios::InputModes::IXANY;
        t.output_modes = termios::OutputModes::OPOST | termios::OutputModes::ONLCR;
        t.local_modes = termios::LocalModes::empty();
        t.control_modes = termios::ControlModes::CREAD
            | termios::ControlModes::CS8
            | termios::ControlModes::HUPCL;
        let _ = t.set_input_speed(saved.input_speed());
        let _ = t.set_output_speed(saved.output_speed());
        t.special_codes[termios::SpecialCodeIndex::VMIN] = 1;
        t.special_codes[termios::SpecialCodeIndex::VTIME] = 0;
        termios::tcsetattr(&stdin, OptionalActions::Now, &t)
            .map_err(|e| format!("tcsetattr failed: {}", strerror(e)))?;
        Ok(Tty(saved))
    }
}

impl Drop for Tty {
    fn drop(&mut self) {
        let _ = termios::tcsetattr(std::io::stdout(), OptionalActions::Flush, &self.0);
        let _ = termios::tcsetattr(std::io::stdin(), OptionalActions::Now, &self.0);
    }
}

/// An error's text as strerror(3) gives it (without Rust's "(os error N)").
fn strerror(e: rustix::io::Errno) -> String {
    let text = std::io::Error::from(e).to_string();
    match text.rfind(" (os error ") {
        Some(at) => text.get(..at).unwrap_or(&text).to_string(),
        None => text,
    }
}

/// What the peer reads: written in order, flushed at once.
fn out(bytes: &[u8]) -> std::io::Result<()> {
    let mut o = std::io::stdout().lock();
    o.write_all(bytes)?;
    o.flush()
}

pub fn run(socket: &Path, config: Option<&Path>, cc: bool, words: Vec<String>) -> Result<i32> {
    let cmds = match crate::cmd::from_argv(&words) {
        Ok(c) => c,
        Err(e) => {
            // As tmux's server does for a control client: the error, then the client leaves.
            let (start, end) = if cc {
                ("\x1bP1000p", "\x1b\\")
            } else {
                ("", "")
            };
            out(format!("{start}{e}\n%exit\n{end}").as_bytes())?;
            return Ok(1);
        }
    };
    let starts = cmds.is_empty()
        || cmds
            .iter()
            .any(|c| c.entry.has(crate::cmd::flags::START_SERVER));
    let stdin = std::io::stdin();
    let tty = if termios::isatty(&stdin) {
        termios::ttyname(&stdin, Vec::new())
            .map(|c| c.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        String::new()
    };
    let guard = if cc {
        match Tty::take() {
            Ok(t) => Some(t),
            Err(e) => {
                eprintln!("{e}");
                return Ok(1);
            }
        }
    } else {
        None
    };
    let mut request = ControlRequest {
        command: Some(CommandRequest {
            argv: words,
            cwd: std::env::current_dir().map_or_else(|_| "/".into(), |d| d.display().to_string()),
            pane: None,
            stdin: false,
        }),
        resume: None,
        term: std::env::var("TERM").unwrap_or_default(),
        tty,
    };
    // Bounded: a peer that reads slowly holds the reader thread, the socket fills and the server
    // sees the client is behind (as tmux sees its pipe fill), rather than this process buffering.
    // One message waits at most: a message carries up to 256 KiB of output (the server's batch),
    // and 16 of them once held a whole 3 MB flood, fresh, where the client should have been seen
    // behind (`pause-after`).
    let (tx, rx) = mpsc::sync_channel(1);
    let mut generation = 0;
    let may_start = starts || has_saved_state(socket, config);
    let mut writer = match connect(socket, config, may_start, &request, generation, &tx) {
        Ok(w) => Some(w),
        Err(e) => {
            drop(guard);
            eprintln!("{e:#}");
            return Ok(1);
        }
    };
    request.command = None;
    if cc {
        out(b"\x1bP1000p")?;
    }
    spawn_stdin(tx.clone());
    let mut state: Option<ControlState> = None;
    // Lines sent and not answered yet; lines read while the server is away.
    let mut in_flight = 0usize;
    let mut queued: VecDeque<Vec<u8>> = VecDeque::new();
    let mut eof = false;
    let mut lost_since: Option<Instant> = None;
    let mut attempt = 0u32;
    let (reason, status) = loop {
        let wait = match lost_since {
            Some(_) => Duration::from_millis((100u64 << attempt.min(4)).min(2000)),
            None => Duration::from_secs(3600),
        };
        let ev = match rx.recv_timeout(wait) {
            Ok(ev) => Some(ev),
            Err(mpsc::RecvTimeoutError::Timeout) => None,
            Err(mpsc::RecvTimeoutError::Disconnected) => break (lost(), 1),
        };
        match ev {
            Some(Ev::Line(line)) => match writer.as_mut() {
                Some(w) => {
                    if !line.is_empty() {
                        in_flight += 1;
                    }
                    let _ = write_frame(w, &ClientMsg::ControlLine(line));
                }
                None if queued.len() < MAX_QUEUED => queued.push_back(line),
                None => {}
            },
            Some(Ev::Eof) => {
                eof = true;
                // End of input is an empty line: the server lets the client go.
                if let Some(w) = writer.as_mut() {
                    let _ = write_frame(w, &ClientMsg::ControlLine(Vec::new()));
                }
            }
            Some(Ev::Server(g, msg)) if g == generation => match msg {
                ServerMsg::Output(bytes) => out(&bytes)?,
                ServerMsg::ControlLineDone => in_flight = in_flight.saturating_sub(1),
                ServerMsg::ControlState(s) => state = Some(s),
                ServerMsg::ControlExit { reason, status } => break (reason, status),
                ServerMsg::Refused(why) => break (why, 1),
                _ => {}
            },
            Some(Ev::Lost(g)) if g == generation => {
                writer = None;
                if state.is_none() {
                    // Lost before it was attached: nothing to come back to.
                    break (lost(), 1);
                }
                lost_since = Some(Instant::now());
                attempt = 0;
                // Lines the server never answered: the peer is told, one block each.
                for _ in 0..std::mem::take(&mut in_flight) {
                    let t = crate::cmd::now();
                    let block = format!(
                        "%begin {t} 0 1\nserver exited unexpectedly: the command may not have run\n%error {t} 0 1\n"
                    );
                    out(block.as_bytes())?;
                }
            }
            Some(_) => {}
            None => {}
        }
        let Some(since) = lost_since else {
            continue;
        };
        if writer.is_some() {
            continue;
        }
        attempt += 1;
        generation += 1;
        request.resume = state.clone();
        // Only a server that recovers saved state is started: without any, nothing is left.
        let may_start = has_saved_state(socket, config);
        match connect(socket, config, may_start, &request, generation, &tx) {
            Ok(mut w) => {
                lost_since = None;
                while let Some(line) = queued.pop_front() {
                    if !line.is_empty() {
                        in_flight += 1;
                    }
                    let _ = write_frame(&mut w, &ClientMsg::ControlLine(line));
                }
                if eof {
                    let _ = write_frame(&mut w, &ClientMsg::ControlLine(Vec::new()));
                }
                writer = Some(w);
            }
            Err(e) if e.downcast_ref::<Gone>().is_some() => break (lost(), 1),
            Err(_) if since.elapsed() > RECONNECT_FOR => break (lost(), 1),
            Err(_) => {}
        }
    };
    if reason.is_empty() {
        out(b"%exit\n")?;
    } else {
        out(format!("%exit {reason}\n").as_bytes())?;
    }
    let wait_exit = state
        .as_ref()
        .is_some_and(|s| s.flags.split(',').any(|f| f == "wait-exit"));
    if wait_exit && !eof {
        // refresh-client -f wait-exit: the peer says it is done with an empty line.
        while let Ok(ev) = rx.recv() {
            match ev {
                Ev::Line(l) if !l.is_empty() => continue,
                Ev::Line(_) | Ev::Eof => break,
                _ => continue,
            }
        }
    }
    if cc {
        out(b"\x1b\\")?;
    }
    drop(guard);
    Ok(status)
}

fn lost() -> String {
    "server exited unexpectedly".into()
}

/// The server is not there and there is nothing to start one for.
#[derive(Debug)]
struct Gone;

impl std::fmt::Display for Gone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("no server")
    }
}

impl std::error::Error for Gone {}

/// Connects, says hello, asks to be a control client; a reader thread then forwards the server's
/// messages.
fn connect(
    socket: &Path,
    config: Option<&Path>,
    may_start: bool,
    request: &ControlRequest,
    generation: u32,
    tx: &mpsc::SyncSender<Ev>,
) -> Result<UnixStream> {
    let mut attempts = 0;
    let mut stream = loop {
        let mut stream = match UnixStream::connect(socket) {
            Ok(s) => s,
            Err(_) if may_start => start_server(socket, config)?,
            Err(_) if request.resume.is_some() => return Err(Gone.into()),
            Err(_) => bail!("no server running on {}", socket.display()),
        };
        match hello(&mut stream) {
            Ok(()) => break stream,
            Err(HelloError::Lost(_)) if attempts < 50 => {
                attempts += 1;
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(HelloError::Lost(e)) | Err(HelloError::Refused(e)) => return Err(e),
        }
    };
    write_frame(&mut stream, &ClientMsg::Control(request.clone()))?;
    let mut reader = stream.try_clone()?;
    let tx = tx.clone();
    std::thread::spawn(move || loop {
        match read_frame::<ServerMsg>(&mut reader) {
            Ok(msg) => {
                if tx.send(Ev::Server(generation, msg)).is_err() {
                    return;
                }
            }
            Err(_) => {
                let _ = tx.send(Ev::Lost(generation));
                return;
            }
        }
    });
    Ok(stream)
}

/// Reads standard input a line at a time (the newline taken off).
fn spawn_stdin(tx: mpsc::SyncSender<Ev>) {
    std::thread::spawn(move || {
        let mut stdin = std::io::stdin().lock();
        loop {
            let mut line = Vec::new();
            match stdin.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => {
                    let _ = tx.send(Ev::Eof);
                    return;
                }
                // A last line without its newline is not a line (tmux's evbuffer_readln).
                Ok(_) if line.last() != Some(&b'\n') => {
                    let _ = tx.send(Ev::Eof);
                    return;
                }
                Ok(_) => {
                    line.pop();
                    if tx.send(Ev::Line(line)).is_err() {
                        return;
                    }
                }
            }
        }
    });
}
