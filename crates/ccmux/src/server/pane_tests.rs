//! A pane's IO thread tells clients what its output changed: its screen only, or (a new title) what
//! status lines show too.

use super::*;
use rustix::pty::{grantpt, openpt, ptsname, unlockpt, OpenptFlags};
use std::time::Instant;

/// Waits until `f` holds (5 s at most).
fn until(what: &str, f: impl Fn() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "timed out: {what}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn output_redraws_the_panes_and_a_new_title_the_status_lines_too() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let _guard = rt.enter();
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC).unwrap();
    grantpt(&master).unwrap();
    unlockpt(&master).unwrap();
    let name = ptsname(&master, Vec::new()).unwrap();
    // The test writes the "program's" output into the slave itself; a sleeping child stands for the
    // pane's process.
    let mut slave = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(name.to_str().unwrap())
        .unwrap();
    let mut child = std::process::Command::new("sleep")
        .arg("30")
        .spawn()
        .unwrap();
    let spawned = pty::Spawned {
        master,
        pid: child.id() as i32,
        ring: None,
    };
    let start = PaneStart {
        cols: 40,
        rows: 5,
        history_limit: 100,
        log_output: false,
        offset: 0,
        preload: None,
        tap: None,
    };
    let (events, _rx) = tokio::sync::mpsc::unbounded_channel();
    let pane = PaneHandle::start(PaneId(7), spawned, start, events).unwrap();
    let redraws = redraw_signal().subscribe();
    let write = |slave: &mut std::fs::File, bytes: &[u8]| {
        use std::io::Write;
        slave.write_all(bytes).unwrap();
    };
    let shows = |text: &str| {
        lock(&pane.screen).is_some_and(|s| {
            let (_, rows) = s.emu.size();
            (0..rows).any(|r| {
                let mut cells = Vec::new();
                s.emu.render_row(r, &mut cells);
                cells.iter().map(|c| c.c).collect::<String>().contains(text)
            })
        })
    };

    // Plain output: clients are told to redraw, their status lines are not.
    let (status, told) = (status_generation(), *redraws.borrow());
    write(&mut slave, b"plain text");
    until("plain output shown", || shows("plain text"));
    until("clients told", || *redraws.borrow() != told);
    assert_eq!(
        status_generation(),
        status,
        "plain output redraws status lines"
    );

    // A title set by the program: status lines too (#{pane_title}).
    let told = *redraws.borrow();
    write(&mut slave, b"\x1b]2;new title\x07more");
    until("output after the title shown", || shows("more"));
    until("clients told", || *redraws.borrow() != told);
    assert_ne!(
        status_generation(),
        status,
        "a new title left status lines as they were"
    );
    assert_eq!(lock(&pane.screen).unwrap().emu.title(), Some("new title"));

    // The same title again changes nothing the status lines show.
    let (status, told) = (status_generation(), *redraws.borrow());
    write(&mut slave, b"\x1b]2;new title\x07again");
    until("output shown", || shows("again"));
    until("clients told", || *redraws.borrow() != told);
    assert_eq!(
        status_generation(),
        status,
        "an unchanged title redraws status lines"
    );

    // Anything else that redraws (the model, a mode) redraws status lines.
    signal_redraw();
    assert_ne!(status_generation(), status);

    pane.kill();
    let _ = child.kill();
    let _ = child.wait();
}
