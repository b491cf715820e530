//! A pane's IO thread runs only while it has work: an idle pane has none.
//!
//! While the runtime reads an idle pane (`pane_lend.rs`), its IO thread has nothing to do until it
//! is poked: reading given back (a flood, the end of the terminal), the idle compaction asked for,
//! input the PTY did not take at once, type-ahead, the pane's end. Kept asleep, 200 idle panes held
//! 200 threads: a user stack's resident pages and a kernel stack each (about 28 KiB a pane,
//! `bench/many_panes.py`), where tmux has one thread in all. So the thread ends instead, its loop
//! parked in the pane's [`Wake`], and the next poke starts a thread for it again.
//!
//! The protocol, under the slot's lock: a poke writes the eventfd first, then takes the lock and
//! starts a thread if the loop is parked; the thread parks only if, under the lock, the eventfd
//! holds no poke (it reads it). Either the poke comes before the thread looks (it goes on, and
//! sees why) or after it parked (the poke finds the loop and starts it): none is lost.
//!
//! When the OS refuses a thread (EAGAIN: a process or memory limit), the poke leaves the loop parked
//! and tries again [`RETRY`] later on the runtime, until a thread starts: the work that poke was for
//! (a flood given back, input, the pane's end) waits, but is not forgotten.

use rustix::event::{eventfd, EventfdFlags};
use rustix::fd::OwnedFd;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

/// How soon a poke that got no thread for the loop tries again.
pub const RETRY: Duration = Duration::from_millis(50);

/// Starts a thread: `std::thread::Builder` (tests put a refusing one in its place).
pub type Spawner = fn(String, Box<dyn FnOnce() + Send + 'static>) -> std::io::Result<()>;

fn os_thread(name: String, f: Box<dyn FnOnce() + Send + 'static>) -> std::io::Result<()> {
    std::thread::Builder::new().name(name).spawn(f).map(drop)
}

/// What can be poked: the pane's [`Wake`] (a trait object for `pane_lend.rs`, which does not know
/// the loop's type).
pub trait Poke: Send + Sync {
    /// Wakes the loop: its thread if one runs, else a new thread for the parked loop.
    fn poke(&self);
}

/// A pane's loop and its wake-up: an eventfd the running thread polls, and the loop itself while no
/// thread runs it.
pub struct Wake<L> {
    fd: OwnedFd,
    slot: Mutex<Slot<L>>,
    /// The thread's name (`pane-N`).
    name: String,
    run: fn(L, Arc<Wake<L>>),
    me: Weak<Wake<L>>,
    spawner: Spawner,
    /// Where a refused poke tries again (the runtime the pane was made on, if any).
    runtime: Option<tokio::runtime::Handle>,
}

struct Slot<L> {
    /// The loop, while no thread runs it.
    parked: Option<L>,
    /// A thread was started for the parked loop and has not taken it yet.
    starting: bool,
    /// Threads started, the first one included (what the tests look at).
    started: u64,
    /// A poke got no thread and its retry is pending.
    retrying: bool,
}

impl<L: Send + 'static> Wake<L> {
    /// A wake-up with no loop yet (a dead pane's never gets one): pokes only count.
    pub fn new(name: String, run: fn(L, Arc<Wake<L>>)) -> std::io::Result<Arc<Wake<L>>> {
        Self::with_spawner(name, run, os_thread)
    }

    /// [`Wake::new`] with another way to start threads.
    pub fn with_spawner(
        name: String,
        run: fn(L, Arc<Wake<L>>),
        spawner: Spawner,
    ) -> std::io::Result<Arc<Wake<L>>> {
        let fd = eventfd(0, EventfdFlags::CLOEXEC | EventfdFlags::NONBLOCK)?;
        Ok(Arc::new_cyclic(|me| Wake {
            fd,
            slot: Mutex::new(Slot {
                parked: None,
                starting: false,
                started: 0,
                retrying: false,
            }),
            name,
            run,
            me: me.clone(),
            spawner,
            runtime: tokio::runtime::Handle::try_current().ok(),
        }))
    }

    /// The eventfd the running thread polls (and empties with [`Wake::take_pokes`]).
    pub fn fd(&self) -> &OwnedFd {
        &self.fd
    }

    /// Starts a thread running `l`.
    pub fn start(&self, l: L) -> std::io::Result<()> {
        let mut slot = self.lock();
        slot.parked = Some(l);
        self.spawn(&mut slot)
    }

    /// Whether a poke came since the last call (it empties the eventfd).
    pub fn take_pokes(&self) -> bool {
        let mut counter = [0u8; 8];
        rustix::io::read(&self.fd, &mut counter).is_ok()
    }

    /// Called by the running thread, which ends if it gets `None`: the loop is parked, to run again
    /// at the next poke. `Some` gives it back when a poke came meanwhile: the thread goes on.
    pub fn park(&self, l: L) -> Option<L> {
        let mut slot = self.lock();
        if self.take_pokes() {
            return Some(l);
        }
        slot.parked = Some(l);
        None
    }

    /// Whether the loop is parked, no thread running it or about to.
    #[cfg(test)]
    pub fn parked(&self) -> bool {
        let slot = self.lock();
        slot.parked.is_some() && !slot.starting
    }

    /// Threads started so far.
    #[cfg(test)]
    pub fn started(&self) -> u64 {
        self.lock().started
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Slot<L>> {
        self.slot.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts a thread for the parked loop (the caller holds the lock). On failure the loop stays
    /// parked, for the next poke to try again.
    fn spawn(&self, slot: &mut Slot<L>) -> std::io::Result<()> {
        if slot.parked.is_none() || slot.starting {
            return Ok(());
        }
        let Some(me) = self.me.upgrade() else {
            return Ok(());
        };
        slot.starting = true;
        let spawned = (self.spawner)(
            self.name.clone(),
            Box::new(move || {
                let l = {
                    let mut slot = me.lock();
                    slot.starting = false;
                    slot.parked.take()
                };
                if let Some(l) = l {
                    (me.run)(l, me);
                }
            }),
        );
        match spawned {
            Ok(_) => {
                slot.started += 1;
                Ok(())
            }
            Err(e) => {
                slot.starting = false;
                Err(e)
            }
        }
    }
}

impl<L: Send + 'static> Poke for Wake<L> {
    fn poke(&self) {
        let _ = rustix::io::write(&self.fd, &1u64.to_ne_bytes());
        let mut slot = self.lock();
        let Err(e) = self.spawn(&mut slot) else {
            return;
        };
        if std::mem::replace(&mut slot.retrying, true) {
            // Said already; the pending retry covers this poke too.
            return;
        }
        drop(slot);
        let (Some(runtime), Some(me)) = (&self.runtime, self.me.upgrade()) else {
            tracing::warn!("{}: no thread for its IO: {e}", self.name);
            self.lock().retrying = false;
            return;
        };
        tracing::warn!(
            "{}: no thread for its IO: {e}; trying again every {} ms",
            self.name,
            RETRY.as_millis()
        );
        runtime.spawn(async move {
            loop {
                tokio::time::sleep(RETRY).await;
                let mut slot = me.lock();
                match me.spawn(&mut slot) {
                    Ok(()) => {
                        slot.retrying = false;
                        return;
                    }
                    Err(_) if me.me.strong_count() > 1 => {}
                    // Only this task holds the wake: its pane is gone.
                    Err(_) => return,
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;
    use std::time::Duration;

    /// A loop that reports each run and parks at once, or keeps running while told to.
    struct Probe {
        runs: mpsc::Sender<usize>,
        count: Arc<AtomicUsize>,
    }

    fn run(p: Probe, wake: Arc<Wake<Probe>>) {
        let n = p.count.fetch_add(1, Ordering::SeqCst) + 1;
        let _ = p.runs.send(n);
        let mut p = p;
        loop {
            match wake.park(p) {
                None => return,
                // A poke came while running: look again (as the pane's loop does), then park.
                Some(back) => p = back,
            }
        }
    }

    fn rig() -> (Arc<Wake<Probe>>, mpsc::Receiver<usize>, Arc<AtomicUsize>) {
        rig_with(os_thread)
    }

    fn rig_with(spawner: Spawner) -> (Arc<Wake<Probe>>, mpsc::Receiver<usize>, Arc<AtomicUsize>) {
        let wake = Wake::with_spawner("probe".into(), run, spawner).unwrap();
        let (tx, rx) = mpsc::channel();
        let count = Arc::new(AtomicUsize::new(0));
        wake.start(Probe {
            runs: tx,
            count: count.clone(),
        })
        .unwrap();
        (wake, rx, count)
    }

    fn until(f: impl Fn() -> bool) {
        let start = std::time::Instant::now();
        while !f() {
            assert!(start.elapsed() < Duration::from_secs(10), "timed out");
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    #[test]
    fn a_parked_loop_runs_again_on_each_poke_and_its_thread_ends_between() {
        let (wake, rx, _) = rig();
        assert_eq!(rx.recv_timeout(Duration::from_secs(10)), Ok(1));
        until(|| wake.parked());
        for i in 2..=5 {
            wake.poke();
            assert_eq!(rx.recv_timeout(Duration::from_secs(10)), Ok(i));
            until(|| wake.parked());
        }
        assert_eq!(wake.started(), 5);
    }

    /// Threads the OS refuses (EAGAIN) before it starts them again: one count for each test, which
    /// may share a process.
    static REFUSALS: AtomicUsize = AtomicUsize::new(0);
    static REFUSALS_BARE: AtomicUsize = AtomicUsize::new(0);

    fn refuse(
        count: &AtomicUsize,
        name: String,
        f: Box<dyn FnOnce() + Send + 'static>,
    ) -> std::io::Result<()> {
        if count
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
        {
            return Err(std::io::Error::from(std::io::ErrorKind::WouldBlock));
        }
        os_thread(name, f)
    }

    fn refusing(name: String, f: Box<dyn FnOnce() + Send + 'static>) -> std::io::Result<()> {
        refuse(&REFUSALS, name, f)
    }

    fn refusing_bare(name: String, f: Box<dyn FnOnce() + Send + 'static>) -> std::io::Result<()> {
        refuse(&REFUSALS_BARE, name, f)
    }

    #[test]
    fn a_poke_refused_a_thread_tries_again_on_the_runtime_until_one_starts() {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let _in = runtime.enter();
        let (wake, rx, _) = rig_with(refusing);
        assert_eq!(rx.recv_timeout(Duration::from_secs(10)), Ok(1));
        until(|| wake.parked());
        REFUSALS.store(3, Ordering::SeqCst);
        wake.poke();
        assert!(wake.parked(), "refused: the loop stays parked");
        // Nobody pokes again: the retries alone start it.
        assert_eq!(rx.recv_timeout(Duration::from_secs(10)), Ok(2));
        assert_eq!(
            REFUSALS.load(Ordering::SeqCst),
            0,
            "tried until one started"
        );
        until(|| wake.parked());
        assert_eq!(wake.started(), 2);
        assert!(!wake.lock().retrying);
        // Pokes work as before.
        wake.poke();
        assert_eq!(rx.recv_timeout(Duration::from_secs(10)), Ok(3));
    }

    #[test]
    fn without_a_runtime_a_refused_poke_leaves_the_loop_for_the_next_one() {
        let (wake, rx, _) = rig_with(refusing_bare);
        assert_eq!(rx.recv_timeout(Duration::from_secs(10)), Ok(1));
        until(|| wake.parked());
        REFUSALS_BARE.store(1, Ordering::SeqCst);
        wake.poke();
        assert!(wake.parked());
        assert!(rx.recv_timeout(Duration::from_millis(200)).is_err());
        wake.poke();
        assert_eq!(rx.recv_timeout(Duration::from_secs(10)), Ok(2));
    }

    #[test]
    fn no_poke_is_lost_when_it_races_the_park() {
        // Pokes from several threads while the loop parks and runs: every run ends parked, and
        // the last poke always finds the loop (parked, or running and seeing it).
        let (wake, rx, count) = rig();
        for round in 0..200 {
            let before = count.load(Ordering::SeqCst);
            let pokers: Vec<_> = (0..3)
                .map(|_| {
                    let w = wake.clone();
                    std::thread::spawn(move || w.poke())
                })
                .collect();
            for p in pokers {
                p.join().unwrap();
            }
            until(|| wake.parked());
            // At least one run began after the pokes were written (or the loop saw them running).
            assert!(
                count.load(Ordering::SeqCst) > before || round == 0,
                "round {round}: pokes lost"
            );
            // The eventfd is empty once parked: every poke was taken by a run.
            assert!(!wake.take_pokes(), "round {round}: a poke left behind");
        }
        drop(rx);
    }

    #[test]
    fn a_dropped_wake_drops_its_parked_loop() {
        struct Flag(Arc<AtomicUsize>);
        impl Drop for Flag {
            fn drop(&mut self) {
                self.0.fetch_add(1, Ordering::SeqCst);
            }
        }
        fn park_at_once(f: Flag, wake: Arc<Wake<Flag>>) {
            let mut f = f;
            while let Some(back) = wake.park(f) {
                f = back;
            }
        }
        let dropped = Arc::new(AtomicUsize::new(0));
        let wake = Wake::new("flag".into(), park_at_once).unwrap();
        wake.start(Flag(dropped.clone())).unwrap();
        until(|| wake.parked());
        // The thread ended: only this handle holds the wake.
        until(|| Arc::strong_count(&wake) == 1);
        assert_eq!(dropped.load(Ordering::SeqCst), 0);
        drop(wake);
        assert_eq!(dropped.load(Ordering::SeqCst), 1);
    }
}
