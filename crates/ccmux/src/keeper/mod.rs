//! The keeper: a minimal process that holds every PTY master and is the parent of the pane processes,
//! so that they outlive a crash or an upgrade of the server.
//!
//! It does four things only: start a process on a new PTY when the server asks, hand the master fds to
//! whichever server connects (SCM_RIGHTS), reap its children and remember how they ended, and end them
//! all on `Shutdown`. It holds no other state. One server connection at a time; a new one replaces the
//! old (the old server is gone). It exits after a minute with no panes and no server.

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
use wire::{FromKeeper, ToKeeper, KEEPER_VERSION};

struct Kept {
    pid: i32,
    master: OwnedFd,
    /// When the keeper first saw the process ended (it is reaped a moment later).
    ended: Option<Instant>,
}

struct Keeper {
    panes: BTreeMap<u32, Kept>,
    /// Exits not yet told to a server: (pane, pid, how it ended).
    exited: Vec<(u32, i32, String)>,
    /// Processes of forgotten panes, reaped once they end.
    orphans: Vec<i32>,
}

/// How long a pane's ended process stays a zombie before the keeper reaps it: the server reads how
/// it ended from /proc meanwhile (it is not its parent), and a process that ends at once is still
/// there when the server starts watching it.
const REAP_DELAY: Duration = Duration::from_secs(1);

/// Runs the keeper on `socket` until `Shutdown`, or until it has been idle (no panes, no server) a minute.
pub fn run(socket: &Path) -> Result<()> {
    if socket.exists() && UnixStream::connect(socket).is_ok() {
        anyhow::bail!("a keeper is already running on {}", socket.display());
    }
    let _ = std::fs::remove_file(socket);
    let old = rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o177));
    let bound = UnixListener::bind(socket);
    rustix::process::umask(old);
    let listener = bound.with_context(|| format!("cannot bind {}", socket.display()))?;
    std::fs::set_permissions(socket, std::fs::Permissions::from_mode(0o600))?;
    let mut keeper = Keeper {
        panes: BTreeMap::new(),
        exited: Vec::new(),
        orphans: Vec::new(),
    };
    let mut server: Option<UnixStream> = None;
    let mut idle_since = Instant::now();
    loop {
        keeper.reap();
        let mut fds = vec![PollFd::new(&listener, PollFlags::IN)];
        if let Some(s) = &server {
            fds.push(PollFd::new(s, PollFlags::IN));
        }
        let timeout = rustix::time::Timespec::try_from(Duration::from_millis(200))?;
        let _ = poll(&mut fds, Some(&timeout));
        let listener_ready = !fds[0].revents().is_empty();
        let server_ready = fds.get(1).is_some_and(|f| !f.revents().is_empty());
        drop(fds);
        if listener_ready {
            if let Ok((stream, _)) = listener.accept() {
                if wire::same_user(&stream) {
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
        }
        if server.is_some() || !keeper.panes.is_empty() {
            idle_since = Instant::now();
        } else if idle_since.elapsed() > Duration::from_secs(60) {
            break;
        }
    }
    let _ = std::fs::remove_file(socket);
    Ok(())
}

impl Keeper {
    fn handle(
        &mut self,
        stream: &UnixStream,
        msg: ToKeeper,
        mut fds: Vec<OwnedFd>,
    ) -> std::io::Result<()> {
        match msg {
            ToKeeper::Hello { version } if version != KEEPER_VERSION => wire::send(
                stream,
                &FromKeeper::Failed(format!(
                    "keeper protocol version {KEEPER_VERSION}, server speaks {version}"
                )),
                &[],
            ),
            ToKeeper::Hello { .. } => {
                self.reap();
                let hello = FromKeeper::Hello {
                    version: KEEPER_VERSION,
                    pid: std::process::id(),
                    panes: self.panes.len() as u32,
                    exited: std::mem::take(&mut self.exited),
                };
                wire::send(stream, &hello, &[])?;
                for (pane, kept) in &self.panes {
                    let msg = FromKeeper::Pane {
                        pane: *pane,
                        pid: kept.pid,
                    };
                    wire::send(stream, &msg, &[kept.master.as_fd()])?;
                }
                Ok(())
            }
            ToKeeper::Spawn(req) => {
                let spec = pty::SpawnSpec {
                    command: &req.command,
                    shell: &req.shell,
                    cwd: &req.cwd,
                    env: req.env.clone(),
                    cols: req.cols,
                    rows: req.rows,
                };
                match pty::spawn(&spec) {
                    Ok(spawned) => {
                        let reply = FromKeeper::Spawned {
                            pane: req.pane,
                            pid: spawned.pid,
                        };
                        wire::send(stream, &reply, &[spawned.master.as_fd()])?;
                        let old = self.panes.insert(
                            req.pane,
                            Kept {
                                pid: spawned.pid,
                                master: spawned.master,
                                ended: None,
                            },
                        );
                        // A respawned pane: its old process is hung up.
                        if let Some(old) = old {
                            self.orphans.push(old.pid);
                            hang_up(old);
                        }
                        Ok(())
                    }
                    Err(e) => wire::send(stream, &FromKeeper::Failed(e.to_string()), &[]),
                }
            }
            ToKeeper::Adopt { pane, pid } => match fds.pop() {
                Some(master) => {
                    let kept = Kept {
                        pid,
                        master,
                        ended: None,
                    };
                    self.panes.insert(pane, kept);
                    wire::send(stream, &FromKeeper::Done, &[])
                }
                None => wire::send(stream, &FromKeeper::Failed("no fd with Adopt".into()), &[]),
            },
            ToKeeper::Forget { pane } => {
                if let Some(kept) = self.panes.remove(&pane) {
                    self.orphans.push(kept.pid);
                    hang_up(kept);
                }
                wire::send(stream, &FromKeeper::Done, &[])
            }
            ToKeeper::Shutdown => {
                for (_, kept) in std::mem::take(&mut self.panes) {
                    self.orphans.push(kept.pid);
                    hang_up(kept);
                }
                wire::send(stream, &FromKeeper::Done, &[])
            }
        }
    }

    /// Reaps the children that ended and remembers how: a pane's process a moment after it ended
    /// (see [`REAP_DELAY`]), a forgotten pane's at once.
    fn reap(&mut self) {
        use rustix::process::{waitid, waitpid, Pid, WaitId, WaitIdOptions, WaitOptions};
        let now = Instant::now();
        let mut due = Vec::new();
        for (pane, kept) in &mut self.panes {
            let Some(pid) = Pid::from_raw(kept.pid) else {
                continue;
            };
            if kept.ended.is_none() {
                let peek = WaitIdOptions::EXITED | WaitIdOptions::NOHANG | WaitIdOptions::NOWAIT;
                if let Ok(Some(_)) = waitid(WaitId::Pid(pid), peek) {
                    kept.ended = Some(now);
                }
            }
            if kept
                .ended
                .is_some_and(|t| now.duration_since(t) >= REAP_DELAY)
            {
                due.push(*pane);
            }
        }
        for pane in due {
            let Some(kept) = self.panes.remove(&pane) else {
                continue;
            };
            let status = Pid::from_raw(kept.pid)
                .and_then(|pid| waitpid(Some(pid), WaitOptions::NOHANG).ok().flatten());
            let how = match status.map(|(_, s)| (s.exit_status(), s.terminating_signal())) {
                Some((Some(code), _)) => format!("exited with status {code}"),
                Some((_, Some(sig))) => format!("killed by signal {sig}"),
                _ => "ended".to_string(),
            };
            self.exited.push((pane, kept.pid, how));
        }
        self.orphans.retain(|pid| match Pid::from_raw(*pid) {
            Some(pid) => matches!(waitpid(Some(pid), WaitOptions::NOHANG), Ok(None)),
            None => false,
        });
    }
}

/// Closes the master (the terminal hangs up) and sends SIGHUP to the pane's process group.
fn hang_up(kept: Kept) {
    drop(kept.master);
    if let Some(pid) = rustix::process::Pid::from_raw(kept.pid) {
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::HUP);
    }
}
