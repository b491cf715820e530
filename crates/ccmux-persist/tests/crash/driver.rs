//! Runs a workload through the store API on a simulated filesystem, one step at a time, recording
//! in a [`History`] what was logged and acknowledged.
//!
//! The steps are sequential (each waits for the WAL writer), so the filesystem operations, and
//! with them the cut points, are the same on every run.

use super::history::{recovered_outputs, saves_scrollback, History, Rec, Wipe};
use ccmux_model::{Change, PaneId, PaneSpec, SessionId, WindowId};
use ccmux_persist::fs::{Crash, Fs, SimFs};
use ccmux_persist::store::{recover_on, PaneCapture, Recovered, SavedLine, Store, StoreOptions};
use ccmux_persist::wal::{FailPoints, EIO};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Its parents do not exist either: creating them is part of the workload.
pub const ROOT: &str = "/var/lib/ccmux/state";

/// Why a workload stopped early.
#[derive(Debug)]
pub enum Halt {
    /// The power went out (expected: the test cut it).
    Power,
    /// Something failed that should not have.
    Bug(String),
}

pub type Step<T = ()> = Result<T, Halt>;

pub struct Driver {
    pub fs: SimFs,
    /// The filesystem the store gets, made from `fs`.
    store_fs: fn(SimFs) -> Arc<dyn Fs>,
    pub fp: Arc<FailPoints>,
    pub store: Option<Store>,
    pub hist: History,
    /// Ids of the next session (and its window and pane); distinct per phase.
    next_id: u32,
    /// An injected fsync failure is active: appends may fail.
    degraded_ok: bool,
}

impl Driver {
    pub fn new(
        fs: SimFs,
        store_fs: fn(SimFs) -> Arc<dyn Fs>,
        hist: History,
        first_id: u32,
    ) -> Driver {
        Driver {
            fs,
            store_fs,
            fp: FailPoints::new(),
            store: None,
            hist,
            next_id: first_id,
            degraded_ok: false,
        }
    }

    fn halt<T>(&self, what: &str, e: impl std::fmt::Display) -> Step<T> {
        match self.fs.power_cut() {
            Some(_) => Err(Halt::Power),
            None => Err(Halt::Bug(format!("{what} failed without a power cut: {e}"))),
        }
    }

    fn store(&self) -> &Store {
        self.store
            .as_ref()
            .expect("the workload opens the store first")
    }

    /// Opens the store and checks what it recovered against the history; from then on that state
    /// is what must survive (the server shows it).
    pub fn open(&mut self) -> Step<Recovered> {
        let opts = StoreOptions {
            // Output becomes durable with the next change or barrier only: no timing in the test.
            flush_interval: Duration::from_secs(3600),
            segment_size: 384,
            preallocate: true,
            failpoints: Some(Arc::clone(&self.fp)),
            fs: (self.store_fs)(self.fs.clone()),
            // As the server opens it: the panes' output is left in the WAL's files and read after
            // the open (and its repair of the log), checked again against each record's CRC; the
            // saved lines are checked at the open and decoded after it.
            output_later: true,
        };
        let (store, mut rec) = match Store::open_opts(Path::new(ROOT), opts) {
            Ok(x) => x,
            Err(e) => return self.halt("Store::open", e),
        };
        for (pane, h) in &mut rec.panes {
            let logged = std::mem::take(&mut h.logged).load();
            h.output = logged.map_err(|e| Halt::Bug(format!("pane {pane}: {e}")))?;
            if let Some(later) = h.lines_later.take() {
                h.lines = later
                    .decode()
                    .map_err(|e| Halt::Bug(format!("pane {pane}: {e}")))?;
            }
        }
        self.hist.check(&rec).map_err(Halt::Bug)?;
        if store.last_lsn() != rec.last_lsn {
            return Err(Halt::Bug(format!(
                "recovered up to LSN {} but the WAL continues after {}",
                rec.last_lsn,
                store.last_lsn()
            )));
        }
        let outputs = recovered_outputs(&rec).map_err(Halt::Bug)?;
        self.hist = History::rebase(rec.last_lsn, rec.model.clone(), outputs);
        self.store = Some(store);
        Ok(rec)
    }

    /// What a power cut right now would leave must match the history (the workload goes on).
    pub fn check_power_cut_now(&self) -> Step {
        let disk = self.fs.crash(Crash::Strict);
        let rec = recover_on(&disk, Path::new(ROOT))
            .map_err(|e| Halt::Bug(format!("recover after a power cut now: {e}")))?;
        self.hist
            .check(&rec)
            .map_err(|e| Halt::Bug(format!("after a power cut now: {e}")))
    }

    /// Drops the store (the WAL syncs and stops).
    pub fn close(&mut self) {
        self.store = None;
    }

    /// Records the LSN a step was given, if it was given one.
    fn assigned(&mut self, before: u64, rec: Rec) -> Step {
        match self.store().last_lsn() - before {
            0 => Ok(()),
            1 => {
                self.hist.push(rec);
                Ok(())
            }
            n => Err(Halt::Bug(format!("one append took {n} LSNs"))),
        }
    }

    /// Logs one command's changes: a new session (its window and pane), or a rename of the newest
    /// session, or both in one record.
    pub fn change(&mut self) -> Step {
        let id = self.next_id;
        self.next_id += 1;
        let newest = self.hist.current().0.sessions.keys().next_back().copied();
        let rename = |s: SessionId| Change::SessionRenamed {
            id: s,
            name: format!("renamed-{id}"),
        };
        let changes = match (newest, id % 4) {
            (Some(s), 1 | 3) => vec![rename(s)],
            (_, 2) => vec![created(id), rename(SessionId(id))],
            _ => vec![created(id)],
        };
        let before = self.store().last_lsn();
        let result = self.store().log_changes(&changes).wait();
        self.assigned(before, Rec::Changes(changes))?;
        match result {
            Ok(_) if self.degraded_ok => Err(Halt::Bug(
                "an append succeeded although every fsync fails".into(),
            )),
            Ok(lsn) if lsn == self.hist.assigned() => {
                self.hist.acknowledge(lsn);
                Ok(())
            }
            Ok(lsn) => Err(Halt::Bug(format!(
                "ticket resolved to LSN {lsn}, but {} was handed out",
                self.hist.assigned()
            ))),
            Err(_) if self.degraded_ok && self.fs.power_cut().is_none() => Ok(()),
            Err(e) => self.halt("log_changes", e),
        }
    }

    /// Logs a line of output for every pane (lazily durable: no acknowledgement).
    pub fn output(&mut self) -> Step {
        let panes: Vec<PaneId> = self.hist.current().0.panes.keys().copied().collect();
        for pane in panes {
            let offset = self.hist.current().1.get(&pane).map_or(0, Vec::len);
            let data = format!("{pane}@{offset}: some output of the pane\r\n").into_bytes();
            let before = self.store().last_lsn();
            self.store().log_output(pane, offset as u64, &data, 10_000);
            self.wait_for_writer(before)?;
            self.assigned(before, Rec::Output(pane, data))?;
            if self.fs.power_cut().is_some() {
                return Err(Halt::Power);
            }
        }
        Ok(())
    }

    /// Waits until the writer has taken the lazy append queued after `before`.
    fn wait_for_writer(&self, before: u64) -> Step {
        let started = Instant::now();
        let store = self.store();
        while store.last_lsn() == before && store.degraded().is_none() {
            if started.elapsed() > Duration::from_secs(10) {
                return Err(Halt::Bug("the WAL writer never took a lazy append".into()));
            }
            std::thread::yield_now();
        }
        Ok(())
    }

    /// As the server: a barrier gives the LSN (or, degraded, the last one handed out), then the
    /// model and every pane's output so far as one saved line go into a checkpoint.
    pub fn checkpoint(&mut self) -> Step {
        let store = self.store();
        let lsn = match store.barrier() {
            Ok(lsn) => lsn,
            Err(_) if store.degraded().is_some() && self.fs.power_cut().is_none() => {
                store.last_lsn()
            }
            Err(e) => return self.halt("barrier", e),
        };
        if lsn != self.hist.assigned() {
            return Err(Halt::Bug(format!(
                "barrier at LSN {lsn}, {} handed out",
                self.hist.assigned()
            )));
        }
        let (model, outputs) = self.hist.current().clone();
        let panes = model
            .panes
            .keys()
            .map(|&pane| {
                let bytes = outputs.get(&pane).cloned().unwrap_or_default();
                PaneCapture {
                    pane,
                    output_offset: bytes.len() as u64,
                    // Odd panes as with scrollback persistence off: their output so far is not
                    // restored (the history then counts it as unknown).
                    lines: saves_scrollback(pane).then(|| {
                        vec![SavedLine {
                            text: String::from_utf8(bytes).expect("ASCII output"),
                            wrapped: false,
                        }]
                    }),
                    // An opaque terminal state rides along with the scrollback: it must come back
                    // with the checkpoint that named it.
                    term: saves_scrollback(pane).then(|| pane.0.to_le_bytes().to_vec()),
                }
            })
            .collect();
        match store.write_checkpoint(lsn, model, panes) {
            Ok(()) if store.degraded().is_some() => Err(Halt::Bug(
                "a checkpoint covering everything did not restart the WAL".into(),
            )),
            Ok(()) => {
                self.hist.acknowledge(lsn);
                Ok(())
            }
            Err(e) => self.halt("write_checkpoint", e),
        }
    }

    /// Every following fsync of the WAL fails (a failing disk), until [`Driver::heal`].
    pub fn fail_syncs(&mut self) {
        self.fp.fail_syncs(EIO);
        self.degraded_ok = true;
    }

    /// The disk works again (the WAL stays degraded until a checkpoint restarts it).
    pub fn heal(&mut self) {
        self.fp.clear();
        self.degraded_ok = false;
    }

    /// The last session ended: everything saved goes.
    pub fn wipe(&mut self) -> Step {
        self.hist.wipe = Wipe::Started;
        let store = self.store.take().expect("open");
        match store.wipe() {
            Ok(()) => {
                self.hist.wipe = Wipe::Done;
                Ok(())
            }
            Err(e) => self.halt("wipe", e),
        }
    }
}

fn created(id: u32) -> Change {
    Change::SessionCreated {
        id: SessionId(id),
        name: format!("s{id}"),
        created: 1,
        cols: 80,
        rows: 24,
        window: WindowId(id),
        window_name: "sh".into(),
        pane: PaneId(id),
        spec: PaneSpec {
            shell: "/bin/sh".into(),
            cwd: "/".into(),
            ..PaneSpec::default()
        },
    }
}
