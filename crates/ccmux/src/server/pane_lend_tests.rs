//! Reading handed between a pane's IO thread and the runtime (`pane_lend.rs`): output crossing the
//! hand-overs arrives whole and in order, replies and type-ahead still reach the program, and the
//! end of the terminal or of the pane lets go of the master.

use super::*;
use std::io::{Read, Write};
use std::sync::atomic::Ordering;
use std::time::Instant;

/// Waits until `f` holds (10 s at most).
pub(super) fn until(what: &str, f: impl Fn() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out: {what}"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// A pane on a fresh PTY whose output the test writes into the slave itself (raw mode: bytes pass
/// unchanged); a sleeping child stands for its process. The runtime runs on a thread of its own.
pub(super) struct Rig {
    pub(super) pane: PaneHandle,
    pub(super) slave: std::fs::File,
    child: std::process::Child,
    _rt: tokio::runtime::Runtime,
}

impl Rig {
    fn new() -> Rig {
        Rig::open(80, 10, true, true)
    }

    /// A pane `cols` x `rows` that logs its output or not, its slave raw or as opened.
    pub(super) fn open(cols: u16, rows: u16, log_output: bool, raw: bool) -> Rig {
        Rig::open_on(cols, rows, log_output, raw, true)
    }

    /// As [`open`](Self::open); with `lending` false the runtime never reads the pane (as when
    /// the reactor refused it): its thread reads all.
    pub(super) fn open_on(cols: u16, rows: u16, log_output: bool, raw: bool, lending: bool) -> Rig {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let _guard = rt.enter();
        let (master, slave) = pty::open(cols, rows).unwrap();
        if raw {
            let mut termios = rustix::termios::tcgetattr(&slave).unwrap();
            termios.make_raw();
            rustix::termios::tcsetattr(&slave, rustix::termios::OptionalActions::Now, &termios)
                .unwrap();
        }
        let child = std::process::Command::new("sleep")
            .arg("60")
            .spawn()
            .unwrap();
        let spawned = pty::Spawned {
            master,
            pid: child.id() as i32,
            ring: None,
        };
        let start = PaneStart {
            cols,
            rows,
            history_limit: 100,
            log_output,
            wal: None,
            offset: 0,
            preload: None,
            tap: None,
        };
        let (events, _rx) = tokio::sync::mpsc::unbounded_channel();
        let pane = PaneHandle::start(PaneId(9), spawned, start, events).unwrap();
        if !lending {
            pane.lend.never_lend();
        }
        Rig {
            pane,
            slave,
            child,
            _rt: rt,
        }
    }

    fn lend(&self) -> &Lend {
        &self.pane.lend
    }

    /// Everything the pane read so far (its unlogged output: nothing takes it here).
    fn read(&self) -> Vec<u8> {
        lock(&self.pane.screen)
            .and_then(|s| s.unlogged.clone())
            .unwrap_or_default()
    }

    /// Writes `bytes` as the program would, and waits until the pane read them all.
    fn print(&mut self, bytes: &[u8], all: &mut Vec<u8>) {
        self.slave.write_all(bytes).unwrap();
        all.extend_from_slice(bytes);
        until("the pane read everything", || {
            self.read().len() == all.len()
        });
    }

    /// What the pane wrote to its program (within 10 s, else the test fails).
    fn input(&mut self) -> Vec<u8> {
        let mut fds = [rustix::event::PollFd::new(&self.slave, PollFlags::IN)];
        let timeout = rustix::time::Timespec::try_from(Duration::from_secs(10)).unwrap();
        let ready = rustix::event::poll(&mut fds, Some(&timeout)).unwrap();
        assert!(ready > 0, "nothing written to the program");
        let mut b = [0u8; 256];
        let n = self.slave.read(&mut b).unwrap();
        b[..n].to_vec()
    }

    /// Waits until the runtime reads (lent after the quiet).
    fn wait_lent(&self) {
        until("the runtime was lent the PTY", || self.lend().is_lent());
    }

    /// A pane that printed its prompt, read by the runtime now; and what it printed.
    fn prompted() -> (Rig, Vec<u8>) {
        let mut rig = Rig::new();
        let mut all = Vec::new();
        rig.print(b"$ ", &mut all);
        rig.wait_lent();
        (rig, all)
    }

    /// Waits until the pane's IO thread ended, its loop parked.
    fn wait_parked(&self, when: &str) {
        until(&format!("the pane's thread ended {when}"), || {
            !self.pane.io_thread().0
        });
    }

    /// Kills the pane; waits until its master is closed (which hangs up the terminal).
    fn kill_until_closed(&mut self) {
        let master = Arc::downgrade(&self.pane.master);
        let pane = std::mem::replace(&mut self.pane, PaneHandle::dead(dead_start()).unwrap());
        pane.kill();
        until("master closed", || master.upgrade().is_none());
    }
}

impl Drop for Rig {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn burst(tag: &str, lines: usize) -> Vec<u8> {
    (0..lines)
        .flat_map(|i| format!("{tag} {i:06} {}\r\n", "x".repeat(i % 50)).into_bytes())
        .collect()
}

#[test]
fn output_crossing_hand_overs_arrives_whole_and_in_order() {
    let mut rig = Rig::new();
    let mut all = Vec::new();
    rig.print(b"prompt$ ", &mut all);
    rig.wait_lent();
    // An echo while lent: the runtime reads it.
    let before = rig.lend().runtime_reads.load(Ordering::Relaxed);
    rig.print(b"e", &mut all);
    assert!(
        rig.lend().runtime_reads.load(Ordering::Relaxed) > before,
        "the echo was read by the runtime"
    );
    for round in 0..3 {
        // A flood while lent: the runtime gives reading back, the thread reads the rest.
        let back = rig.lend().given_back.load(Ordering::Relaxed);
        rig.print(&burst(&format!("burst{round}"), 8000), &mut all);
        assert!(
            rig.lend().given_back.load(Ordering::Relaxed) > back,
            "a flood went back to the thread"
        );
        // Quiet again: lent again; echoes and small bursts on the runtime.
        rig.wait_lent();
        for key in b"ls -l\r\n" {
            rig.print(&[*key], &mut all);
        }
        rig.print(&burst(&format!("small{round}"), 20), &mut all);
    }
    // Many small writes at once, each maybe read alone or with others, on either side.
    for i in 0..2000 {
        let line = format!("tick {i}\r\n");
        rig.slave.write_all(line.as_bytes()).unwrap();
        all.extend_from_slice(line.as_bytes());
    }
    until("the ticks read", || rig.read().len() == all.len());
    assert!(
        rig.read() == all,
        "output lost or reordered across hand-overs"
    );
    let screen = lock(&rig.pane.screen).unwrap();
    assert_eq!(screen.offset, all.len() as u64);
}

#[test]
fn each_write_after_a_short_read_wakes_the_runtime_reader() {
    // A short read ends the runtime's turn without the EAGAIN read: readiness is cleared and the
    // next bytes must come as a new wake-up. Keys' echoes, one to three writes back to back, each
    // waited for: a wake-up lost after a short read would leave bytes unread (and time out).
    let mut rig = Rig::new();
    let mut all = Vec::new();
    rig.print(b"prompt$ ", &mut all);
    rig.wait_lent();
    let before = rig.lend().runtime_reads.load(Ordering::Relaxed);
    for i in 0..300 {
        for _ in 0..=(i % 3) {
            let piece = format!("k{i} ");
            rig.slave.write_all(piece.as_bytes()).unwrap();
            all.extend_from_slice(piece.as_bytes());
        }
        until("the echo read", || rig.read().len() == all.len());
    }
    assert!(
        rig.lend().is_lent(),
        "the runtime read them all (none went back to the thread)"
    );
    let reads = rig.lend().runtime_reads.load(Ordering::Relaxed) - before;
    assert!(reads >= 300, "one read or more per echo, {reads} in all");
    assert!(rig.read() == all, "echoes lost or reordered");
}

#[test]
fn replies_and_type_ahead_reach_the_program_while_lent() {
    let (mut rig, mut all) = Rig::prompted();
    // Primary device attributes: the emulator answers through the PTY, read by the runtime.
    rig.print(b"\x1b[c", &mut all);
    let answer = rig.input();
    assert!(
        answer.starts_with(b"\x1b[?"),
        "DA answer: {:?}",
        String::from_utf8_lossy(&answer)
    );
    // Typed when ready: the thread takes reading back to watch for the prompt going quiet.
    rig.wait_lent();
    rig.pane.type_when_ready(b"typed\r".to_vec());
    let mut got = Vec::new();
    while !got.ends_with(b"typed\r") {
        got.extend(rig.input());
    }
    assert_eq!(got, b"typed\r");
    // And it lends again afterwards.
    rig.wait_lent();
    rig.print(b"after", &mut all);
    assert!(rig.read() == all);
}

#[test]
fn the_end_of_the_terminal_while_lent_ends_the_io_and_lets_the_master_go() {
    let mut rig = Rig::new();
    let mut all = Vec::new();
    rig.print(b"bye", &mut all);
    rig.wait_lent();
    // Every slave fd closed: the runtime reads EIO, gives reading back, the thread ends.
    let slave = std::mem::replace(&mut rig.slave, std::fs::File::open("/dev/null").unwrap());
    drop(slave);
    until("the runtime let go of the master", || {
        Arc::strong_count(&rig.pane.master) == 1
    });
    assert!(!rig.lend().is_lent());
    assert!(rig.read() == all);
    // Killing the pane closes the master (which hangs up the terminal).
    rig.kill_until_closed();
}

#[test]
fn killing_a_lent_pane_closes_its_master() {
    let (mut rig, _) = Rig::prompted();
    rig.kill_until_closed();
    // The terminal is hung up: the slave reads end of file or EIO.
    let mut b = [0u8; 8];
    assert!(matches!(rig.slave.read(&mut b), Ok(0) | Err(_)));
}

fn dead_start() -> PaneStart {
    PaneStart {
        cols: 10,
        rows: 2,
        history_limit: 10,
        log_output: false,
        wal: None,
        offset: 0,
        preload: None,
        tap: None,
    }
}

#[test]
fn an_idle_pane_has_no_thread_until_it_has_work() {
    let (mut rig, mut all) = Rig::prompted();
    rig.wait_parked("once idle");
    let started = rig.pane.io_thread().1;
    // Echoes: the runtime reads them, no thread starts (the compaction after them comes later).
    for key in b"ls\r\n" {
        rig.print(&[*key], &mut all);
    }
    assert_eq!(rig.pane.io_thread().1, started, "an echo started a thread");
    // A flood: reading goes back to a new thread, which reads it all, then ends once idle.
    rig.print(&burst("flood", 8000), &mut all);
    assert!(rig.pane.io_thread().1 > started, "the flood's thread");
    rig.wait_parked("after the flood");
    assert!(rig.read() == all, "output lost or reordered");
    // Input the PTY cannot take at once: a thread writes the rest as the program reads it.
    let started = rig.pane.io_thread().1;
    let big: Vec<u8> = (0..100_000u32).map(|i| b'a' + (i % 26) as u8).collect();
    rig.pane.write(big.clone());
    let mut got = Vec::new();
    while got.len() < big.len() {
        got.extend(rig.input());
    }
    assert!(got == big, "input lost or reordered");
    assert!(rig.pane.io_thread().1 > started, "the input's thread");
    rig.wait_parked("after the input");
    // Killed while its loop is parked: the master is closed, the terminal hung up.
    rig.kill_until_closed();
    let mut b = [0u8; 8];
    assert!(matches!(rig.slave.read(&mut b), Ok(0) | Err(_)));
}

#[test]
fn a_parked_pane_whose_handle_is_dropped_lets_its_master_go() {
    let (mut rig, _) = Rig::prompted();
    rig.wait_parked("once idle");
    let master = Arc::downgrade(&rig.pane.master);
    drop(std::mem::replace(
        &mut rig.pane,
        PaneHandle::dead(dead_start()).unwrap(),
    ));
    until("master closed", || master.upgrade().is_none());
}
