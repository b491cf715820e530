//! The server's side of the keeper: start one if none answers, spawn panes through it, adopt the panes it
//! holds after a crash or an upgrade, and hand it every pane again if it dies.
//!
//! The link is an actor: one thread owns the keeper's socket and makes the round trips, so the server's
//! state lock is never held across them. Under the lock a caller takes a [`KeeperHandle`] (a clone of the
//! actor's mailbox) and makes blocking calls (spawn, adopt, status) after letting go; `forget` only posts.
//! The keeper's liveness is watched through a pidfd (no `/proc` reads, which fail at the open-file
//! limit); a link that broke while the keeper lives is reconnected, never replaced by a second keeper.

use crate::keeper::wire::{
    self, FromKeeper, SpawnRequest, ToKeeper, KEEPER_VERSION, OLDEST_KEEPER_VERSION,
};
use anyhow::{bail, Context, Result};
use rustix::fd::{AsFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Longest wait for one keeper answer (`CCMUX_KEEPER_TIMEOUT_MS` overrides it, for tests).
fn answer_timeout() -> Duration {
    std::env::var("CCMUX_KEEPER_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(Duration::from_secs(10), Duration::from_millis)
}

/// A pane the keeper already holds: its process kept running while no server was there.
pub struct LivePane {
    pub pane: u32,
    pub pid: i32,
    pub master: OwnedFd,
    /// Its output ring, when the keeper holds one (a keeper of an older build does not).
    pub ring: Option<OwnedFd>,
}

/// Why there is no keeper.
pub enum KeeperTrouble {
    /// A keeper runs but refused this server.
    Refused(anyhow::Error),
    /// No keeper could be started: panes will end with this server.
    Unavailable(anyhow::Error),
}

/// What the keeper told a connecting server.
pub struct Handover {
    pub live: Vec<LivePane>,
    /// Panes whose process ended while no server was connected: (pane, pid, how).
    pub exited: Vec<(u32, i32, String)>,
    /// The keeper was started just now: it holds nothing from before (both it and the server died).
    pub fresh: bool,
}

type Answer = std::io::Result<(FromKeeper, Vec<OwnedFd>)>;

/// Requests for the actor, answered in order; `reply: None` posts them without waiting.
struct Call {
    msgs: Vec<(ToKeeper, Vec<OwnedFd>)>,
    reply: Option<mpsc::SyncSender<Vec<Answer>>>,
}

/// Requests of one batch sent ahead of their answers. The keeper takes one request at a time and
/// answers each in order, so a batch costs one round trip's wait instead of one per request; the
/// bound keeps both sides' socket buffers from filling (requests of a few KiB, answers of a few
/// bytes, and an fd each).
const IN_FLIGHT: usize = 16;

/// A clone of the actor's mailbox: blocking calls to make with the state lock released.
#[derive(Clone)]
pub struct KeeperHandle {
    tx: mpsc::Sender<Call>,
    /// The protocol version the keeper speaks with this server.
    version: u32,
    /// Processes were started held and not released yet.
    holding: Arc<AtomicBool>,
}

impl std::fmt::Debug for KeeperHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeeperHandle")
    }
}

impl KeeperHandle {
    fn call(&self, msg: ToKeeper, fds: Vec<OwnedFd>) -> Answer {
        self.call_many(vec![(msg, fds)])
            .pop()
            .unwrap_or_else(|| Err(std::io::ErrorKind::BrokenPipe.into()))
    }

    /// Several requests, pipelined (see [`IN_FLIGHT`]); their answers in the same order.
    fn call_many(&self, msgs: Vec<(ToKeeper, Vec<OwnedFd>)>) -> Vec<Answer> {
        let count = msgs.len();
        let broken = || {
            (0..count)
                .map(|_| Err(std::io::ErrorKind::BrokenPipe.into()))
                .collect()
        };
        let (reply, answer) = mpsc::sync_channel(1);
        if self
            .tx
            .send(Call {
                msgs,
                reply: Some(reply),
            })
            .is_err()
        {
            return broken();
        }
        answer.recv().unwrap_or_else(|_| broken())
    }

    fn post(&self, msg: ToKeeper) {
        let _ = self.tx.send(Call {
            msgs: vec![(msg, Vec::new())],
            reply: None,
        });
    }

    /// Starts a process on a new PTY held by the keeper; returns the master (a copy) and the pid.
    /// Blocking: call it without the state lock.
    /// The pane's output ring goes along, so that the keeper holds it too.
    pub fn spawn(&self, req: SpawnRequest) -> std::io::Result<super::pty::Spawned> {
        self.spawn_many(vec![req])
            .pop()
            .unwrap_or_else(|| Err(std::io::ErrorKind::BrokenPipe.into()))
    }

    /// [`KeeperHandle::spawn`] for many panes at once (recovery after a reboot): the requests are
    /// pipelined, so the keeper starts one process after the other without waiting for a round trip
    /// each. Plain `Spawn` requests: a keeper of an older build serves them the same. The results
    /// are in the order of `reqs`. Blocking: call it without the state lock.
    pub fn spawn_many(&self, reqs: Vec<SpawnRequest>) -> Vec<std::io::Result<super::pty::Spawned>> {
        self.spawn_batch(reqs, false)
    }

    /// [`KeeperHandle::spawn_many`], each process held before its `exec` until
    /// [`KeeperHandle::release_held`] (or until this server's link closes): the answers come as soon as
    /// the processes are forked, so a recovering server answers its clients before a hundred shells
    /// take the CPU. A keeper older than protocol version 3 starts them at once, as `spawn_many`.
    pub fn spawn_many_held(
        &self,
        reqs: Vec<SpawnRequest>,
    ) -> Vec<std::io::Result<super::pty::Spawned>> {
        let held = self.version >= 3;
        if held {
            self.holding.store(true, Ordering::SeqCst);
        }
        self.spawn_batch(reqs, held)
    }

    /// Lets every process started held run (posted; nothing to wait for).
    pub fn release_held(&self) {
        if self.holding.swap(false, Ordering::SeqCst) {
            self.post(ToKeeper::Release);
        }
    }

    /// Lets every process started held run, whoever asked for them to be held (posted). For a command
    /// that started its own: unlike [`KeeperHandle::release_held`], it never depends on what another
    /// caller released meanwhile.
    pub fn release_all_held(&self) {
        if self.version >= 3 {
            self.post(ToKeeper::Release);
        }
    }

    fn spawn_batch(
        &self,
        reqs: Vec<SpawnRequest>,
        held: bool,
    ) -> Vec<std::io::Result<super::pty::Spawned>> {
        let mut results: Vec<Option<std::io::Result<super::pty::Spawned>>> = Vec::new();
        let mut rings = Vec::new();
        let mut msgs = Vec::new();
        for req in reqs {
            let ring = super::ring::OutputRing::new_fd()
                .and_then(|ring| Ok((rustix::io::fcntl_dupfd_cloexec(&ring, 0)?, ring)));
            match ring {
                Ok((keeper_copy, ring)) => {
                    let msg = if held {
                        ToKeeper::StartHeld(req)
                    } else {
                        ToKeeper::Spawn(req)
                    };
                    msgs.push((msg, vec![keeper_copy]));
                    rings.push(ring);
                    results.push(None);
                }
                Err(e) => results.push(Some(Err(e))),
            }
        }
        let mut answers = self.call_many(msgs).into_iter().zip(rings);
        results
            .into_iter()
            .map(|r| {
                r.unwrap_or_else(|| match answers.next() {
                    Some((answer, ring)) => spawned(answer?, ring),
                    None => Err(std::io::ErrorKind::BrokenPipe.into()),
                })
            })
            .collect()
    }

    /// The pane is closed: the keeper drops its master and hangs up the process group. Posted.
    pub fn forget(&self, pane: u32) {
        self.post(ToKeeper::Forget { pane });
    }

    /// Hands a pane to the keeper (a new keeper after the old one died). Blocking.
    pub fn adopt(
        &self,
        pane: u32,
        pid: i32,
        master: OwnedFd,
        ring: Option<OwnedFd>,
    ) -> std::io::Result<()> {
        let fds = std::iter::once(master).chain(ring).collect();
        match self.call(ToKeeper::Adopt { pane, pid }, fds)? {
            (FromKeeper::Done, _) => Ok(()),
            (other, _) => Err(std::io::Error::other(format!(
                "keeper refused Adopt: {other:?}"
            ))),
        }
    }

    /// How a pane's process ended: (exit status, signal); both `None` when the keeper does not know.
    /// Blocking.
    pub fn status(&self, pane: u32) -> std::io::Result<(Option<i32>, Option<i32>)> {
        match self.call(ToKeeper::Status { pane }, Vec::new())? {
            (FromKeeper::Exit { status, signal }, _) => Ok((status, signal)),
            (FromKeeper::Failed(why), _) => Err(std::io::Error::other(why)),
            (other, _) => Err(std::io::Error::other(format!(
                "unexpected keeper answer {other:?}"
            ))),
        }
    }
}

/// The keeper's answer to a `Spawn`: the process and its master, with the ring that went along.
fn spawned(
    answer: (FromKeeper, Vec<OwnedFd>),
    ring: OwnedFd,
) -> std::io::Result<super::pty::Spawned> {
    match answer {
        (FromKeeper::Spawned { pid, .. }, mut fds) if fds.len() == 1 => Ok(super::pty::Spawned {
            master: fds.remove(0),
            pid,
            ring: Some(ring),
        }),
        (FromKeeper::Failed(why), _) => Err(std::io::Error::other(why)),
        (other, _) => Err(std::io::Error::other(format!(
            "unexpected keeper answer {other:?}"
        ))),
    }
}

pub struct KeeperLink {
    handle: KeeperHandle,
    path: PathBuf,
    pub pid: u32,
    /// Readable once the keeper process has ended.
    pidfd: Option<OwnedFd>,
    /// The actor's socket failed (the keeper closed it, or an answer never came).
    broken: Arc<AtomicBool>,
    /// Notified when `broken` is set.
    broke: Arc<tokio::sync::Notify>,
}

impl KeeperLink {
    /// Connects to the keeper on `path`, starting one when none answers. An existing keeper that does
    /// not accept this server (another protocol version, or another server connected) is `Refused`: it
    /// holds live panes, so the caller must not carry on without it.
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
            // Only a socket nobody listens on (or none at all) means there is no keeper; any other
            // error (say, no file descriptor left) must not start a second one.
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::ConnectionRefused | std::io::ErrorKind::NotFound
                ) =>
            {
                let stream = start(path).map_err(KeeperTrouble::Unavailable)?;
                let (link, mut handover) =
                    Self::hello(stream, path).map_err(KeeperTrouble::Unavailable)?;
                handover.fresh = true;
                Ok((link, handover))
            }
            Err(e) => Err(KeeperTrouble::Refused(
                anyhow::Error::new(e)
                    .context(format!("cannot reach the keeper on {}", path.display())),
            )),
        }
    }

    fn hello(stream: UnixStream, path: &Path) -> Result<(KeeperLink, Handover)> {
        stream.set_read_timeout(Some(answer_timeout()))?;
        let say_hello = |version| -> Result<FromKeeper> {
            wire::send(&stream, &ToKeeper::Hello { version }, &[])?;
            let (reply, _) =
                wire::recv::<FromKeeper>(&stream).context("the keeper did not answer")?;
            Ok(reply)
        };
        let mut reply = say_hello(KEEPER_VERSION)?;
        // A keeper of an older build (it survives server upgrades) refuses a newer version and stays
        // connected: say hello again in the oldest version both speak.
        if let FromKeeper::Failed(why) = &reply {
            let older = (OLDEST_KEEPER_VERSION..KEEPER_VERSION)
                .find(|v| why.starts_with(&format!("keeper protocol version {v}, ")));
            if let Some(v) = older {
                reply = say_hello(v)?;
            }
        }
        let (version, pid, count, exited) = match reply {
            FromKeeper::Hello {
                version,
                pid,
                panes,
                exited,
            } if (OLDEST_KEEPER_VERSION..=KEEPER_VERSION).contains(&version) => {
                (version, pid, panes, exited)
            }
            FromKeeper::Failed(why) => bail!("the keeper refused this server: {why}"),
            other => bail!("unexpected answer from the keeper: {other:?}"),
        };
        let mut live = Vec::new();
        for _ in 0..count {
            match wire::recv::<FromKeeper>(&stream)? {
                (FromKeeper::Pane { pane, pid }, fds) if !fds.is_empty() => {
                    let mut fds = fds.into_iter();
                    if let Some(master) = fds.next() {
                        live.push(LivePane {
                            pane,
                            pid,
                            master,
                            ring: fds.next(),
                        })
                    }
                }
                (other, _) => bail!("unexpected message from the keeper: {other:?}"),
            }
        }
        let pidfd = rustix::process::Pid::from_raw(pid as i32).and_then(|p| {
            rustix::process::pidfd_open(p, rustix::process::PidfdFlags::empty()).ok()
        });
        let broken = Arc::new(AtomicBool::new(false));
        let broke = Arc::new(tokio::sync::Notify::new());
        let handle = spawn_actor(stream, version, broken.clone(), broke.clone())?;
        let link = KeeperLink {
            handle,
            path: path.to_path_buf(),
            pid,
            pidfd,
            broken,
            broke,
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

    /// A handle for blocking calls made without the state lock.
    pub fn handle(&self) -> KeeperHandle {
        self.handle.clone()
    }

    /// The pane is closed: the keeper drops its master and hangs up the process group. Posted, not
    /// waited for.
    pub fn forget(&self, pane: u32) {
        self.handle.forget(pane);
    }

    /// Ends every pane and the keeper (kill-server, or no sessions left).
    pub fn shutdown(&self) {
        if let Err(e) = self.handle.call(ToKeeper::Shutdown, Vec::new()) {
            tracing::warn!("keeper did not confirm its shutdown: {e}");
        }
    }

    /// Whether the keeper process still runs (its pidfd is not readable yet).
    pub fn alive(&self) -> bool {
        let Some(fd) = &self.pidfd else {
            // No pidfd (a kernel without them): trust the link.
            return !self.broken();
        };
        let mut fds = [rustix::event::PollFd::new(fd, rustix::event::PollFlags::IN)];
        let zero = rustix::event::Timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        matches!(rustix::event::poll(&mut fds, Some(&zero)), Ok(0))
    }

    /// The link failed: the keeper may live on (then [`KeeperLink::reconnect`]) or be gone.
    pub fn broken(&self) -> bool {
        self.broken.load(Ordering::SeqCst)
    }

    /// What tells that the keeper process ended (a copy of its pidfd, readable then), or `None`
    /// on a kernel without pidfds.
    pub fn death_fd(&self) -> Option<OwnedFd> {
        let fd = self.pidfd.as_ref()?;
        rustix::io::fcntl_dupfd_cloexec(fd, 0).ok()
    }

    /// Notified once the link breaks (after [`broken`](Self::broken) turned true; a permit is
    /// kept when nobody waits yet).
    pub fn broke_signal(&self) -> Arc<tokio::sync::Notify> {
        self.broke.clone()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Connects again to a keeper that lives (the link broke). The panes it reports are the server's
    /// already, or (a spawn the server gave up waiting for) ones it never knew: the caller lets those
    /// go. Blocking: call it without the state lock.
    pub fn reconnect(path: &Path) -> Result<(KeeperLink, Vec<u32>)> {
        let stream = UnixStream::connect(path)
            .with_context(|| format!("cannot reach the keeper on {}", path.display()))?;
        let (link, handover) = Self::hello(stream, path)?;
        Ok((link, handover.live.into_iter().map(|l| l.pane).collect()))
    }

    /// Starts a new keeper after the old one died (its socket is removed only then: the old keeper is
    /// known dead through its pidfd). Blocking: call it without the state lock; the caller then adopts
    /// its panes into it.
    pub fn start_new(path: &Path) -> Result<KeeperLink> {
        let _ = std::fs::remove_file(path);
        let stream = start(path)?;
        let (link, _) = Self::hello(stream, path)?;
        Ok(link)
    }
}

/// The thread that owns the keeper's socket: one request at a time, each answered before the next.
fn spawn_actor(
    stream: UnixStream,
    version: u32,
    broken: Arc<AtomicBool>,
    broke: Arc<tokio::sync::Notify>,
) -> std::io::Result<KeeperHandle> {
    let (tx, rx) = mpsc::channel::<Call>();
    std::thread::Builder::new()
        .name("keeper-link".into())
        .spawn(move || {
            let mut stream = Some(stream);
            for call in rx {
                let count = call.msgs.len();
                let answers = match &stream {
                    None => (0..count)
                        .map(|_| Err(std::io::ErrorKind::BrokenPipe.into()))
                        .collect(),
                    Some(s) => {
                        let (answers, failed) = exchange(s, call.msgs);
                        if let Some(e) = failed {
                            // Closed, so the keeper sees this server go and takes its next link.
                            tracing::warn!("keeper link failed: {e}");
                            stream = None;
                            broken.store(true, Ordering::SeqCst);
                            broke.notify_one();
                        }
                        answers
                    }
                };
                if let Some(reply) = call.reply {
                    let _ = reply.send(answers);
                }
            }
        })?;
    Ok(KeeperHandle {
        tx,
        version,
        holding: Arc::default(),
    })
}

/// Sends `msgs` on the keeper's socket, at most [`IN_FLIGHT`] ahead of their answers, and reads the
/// answers in order. After a failure, the first request without an answer gets the error and every
/// later one (sent or not) a broken pipe; the failure is returned too.
fn exchange(
    stream: &UnixStream,
    msgs: Vec<(ToKeeper, Vec<OwnedFd>)>,
) -> (Vec<Answer>, Option<std::io::Error>) {
    let count = msgs.len();
    let mut answers = Vec::with_capacity(count);
    let mut pending = msgs.into_iter();
    let mut in_flight = 0;
    let mut failed = None;
    while failed.is_none() {
        while in_flight < IN_FLIGHT {
            let Some((msg, fds)) = pending.next() else {
                break;
            };
            let fds: Vec<_> = fds.iter().map(|f| f.as_fd()).collect();
            match wire::send(stream, &msg, &fds) {
                Ok(()) => in_flight += 1,
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        if failed.is_some() || in_flight == 0 {
            break;
        }
        match wire::recv(stream) {
            Ok(answer) => {
                answers.push(Ok(answer));
                in_flight -= 1;
            }
            Err(e) => failed = Some(e),
        }
    }
    if let Some(e) = &failed {
        answers.push(Err(std::io::Error::new(e.kind(), e.to_string())));
        while answers.len() < count {
            answers.push(Err(std::io::ErrorKind::BrokenPipe.into()));
        }
    }
    (answers, failed)
}

/// Keepers this server started and has not reaped yet.
static STARTED: std::sync::Mutex<Vec<std::process::Child>> = std::sync::Mutex::new(Vec::new());

/// Keeps a keeper just started for reaping, and reaps those that ended. A keeper that dies is
/// replaced (`server::replace_keeper`, once its pidfd says it ended), so it stays a zombie only
/// until then, with no thread blocked in `wait` for the server's whole life.
fn keep_started(child: std::process::Child) {
    let mut started = STARTED.lock().unwrap_or_else(|e| e.into_inner());
    started.retain_mut(|c| !matches!(c.try_wait(), Ok(Some(_))));
    started.push(child);
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
    let child = cmd.spawn().context("cannot start the keeper")?;
    keep_started(child);
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
