//! The keeper: a minimal process that holds every PTY master and is the parent of the pane processes,
//! so that they outlive a crash or an upgrade of the server.
//!
//! It does four things only: start a process on a new PTY when the server asks, hand the master fds to
//! whichever server connects (SCM_RIGHTS), reap its children and remember how they ended, and end them
//! all on `Shutdown`. It holds no other state. One server connection at a time: while a server is
//! connected another connection is refused (a stray client of the same user cannot take the panes
//! away from the server); once the server's connection closes (it exited, crashed or exec'd itself) the
//! next one is accepted. It exits after a minute with no panes and no server.

mod held;
pub mod wire;

use crate::server::pty;
use anyhow::{Context, Result};
use rustix::event::{poll, PollFd, PollFlags};
use rustix::fd::{AsFd, OwnedFd};
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::Path;
use std::time::{Duration, Instant};
use wire::{FromKeeper, ToKeeper, KEEPER_VERSION, OLDEST_KEEPER_VERSION};

struct Kept {
    pid: i32,
    master: OwnedFd,
    /// The pane's output ring (the server's `server/ring.rs`): held so that output the server read but
    /// had not logged yet survives the server.
    ring: Option<OwnedFd>,
}

/// How a pane's process ended.
struct Ended {
    pane: u32,
    pid: i32,
    status: Option<i32>,
    signal: Option<i32>,
}

impl Ended {
    fn how(&self) -> String {
        match (self.status, self.signal) {
            (Some(code), _) => format!("exited with status {code}"),
            (_, Some(sig)) => format!("killed by signal {sig}"),
            _ => "ended".to_string(),
        }
    }
}

/// Most exits remembered for a server to ask about (the oldest are dropped beyond it).
const MAX_ENDED: usize = 4096;

struct Keeper {
    panes: BTreeMap<u32, Kept>,
    /// Exits not yet taken by a server.
    ended: Vec<Ended>,
    /// A pidfd for every process started or adopted and not seen ending yet: the poll wakes when one
    /// ends, so it is reaped at once without polling on a timer.
    watch: Vec<OwnedFd>,
    /// The gate the processes started held wait at (`StartHeld`), until `Release` or until the server
    /// that asked for them goes.
    gate: Option<held::Gate>,
}

/// How long a keeper with neither panes nor a server stays.
const IDLE_EXIT: Duration = Duration::from_secs(60);

/// How long after its last request the keeper lets go of the code pages the requests ran (as the
/// server does, `crate::server`).
const RELEASE_CODE_AFTER: Duration = Duration::from_secs(2);

/// Runs the keeper on `socket` until `Shutdown`, or until it has been idle (no panes, no server) a minute.
pub fn run(socket: &Path) -> Result<()> {
    match UnixStream::connect(socket) {
        Ok(_) => anyhow::bail!("a keeper is already running on {}", socket.display()),
        // A socket file nobody listens on is a dead keeper's: replace it.
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            let _ = std::fs::remove_file(socket);
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        // Anything else (no file descriptor left...) says nothing about a keeper there: never
        // delete what may be a live keeper's socket.
        Err(e) => anyhow::bail!("cannot check {}: {e}", socket.display()),
    }
    let old = rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o177));
    let bound = UnixListener::bind(socket);
    rustix::process::umask(old);
    let listener = bound.with_context(|| format!("cannot bind {}", socket.display()))?;
    std::fs::set_permissions(socket, std::fs::Permissions::from_mode(0o600))?;
    let mut keeper = Keeper {
        panes: BTreeMap::new(),
        ended: Vec::new(),
        watch: Vec::new(),
        gate: None,
    };
    let mut server: Option<UnixStream> = None;
    let mut idle_since = Instant::now();
    // The keeper runs a few functions spread over the server's pages: from here on it holds only
    // the pieces of the binary around those it runs again (`code_pages.rs`), and after each burst of
    // requests (spawning a hundred panes maps back much of the spawning code) it lets go of them
    // again once quiet for RELEASE_CODE_AFTER.
    crate::code_pages::release();
    let mut release_at: Option<Instant> = None;
    loop {
        keeper.reap();
        let mut fds = vec![PollFd::new(&listener, PollFlags::IN)];
        if let Some(s) = &server {
            fds.push(PollFd::new(s, PollFlags::IN));
        }
        let first_watch = fds.len();
        fds.extend(keeper.watch.iter().map(|w| PollFd::new(w, PollFlags::IN)));
        // Children are reaped when their pidfds wake the poll (and before every `Status`); the
        // timeouts are the idle exit, when there is neither a server nor a pane, and the code
        // release RELEASE_CODE_AFTER after a request: a keeper holding idle panes wakes once after
        // the server's last request, then never.
        if release_at.is_some_and(|at| at <= Instant::now()) {
            // Right before the poll: little runs between the release and the keeper's sleep.
            crate::code_pages::release();
            release_at = None;
        }
        let exit_in = (server.is_none() && keeper.panes.is_empty())
            .then(|| IDLE_EXIT.saturating_sub(idle_since.elapsed()) + Duration::from_millis(10));
        let release_in = release_at.map(|at| at.saturating_duration_since(Instant::now()));
        let timeout = match (exit_in, release_in) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
        .map(rustix::time::Timespec::try_from)
        .transpose()?;
        let _ = poll(&mut fds, timeout.as_ref());
        let listener_ready = !fds[0].revents().is_empty();
        let server_ready = server.is_some() && fds.get(1).is_some_and(|f| !f.revents().is_empty());
        let ended: Vec<bool> = fds
            .get(first_watch..)
            .unwrap_or_default()
            .iter()
            .map(|f| !f.revents().is_empty())
            .collect();
        drop(fds);
        if listener_ready || server_ready {
            release_at = Some(Instant::now() + RELEASE_CODE_AFTER);
        }
        if ended.contains(&true) {
            // Ended processes: reaped now; their pidfds are done (an adopted process that is not our
            // child cannot be reaped here, but its pidfd must not wake the poll again either).
            keeper.reap();
            let mut ended = ended.into_iter();
            keeper.watch.retain(|_| !ended.next().unwrap_or(false));
        }
        if listener_ready {
            if let Ok((stream, _)) = listener.accept() {
                if !wire::same_user(&stream) {
                    // Another user: dropped unanswered.
                } else if server.is_some() {
                    let _ = wire::send(
                        &stream,
                        &FromKeeper::Failed("another server is connected to this keeper".into()),
                        &[],
                    );
                } else {
                    server = Some(stream);
                }
            }
        }
        if server_ready {
            let stream = server.take().expect("polled");
            // An error means the server went away: keep the panes for the next one.
            if let Ok((msg, fds)) = wire::recv::<ToKeeper>(&stream) {
                let shutdown = matches!(msg, ToKeeper::Shutdown);
                if keeper.handle(&stream, msg, fds).is_ok() {
                    server = Some(stream);
                }
                if shutdown {
                    break;
                }
            }
            if server.is_none() {
                // The server went before letting its held processes go: they run all the same.
                keeper.gate = None;
            }
        }
        if server.is_some() || !keeper.panes.is_empty() {
            idle_since = Instant::now();
        } else if idle_since.elapsed() > IDLE_EXIT {
            break;
        }
    }
    let _ = std::fs::remove_file(socket);
    Ok(())
}

impl Keeper {
    /// Wakes the poll when `pid` ends.
    fn watch(&mut self, pid: i32) {
        let fd = rustix::process::Pid::from_raw(pid).and_then(|p| {
            rustix::process::pidfd_open(p, rustix::process::PidfdFlags::empty()).ok()
        });
        if let Some(fd) = fd {
            self.watch.push(fd);
        }
    }

    fn handle(
        &mut self,
        stream: &UnixStream,
        msg: ToKeeper,
        mut fds: Vec<OwnedFd>,
    ) -> std::io::Result<()> {
        let held_start = matches!(msg, ToKeeper::StartHeld(_));
        match msg {
            ToKeeper::Hello { version }
                if !(OLDEST_KEEPER_VERSION..=KEEPER_VERSION).contains(&version) =>
            {
                wire::send(
                    stream,
                    &FromKeeper::Failed(format!(
                        "keeper protocol version {KEEPER_VERSION}, server speaks {version}"
                    )),
                    &[],
                )
            }
            ToKeeper::Hello { version } => {
                self.reap();
                let hello = FromKeeper::Hello {
                    // The server's version: it sends only that version's messages.
                    version,
                    pid: std::process::id(),
                    panes: self.panes.len() as u32,
                    exited: std::mem::take(&mut self.ended)
                        .into_iter()
                        .map(|e| {
                            let how = e.how();
                            (e.pane, e.pid, how)
                        })
                        .collect(),
                };
                wire::send(stream, &hello, &[])?;
                for (pane, kept) in &self.panes {
                    let msg = FromKeeper::Pane {
                        pane: *pane,
                        pid: kept.pid,
                    };
                    let fds: Vec<_> = std::iter::once(kept.master.as_fd())
                        .chain(kept.ring.as_ref().map(|r| r.as_fd()))
                        .collect();
                    wire::send(stream, &msg, &fds)?;
                }
                Ok(())
            }
            ToKeeper::Spawn(req) | ToKeeper::StartHeld(req) => {
                let spec = pty::SpawnSpec {
                    command: &req.command,
                    shell: &req.shell,
                    cwd: &req.cwd,
                    env: req.env.clone(),
                    cols: req.cols,
                    rows: req.rows,
                };
                // Answered once the process is forked: a plain `Spawn` does not wait for its `exec`.
                let started = if held_start {
                    let gate = match self.gate.take() {
                        Some(gate) => Ok(gate),
                        None => held::Gate::new(),
                    };
                    gate.and_then(|gate| {
                        let spawned = held::spawn_forked(&spec, Some(&gate));
                        self.gate = Some(gate);
                        spawned
                    })
                } else {
                    held::spawn_forked(&spec, None)
                };
                match started {
                    Ok(spawned) => {
                        let reply = FromKeeper::Spawned {
                            pane: req.pane,
                            pid: spawned.pid,
                        };
                        wire::send(stream, &reply, &[spawned.master.as_fd()])?;
                        self.watch(spawned.pid);
                        let old = self.panes.insert(
                            req.pane,
                            Kept {
                                pid: spawned.pid,
                                master: spawned.master,
                                ring: fds.pop(),
                            },
                        );
                        // A respawned pane: its old process is hung up (and reaped when it ends).
                        if let Some(old) = old {
                            hang_up(old);
                        }
                        Ok(())
                    }
                    Err(e) => wire::send(stream, &FromKeeper::Failed(e.to_string()), &[]),
                }
            }
            ToKeeper::Adopt { pane, pid } => match (!fds.is_empty()).then(|| fds.remove(0)) {
                Some(master) => {
                    let ring = fds.pop();
                    self.watch(pid);
                    self.panes.insert(pane, Kept { pid, master, ring });
                    wire::send(stream, &FromKeeper::Done, &[])
                }
                None => wire::send(stream, &FromKeeper::Failed("no fd with Adopt".into()), &[]),
            },
            ToKeeper::Release => {
                self.gate = None;
                wire::send(stream, &FromKeeper::Done, &[])
            }
            ToKeeper::Forget { pane } => {
                if let Some(kept) = self.panes.remove(&pane) {
                    hang_up(kept);
                }
                wire::send(stream, &FromKeeper::Done, &[])
            }
            ToKeeper::Shutdown => {
                for (_, kept) in std::mem::take(&mut self.panes) {
                    hang_up(kept);
                }
                wire::send(stream, &FromKeeper::Done, &[])
            }
            ToKeeper::Status { pane } => {
                self.reap();
                let reply = match self.ended.iter().position(|e| e.pane == pane) {
                    Some(i) => {
                        let e = self.ended.remove(i);
                        FromKeeper::Exit {
                            status: e.status,
                            signal: e.signal,
                        }
                    }
                    None if self.panes.contains_key(&pane) => {
                        FromKeeper::Failed(format!("pane {pane} still runs"))
                    }
                    None => FromKeeper::Exit {
                        status: None,
                        signal: None,
                    },
                };
                wire::send(stream, &reply, &[])
            }
        }
    }

    /// Reaps every child that ended (each pane is its own session and process group, so any child:
    /// not only the keeper's group) and remembers how, for the server to ask.
    fn reap(&mut self) {
        while let Ok(Some((pid, status))) =
            rustix::process::wait(rustix::process::WaitOptions::NOHANG)
        {
            let pid = pid.as_raw_nonzero().get();
            // A pane the server told us to forget still gets reaped; it has nobody to tell.
            let pane = self
                .panes
                .iter()
                .find(|(_, k)| k.pid == pid)
                .map(|(p, _)| *p);
            if let Some(pane) = pane {
                self.panes.remove(&pane);
                // Only a pane's latest end is asked for: an earlier one the server learnt of from the
                // zombie itself (never asked) must not answer for a respawned process.
                self.ended.retain(|e| e.pane != pane);
                self.ended.push(Ended {
                    pane,
                    pid,
                    status: status.exit_status(),
                    signal: status.terminating_signal(),
                });
                if self.ended.len() > MAX_ENDED {
                    self.ended.remove(0);
                }
            }
        }
    }
}

/// Closes the master (the terminal hangs up) and sends SIGHUP to the pane's process group.
fn hang_up(kept: Kept) {
    drop(kept.master);
    if let Some(pid) = rustix::process::Pid::from_raw(kept.pid) {
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::HUP);
    }
}
