//! Power-loss testing of the store (after redb's crash_consistency tests): a scripted workload runs
//! on a [`SimFs`] with the power cut at its n-th filesystem operation, for every n in turn; each cut
//! is crashed in several ways, recovered and checked against the history of the run, then the
//! recovered store continues the workload and is crashed and checked once more.

pub mod driver;
pub mod forgetful;
pub mod history;

use ccmux_persist::fs::{Crash, Fs, SimFs};
use ccmux_persist::store::recover_on;
use driver::{Driver, Halt, Step, ROOT};
use history::History;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// The first phase: sessions, output, checkpoints (with retention and WAL truncation), segment
/// rolls, a failing fsync with the checkpoint and `restart_segment` that heal it, a clean restart, a
/// wipe and a fresh start after it.
pub fn workload(d: &mut Driver) -> Step {
    d.open()?;
    for round in 0..4 {
        d.change()?;
        d.output()?;
        d.change()?;
        if round == 0 {
            // A disk error: the change is written but its fdatasync fails; the WAL degrades, the
            // change stays in memory, and a checkpoint covering it restarts the WAL.
            disk_error(d)?;
        }
        d.checkpoint()?;
    }
    d.change()?;
    d.output()?;
    d.change()?;
    // A clean restart.
    d.close();
    d.open()?;
    d.output()?;
    d.change()?;
    // The fifth checkpoint: retention deletes the oldest and the WAL is truncated before the
    // oldest one kept.
    d.checkpoint()?;
    d.wipe()?;
    d.open()?;
    d.change()?;
    d.close();
    Ok(())
}

/// Every fsync fails for one change, then a checkpoint heals the WAL.
fn disk_error(d: &mut Driver) -> Step {
    d.fail_syncs();
    d.change()?;
    d.heal();
    d.checkpoint()
}

/// The second phase, on what a crash left: recover, keep working, checkpoint.
pub fn continuation(d: &mut Driver) -> Step {
    d.open()?;
    d.change()?;
    // Built on what recovery found, before any checkpoint fsyncs its directory.
    d.check_power_cut_now()?;
    d.output()?;
    d.checkpoint()?;
    d.change()?;
    d.output()?;
    d.change()?;
    d.close();
    Ok(())
}

/// What a crash test run does.
#[derive(Clone, Copy)]
pub struct Config {
    /// The crashes tried at each cut.
    pub crashes: fn(&SimFs) -> Vec<Crash>,
    /// After each crash, cut the power at every operation of the continuation too (a crash during
    /// or after recovery), not only once at its end.
    pub nested: bool,
    /// What the store gets: the simulation itself, or a faulty wrapper around it.
    pub fs: fn(SimFs) -> Arc<dyn Fs>,
}

impl Config {
    /// Every cut, four crashes each, one continuation each.
    pub fn quick() -> Config {
        Config {
            crashes: quick_crashes,
            nested: false,
            fs: |fs| Arc::new(fs),
        }
    }
}

/// Operations of the uncut workload, and their descriptions.
pub fn reference_trace(config: Config) -> Vec<String> {
    let fs = SimFs::new();
    let mut d = Driver::new(fs.clone(), config.fs, History::new(), 0);
    if let Err(e) = workload(&mut d) {
        panic!("the workload fails without a power cut: {e:?}");
    }
    fs.trace()
}

/// The ways to crash after the cut: nothing unsynced survives; everything does; half of it with a
/// torn write after it; a process crash (page cache kept, durability not).
pub fn quick_crashes(fs: &SimFs) -> Vec<Crash> {
    let pending = fs.pending_ops();
    vec![
        Crash::Strict,
        Crash::Prefix {
            ops: usize::MAX,
            torn: 0,
        },
        Crash::Prefix {
            ops: pending / 2,
            torn: 20,
        },
        Crash::Process,
    ]
}

/// Every prefix of the unsynced operations, whole and with the next write torn at a few places,
/// and a process crash.
pub fn all_crashes(fs: &SimFs) -> Vec<Crash> {
    let mut v = vec![Crash::Process];
    for ops in 0..=fs.pending_ops() {
        for torn in [0, 1, 9, 17, 40] {
            v.push(Crash::Prefix { ops, torn });
        }
    }
    v
}

/// Runs the workload with the power cut at operation `cut`, then every crash of the config, each
/// recovered, checked, continued and checked again after a last strict power cut. Returns what
/// failed.
pub fn run_cut(cut: u64, reference: &[String], config: Config) -> Vec<String> {
    let fs = SimFs::new();
    fs.cut_power_at(Some(cut));
    let mut d = Driver::new(fs.clone(), config.fs, History::new(), 0);
    let result = workload(&mut d);
    d.close();
    let at = fs
        .power_cut()
        .unwrap_or_else(|| "nothing (the workload completed)".into());
    let trace = fs.trace();
    if reference.get(..trace.len()) != Some(&trace[..]) {
        return vec![format!(
            "cut {cut}: the workload is not deterministic: {trace:?}"
        )];
    }
    if let Err(Halt::Bug(e)) = result {
        return vec![format!("cut at {at}: {e}")];
    }
    let mut failures = Vec::new();
    let mut tried: Vec<SimFs> = Vec::new();
    for crash in (config.crashes)(&fs) {
        let fail = |what: String| format!("cut at {at}, {crash:?}: {what}");
        let crashed = fs.crash(crash);
        // Different crashes often leave the same disk (nothing unsynced, say): check it once.
        if tried.iter().any(|t| t.same_contents(&crashed)) {
            continue;
        }
        tried.push(crashed.clone());
        if let Err(e) = check_recovery(&crashed, &d.hist) {
            failures.push(fail(e));
            continue;
        }
        // Without nesting, one continuation without a cut; with it, a cut at each of its
        // operations in turn until it completes.
        let second_cuts = (0..).map(|n| config.nested.then_some(n));
        for cut in second_cuts {
            match continue_after(fs.crash(crash), &d.hist, cut, config) {
                Ok(true) => break,
                Ok(false) => {}
                Err(e) => {
                    let during = cut.map_or(String::new(), |c| format!(" (second cut at {c})"));
                    failures.push(fail(format!("{e}{during}")));
                    break;
                }
            }
        }
    }
    failures
}

/// A read-only recovery of `fs` matches the history.
fn check_recovery(fs: &SimFs, hist: &History) -> Result<(), String> {
    let rec = recover_on(fs, Path::new(ROOT)).map_err(|e| format!("recover: {e}"))?;
    hist.check(&rec).map_err(|e| format!("recovered: {e}"))
}

/// Continues on the crashed filesystem (with the power cut at operation `cut`, if any), then cuts
/// the power (strictly) and checks again. `Ok(true)`: the continuation completed.
fn continue_after(
    fs: SimFs,
    hist: &History,
    cut: Option<u64>,
    config: Config,
) -> Result<bool, String> {
    fs.cut_power_at(cut);
    let mut d = Driver::new(fs.clone(), config.fs, hist.clone(), 1000);
    let result = continuation(&mut d);
    d.close();
    let completed = match result {
        Ok(()) => true,
        Err(Halt::Power) => false,
        Err(Halt::Bug(e)) => return Err(format!("continuing: {e}")),
    };
    check_recovery(&fs.crash(Crash::Strict), &d.hist)
        .map_err(|e| format!("after continuing and another power cut: {e}"))?;
    Ok(completed)
}

/// The first failure of the cuts in order (quick: a broken store fails early), if any.
pub fn first_failure(config: Config) -> Option<String> {
    let reference = reference_trace(config);
    (0..=reference.len() as u64).find_map(|cut| run_cut(cut, &reference, config).into_iter().next())
}

/// Runs [`run_cut`] for every cut of the workload on all cores; the failures, by cut.
pub fn every_cut(config: Config) -> Vec<String> {
    let reference = reference_trace(config);
    let last = reference.len() as u64;
    let run = |cut| run_cut(cut, &reference, config);
    let next = AtomicU64::new(0);
    let found = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let cut = next.fetch_add(1, Ordering::Relaxed);
                if cut > last {
                    break;
                }
                let failures = run(cut);
                if !failures.is_empty() {
                    found
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((cut, failures));
                }
            });
        }
    });
    let mut found = found.into_inner().unwrap_or_else(|e| e.into_inner());
    found.sort_by_key(|f| f.0);
    found.into_iter().flat_map(|f| f.1).collect()
}
