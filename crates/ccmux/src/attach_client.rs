//! The interactive client: puts the terminal in raw mode on the alternate screen, forwards what is typed
//! and the terminal's size to the server, and writes what the server renders. If the server goes away
//! it reconnects with backoff (starting a server that recovers the saved state), showing a message on the
//! bottom line meanwhile.

use crate::client::{has_saved_state, hello, start_server, HelloError};
use crate::cmd::AttachSpec;
use anyhow::{bail, Result};
use ccmux_proto::{
    read_frame, write_frame, AttachExtra, AttachRequest, ClientMsg, CommandRequest, ServerMsg,
};
use rustix::termios::{self, OptionalActions, Termios};
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

enum Ev {
    Input(Vec<u8>),
    Resize,
    /// The terminal went away (SIGHUP, stdin closed) or SIGTERM.
    Hangup,
    Server(u32, ServerMsg),
    Lost(u32),
}

/// Restores the terminal when dropped.
struct RawMode(Termios);

impl RawMode {
    /// Gives the terminal back as it was: modes off, main screen, cooked input.
    fn leave(&self) {
        let mut out = std::io::stdout();
        let _ = out.write_all(
            b"\x1b[?1000l\x1b[?1002l\x1b[?1006l\x1b[?2004l\x1b[?1004l\x1b[0m\x1b[0 q\x1b[?25h\x1b[?1049l",
        );
        let _ = out.flush();
        let _ = termios::tcsetattr(std::io::stdin(), OptionalActions::Now, &self.0);
    }

    /// Takes the terminal: raw input, the alternate screen, cleared.
    fn enter(&self) -> std::io::Result<()> {
        let mut raw = self.0.clone();
        raw.make_raw();
        termios::tcsetattr(std::io::stdin(), OptionalActions::Now, &raw)?;
        let mut out = std::io::stdout();
        out.write_all(b"\x1b[?1049h\x1b[H\x1b[2J")?;
        out.flush()
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        self.leave();
    }
}

fn size() -> (u16, u16) {
    match termios::tcgetwinsize(std::io::stdout()) {
        Ok(ws) if ws.ws_col > 0 && ws.ws_row > 0 => (ws.ws_col, ws.ws_row),
        _ => (80, 24),
    }
}

pub fn run(
    socket: &Path,
    config: Option<&Path>,
    spec: AttachSpec,
    words: Vec<String>,
) -> Result<i32> {
    if std::env::var("CCMUX").is_ok_and(|v| !v.is_empty()) {
        eprintln!("sessions should be nested with care, unset $CCMUX to force");
        return Ok(1);
    }
    let stdin = std::io::stdin();
    if !termios::isatty(&stdin) || !termios::isatty(std::io::stdout()) {
        bail!("not a terminal");
    }
    let cwd = std::env::current_dir().map_or_else(|_| "/".into(), |d| d.display().to_string());
    let tty = termios::ttyname(&stdin, Vec::new())
        .map(|c| c.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut request = AttachRequest {
        target: spec.target.clone(),
        command: spec.run_command.then(|| CommandRequest {
            argv: words,
            cwd: cwd.clone(),
            pane: None,
            stdin: false,
        }),
        create: spec.create,
        detach_others: spec.detach_others,
        cols: 0,
        rows: 0,
        term: std::env::var("TERM").unwrap_or_else(|_| "xterm".into()),
        tty,
        cwd,
    };
    // The environment goes along for `update-environment` (not with -E, as tmux).
    let env = if spec.keep_env {
        Vec::new()
    } else {
        std::env::vars_os()
            .filter_map(|(k, v)| {
                Some(format!(
                    "{}={}",
                    k.into_string().ok()?,
                    v.into_string().ok()?
                ))
            })
            .collect()
    };
    let mut extra = AttachExtra {
        env,
        flags: spec.flags.clone(),
        hup_others: spec.hup_others,
    };
    let may_start = spec.create || spec.run_command;
    // Connect before touching the terminal, so errors print normally.
    let (tx, rx) = mpsc::channel();
    let mut generation = 0;
    let (cols, rows) = size();
    request.cols = cols;
    request.rows = rows;
    // The connection's writing half, shared with the input thread (keys go straight to the server).
    let writer = match connect(
        socket,
        config,
        may_start,
        (&request, &extra),
        generation,
        &tx,
    ) {
        Ok(w) => std::sync::Arc::new(std::sync::Mutex::new(w)),
        Err(e) => {
            eprintln!("{e:#}");
            return Ok(1);
        }
    };
    // Come back to the same session after a reconnect, without running the command again.
    request.command = None;
    request.create = false;
    request.detach_others = false;
    extra.hup_others = false;
    let guard = RawMode(termios::tcgetattr(&stdin)?);
    // Tests only: the first frame arrives before the alternate screen is taken.
    if let Some(ms) = std::env::var("CCMUX_TEST_ENTER_DELAY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        std::thread::sleep(Duration::from_millis(ms));
    }
    guard.enter()?;
    // The reader thread may have drawn the first frame before the alternate screen was taken (and
    // cleared): ask for a whole frame again, drawn after the clear. Without this, a loaded machine
    // sometimes showed a blank screen until something changed.
    redraw(&writer, cols, rows);
    let mut out = std::io::stdout();
    let gate = std::sync::Arc::new(InputGate::default());
    spawn_input(tx.clone(), writer.clone(), gate.clone());
    spawn_signals(tx.clone());
    let mut lost_since: Option<Instant> = None;
    let mut after = After::Exit;
    let mut attempt = 0u32;
    let reason = loop {
        let wait = if lost_since.is_some() {
            Duration::from_millis((100u64 << attempt.min(4)).min(2000))
        } else {
            Duration::from_secs(3600)
        };
        let ev = match rx.recv_timeout(wait) {
            Ok(ev) => Some(ev),
            Err(mpsc::RecvTimeoutError::Timeout) => None,
            Err(mpsc::RecvTimeoutError::Disconnected) => break "lost".to_string(),
        };
        let timed_out = ev.is_none();
        match ev {
            Some(Ev::Input(bytes)) => {
                if lost_since.is_some() {
                    if bytes.contains(&b'q') || bytes.contains(&3) {
                        break "gave up reconnecting".into();
                    }
                } else if let Some(w) = lock(&writer).as_mut() {
                    let _ = write_frame(w, &ClientMsg::Input(bytes));
                }
            }
            Some(Ev::Resize) => {
                let (cols, rows) = size();
                request.cols = cols;
                request.rows = rows;
                if let Some(w) = lock(&writer).as_mut() {
                    let _ = write_frame(w, &ClientMsg::Resize { cols, rows });
                }
            }
            Some(Ev::Hangup) => break String::new(),
            Some(Ev::Server(g, msg)) if g == generation => match msg {
                ServerMsg::Output(bytes) => {
                    out.write_all(&bytes)?;
                    out.flush()?;
                }
                ServerMsg::Attached(session) => request.target = Some(session),
                ServerMsg::Detached(reason) => break reason,
                ServerMsg::DetachedHup(reason) => {
                    after = After::Hup;
                    break reason.replacen("detached", "detached and SIGHUP", 1);
                }
                ServerMsg::Exec { shell, command } => {
                    after = After::Exec(shell, command);
                    break String::new();
                }
                ServerMsg::Refused(why) => break why,
                ServerMsg::Suspend => {
                    guard.leave();
                    // Stops here until continued (fg); then the terminal is taken again and the
                    // size sent, which redraws everything.
                    let _ = rustix::process::kill_process(
                        rustix::process::getpid(),
                        rustix::process::Signal::TSTP,
                    );
                    guard.enter()?;
                    let _ = tx.send(Ev::Resize);
                }
                ServerMsg::Lock(command) => {
                    gate.pause();
                    guard.leave();
                    // The lock program owns the terminal until it exits (tmux runs it the same way).
                    let status = std::process::Command::new("/bin/sh")
                        .arg("-c")
                        .arg(&command)
                        .status();
                    if let Err(e) = status {
                        eprintln!("lock-command failed: {e}");
                    }
                    guard.enter()?;
                    gate.resume();
                    let _ = tx.send(Ev::Resize);
                }
                _ => {}
            },
            Some(Ev::Lost(g)) if g == generation => {
                // Keys are read here again (`q` gives up).
                SERVER_READS.store(false, std::sync::atomic::Ordering::SeqCst);
                *lock(&writer) = None;
                lost_since = Some(Instant::now());
                attempt = 0;
                status_message(&mut out, "server lost: reconnecting... (q to quit)")?;
            }
            Some(_) => {}
            None => {}
        }
        if let Some(since) = lost_since {
            if !timed_out {
                continue;
            }
            attempt += 1;
            generation += 1;
            match connect(socket, config, true, (&request, &extra), generation, &tx) {
                Ok(w) => {
                    *lock(&writer) = w;
                    lost_since = None;
                    out.write_all(b"\x1b[H\x1b[2J")?;
                    out.flush()?;
                    // As at the start: a frame drawn before that clear is drawn again.
                    redraw(&writer, request.cols, request.rows);
                }
                Err(e) if since.elapsed() > Duration::from_secs(120) => break format!("{e:#}"),
                Err(_) => status_message(
                    &mut out,
                    &format!("server lost: reconnecting, attempt {attempt}... (q to quit)"),
                )?,
            }
        }
    };
    drop(guard);
    if let After::Exec(shell, command) = after {
        // tmux's client_exec: the command runs in place of the client.
        use std::os::unix::process::CommandExt;
        let name = shell.rsplit('/').next().unwrap_or(&shell).to_string();
        let err = std::process::Command::new(&shell)
            .arg0(name)
            .arg("-c")
            .arg(&command)
            .env("SHELL", &shell)
            .exec();
        bail!("cannot run {shell}: {err}");
    }
    if !reason.is_empty() {
        println!("[{reason}]");
    }
    if matches!(after, After::Hup) {
        // detach-client -P: the client's parent (the shell it ran from) is hung up, as tmux.
        let parent = rustix::process::getppid();
        if let Some(p) = parent.filter(|p| p.as_raw_nonzero().get() > 1) {
            let _ = rustix::process::kill_process(p, rustix::process::Signal::HUP);
        }
    }
    Ok(0)
}

/// What the client does once detached.
enum After {
    Exit,
    /// Hang up the parent process (`detach-client -P`).
    Hup,
    /// Run this command with this shell in place of the client (`detach-client -E`).
    Exec(String, String),
}

/// Asks the server for a whole frame (a resize to the same size forgets the last frame drawn).
fn redraw(writer: &Writer, cols: u16, rows: u16) {
    if let Some(w) = lock(writer).as_mut() {
        let _ = write_frame(w, &ClientMsg::Resize { cols, rows });
    }
}

fn status_message(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    let (_, rows) = size();
    write!(
        out,
        "\x1b7\x1b[{rows};1H\x1b[0;30;43m {text}\x1b[K\x1b[0m\x1b8"
    )?;
    out.flush()
}

/// Connects, says hello, asks to attach; a reader thread then forwards the server's messages. Returns
/// the writing half (`None` never: kept an Option for the caller's state).
fn connect(
    socket: &Path,
    config: Option<&Path>,
    may_start: bool,
    (request, extra): (&AttachRequest, &AttachExtra),
    generation: u32,
    tx: &mpsc::Sender<Ev>,
) -> Result<Option<UnixStream>> {
    let mut attempts = 0;
    let mut stream = loop {
        let mut stream = match UnixStream::connect(socket) {
            Ok(s) => s,
            Err(_) if may_start || has_saved_state(socket, config) => start_server(socket, config)?,
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
    // An older server (see `client::spoken`) takes the attach without this build's extras: a
    // version 6 server writes frames over the socket, a version 5 one also lacks update-environment,
    // read-only flags and detach -P/-E.
    let spoken = crate::client::spoken();
    let attach = match spoken {
        v if v >= 7 => ClientMsg::AttachTty(request.clone(), extra.clone()),
        6 => ClientMsg::AttachWith(request.clone(), extra.clone()),
        _ => ClientMsg::Attach(request.clone()),
    };
    write_frame(&mut stream, &attach)?;
    // The first answer says whether the attach worked.
    match read_frame::<ServerMsg>(&mut stream)? {
        ServerMsg::Attached(s) => {
            let _ = tx.send(Ev::Server(generation, ServerMsg::Attached(s)));
        }
        ServerMsg::Refused(why) => bail!("{why}"),
        other => bail!("unexpected reply from server: {other:?}"),
    }
    let reads = spoken >= 7 && send_tty(&stream)?;
    SERVER_READS.store(reads, std::sync::atomic::Ordering::SeqCst);
    wake_input();
    // Buffered: a frame's length and body come in one read.
    let mut reader = std::io::BufReader::with_capacity(64 * 1024, stream.try_clone()?);
    let tx = tx.clone();
    std::thread::spawn(move || loop {
        match read_frame::<ServerMsg>(&mut reader) {
            // Frames go straight to the terminal: no hop through the main loop on the echo path.
            Ok(ServerMsg::Output(bytes)) => {
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(&bytes);
                let _ = out.flush();
            }
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
    Ok(Some(stream))
}

/// Whether the server reads the keys from this client's terminal (it was given it open for reading):
/// the input thread then reads nothing, only watches for the terminal hanging up.
static SERVER_READS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Wakes the input thread to look again at what to wait for (a pause, who reads the keys): it
/// sleeps with no timeout, as tmux's client does (none when the eventfd could not be made: it then
/// looks every 100 ms).
fn input_wake() -> Option<&'static rustix::fd::OwnedFd> {
    static WAKE: std::sync::OnceLock<Option<rustix::fd::OwnedFd>> = std::sync::OnceLock::new();
    WAKE.get_or_init(|| {
        use rustix::event::{eventfd, EventfdFlags};
        eventfd(0, EventfdFlags::CLOEXEC | EventfdFlags::NONBLOCK).ok()
    })
    .as_ref()
}

fn wake_input() {
    if let Some(fd) = input_wake() {
        let _ = rustix::io::write(fd, &1u64.to_ne_bytes());
    }
}

/// Gives the server the terminal (`ClientMsg::AttachTty`): the mark byte with a descriptor of a new
/// open file description of standard output (the server makes its own non-blocking, which leaves
/// this process's standard output as it is), open for reading too when standard input is the same
/// terminal: the server then reads the keys itself. Without one, the mark alone: frames then come
/// over the socket and keys go over it. Returns whether the server reads the keys.
fn send_tty(stream: &UnixStream) -> Result<bool> {
    use rustix::fs::{Mode, OFlags};
    use rustix::net::{SendAncillaryBuffer, SendAncillaryMessage, SendFlags};
    use std::os::fd::AsFd;
    let same =
        |a: rustix::fs::Stat, b: rustix::fs::Stat| (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino);
    let readable = matches!(
        (rustix::fs::fstat(std::io::stdin()), rustix::fs::fstat(std::io::stdout())),
        (Ok(a), Ok(b)) if same(a, b)
    );
    let mode = if readable {
        OFlags::RDWR
    } else {
        OFlags::WRONLY
    };
    // Disabled for tests of the socket path.
    let own = if std::env::var_os("CCMUX_TEST_NO_TTY_FD").is_some() {
        None
    } else {
        rustix::fs::open(
            "/proc/self/fd/1",
            mode | OFlags::NOCTTY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .ok()
        .filter(|fd| termios::isatty(fd))
    };
    let fds = own.as_ref().map(|fd| [fd.as_fd()]);
    let mut space = [std::mem::MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(1))];
    let mut control = SendAncillaryBuffer::new(&mut space);
    let passed = match &fds {
        Some(fds) => control.push(SendAncillaryMessage::ScmRights(&fds[..])),
        None => false,
    };
    let mark = [ccmux_proto::TTY_MARK];
    rustix::net::sendmsg(
        stream,
        &[std::io::IoSlice::new(&mark)],
        &mut control,
        SendFlags::empty(),
    )?;
    Ok(readable && passed)
}

type Writer = std::sync::Arc<std::sync::Mutex<Option<UnixStream>>>;

fn lock(w: &Writer) -> std::sync::MutexGuard<'_, Option<UnixStream>> {
    w.lock().unwrap_or_else(|e| e.into_inner())
}

/// Reads the keyboard: keys go straight to the server while connected (no hop through the main loop),
/// else to the main loop (which offers `q` while reconnecting).
/// Lets the main loop stop the input thread from reading the terminal while another program owns it
/// (the lock command).
#[derive(Default)]
struct InputGate {
    paused: std::sync::atomic::AtomicBool,
    /// The input thread saw `paused` and reads nothing until it is cleared.
    parked: std::sync::atomic::AtomicBool,
}

impl InputGate {
    /// Stops reading; returns once the input thread is parked (or after a second).
    fn pause(&self) {
        use std::sync::atomic::Ordering::SeqCst;
        self.paused.store(true, SeqCst);
        wake_input();
        let start = Instant::now();
        while !self.parked.load(SeqCst) && start.elapsed() < Duration::from_secs(1) {
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn resume(&self) {
        self.paused
            .store(false, std::sync::atomic::Ordering::SeqCst);
        wake_input();
    }
}

fn spawn_input(tx: mpsc::Sender<Ev>, writer: Writer, gate: std::sync::Arc<InputGate>) {
    use rustix::event::{PollFd, PollFlags};
    use std::os::fd::AsFd;
    use std::sync::atomic::Ordering::SeqCst;
    std::thread::spawn(move || {
        let fd = std::io::stdin();
        let mut stdin = std::io::stdin().lock();
        let mut buf = vec![0u8; 64 * 1024];
        let wake = input_wake();
        // Without a wake fd, look again every 100 ms.
        let timeout = wake.is_none().then_some(rustix::event::Timespec {
            tv_sec: 0,
            tv_nsec: 100_000_000,
        });
        loop {
            let paused = gate.paused.load(SeqCst);
            gate.parked.store(paused, SeqCst);
            if paused && wake.is_none() {
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
            // While the server reads the keys, only watch for the terminal hanging up.
            let server_reads = SERVER_READS.load(SeqCst);
            let flags = if server_reads {
                PollFlags::empty()
            } else {
                PollFlags::IN
            };
            // (Without a wake fd, standard input stands in for it, never polled.)
            let wake_fd = wake.map_or_else(|| fd.as_fd(), |w| w.as_fd());
            let mut fds = [
                PollFd::new(&fd, flags),
                PollFd::new(&wake_fd, PollFlags::IN),
            ];
            let watched = match (paused, wake.is_some()) {
                // The terminal belongs to another program: only wait to be woken.
                (true, _) => &mut fds[1..],
                (false, true) => &mut fds[..],
                (false, false) => &mut fds[..1],
            };
            match rustix::event::poll(watched, timeout.as_ref()) {
                Ok(0) | Err(rustix::io::Errno::INTR) => continue,
                Ok(_) => {}
                Err(_) => {
                    let _ = tx.send(Ev::Hangup);
                    return;
                }
            }
            if let (Some(w), false) = (wake, fds[1].revents().is_empty()) {
                // Something changed: look again before reading (a pause, or the server may have
                // taken the terminal).
                let mut counter = [0u8; 8];
                let _ = rustix::io::read(w, &mut counter);
                continue;
            }
            if paused {
                continue;
            }
            if server_reads {
                // Woken with nothing asked for: the terminal hung up (or went bad).
                let bad = PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL;
                if fds[0].revents().intersects(bad) {
                    let _ = tx.send(Ev::Hangup);
                    return;
                }
                continue;
            }
            match stdin.read(&mut buf) {
                Ok(0) | Err(_) => {
                    let _ = tx.send(Ev::Hangup);
                    return;
                }
                Ok(n) => {
                    if let Some(w) = lock(&writer).as_mut() {
                        let _ = write_frame(w, &ClientMsg::Input(buf[..n].to_vec()));
                        continue;
                    }
                    if tx.send(Ev::Input(buf[..n].to_vec())).is_err() {
                        return;
                    }
                }
            }
        }
    });
}

fn spawn_signals(tx: mpsc::Sender<Ev>) {
    std::thread::spawn(move || {
        let Ok(rt) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        rt.block_on(async move {
            use tokio::signal::unix::{signal, SignalKind};
            let (Ok(mut winch), Ok(mut hup), Ok(mut term)) = (
                signal(SignalKind::window_change()),
                signal(SignalKind::hangup()),
                signal(SignalKind::terminate()),
            ) else {
                return;
            };
            loop {
                let ev = tokio::select! {
                    _ = winch.recv() => Ev::Resize,
                    _ = hup.recv() => Ev::Hangup,
                    _ = term.recv() => Ev::Hangup,
                };
                if tx.send(ev).is_err() {
                    return;
                }
            }
        });
    });
}
