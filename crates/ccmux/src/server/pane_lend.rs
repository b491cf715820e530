//! Who reads a pane's PTY: its IO thread, or, while the pane is quiet or interactive, the server's
//! runtime thread itself. An echo then wakes one thread, not two: the PTY wakes the runtime, which
//! reads, emulates and draws at once, as tmux's one event loop does (a pane's thread reading it
//! wakes the runtime through the redraw signal: a second wake-up on every key).
//!
//! The IO thread owns reading. After [`LEND_AFTER`] with nothing to read, no input waiting and no
//! type-ahead, it lends the PTY to the runtime ([`Lend::lend`]) and then ends, its loop parked until it is
//! poked (`pane_thread.rs`; it stays to write input the PTY did not take, while there is some). A task on the runtime registers the master with
//! tokio's reactor, reads what comes and feeds the emulator exactly as the thread does
//! ([`super::pane::feed`]: the ring first). It gives reading back when output floods (more than
//! [`FLOOD_BYTES`] within [`FLOOD_WINDOW`]: a flood is still parsed off the runtime's thread), at
//! the end of the terminal or a read error (the thread then reads it too and ends as before), and
//! when the thread asks for it back ([`Lend::reclaim`]: type-ahead, a hang-up while input waits).
//! After [`super::pane::IDLE_SHRINK`] without output it asks the thread to compact the emulator.
//!
//! Exactly one of them reads at a time: `state` says who. Only the thread lends or asks back, only
//! the runtime gives back, after its last chunk is fed and the master is out of the reactor. Data
//! that arrives meanwhile waits in the PTY: the reactor reports a master registered while readable,
//! and the thread polls level-triggered.

use super::pane::{feed, InputSender, Screen, Told, IDLE_SHRINK};
use super::pane_thread::Poke;
use rustix::fd::{AsRawFd, OwnedFd, RawFd};
use rustix::io::Errno;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};
use tokio::io::unix::AsyncFd;

/// How long the PTY must stay quiet (after output, after the thread took reading back) before the
/// thread lends it to the runtime: a flood that pauses for less stays on the thread.
pub const LEND_AFTER: Duration = Duration::from_millis(10);

/// The runtime gives reading back when it read more than this within [`FLOOD_WINDOW`] (about 0.3 ms
/// of emulation: what a key's answer or a full-screen program's redraw takes, not a `cat`).
const FLOOD_BYTES: usize = 16 * 1024;
const FLOOD_WINDOW: Duration = Duration::from_millis(10);

/// The thread reads.
const THREAD: u8 = 0;
/// The runtime reads.
const LENT: u8 = 1;
/// The runtime reads, and the thread asked for reading back.
const RECLAIM: u8 = 2;

/// What a pane's IO thread and the runtime's reader share (see the module's comment).
pub struct Lend {
    state: AtomicU8,
    /// Wakes the thread (or starts one for its parked loop, see `pane_thread.rs`): given back,
    /// asked to compact, stopped.
    wake: Weak<dyn Poke>,
    /// The pane (or its thread) ended: the runtime reads no more and lets go of the master.
    stopped: AtomicBool,
    /// A runtime reader runs for this pane (none outside a runtime, or when the reactor refused).
    usable: AtomicBool,
    /// Wakes the runtime's reader: lent, asked back, stopped.
    notify: tokio::sync::Notify,
    /// Set by the runtime after [`IDLE_SHRINK`] without output: the thread compacts.
    compact: AtomicBool,
    /// When lending: output came that the thread has not compacted after yet.
    active: AtomicBool,
    /// The emulator was thawed (`Screen::thaw`): whoever reads asks for a compaction (which
    /// freezes it again) after [`IDLE_SHRINK`], as after output.
    thawed: AtomicBool,
    /// Some output came since the pane started (type-ahead waits for the prompt).
    pub printed: AtomicBool,
    /// Chunks read by the runtime, and hand-overs each way (tests and `server.log` at debug level).
    pub runtime_reads: AtomicU64,
    pub lent: AtomicU64,
    pub given_back: AtomicU64,
}

impl Lend {
    pub fn new(wake: Weak<dyn Poke>) -> Arc<Lend> {
        Arc::new(Lend {
            state: AtomicU8::new(THREAD),
            wake,
            stopped: AtomicBool::new(false),
            usable: AtomicBool::new(false),
            notify: tokio::sync::Notify::new(),
            compact: AtomicBool::new(false),
            active: AtomicBool::new(false),
            thawed: AtomicBool::new(false),
            printed: AtomicBool::new(false),
            runtime_reads: AtomicU64::new(0),
            lent: AtomicU64::new(0),
            given_back: AtomicU64::new(0),
        })
    }

    /// The runtime reads now (lent, maybe asked back): the thread must not.
    pub fn is_lent(&self) -> bool {
        self.state.load(Ordering::Acquire) != THREAD
    }

    /// The thread may lend: a runtime reader runs and the pane goes on.
    pub fn usable(&self) -> bool {
        self.usable.load(Ordering::Acquire) && !self.stopped.load(Ordering::Acquire)
    }

    /// The thread stopped reading; the runtime reads from now on. `active`: output came since the
    /// thread last compacted (the runtime asks for a compaction after [`IDLE_SHRINK`]).
    pub fn lend(&self, active: bool) {
        self.active.store(active, Ordering::Release);
        self.lent.fetch_add(1, Ordering::Relaxed);
        self.state.store(LENT, Ordering::Release);
        self.notify.notify_one();
    }

    /// The thread wants reading back: the runtime gives it back (and wakes the thread) at once.
    pub fn reclaim(&self) {
        if self
            .state
            .compare_exchange(LENT, RECLAIM, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
        {
            self.notify.notify_one();
        }
    }

    /// The pane's emulator was thawed: the reader (the runtime while lent, else the thread) counts
    /// the pane as active, to compact it when idle.
    pub fn thawed(&self) {
        self.thawed.store(true, Ordering::Release);
        if self.is_lent() {
            self.notify.notify_one();
        } else {
            self.poke();
        }
    }

    /// The emulator was thawed since the last call.
    pub fn take_thawed(&self) -> bool {
        self.thawed.swap(false, Ordering::AcqRel)
    }

    /// The runtime reads no more (tests: as when the reactor refused the master).
    #[cfg(test)]
    pub fn never_lend(&self) {
        self.usable.store(false, Ordering::Release);
        self.reclaim();
    }

    /// The runtime asked for a compaction (taken: asked once).
    pub fn take_compact(&self) -> bool {
        self.compact.swap(false, Ordering::AcqRel)
    }

    /// The pane ends (killed, dead, respawned, its handle dropped, its thread returned): the runtime
    /// reads no more and drops its master (closing the master hangs the terminal up), and the thread
    /// wakes to see why.
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::Release);
        self.notify.notify_one();
        self.poke();
    }

    fn poke(&self) {
        if let Some(wake) = self.wake.upgrade() {
            wake.poke();
        }
    }

    pub fn stopped(&self) -> bool {
        self.stopped.load(Ordering::Acquire)
    }

    /// The runtime stops reading (it is out of the reactor): the thread reads again.
    fn give_back(&self) {
        self.given_back.fetch_add(1, Ordering::Relaxed);
        self.state.store(THREAD, Ordering::Release);
        self.poke();
    }
}

/// The master, registered with the reactor while lent.
struct Master(Arc<OwnedFd>);

impl AsRawFd for Master {
    fn as_raw_fd(&self) -> RawFd {
        self.0.as_raw_fd()
    }
}

/// What a pane's runtime reader works with.
pub struct Reader {
    pub lend: Arc<Lend>,
    pub master: Arc<OwnedFd>,
    pub screen: Arc<Mutex<Screen>>,
    pub input: InputSender,
}

/// Starts the pane's runtime reader when there is a runtime (else the thread reads everything).
pub fn spawn(reader: Reader) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    reader.lend.usable.store(true, Ordering::Release);
    runtime.spawn(reader.run());
}

/// Why the runtime stopped reading.
enum End {
    /// Reading goes back to the thread.
    Back,
    /// The pane ended.
    Stop,
}

impl Reader {
    async fn run(self) {
        loop {
            // Wait to be lent the PTY.
            loop {
                if self.lend.stopped() {
                    return;
                }
                match self.lend.state.load(Ordering::Acquire) {
                    LENT => break,
                    // Asked back before reading started.
                    RECLAIM => self.lend.give_back(),
                    _ => {}
                }
                self.lend.notify.notified().await;
            }
            // SAFETY: `Master` holds the master open (an `Arc`), the same fd, for the AsyncFd's
            // whole life.
            let registered = unsafe {
                AsyncFd::register_with_interest(
                    Master(self.master.clone()),
                    tokio::io::Interest::READABLE,
                )
            };
            let fd = match registered {
                Ok(fd) => fd,
                Err(e) => {
                    let e = e.into_parts().1;
                    tracing::warn!("pane output read by its thread only: {e}");
                    self.lend.usable.store(false, Ordering::Release);
                    self.lend.give_back();
                    return;
                }
            };
            let end = self.read_lent(&fd).await;
            // Out of the reactor before the thread reads: no wake-up per chunk of a flood.
            drop(fd);
            match end {
                End::Stop => return,
                End::Back => self.lend.give_back(),
            }
        }
    }

    /// Reads while lent, until reading goes back or the pane ends.
    async fn read_lent(&self, fd: &AsyncFd<Master>) -> End {
        let mut turn = Turn {
            told: Told::new(),
            window: Instant::now(),
            recent: 0,
            last_output: self.lend.active.load(Ordering::Acquire).then(Instant::now),
        };
        let idle = tokio::time::sleep(IDLE_SHRINK);
        tokio::pin!(idle);
        let mut idle_armed = false;
        loop {
            if self.lend.stopped() {
                return End::Stop;
            }
            if self.lend.state.load(Ordering::Acquire) == RECLAIM {
                return End::Back;
            }
            if self.lend.take_thawed() {
                turn.last_output.get_or_insert_with(Instant::now);
            }
            // The idle timer runs only after output or a thaw: an idle pane wakes nobody.
            if let (Some(last), false) = (turn.last_output, idle_armed) {
                idle.as_mut().reset((last + IDLE_SHRINK).into());
                idle_armed = true;
            }
            tokio::select! {
                biased;
                _ = self.lend.notify.notified() => {}
                ready = fd.readable() => {
                    let Ok(mut guard) = ready else {
                        return End::Back;
                    };
                    match self.read_turn(&mut turn) {
                        Ok(()) => guard.clear_ready(),
                        Err(end) => return end,
                    }
                }
                _ = &mut idle, if idle_armed => {
                    idle_armed = false;
                    match turn.last_output {
                        Some(last) if last.elapsed() < IDLE_SHRINK => {}
                        _ => {
                            turn.last_output = None;
                            self.lend.compact.store(true, Ordering::Release);
                            self.lend.poke();
                        }
                    }
                }
            }
        }
    }

    /// Reads until the PTY has nothing more (a short read or EAGAIN; `Ok`: clients told, wait for
    /// more) or reading ends.
    /// Synchronous: the read buffer lives on the stack for this turn only, not in the task.
    fn read_turn(&self, turn: &mut Turn) -> Result<(), End> {
        let mut chunk = [0u8; 4096];
        loop {
            if self.lend.stopped() {
                return Err(End::Stop);
            }
            match rustix::io::read(&*self.master, &mut chunk) {
                Ok(0) => return Err(End::Back),
                Ok(n) => {
                    let bytes = &chunk[..n];
                    let (replies, retitled) = feed(&self.screen, bytes);
                    if !replies.is_empty() {
                        // Behind any input already queued; the thread writes what the PTY refuses.
                        self.input.write(&replies);
                    }
                    self.lend.printed.store(true, Ordering::Relaxed);
                    self.lend.runtime_reads.fetch_add(1, Ordering::Relaxed);
                    turn.told.output(retitled);
                    let now = Instant::now();
                    turn.last_output = Some(now);
                    if now.duration_since(turn.window) > FLOOD_WINDOW {
                        turn.window = now;
                        turn.recent = 0;
                    }
                    turn.recent += n;
                    if turn.recent > FLOOD_BYTES {
                        turn.told.flush();
                        return Err(End::Back);
                    }
                    // A short read emptied the PTY: clients are told now, without a second read
                    // (an EAGAIN on every echo's path) to learn it; the caller clears readiness,
                    // as tokio's own streams do after a short read (the next output is a new edge).
                    if n < chunk.len() {
                        turn.told.flush();
                        return Ok(());
                    }
                }
                Err(Errno::INTR) => {}
                Err(Errno::AGAIN) => {
                    turn.told.flush();
                    return Ok(());
                }
                // The end of the terminal (EIO): the thread sees it too and ends the pane's IO.
                Err(_) => {
                    turn.told.flush();
                    return Err(End::Back);
                }
            }
        }
    }
}

/// A lending's reading: the clients' signals, the flood window, the last output (idle timer).
struct Turn {
    told: Told,
    window: Instant,
    recent: usize,
    last_output: Option<Instant>,
}
