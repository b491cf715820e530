//! What a workload logged, and what a recovery may therefore find: exactly the state after the
//! records up to some LSN L, with every acknowledged record included and nothing invented.

use ccmux_model::{Change, Model, PaneId};
use ccmux_persist::store::Recovered;
use ccmux_persist::Lsn;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// `Model::default()`, built once (it is not cheap: every option at its default).
fn empty_model() -> &'static Model {
    static EMPTY: OnceLock<Model> = OnceLock::new();
    EMPTY.get_or_init(Model::default)
}

/// Each pane's output bytes from its start.
pub type Outputs = BTreeMap<PaneId, Vec<u8>>;

#[derive(Clone, Debug)]
pub enum Rec {
    Changes(Vec<Change>),
    Output(PaneId, Vec<u8>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wipe {
    No,
    /// `Store::wipe` was called: the whole state or nothing.
    Started,
    /// It returned: nothing.
    Done,
}

#[derive(Clone, Debug)]
pub struct History {
    /// The state the records apply to (empty, or what a recovery found).
    base_lsn: Lsn,
    base: (Model, Outputs),
    /// Every record given an LSN after `base_lsn`, in order (`base_lsn + 1`, `+ 2`, ...).
    records: Vec<Rec>,
    /// The state after all of them (what the server has in memory).
    current: (Model, Outputs),
    /// Every record up to this LSN was acknowledged durable (ticket, barrier or checkpoint).
    pub durable: Lsn,
    pub wipe: Wipe,
}

fn apply(state: &mut (Model, Outputs), rec: &Rec) {
    match rec {
        Rec::Changes(changes) => {
            for c in changes {
                state.0.apply(c).expect("the workload's changes apply");
            }
        }
        Rec::Output(pane, data) => state.1.entry(*pane).or_default().extend_from_slice(data),
    }
}

/// Whether the workload's checkpoints save a pane's scrollback (odd panes: as with scrollback
/// persistence off).
pub fn saves_scrollback(pane: PaneId) -> bool {
    pane.0.is_multiple_of(2)
}

/// Stands for an output byte a checkpoint without scrollback did not keep (never in the output).
const UNKNOWN: u8 = b'?';

/// Each live pane's output as recovered: saved lines (the workload saves all output as one line)
/// then the replayed bytes; what a checkpoint without scrollback dropped as [`UNKNOWN`].
pub fn recovered_outputs(r: &Recovered) -> Result<Outputs, String> {
    let mut out = Outputs::new();
    for (pane, h) in &r.panes {
        let mut bytes: Vec<u8> = h.lines.iter().flat_map(|l| l.text.bytes()).collect();
        bytes.extend_from_slice(&h.output);
        let dropped = (h.offset as usize).checked_sub(bytes.len());
        match dropped {
            Some(0) => {}
            Some(n) if h.lines.is_empty() && !saves_scrollback(*pane) => {
                bytes.splice(0..0, std::iter::repeat_n(UNKNOWN, n));
            }
            _ => {
                return Err(format!(
                    "pane {pane}: offset {} but {} bytes",
                    h.offset,
                    bytes.len()
                ))
            }
        }
        if !bytes.is_empty() {
            out.insert(*pane, bytes);
        }
    }
    Ok(out)
}

/// Equal, but for unknown bytes.
fn same_outputs(a: &Outputs, b: &Outputs) -> bool {
    let same = |x: &[u8], y: &[u8]| {
        x.len() == y.len()
            && x.iter()
                .zip(y)
                .all(|(p, q)| p == q || *p == UNKNOWN || *q == UNKNOWN)
    };
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|((pa, x), (pb, y))| pa == pb && same(x, y))
}

impl History {
    pub fn new() -> History {
        History::rebase(0, empty_model().clone(), Outputs::new())
    }

    /// A history starting from a recovered state: it is now what must survive.
    pub fn rebase(lsn: Lsn, model: Model, outputs: Outputs) -> History {
        History {
            base_lsn: lsn,
            base: (model.clone(), outputs.clone()),
            records: Vec::new(),
            current: (model, outputs),
            durable: lsn,
            wipe: Wipe::No,
        }
    }

    /// The last LSN handed out.
    pub fn assigned(&self) -> Lsn {
        self.base_lsn + self.records.len() as Lsn
    }

    pub fn push(&mut self, rec: Rec) {
        apply(&mut self.current, &rec);
        self.records.push(rec);
    }

    pub fn current(&self) -> &(Model, Outputs) {
        &self.current
    }

    pub fn acknowledge(&mut self, lsn: Lsn) {
        self.durable = self.durable.max(lsn);
    }

    fn state_at(&self, lsn: Lsn) -> (Model, Outputs) {
        let mut state = self.base.clone();
        let n = (lsn - self.base_lsn) as usize;
        for rec in &self.records[..n] {
            apply(&mut state, rec);
        }
        state
    }

    /// Whether `r` is exactly the state after the records up to its last LSN, with every
    /// acknowledged record in it, reporting nothing but a cut torn tail.
    pub fn check(&self, r: &Recovered) -> Result<(), String> {
        if r.incomplete {
            return Err(format!("recovery incomplete: {:?}", r.problems));
        }
        if let Some(p) = r.problems.iter().find(|p| !expected_problem(p)) {
            return Err(format!("unexpected recovery problem: {p}"));
        }
        let outputs = recovered_outputs(r)?;
        let empty = r.model == *empty_model() && outputs.is_empty();
        match self.wipe {
            // The server starts afresh (and sources its configuration) only when it sees this.
            Wipe::Started | Wipe::Done
                if empty && (r.checkpoint.is_some() || r.records_replayed > 0) =>
            {
                return Err(format!(
                    "a wipe left nothing, but not a fresh start: checkpoint {:?}, {} records",
                    r.checkpoint, r.records_replayed
                ))
            }
            Wipe::Started | Wipe::Done if empty => return Ok(()),
            Wipe::Done => return Err(format!("state up to LSN {} survived a wipe", r.last_lsn)),
            _ => {}
        }
        let l = r.last_lsn;
        if l < self.durable.max(self.base_lsn) {
            return Err(format!(
                "acknowledged records lost: recovered up to LSN {l}, durable up to {}",
                self.durable.max(self.base_lsn)
            ));
        }
        if l > self.assigned() {
            return Err(format!(
                "recovered LSN {l} but only {} were handed out",
                self.assigned()
            ));
        }
        let (model, expected) = self.state_at(l);
        if r.model != model {
            return Err(format!(
                "model at LSN {l} differs: sessions {:?}, expected {:?}",
                r.model
                    .sessions
                    .values()
                    .map(|s| &s.name)
                    .collect::<Vec<_>>(),
                model.sessions.values().map(|s| &s.name).collect::<Vec<_>>()
            ));
        }
        if !same_outputs(&outputs, &expected) {
            return Err(format!(
                "output at LSN {l} differs: {:?}, expected {:?}",
                lossy(&outputs),
                lossy(&expected)
            ));
        }
        Ok(())
    }
}

/// The only report a crash may leave: a torn tail of the last segment, cut.
fn expected_problem(p: &str) -> bool {
    p.starts_with("WAL:") && p.contains("torn tail") && !p.contains("MID-LOG")
}

fn lossy(o: &Outputs) -> BTreeMap<PaneId, String> {
    o.iter()
        .map(|(p, b)| (*p, String::from_utf8_lossy(b).into_owned()))
        .collect()
}
