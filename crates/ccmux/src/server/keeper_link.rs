//! The server's side of the keeper: start one if none answers, spawn panes through it, adopt the panes it
//! holds after a crash or an upgrade, and hand it every pane again if it dies.

use crate::keeper::wire::{self, FromKeeper, SpawnRequest, ToKeeper, KEEPER_VERSION};
use anyhow::{bail, Context, Result};
use rustix::fd::{BorrowedFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// A pane the keeper already holds: its process kept running while no server was there.
pub struct LivePane {
    pub pane: u32,
    pub pid: i32,
    pub master: OwnedFd,
}

/// Why there is no keeper.
pub enum KeeperTrouble {
    /// A keeper runs but refused this server.
    Refused(anyhow::Error),
    /// No keeper could be started: panes will end with this server.
    Unavailable(anyhow::Error),
}

pub struct KeeperLink {
    stream: UnixStream,
    path: PathBuf,
    pub pid: u32,
}

/// What the keeper told a connecting server.
pub struct Handover {
    pub live: Vec<LivePane>,
    /// Panes whose process ended while no server was connected: (pane, pid, how).
    pub exited: Vec<(u32, i32, String)>,
    /// The keeper was started just now: it holds nothing from before (both it and the server died).
    pub fresh: bool,
}

impl KeeperLink {
    /// Connects to the keeper on `path`, starting one when none answers. An existing keeper that does
    /// not accept this server (another protocol version) is `Refused`: it holds live panes, so the caller
    /// must not carry on without it.
    pub fn connect_or_start(path: &Path) -> Result<(KeeperLink, Handover), KeeperTrouble> {
        match UnixStream::connect(path) {
            Ok(stream) => Self::hello(stream, path).map_err(|e| {
                KeeperTrouble::Refused(e.context(format!(
                    "the keeper on {} holds the pane processes but does not accept this server; \
                     use the ccmux binary that started it (`ccmux server-restart` from it), \
                     or end it to start afresh",
                    path.display()
                )))
            }),
            Err(_) => {
                let stream = start(path).map_err(KeeperTrouble::Unavailable)?;
                let (link, mut handover) =
                    Self::hello(stream, path).map_err(KeeperTrouble::Unavailable)?;
                handover.fresh = true;
                Ok((link, handover))
            }
        }
    }

    fn hello(stream: UnixStream, path: &Path) -> Result<(KeeperLink, Handover)> {
        stream.set_read_timeout(Some(Duration::from_secs(10)))?;
        wire::send(
            &stream,
            &ToKeeper::Hello {
                version: KEEPER_VERSION,
            },
            &[],
        )?;
        let (reply, _) = wire::recv::<FromKeeper>(&stream).context("the keeper did not answer")?;
        let (pid, count, exited) = match reply {
            FromKeeper::Hello {
                version,
                pid,
                panes,
                exited,
            } if version == KEEPER_VERSION => (pid, panes, exited),
            FromKeeper::Failed(why) => bail!("the keeper refused this server: {why}"),
            other => bail!("unexpected answer from the keeper: {other:?}"),
        };
        let mut live = Vec::new();
        for _ in 0..count {
            match wire::recv::<FromKeeper>(&stream)? {
                (FromKeeper::Pane { pane, pid }, mut fds) if fds.len() == 1 => {
                    live.push(LivePane {
                        pane,
                        pid,
                        master: fds.remove(0),
                    })
                }
                (other, _) => bail!("unexpected message from the keeper: {other:?}"),
            }
        }
        let link = KeeperLink {
            stream,
            path: path.to_path_buf(),
            pid,
        };
        Ok((
            link,
            Handover {
                live,
                exited,
                fresh: false,
            },
        ))
    }

    fn request(
        &self,
        msg: &ToKeeper,
        fds: &[BorrowedFd<'_>],
    ) -> std::io::Result<(FromKeeper, Vec<OwnedFd>)> {
        wire::send(&self.stream, msg, fds)?;
        wire::recv(&self.stream)
    }

    /// Starts a process on a new PTY held by the keeper; returns the master (a copy) and the pid.
    pub fn spawn(&self, req: SpawnRequest) -> std::io::Result<super::pty::Spawned> {
        match self.request(&ToKeeper::Spawn(req), &[])? {
            (FromKeeper::Spawned { pid, .. }, mut fds) if fds.len() == 1 => {
                Ok(super::pty::Spawned {
                    master: fds.remove(0),
                    pid,
                })
            }
            (FromKeeper::Failed(why), _) => Err(std::io::Error::other(why)),
            (other, _) => Err(std::io::Error::other(format!(
                "unexpected keeper answer {other:?}"
            ))),
        }
    }

    /// The pane is closed: the keeper drops its master and hangs up the process group.
    pub fn forget(&self, pane: u32) {
        if let Err(e) = self.request(&ToKeeper::Forget { pane }, &[]) {
            tracing::warn!(pane, "keeper did not take Forget: {e}");
        }
    }

    /// Hands a pane the server holds to the keeper (a new keeper after the old one died).
    pub fn adopt(&self, pane: u32, pid: i32, master: BorrowedFd<'_>) -> std::io::Result<()> {
        match self.request(&ToKeeper::Adopt { pane, pid }, &[master])? {
            (FromKeeper::Done, _) => Ok(()),
            (other, _) => Err(std::io::Error::other(format!(
                "keeper refused Adopt: {other:?}"
            ))),
        }
    }

    /// Ends every pane and the keeper (kill-server, or no sessions left).
    pub fn shutdown(&self) {
        let _ = self.request(&ToKeeper::Shutdown, &[]);
    }

    /// Whether the keeper process still runs.
    pub fn alive(&self) -> bool {
        std::fs::read_to_string(format!("/proc/{}/stat", self.pid))
            .map(|s| !s.contains(") Z "))
            .unwrap_or(false)
    }

    /// Starts a new keeper after the old one died; the caller then adopts its panes into it.
    pub fn restart(&mut self) -> Result<()> {
        let _ = std::fs::remove_file(&self.path);
        let stream = start(&self.path)?;
        let (link, _) = Self::hello(stream, &self.path)?;
        *self = link;
        Ok(())
    }
}

/// Starts `ccmux __keeper PATH` in its own session and connects to it.
fn start(path: &Path) -> Result<UnixStream> {
    let exe = std::env::current_exe().context("cannot find the ccmux binary")?;
    let mut cmd = std::process::Command::new(exe);
    cmd.arg("__keeper")
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    // SAFETY: setsid is async-signal-safe.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
    let mut child = cmd.spawn().context("cannot start the keeper")?;
    // Reap the keeper if it ever exits while this server runs.
    std::thread::spawn(move || child.wait());
    let started = Instant::now();
    loop {
        if let Ok(s) = UnixStream::connect(path) {
            return Ok(s);
        }
        if started.elapsed() > Duration::from_secs(10) {
            bail!("the keeper did not start listening on {}", path.display());
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}
