//! When pane output reaches the WAL (`server/persistence.rs`, `flush_output`): output that has
//! settled (an echo, a command's answer) is logged and fsynced at once, so it is durable within
//! milliseconds and the disk's work is done before the next key; output that goes on is logged at the
//! flush interval's pace, never per burst.

mod common;
use common::Ccmux;
use std::time::{Duration, Instant};

/// `persistence status`'s WAL line: (records since the last checkpoint, next LSN, durable LSN).
fn wal(t: &Ccmux) -> (u64, u64, u64) {
    let status = t.ok(&["persistence", "status"]);
    let line = status
        .lines()
        .find(|l| l.starts_with("wal: "))
        .unwrap_or_else(|| panic!("no wal line: {status}"));
    let numbers: Vec<u64> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect();
    assert_eq!(numbers.len(), 4, "{line}");
    (numbers[0], numbers[2], numbers[3])
}

/// A server with a flush interval of `interval_ms`, a checkpoint just taken, and `yes` flooding
/// window 1 of session `s`.
fn flooding(interval_ms: u64) -> Ccmux {
    let t = Ccmux::with_config(&format!(
        "[persistence]\nwal_flush_interval_ms = {interval_ms}\n"
    ));
    t.session("s");
    t.ok(&["persistence", "checkpoint"]);
    t.ok(&[
        "neww",
        "-d",
        "-t",
        "s:1",
        "exec yes .........................................",
    ]);
    t.wait_for("s:1", "..........");
    t
}

/// With a flush interval of a minute, an echo is still logged and durable within a second or two.
#[test]
fn settled_output_is_durable_long_before_the_flush_interval() {
    let t = Ccmux::with_config("[persistence]\nwal_flush_interval_ms = 60000\n");
    t.session("s");
    std::thread::sleep(Duration::from_millis(300));
    let (_, next_before, _) = wal(&t);
    t.ok(&["send", "-t", "s", "echo mark''ed", "Enter"]);
    t.wait_for("s", "marked");
    let start = Instant::now();
    loop {
        let (_, next, durable) = wal(&t);
        if next > next_before && durable + 1 == next {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "the echo is not durable 5 s after it came (next lsn {next_before} -> {next}, durable {durable}); \
             the interval would log it only after 30 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A flood never looks settled: in a second of it, the WAL gets no record per burst (a settle
/// window under the readers' pace of telling about a burst, 4 ms, would log hundreds).
#[test]
fn output_that_goes_on_is_not_logged_per_burst() {
    let t = flooding(60000);
    let (records_before, ..) = wal(&t);
    std::thread::sleep(Duration::from_secs(1));
    let (records, ..) = wal(&t);
    assert!(
        records - records_before < 25,
        "{} records in a second of a flood",
        records - records_before
    );
}

/// Output that goes on is handed over once a flush interval, not twice: with an interval of 400 ms,
/// two seconds of a flood give at most 5 records and a little slack (handing it over every half
/// interval gave 10), and each is synced as it is handed over (the durable LSN keeps up).
#[test]
fn output_that_goes_on_is_logged_once_an_interval() {
    let t = flooding(400);
    std::thread::sleep(Duration::from_millis(500));
    let (records_before, next_before, _) = wal(&t);
    std::thread::sleep(Duration::from_secs(2));
    let (records, ..) = wal(&t);
    assert!(
        (3..=7).contains(&(records - records_before)),
        "{} records in two seconds of a flood, with an interval of 400 ms",
        records - records_before
    );
    let start = Instant::now();
    while wal(&t).2 < next_before {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "the flood's records are not synced: {:?}, next was {next_before}",
            wal(&t)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
