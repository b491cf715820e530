//! A pane at run time: its PTY master, its process, its emulator, and the one thread that owns the PTY's IO.
//!
//! The IO thread reads the master (non-blocking, up to 64 KiB at a time), feeds the emulator, and writes
//! queued input; it sleeps in poll(2) on the master and an eventfd that wakes it for new input or shutdown.
//! Emulating a flood therefore never delays other panes or clients. While the pane is quiet or
//! interactive, the thread lends the reading to the runtime's thread (see `pane_lend.rs`), which then
//! reads and feeds the emulator itself: an echo wakes one thread, not two. The thread then ends, its
//! loop parked until it has work again (see `pane_thread.rs`): an idle pane has no thread. A pidfd
//! tells when the process exits; that works whether or not the server is the process's parent.

use super::pane_lend::{Lend, Reader, LEND_AFTER};
use super::pane_thread::{Poke, Wake};
use super::pty;
use ccmux_model::PaneId;
use ccmux_term::Emulator;
use rustix::event::{poll, PollFd, PollFlags};
use rustix::fd::{AsFd, OwnedFd};
use rustix::io::Errno;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc::UnboundedSender;

/// Bumped whenever a screen or the model changes: attached clients redraw (at their own pace, from the
/// current state, so a flood never queues frames). Never blocks the caller.
pub fn redraw_signal() -> &'static tokio::sync::watch::Sender<u64> {
    static SIGNAL: std::sync::OnceLock<tokio::sync::watch::Sender<u64>> =
        std::sync::OnceLock::new();
    SIGNAL.get_or_init(|| tokio::sync::watch::channel(0).0)
}

/// Bumped when a pane's output rang a bell or named its window: the process tracker then handles
/// it without waiting for the output to settle (tmux alerts at once).
pub fn alert_signal() -> &'static tokio::sync::watch::Sender<u64> {
    static SIGNAL: std::sync::OnceLock<tokio::sync::watch::Sender<u64>> =
        std::sync::OnceLock::new();
    SIGNAL.get_or_init(|| tokio::sync::watch::channel(0).0)
}

/// Bumped by every redraw signal except a pane's output alone: what the status lines show may have
/// changed. An attached client redraws them only then (and once a second, for the time), so an
/// echoed key costs a frame of the panes, not an expansion of `status-format`.
static STATUS_GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// See [`STATUS_GENERATION`].
pub fn status_generation() -> u64 {
    STATUS_GENERATION.load(std::sync::atomic::Ordering::Acquire)
}

/// Something changed (the model, a mode, an overlay): clients redraw, their status lines too.
pub fn signal_redraw() {
    STATUS_GENERATION.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    signal_output();
}

/// Only a pane's screen changed (its output): clients redraw their panes.
fn signal_output() {
    redraw_signal().send_modify(|g| *g = g.wrapping_add(1));
}

/// What panes tell the server.
#[derive(Debug)]
pub enum PaneEvent {
    /// The pane's process `pid` exited: its exit status or the signal that ended it, when known.
    Exited {
        pane: PaneId,
        pid: i32,
        status: Option<i32>,
        signal: Option<i32>,
    },
}

enum Control {
    Shutdown,
    /// Input to type once the process is ready for it (it printed something, its prompt, and went
    /// quiet; or after [`TYPE_AHEAD_LIMIT`] regardless): a restored pane's program, typed into its
    /// new shell.
    TypeWhenReady(Vec<u8>),
}

/// How long a shell's prompt must stay unfollowed by more output before typed-ahead input is sent.
const TYPE_AHEAD_QUIET: Duration = Duration::from_millis(100);
/// Typed-ahead input is sent after this long even if the process printed nothing.
const TYPE_AHEAD_LIMIT: Duration = Duration::from_secs(3);

/// Input for the pane's process not yet accepted by the PTY. Writers append under the lock and write
/// directly when nothing is queued (no thread hop on the keystroke path); the IO thread writes the rest
/// when the PTY can take it. One lock keeps the order.
type InputQueue = Arc<Mutex<Vec<u8>>>;

/// A pane's emulator and its output accounting, behind one lock: what a checkpoint captures (lines and
/// the output offset they reflect) is always consistent.
pub struct Screen {
    pub emu: Emulator,
    /// Bytes of output this pane has produced in its whole life (continued across recovery).
    pub offset: u64,
    /// Output not yet handed to the WAL (`None` when persistence is off).
    pub unlogged: Option<Vec<u8>>,
    /// The start of `unlogged` was dropped (a flood the WAL had no room for): its record restarts
    /// the pane's content (`fresh`).
    pub unlogged_fresh: bool,
    /// Recovered content not replayed yet: whoever locks the screen first replays it (see [`lock`]).
    pending: Option<Preload>,
    /// The pane's size when it was made: a restored terminal state is put in at this size (nothing
    /// resizes the screen before the replay, which every [`lock`] does first).
    made_size: (u16, u16),
    /// Raw output kept for control clients (`None` while there are none).
    pub tap: Option<super::tap::Tap>,
    /// pipe-pane: where the pane's output is copied to.
    pub pipe: Option<super::pipe::Pipe>,
    /// The output ring shared with the keeper: every byte goes there first (see `ring.rs`).
    pub ring: Option<Arc<super::ring::OutputRing>>,
    /// The output before this offset has been handed to the WAL (by `persistence::flush_output`).
    pub queued_through: u64,
    /// Where it was handed: once it is durable there, an idle pane's ring lets it go.
    wal: Option<Arc<ccmux_persist::store::Store>>,
    /// What the output did since the process tracker last looked (alerts, window names).
    pub news: News,
    /// The window title (OSC 0/2) as clients were last told: a new one redraws status lines
    /// (`#{pane_title}`), not only the pane.
    told_title: Option<String>,
    /// Told when the emulator is thawed, to freeze it again once the pane is idle (none for a dead
    /// pane's screen).
    lend: Option<Arc<Lend>>,
}

/// What a pane's output did since the process tracker last looked.
#[derive(Debug, Default)]
pub struct News {
    /// Some output came (monitor-activity).
    pub activity: bool,
    /// A bell rang (monitor-bell).
    pub bell: bool,
    /// The window name the program last asked for (`ESC k name ESC \`, allow-rename).
    pub rename: Option<String>,
    /// What the program last put on the clipboard (OSC 52; heeded with `set-clipboard on`).
    pub clipboard: Option<String>,
}

/// Locks a pane's screen, first replaying its recovered content if that has not happened yet, so nobody
/// ever sees a restored pane half done, and thawing its emulator if it is frozen (`Screen::thaw`).
pub fn lock(screen: &Mutex<Screen>) -> Option<std::sync::MutexGuard<'_, Screen>> {
    let mut guard = lock_cold(screen)?;
    guard.thaw();
    Some(guard)
}

/// [`lock`] without thawing: for what a frozen emulator answers as it is (size, cursor, modes,
/// title, history, row serials, the cursor as drawn, its encoded state; see `ccmux_term`'s
/// `Emulator::freeze`). Whoever then needs its cells calls [`Screen::thaw`].
pub fn lock_cold(screen: &Mutex<Screen>) -> Option<std::sync::MutexGuard<'_, Screen>> {
    let mut guard = screen.lock().ok()?;
    if let Some(p) = guard.pending.take() {
        if let Some(state) = &p.state {
            let (cols, rows) = guard.made_size;
            let limit = guard.emu.history_limit();
            match state.emulator(limit) {
                Ok(mut emu) => {
                    emu.resize(cols, rows);
                    guard.emu = emu;
                }
                // Its version and size were checked by recovery; a failure here (a state that does
                // not decode after its file's checksum held) leaves a blank screen, and is reported.
                Err(e) => {
                    super::recovery::late_note(format!("terminal state not restored: {e}"));
                    guard.emu = Emulator::new(cols, rows, limit);
                }
            }
        }
        if let Some(later) = &p.history_later {
            match later.decode() {
                Ok(lines) => guard.emu.push_history(lines.into_iter().map(history_line)),
                Err(e) => super::recovery::late_note(format!("saved lines not restored: {e}")),
            }
        }
        guard.emu.push_history(p.history);
        guard.emu.advance(&p.bytes);
        // Read by the pane's IO thread already, unless someone needed the screen first: then read
        // here (a page-cache read, checked against the record's CRC again).
        match p.logged.load() {
            Ok(bytes) => guard.emu.advance(&bytes),
            Err(e) => super::recovery::late_note(format!("recovered output not replayed: {e}")),
        }
        let _ = guard.emu.take_replies();
        if !p.tail.is_empty() {
            guard.emu.advance(&p.tail);
            let _ = guard.emu.take_replies();
            guard.offset += p.tail.len() as u64;
            if let Some(unlogged) = guard.unlogged.as_mut() {
                unlogged.extend_from_slice(&p.tail);
            }
        }
        // Replayed content rang and named nothing anew.
        let _ = guard.emu.take_bell();
        let _ = guard.emu.take_rename();
    }
    Some(guard)
}

/// Reads the recovered output a pane's replay still has in the WAL's files, and decodes its saved
/// lines, with no lock held (the replay then only emulates). If the screen was replayed meanwhile, what was read is dropped; if
/// the read fails, the replay tries again and says why.
fn load_logged(screen: &Mutex<Screen>) {
    let (logged, later, state) = match screen.lock() {
        Ok(s) => match s.pending.as_ref() {
            Some(p) => (
                (!p.logged.in_memory()).then(|| p.logged.clone()),
                p.history_later.clone(),
                match &p.state {
                    Some(SavedState::Encoded(bytes)) => Some(bytes.clone()),
                    _ => None,
                },
            ),
            None => return,
        },
        Err(_) => return,
    };
    let bytes = logged.map(|l| l.load());
    let lines = later.map(|l| l.decode());
    let state = state.map(|b| ccmux_term::decode_state(&b));
    if let Ok(mut s) = screen.lock() {
        if let Some(p) = s.pending.as_mut() {
            // (One that does not decode stays encoded: the replay says why.)
            if let Some(Ok(state)) = state {
                p.state = Some(SavedState::Decoded(Box::new(state)));
            }
            if let Some(Ok(bytes)) = bytes {
                p.logged = bytes.into();
            }
            if let Some(Ok(lines)) = lines {
                let mut history: Vec<_> = lines.into_iter().map(history_line).collect();
                history.append(&mut p.history);
                p.history = history;
                p.history_later = None;
            }
        }
    }
}

fn history_line(l: ccmux_persist::store::SavedLine) -> ccmux_term::HistoryLine {
    ccmux_term::HistoryLine {
        text: l.text,
        wrapped: l.wrapped,
    }
}

/// Recovered panes replay their content one at a time in the background (their IO threads take turns),
/// so the server answers its first command while they do; anyone needing a screen sooner replays it.
static RESTORE_TURN: Mutex<()> = Mutex::new(());

/// Keeps recovered panes from replaying in the background until the guard is dropped: recovery holds
/// it until the first client has its answer, so that the hundred replays do not take the CPU from the
/// start-up and the answer that client waits for (anyone locking a screen meanwhile still replays it
/// at once).
pub fn hold_restores() -> std::sync::MutexGuard<'static, ()> {
    RESTORE_TURN.lock().unwrap_or_else(|e| e.into_inner())
}

impl Screen {
    /// Gives a frozen emulator its grids back (nothing when it is not frozen); the pane's reader
    /// is told, so that it freezes it again after [`IDLE_SHRINK`] without output.
    pub fn thaw(&mut self) {
        if self.emu.is_frozen() {
            self.emu.thaw();
            if let Some(lend) = &self.lend {
                lend.thawed();
            }
        }
    }

    /// Takes the output not yet logged, with the offset of its first byte and whether output before
    /// it was dropped unlogged.
    pub fn take_unlogged(&mut self) -> Option<(u64, Vec<u8>, bool)> {
        let fresh = std::mem::take(&mut self.unlogged_fresh);
        let data = self
            .unlogged
            .as_mut()
            .filter(|u| !u.is_empty())
            .map(std::mem::take)?;
        Some((self.offset - data.len() as u64, data, fresh))
    }

    /// What logging writes of the output not yet logged: its last `keep_lines` lines (a copy, from
    /// `skip`: what [`unlogged_tail_start`](Self::unlogged_tail_start) returned under the same lock,
    /// a scan back over up to megabytes during a flood, done once), with the offset of their first
    /// byte and whether output before them is not logged (the record restarts the pane's content,
    /// `fresh`). The same records as logging all of [`take_unlogged`](Self::take_unlogged)'s bytes
    /// with `keep_lines`, but the pane keeps its buffer: during a flood its IO thread appends every
    /// chunk into memory it already has, instead of growing a new buffer (copying it as it doubles)
    /// after every flush.
    pub fn take_unlogged_from(&mut self, skip: usize) -> Option<(u64, Vec<u8>, bool)> {
        let fresh = std::mem::take(&mut self.unlogged_fresh);
        let offset = self.offset;
        let u = self.unlogged.as_mut().filter(|u| !u.is_empty())?;
        let skip = skip.min(u.len());
        let data = u[skip..].to_vec();
        let start = offset - (u.len() - skip) as u64;
        u.clear();
        Some((start, data, fresh || skip > 0))
    }

    /// Gives back the memory of an emptied unlogged buffer (an idle pane holds none).
    fn shrink_unlogged(&mut self) {
        if let Some(u) = self.unlogged.as_mut().filter(|u| u.is_empty()) {
            *u = Vec::new();
        }
    }

    /// Where what logging would write now starts in the unlogged output (its last `keep_lines`
    /// lines).
    pub fn unlogged_tail_start(&self, keep_lines: usize) -> usize {
        self.unlogged
            .as_deref()
            .map_or(0, |u| ccmux_persist::store::tail_start(u, keep_lines))
    }

    /// Bytes of unlogged output.
    pub fn unlogged_len(&self) -> usize {
        self.unlogged.as_ref().map_or(0, Vec::len)
    }

    /// Keeps of the unlogged output only what a replay could show: its last `keep_lines` lines, at
    /// most `max_bytes` (output waiting for room in the WAL stays bounded). What is dropped makes the
    /// next record `fresh`.
    pub fn trim_unlogged(&mut self, keep_lines: usize, max_bytes: usize) {
        let Some(u) = self.unlogged.as_mut() else {
            return;
        };
        let cut =
            ccmux_persist::store::tail_start(u, keep_lines).max(u.len().saturating_sub(max_bytes));
        if cut > 0 {
            u.drain(..cut);
            self.unlogged_fresh = true;
        }
    }

    /// Bytes the server writes into the pane as if its process had (the "Pane is dead" line, the reset
    /// of a respawn): emulated and logged like output, so recovery shows the same.
    pub fn inject(&mut self, bytes: &[u8]) {
        self.emu.advance(bytes);
        let _ = self.emu.take_replies();
        if let Some(ring) = &self.ring {
            ring.append(self.offset, bytes);
        }
        self.offset += bytes.len() as u64;
        if let Some(unlogged) = self.unlogged.as_mut() {
            unlogged.extend_from_slice(bytes);
        }
    }
}

/// Restored content: the terminal state saved by the checkpoint (modes, cursor, both screens) when
/// there is one, lines straight into the history (no parsing), then the bytes replayed through the
/// emulator (the output logged after the checkpoint; without a state, the last screenful first).
pub struct Preload {
    pub state: Option<SavedState>,
    pub history: Vec<ccmux_term::HistoryLine>,
    /// Saved lines checked but not decoded yet, pushed before `history` (see `load_logged`).
    pub history_later: Option<ccmux_persist::store::scrollback::SavedLinesLater>,
    pub bytes: Vec<u8>,
    /// Output logged after `bytes`, maybe still in the WAL's files: the pane's IO thread reads it
    /// before it replays (see `load_logged`); replayed after `bytes`.
    pub logged: ccmux_persist::store::LoggedOutput,
    /// Output a re-adopted pane printed that the old server read but never logged (from the pane's
    /// output ring): replayed after `bytes`, and logged now, continuing the pane's offset.
    pub tail: Vec<u8>,
}

/// A pane's saved terminal state: as the checkpoint holds it, its version and size checked
/// (`ccmux_term::state_size`), decoded by the pane's own thread before it replays (`load_logged`)
/// or by whoever needs the screen first; a recovering server answers without decoding a hundred.
pub enum SavedState {
    Encoded(Vec<u8>),
    Decoded(Box<ccmux_term::TermState>),
}

impl SavedState {
    /// An emulator in this state.
    fn emulator(&self, history_limit: usize) -> Result<Emulator, ccmux_term::StateError> {
        match self {
            SavedState::Decoded(state) => Emulator::from_state(state, history_limit),
            SavedState::Encoded(bytes) => {
                Emulator::from_state(&ccmux_term::decode_state(bytes)?, history_limit)
            }
        }
    }
}

/// How a pane starts: sizes, history, and what recovery restores into it.
pub struct PaneStart {
    pub cols: u16,
    pub rows: u16,
    pub history_limit: usize,
    /// Log output for the WAL.
    pub log_output: bool,
    /// The store the output is logged to (to know when the output ring can let go of it).
    pub wal: Option<Arc<ccmux_persist::store::Store>>,
    /// Output offset to continue from (recovered panes).
    pub offset: u64,
    /// What a recovered pane shows before its new process's first output.
    pub preload: Option<Preload>,
    /// Keep output for control clients from the start (there are some): the tap's birth number.
    pub tap: Option<u64>,
}

/// What runs in a pane, as `/proc` last said: read by the process tracker without the state lock (see
/// `track_processes` in `persistence.rs`), so formats never read `/proc` under it.
#[derive(Clone, Debug, Default)]
pub struct ProcInfo {
    /// The foreground process's command name (`/proc/PID/comm`).
    pub command: String,
    /// Its working directory.
    pub cwd: String,
}

pub struct PaneHandle {
    /// The pane's process (0: a dead pane restored after a restart, which never had one here).
    pub pid: i32,
    /// The terminal's name (`/dev/pts/N`), empty for a dead pane.
    pub tty: String,
    pub proc_info: Arc<Mutex<ProcInfo>>,
    /// The process runs (false: a dead pane, remain-on-exit).
    alive: bool,
    pub screen: Arc<Mutex<Screen>>,
    master: Arc<OwnedFd>,
    control: mpsc::Sender<Control>,
    input: InputQueue,
    /// Wakes the IO thread, or starts one for its parked loop (see `pane_thread.rs`).
    wake: Arc<Wake<IoLoop>>,
    /// Who reads the PTY: the IO thread or the runtime (see `pane_lend.rs`).
    lend: Arc<Lend>,
    size: (u16, u16),
}

/// Writes input to a pane from another thread (pipe-pane -I).
#[derive(Clone)]
pub struct InputSender {
    master: Arc<OwnedFd>,
    input: InputQueue,
    wake: Arc<Wake<IoLoop>>,
}

impl InputSender {
    /// Sends bytes to the pane's process: written at once when the PTY takes them, else queued for the
    /// IO thread.
    pub fn write(&self, bytes: &[u8]) {
        let mut queue = self.input.lock().unwrap_or_else(|e| e.into_inner());
        let mut rest = bytes;
        if queue.is_empty() {
            match rustix::io::write(&*self.master, rest) {
                Ok(n) => rest = &rest[n..],
                Err(Errno::AGAIN) | Err(Errno::INTR) => {}
                Err(_) => return,
            }
        }
        if !rest.is_empty() {
            queue.extend_from_slice(rest);
            drop(queue);
            self.wake.poke();
        }
    }
}

impl PaneHandle {
    /// Takes over a started process: starts its IO thread and its exit watcher.
    pub fn start(
        id: PaneId,
        spawned: pty::Spawned,
        start: PaneStart,
        events: UnboundedSender<PaneEvent>,
    ) -> std::io::Result<PaneHandle> {
        let size = (start.cols, start.rows);
        let screen = Arc::new(Mutex::new(new_screen(start)));
        Self::run_on(id, spawned, screen, size, events)
    }

    /// A dead pane (remain-on-exit) brought back by recovery: its screen, no process.
    pub fn dead(start: PaneStart) -> std::io::Result<PaneHandle> {
        let size = (start.cols, start.rows);
        let screen = Arc::new(Mutex::new(new_screen(start)));
        // A master nobody opens the other side of: resizes work, nothing is ever read or written.
        let master = rustix::pty::openpt(
            rustix::pty::OpenptFlags::RDWR
                | rustix::pty::OpenptFlags::NOCTTY
                | rustix::pty::OpenptFlags::CLOEXEC,
        )?;
        let wake = Wake::new(String::new(), IoLoop::run)?;
        let (control, _) = mpsc::channel();
        let lend = Lend::new(waker(&wake));
        Ok(PaneHandle {
            pid: 0,
            tty: String::new(),
            proc_info: Arc::default(),
            alive: false,
            screen,
            master: Arc::new(master),
            control,
            input: InputQueue::default(),
            wake,
            lend,
            size,
        })
    }

    /// A new process in this pane (respawn-pane): the old one, if it still runs, is ended; the screen
    /// is kept (cleared, its history kept, as tmux's screen_reinit) and its output offset continues.
    pub fn respawn(
        self,
        id: PaneId,
        spawned: pty::Spawned,
        events: UnboundedSender<PaneEvent>,
    ) -> std::io::Result<PaneHandle> {
        let screen = self.screen.clone();
        let size = self.size;
        if let Some(mut s) = lock(&screen) {
            s.pipe = None;
            s.inject(b"\x1b[?1049l\x1b[0m\x1b[r\x1b[?25h\x1b[H\x1b[J");
        }
        self.kill();
        Self::run_on(id, spawned, screen, size, events)
    }

    fn run_on(
        id: PaneId,
        mut spawned: pty::Spawned,
        screen: Arc<Mutex<Screen>>,
        (cols, rows): (u16, u16),
        events: UnboundedSender<PaneEvent>,
    ) -> std::io::Result<PaneHandle> {
        rustix::fs::fcntl_setfl(&spawned.master, rustix::fs::OFlags::NONBLOCK)?;
        // The raw lock: a recovered pane's content is replayed on its own thread, not here.
        if let Ok(mut s) = screen.lock() {
            s.ring = match spawned.ring.take().map(super::ring::OutputRing::open) {
                Some(Ok(ring)) => Some(Arc::new(ring)),
                Some(Err(e)) => {
                    tracing::warn!(pane = %id, "output ring not usable: {e}");
                    None
                }
                None => None,
            };
        }
        let master = Arc::new(spawned.master);
        let wake = Wake::new(format!("pane-{}", id.0), IoLoop::run)?;
        let (control, rx) = mpsc::channel();
        let input = InputQueue::default();
        let lend = Lend::new(waker(&wake));
        if let Ok(mut s) = screen.lock() {
            s.lend = Some(lend.clone());
        }
        wake.start(IoLoop {
            master: master.clone(),
            screen: screen.clone(),
            control: rx,
            input: input.clone(),
            lend: lend.clone(),
            told: Told::new(),
            typeahead: None,
            active: true,
        })?;
        super::pane_lend::spawn(Reader {
            lend: lend.clone(),
            master: master.clone(),
            screen: screen.clone(),
            input: InputSender {
                master: master.clone(),
                input: input.clone(),
                wake: wake.clone(),
            },
        });
        super::exit::watch_exit(id, spawned.pid, events)?;
        let _ = pty::set_size(&*master, cols, rows);
        let tty = rustix::pty::ptsname(&*master, Vec::new())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(PaneHandle {
            pid: spawned.pid,
            tty,
            proc_info: Arc::default(),
            alive: true,
            screen,
            master,
            control,
            input,
            wake,
            lend,
            size: (cols, rows),
        })
    }

    /// A copy of the output ring's fd (for a new keeper).
    pub fn ring_fd(&self) -> Option<OwnedFd> {
        let screen = self.screen.lock().ok()?;
        let ring = screen.ring.as_ref()?;
        rustix::io::fcntl_dupfd_cloexec(ring.fd(), 0).ok()
    }

    /// Whether the pane's process runs (a dead pane's does not).
    pub fn alive(&self) -> bool {
        self.alive
    }

    /// The process ended and the pane stays (remain-on-exit): nothing is signalled or written any more.
    pub fn mark_dead(&mut self) {
        self.alive = false;
        self.lend.stop();
        let _ = self.control.send(Control::Shutdown);
        self.poke();
    }

    /// What writes input to this pane from another thread.
    pub fn input_sender(&self) -> InputSender {
        InputSender {
            master: self.master.clone(),
            input: self.input.clone(),
            wake: self.wake.clone(),
        }
    }

    fn poke(&self) {
        self.wake.poke();
    }

    /// Whether the pane's IO thread runs (an idle pane's loop is parked, see `pane_thread.rs`),
    /// and how many threads it has had.
    #[cfg(test)]
    pub(super) fn io_thread(&self) -> (bool, u64) {
        (!self.wake.parked(), self.wake.started())
    }

    /// Types `bytes` into the pane's process once it is ready for input (see
    /// [`Control::TypeWhenReady`]).
    pub fn type_when_ready(&self, bytes: Vec<u8>) {
        if self.alive {
            let _ = self.control.send(Control::TypeWhenReady(bytes));
            self.poke();
        }
    }

    /// Sends bytes to the pane's process: written at once when the PTY takes them, else queued for the
    /// IO thread. A dead pane takes nothing.
    pub fn write(&self, bytes: Vec<u8>) {
        if self.alive {
            self.input_sender().write(&bytes);
            super::pane_input();
            // Input mostly brings output: a frozen emulator is thawed now, while the key goes to
            // the program and its echo comes back, rather than on the echo's path. (The raw lock:
            // a frozen screen has no recovered content left to replay.)
            if let Ok(mut screen) = self.screen.lock() {
                screen.thaw();
            }
        }
    }

    /// Resizes the emulator and the PTY (the process gets SIGWINCH).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        if self.size == (cols, rows) {
            return;
        }
        self.size = (cols, rows);
        if let Some(mut screen) = lock(&self.screen) {
            screen.emu.resize(cols, rows);
        }
        if let Err(e) = pty::set_size(&*self.master, cols, rows) {
            tracing::warn!("resize of pane pty failed: {e}");
        }
    }

    /// The PTY master (to hand to a new keeper).
    pub fn master_fd(&self) -> rustix::fd::BorrowedFd<'_> {
        self.master.as_fd()
    }

    /// Makes a full-screen program redraw: the size changes by one row and back (two SIGWINCHs).
    pub fn nudge_redraw(&self) {
        let (cols, rows) = self.size;
        let _ = pty::set_size(&*self.master, cols, rows.saturating_sub(1).max(1));
        let _ = pty::set_size(&*self.master, cols, rows);
    }

    /// The foreground process group of the PTY (what runs in the pane right now).
    pub fn foreground_pid(&self) -> Option<i32> {
        if !self.alive {
            return None;
        }
        rustix::termios::tcgetpgrp(&*self.master)
            .ok()
            .map(|p| p.as_raw_nonzero().get())
    }

    /// Ends the pane: stops the IO thread (closing the master hangs up the terminal) and sends SIGHUP to
    /// the process group.
    pub fn kill(self) {
        self.lend.stop();
        let _ = self.control.send(Control::Shutdown);
        self.poke();
        if let Some(mut screen) = lock(&self.screen) {
            screen.pipe = None;
        }
        if !self.alive {
            return;
        }
        for pgrp in [self.foreground_pid(), Some(self.pid)]
            .into_iter()
            .flatten()
        {
            if let Some(pid) = rustix::process::Pid::from_raw(pgrp) {
                let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::HUP);
            }
        }
    }
}

impl Drop for PaneHandle {
    /// A handle dropped without [`PaneHandle::kill`] stops reading too: the runtime lets go of the
    /// master, and the thread (started for its parked loop if none runs) sees the pane stopped and
    /// ends, dropping the loop.
    fn drop(&mut self) {
        self.lend.stop();
    }
}

/// A pane's IO: run by its thread, parked in its [`Wake`] while no thread is needed.
pub(super) struct IoLoop {
    master: Arc<OwnedFd>,
    screen: Arc<Mutex<Screen>>,
    control: mpsc::Receiver<Control>,
    input: InputQueue,
    /// Whether the runtime reads the PTY for now (see `pane_lend.rs`).
    lend: Arc<Lend>,
    /// What attached clients were told of this thread's reading.
    told: Told,
    /// Input waiting for the process to be ready (`Control::TypeWhenReady`), and since when.
    typeahead: Option<(Vec<u8>, std::time::Instant)>,
    /// Output came since the last idle compaction.
    active: bool,
}

/// What `pane_lend.rs` pokes the IO thread with.
fn waker(wake: &Arc<Wake<IoLoop>>) -> std::sync::Weak<dyn Poke> {
    let weak: std::sync::Weak<Wake<IoLoop>> = Arc::downgrade(wake);
    weak
}

/// While output keeps coming, attached clients are told at most this often (each telling wakes them);
/// the last change of a burst is told as soon as the PTY has nothing more to read.
pub(super) const SIGNAL_EVERY: Duration = Duration::from_millis(4);

/// Bytes read from the PTY at once.
const READ_BUFFER: usize = 64 * 1024;

/// After this long without output, an idle pane gives back what the emulator holds beyond its
/// screens (see `Emulator::compact`) and its read buffer.
pub(super) const IDLE_SHRINK: Duration = Duration::from_secs(2);

/// Ends the runtime's reading when the IO ends, however it ends (its master is let go): its thread
/// returned for good, or its parked loop went with the pane's last handle.
impl Drop for IoLoop {
    fn drop(&mut self) {
        self.lend.stop();
    }
}

impl IoLoop {
    /// The thread's body: from the loop's start, or from where it parked. Returns for good when
    /// the pane's IO ends (the loop is dropped), or once parked.
    fn run(mut self, wake: Arc<Wake<IoLoop>>) {
        // Restored content first, before any new output (one pane at a time: see RESTORE_TURN).
        // The runtime is lent the PTY only later, after this.
        let restoring = self.screen.lock().is_ok_and(|s| s.pending.is_some());
        if restoring {
            let _turn = RESTORE_TURN.lock().unwrap_or_else(|e| e.into_inner());
            load_logged(&self.screen);
            drop(lock(&self.screen));
            signal_redraw();
        }
        // Allocated while the pane is active only: an idle pane holds no read buffer.
        let mut buf = Vec::new();
        loop {
            if self.lend.stopped() {
                // Killed, dead, or its handle dropped.
                return;
            }
            match self.control.try_recv() {
                Ok(Control::Shutdown) | Err(mpsc::TryRecvError::Disconnected) => return,
                Ok(Control::TypeWhenReady(bytes)) => {
                    self.typeahead = Some((bytes, std::time::Instant::now()));
                    // Type-ahead watches the output itself.
                    self.lend.reclaim();
                }
                Err(mpsc::TryRecvError::Empty) => {}
            }
            if !self.lend.is_lent() && self.lend.take_thawed() {
                // Someone needed the frozen screen's cells: frozen again once idle.
                self.active = true;
            }
            if self.lend.take_compact() {
                self.compact();
                buf = Vec::new();
                self.active = false;
            }
            let input_waiting = self.flush_input();
            if self.lend.is_lent() {
                if !input_waiting && self.typeahead.is_none() {
                    // Nothing to do until poked (given back, the idle compaction asked for, input,
                    // stopped): the thread ends, its loop parked (unless a poke came meanwhile:
                    // then it looks again).
                    match wake.park(self) {
                        None => return,
                        Some(back) => {
                            self = back;
                            continue;
                        }
                    }
                }
                // The runtime reads; this thread writes what input the PTY did not take at once.
                if self.wait_lent(&wake, input_waiting) {
                    // Hung up: the runtime's read sees it too, but take no chances.
                    self.lend.reclaim();
                }
                if !self.lend.is_lent() {
                    // Given back: a flood, the end of the terminal, or asked for.
                    self.active = true;
                }
                continue;
            }
            match self.read_once(&mut buf) {
                Ok(0) => return,
                Ok(_) => self.active = true,
                Err(Errno::INTR) => {}
                Err(Errno::AGAIN) => {
                    self.told.flush();
                    if let Some((_, since)) = &self.typeahead {
                        // Quiet after its prompt (or never printing): the shell reads input now.
                        let wait = if self.lend.printed.load(std::sync::atomic::Ordering::Relaxed) {
                            TYPE_AHEAD_QUIET
                        } else {
                            TYPE_AHEAD_LIMIT.saturating_sub(since.elapsed())
                        };
                        if !self.wait(&wake, input_waiting, Some(wait)) {
                            if let Some((bytes, _)) = self.typeahead.take() {
                                self.input
                                    .lock()
                                    .unwrap_or_else(|e| e.into_inner())
                                    .extend(bytes);
                            }
                        }
                        continue;
                    }
                    if !input_waiting && self.lend.usable() {
                        // Quiet for a moment: the runtime reads from now on (it then asks for the
                        // idle compaction).
                        if !self.wait(&wake, false, Some(LEND_AFTER)) {
                            self.lend.lend(self.active);
                        }
                        continue;
                    }
                    let timeout = self.active.then_some(IDLE_SHRINK);
                    if !self.wait(&wake, input_waiting, timeout) {
                        self.compact();
                        buf = Vec::new();
                        self.active = false;
                        super::stack::release_unused();
                    }
                }
                Err(_) => return, // EIO: every slave fd is closed
            }
        }
    }

    /// Reads the PTY once and feeds what came. The first read after a pause goes to the stack, a
    /// burst gets the big buffer. Kept out of `run`, whose frame stays small: an idle thread keeps
    /// only that frame's pages (see `stack::release_unused`).
    #[inline(never)]
    fn read_once(&mut self, buf: &mut Vec<u8>) -> rustix::io::Result<usize> {
        let mut small = [0u8; 4096];
        let into: &mut [u8] = if buf.is_empty() { &mut small } else { buf };
        let n = rustix::io::read(&*self.master, &mut *into)?;
        if n > 0 {
            self.output(&into[..n]);
            if buf.is_empty() {
                *buf = vec![0u8; READ_BUFFER];
            }
        }
        Ok(n)
    }

    /// Gives back what the emulator holds (its grids: it keeps its state encoded until it is
    /// needed again), and what the allocator keeps.
    #[inline(never)]
    fn compact(&self) {
        if let Some(mut screen) = lock_cold(&self.screen) {
            screen.emu.freeze();
            screen.shrink_unlogged();
        }
        self.release_ring();
        // The freezing's code goes again once the server is quiet.
        super::code_ran();
        // Hand what was freed back to the system (glibc keeps it otherwise).
        // SAFETY: malloc_trim has no preconditions.
        unsafe {
            libc::malloc_trim(0);
        }
    }

    /// Once all the pane printed has been handed to the WAL and is durable there, its output ring
    /// holds nothing a server crash would need: it lets go of its pages (`OutputRing::release`).
    /// Waits for the WAL's writer (no fsync when everything is durable already, as after two idle
    /// seconds it is) without the screen lock: the runtime may read the pane meanwhile, and output
    /// that came by then keeps the ring as it is.
    fn release_ring(&self) {
        let (ring, wal, through) = {
            let Some(screen) = lock_cold(&self.screen) else {
                return;
            };
            let handed_over = screen.unlogged.as_ref().is_some_and(Vec::is_empty)
                && screen.queued_through == screen.offset;
            match (&screen.ring, &screen.wal) {
                (Some(ring), Some(wal)) if handed_over => {
                    (ring.clone(), wal.clone(), screen.offset)
                }
                _ => return,
            }
        };
        if wal.barrier().is_err() {
            return;
        }
        if let Some(screen) = lock_cold(&self.screen) {
            if screen.offset == through {
                ring.release(through);
            }
        }
    }

    /// Writes queued input the PTY takes now; true when some is still waiting.
    fn flush_input(&self) -> bool {
        let mut queue = self.input.lock().unwrap_or_else(|e| e.into_inner());
        if queue.is_empty() {
            return false;
        }
        match rustix::io::write(&*self.master, &queue) {
            Ok(n) => {
                queue.drain(..n);
            }
            Err(Errno::AGAIN) | Err(Errno::INTR) => {}
            Err(_) => queue.clear(),
        }
        !queue.is_empty()
    }

    fn output(&mut self, bytes: &[u8]) {
        let (replies, retitled) = feed(&self.screen, bytes);
        if !replies.is_empty() {
            // Answers to the program's queries (DA, CPR): behind any input already queued.
            self.input
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend(replies);
        }
        self.lend
            .printed
            .store(true, std::sync::atomic::Ordering::Relaxed);
        self.told.output(retitled);
    }

    /// Sleeps until the PTY or the wake fd is ready; false when `timeout` passed first.
    fn wait(&self, wake: &Wake<IoLoop>, want_write: bool, timeout: Option<Duration>) -> bool {
        let mut flags = PollFlags::IN;
        if want_write {
            flags |= PollFlags::OUT;
        }
        let mut fds = [
            PollFd::new(&*self.master, flags),
            PollFd::new(wake.fd(), PollFlags::IN),
        ];
        let timeout = timeout.and_then(|t| rustix::time::Timespec::try_from(t).ok());
        let ready = poll(&mut fds, timeout.as_ref()).unwrap_or(1);
        if !fds[1].revents().is_empty() {
            wake.take_pokes();
        }
        ready > 0
    }

    /// While the runtime reads: sleeps until the wake fd is ready, or the PTY takes input when some
    /// waits. True when the PTY hung up.
    fn wait_lent(&self, wake: &Wake<IoLoop>, want_write: bool) -> bool {
        let mut fds = [
            PollFd::new(wake.fd(), PollFlags::IN),
            PollFd::new(&*self.master, PollFlags::OUT),
        ];
        let n = if want_write { 2 } else { 1 };
        let _ = poll(&mut fds[..n], None);
        if !fds[0].revents().is_empty() {
            wake.take_pokes();
        }
        want_write && fds[1].revents().intersects(PollFlags::HUP | PollFlags::ERR)
    }
}

/// A chunk of a pane's output, read by whoever reads its PTY now (its IO thread, or the runtime:
/// see `pane_lend.rs`): into the output ring first (from then on a server crash cannot lose it), the
/// emulator, the pane's news (activity, bell, name, clipboard), the unlogged buffer, the control
/// clients' tap and pipe-pane. Returns the emulator's replies to the program's queries (DA, CPR),
/// for the caller to queue behind any input already queued, and whether the title changed.
pub(super) fn feed(screen: &Mutex<Screen>, bytes: &[u8]) -> (Vec<u8>, bool) {
    let mut replies = Vec::new();
    let mut alerted = false;
    let mut retitled = false;
    if let Some(mut screen) = lock(screen) {
        // The ring first: from here on a server crash cannot lose these bytes.
        if let Some(ring) = &screen.ring {
            ring.append(screen.offset, bytes);
        }
        screen.emu.advance(bytes);
        replies = screen.emu.take_replies();
        if screen.emu.title() != screen.told_title.as_deref() {
            screen.told_title = screen.emu.title().map(str::to_string);
            retitled = true;
        }
        screen.news.activity = true;
        if screen.emu.take_bell() {
            screen.news.bell = true;
            alerted = true;
        }
        if let Some(name) = screen.emu.take_rename() {
            screen.news.rename = Some(name);
            alerted = true;
        }
        if let Some(text) = screen.emu.take_clipboard() {
            screen.news.clipboard = Some(text);
            alerted = true;
        }
        screen.offset += bytes.len() as u64;
        if let Some(unlogged) = screen.unlogged.as_mut() {
            unlogged.extend_from_slice(bytes);
        }
        if let Some(tap) = screen.tap.as_mut() {
            tap.push(bytes);
        }
        if let Some(pipe) = &screen.pipe {
            pipe.send(bytes);
        }
    }
    if alerted {
        alert_signal().send_modify(|g| *g = g.wrapping_add(1));
    }
    (replies, retitled)
}

/// What attached clients were told of one reader's output: told at once at most every
/// [`SIGNAL_EVERY`] during a burst, and at its end.
pub(super) struct Told {
    /// Output came since clients were last told.
    unsignalled: bool,
    /// The title changed since clients were last told.
    retitled: bool,
    last: std::time::Instant,
}

impl Told {
    pub(super) fn new() -> Told {
        Told {
            unsignalled: false,
            retitled: false,
            last: std::time::Instant::now(),
        }
    }

    /// A chunk was fed (`retitled`: it changed the title).
    pub(super) fn output(&mut self, retitled: bool) {
        self.retitled |= retitled;
        self.unsignalled = true;
        if self.last.elapsed() >= SIGNAL_EVERY {
            self.signal();
        }
    }

    /// The burst ended (the PTY has nothing more): tells what is not told yet.
    pub(super) fn flush(&mut self) {
        if self.unsignalled {
            self.signal();
        }
    }

    fn signal(&mut self) {
        self.unsignalled = false;
        self.last = std::time::Instant::now();
        if std::mem::take(&mut self.retitled) {
            signal_redraw();
        } else {
            signal_output();
        }
    }
}

/// A new pane's screen.
fn new_screen(start: PaneStart) -> Screen {
    // A restored terminal state replaces the emulator at the replay: no screen-sized one is built
    // for it first (recovery makes a hundred of them at once, before it answers).
    let restored = start.preload.as_ref().is_some_and(|p| p.state.is_some());
    let (cols, rows) = if restored {
        (1, 1)
    } else {
        (start.cols, start.rows)
    };
    Screen {
        emu: Emulator::new(cols, rows, start.history_limit),
        made_size: (start.cols, start.rows),
        offset: start.offset,
        unlogged: start.log_output.then(Vec::new),
        unlogged_fresh: false,
        pending: start.preload,
        tap: start
            .tap
            .map(|born| super::tap::Tap::new(start.offset, born)),
        pipe: None,
        ring: None,
        queued_through: start.offset,
        wal: start.wal,
        news: News::default(),
        told_title: None,
        lend: None,
    }
}

#[cfg(test)]
#[path = "pane_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "pane_lend_tests.rs"]
mod lend_tests;
