//! Power-loss tests (after redb's crash_consistency tests): the store's workload with the power cut
//! at every filesystem operation in turn (every write, fsync, creation, rename and removal),
//! crashed in several ways, recovered and checked to be exactly the durable prefix of what was
//! logged; then the recovered store keeps working and is checked after one more power cut. See
//! `crash/mod.rs`. Set `CCMUX_CRASH_REPORT=<file>` to get every failure in a file.

mod crash;

use crash::forgetful::{Forget, Forgetful};
use crash::Config;
use std::time::Instant;

/// The first failures; all of them into the file `CCMUX_CRASH_REPORT` names, if set.
fn report(failures: &[String]) -> String {
    if let Some(path) = std::env::var_os("CCMUX_CRASH_REPORT") {
        let _ = std::fs::write(path, failures.join("\n"));
    }
    let shown: Vec<&str> = failures.iter().take(20).map(String::as_str).collect();
    format!("{} failure(s):\n{}", failures.len(), shown.join("\n"))
}

fn every_cut(what: &str, config: Config) {
    let started = Instant::now();
    let failures = crash::every_cut(config);
    assert!(failures.is_empty(), "{}", report(&failures));
    eprintln!("{what}: {:?}", started.elapsed());
}

#[test]
fn power_cut_at_every_operation() {
    every_cut("every cut, 4 crashes each", Config::quick());
}

/// Every prefix of the operations not yet durable at each cut, with the next write torn at several
/// places; then, after a process crash or a strict power cut, the power cut again at every
/// operation of the recovery and the work after it.
#[test]
#[ignore = "exhaustive, minutes: cargo-serial test -p ccmux-persist --release --test crash_consistency -- --ignored exhaustive"]
fn exhaustive_every_prefix_at_every_operation() {
    every_cut(
        "every cut, every prefix",
        Config {
            crashes: crash::all_crashes,
            ..Config::quick()
        },
    );
}

#[test]
#[ignore = "exhaustive, minutes: cargo-serial test -p ccmux-persist --release --test crash_consistency -- --ignored exhaustive"]
fn exhaustive_second_power_cut_during_recovery() {
    every_cut(
        "every cut, then every cut of the recovery",
        Config {
            crashes: |_| {
                vec![
                    ccmux_persist::fs::Crash::Strict,
                    ccmux_persist::fs::Crash::Process,
                ]
            },
            nested: true,
            ..Config::quick()
        },
    );
}

/// The harness is not blind: a store that skips a sync fails it.
#[test]
fn a_skipped_sync_is_caught() {
    let cases: [(Forget, fn(_) -> _); 3] = [
        (Forget::WalDir, |fs| Forgetful::wrap(fs, Forget::WalDir)),
        (Forget::SegmentData, |fs| {
            Forgetful::wrap(fs, Forget::SegmentData)
        }),
        (Forget::CheckpointFile, |fs| {
            Forgetful::wrap(fs, Forget::CheckpointFile)
        }),
    ];
    for (forget, fs) in cases {
        let config = Config {
            fs,
            ..Config::quick()
        };
        match crash::first_failure(config) {
            Some(f) => eprintln!("{forget:?} caught: {f}"),
            None => panic!("skipping {forget:?} went unnoticed"),
        }
    }
}

/// The workload reaches every part of the store it is meant to (and so does the power cut).
#[test]
fn the_workload_covers_the_store() {
    let trace = crash::reference_trace(Config::quick());
    let count = |needle: &str| trace.iter().filter(|op| op.contains(needle)).count();
    let expect = |what: &str, needle: &str, at_least: usize| {
        let n = count(needle);
        assert!(
            n >= at_least,
            "{what}: {n} `{needle}` (want {at_least}): {trace:#?}"
        );
    };
    expect("directories created", "mkdir /var", 7);
    expect(
        "segments created (rolls, restart)",
        "create /var/lib/ccmux/state/wal/",
        6,
    );
    expect("preallocation", "fallocate", 6);
    expect("group commits", "fdatasync", 10);
    expect("full segments trimmed", "set_len 3", 4);
    // Restart after the failed fsync, truncation behind the oldest checkpoint kept, wipe.
    expect("segments deleted", "unlink /var/lib/ccmux/state/wal/", 6);
    expect(
        "scrollback saved",
        "rename /var/lib/ccmux/state/scrollback/",
        4,
    );
    expect(
        "checkpoints written",
        "rename /var/lib/ccmux/state/checkpoints/",
        6,
    );
    expect(
        "checkpoints deleted",
        "unlink /var/lib/ccmux/state/checkpoints/",
        3,
    );
    expect(
        "scrollback deleted",
        "unlink /var/lib/ccmux/state/scrollback/",
        3,
    );
}

#[test]
#[ignore = "prints the workload's operations"]
fn print_trace() {
    for op in crash::reference_trace(Config::quick()) {
        println!("{op}");
    }
}
