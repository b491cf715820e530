//! After a reboot the keeper forks every pane's process held before its `exec` and lets them run once
//! the server listens (keeper protocol version 3); a keeper still serves a server of the version
//! before (it survives server upgrades, and downgrades).

mod common;
use common::{kill9, Ccmux};
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;

/// Keys sent by the very command that starts the recovering server reach the new shells (they wait in
/// each pane's terminal while the shell is held), and each pane's pid is its shell's own.
#[test]
fn input_sent_while_the_shells_are_held_is_not_lost() {
    let t = Ccmux::new();
    t.session("h");
    for _ in 1..6 {
        t.ok(&["neww", "-d", "-t", "h"]);
    }
    let keeper = t.keeper_pid();
    kill9(t.server_pid().unwrap());
    kill9(keeper);
    // This send-keys starts the server: recovery forks the shells held, the server listens, lets them
    // go, and types at once, before any of them can have read its terminal.
    t.ok(&["send", "-t", "h:3", "echo typed-$((6*7))-by-$$", "Enter"]);
    for i in 0..6 {
        t.ok(&[
            "send",
            "-t",
            &format!("h:{i}"),
            "echo pane-$((i=40+2))",
            "Enter",
        ]);
    }
    let pid = t.ok(&["display", "-p", "-t", "h:3", "#{pane_pid}"]);
    let screen = t.wait_for("h:3", &format!("typed-42-by-{}", pid.trim()));
    assert!(screen.contains("[restored"), "{screen}");
    // The output, not the typed line (which says `$((i=40+2))`); typed before the shell printed its
    // prompt, the terminal echoed it first, so the output may follow the prompt on its line.
    for i in 0..6 {
        t.wait_for(&format!("h:{i}"), "pane-42");
    }
    assert_ne!(t.keeper_pid(), keeper);
}

fn frame(payload: &[u8]) -> Vec<u8> {
    let mut f = (payload.len() as u32).to_le_bytes().to_vec();
    f.extend_from_slice(payload);
    f
}

fn read_frame(s: &mut UnixStream) -> Vec<u8> {
    let mut len = [0u8; 4];
    s.read_exact(&mut len).unwrap();
    let mut body = vec![0u8; u32::from_le_bytes(len) as usize];
    s.read_exact(&mut body).unwrap();
    body
}

/// A server of protocol version 2 (the build before `StartHeld`) says hello to a keeper of this build:
/// it is answered in version 2, with the panes it holds; a version the keeper does not speak is
/// refused by name. The next server of this build then takes the panes back as before.
#[test]
fn a_keeper_serves_a_server_of_the_previous_protocol_version() {
    let t = Ccmux::new();
    t.session("v");
    t.ok(&["send", "-t", "v", "echo before-$((1+1))", "Enter"]);
    t.wait_for("v", "\nbefore-2");
    let pane_pid = t.ok(&["display", "-p", "-t", "v", "#{pane_pid}"]);
    kill9(t.server_pid().unwrap());
    let path = t.socket_dir().join("default.keeper");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let mut s = loop {
        // The keeper takes the next connection once it has seen the killed server's close (until
        // then it answers "another server is connected" and closes, maybe before the hello is sent).
        let mut s = UnixStream::connect(&path).unwrap();
        let sent = s.write_all(&frame(&[0, 99])); // ToKeeper::Hello { version: 99 }
        let reply = if sent.is_ok() {
            read_frame(&mut s)
        } else {
            Vec::new()
        };
        let text = String::from_utf8_lossy(&reply).to_string();
        if (sent.is_err() || text.contains("another server"))
            && std::time::Instant::now() < deadline
        {
            std::thread::sleep(std::time::Duration::from_millis(20));
            continue;
        }
        assert_eq!(reply.first(), Some(&3), "Failed: {text}"); // FromKeeper::Failed
        assert!(
            text.contains("keeper protocol version 3, server speaks 99"),
            "{text}"
        );
        break s;
    };
    s.write_all(&frame(&[0, 2])).unwrap(); // ToKeeper::Hello { version: 2 }
    let hello = read_frame(&mut s);
    // FromKeeper::Hello { version: 2, pid, panes: 1, .. }: variant 0, then the version (varint).
    assert_eq!(hello.get(..2), Some(&[0u8, 2][..]), "{hello:?}");
    let pane = read_frame(&mut s);
    assert_eq!(pane.first(), Some(&1), "a Pane message: {pane:?}");
    drop(s);
    // The next server (this build) re-adopts the same process.
    let after = t.wait_for_args(
        &["display", "-p", "-t", "v", "#{pane_pid}"],
        pane_pid.trim(),
    );
    assert_eq!(after.trim(), pane_pid.trim());
    t.ok(&["send", "-t", "v", "echo after-$((2+2))", "Enter"]);
    t.wait_for("v", "\nafter-4");
}

fn varint(mut n: u32, out: &mut Vec<u8>) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn failed(why: &str) -> Vec<u8> {
    let mut p = vec![3u8]; // FromKeeper::Failed(String)
    varint(why.len() as u32, &mut p);
    p.extend_from_slice(why.as_bytes());
    frame(&p)
}

/// A keeper of the build before (protocol version 2; it survives server upgrades) refuses this
/// server's first hello by version: the server says hello again in version 2 and then sends only
/// version 2 requests (`Spawn`, never `StartHeld` or `Release`).
#[test]
fn a_server_speaks_the_previous_protocol_version_to_an_older_keeper() {
    let t = Ccmux::new();
    t.session("o");
    let keeper = t.keeper_pid();
    kill9(t.server_pid().unwrap());
    kill9(keeper);
    let path = t.socket_dir().join("default.keeper");
    let _ = std::fs::remove_file(&path);
    let listener = std::os::unix::net::UnixListener::bind(&path).unwrap();
    let fake = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let mut seen = Vec::new();
        loop {
            let mut len = [0u8; 4];
            if s.read_exact(&mut len).is_err() {
                return seen;
            }
            let mut body = vec![0u8; u32::from_le_bytes(len) as usize];
            if s.read_exact(&mut body).is_err() {
                return seen;
            }
            seen.push(body.get(..2).unwrap_or(&body).to_vec());
            let reply = match body.as_slice() {
                [0, 2] => {
                    let mut p = vec![0u8, 2]; // FromKeeper::Hello { version: 2, pid, panes: 0, exited: [] }
                    varint(std::process::id(), &mut p);
                    p.extend_from_slice(&[0, 0]);
                    frame(&p)
                }
                [0, v] => failed(&format!("keeper protocol version 2, server speaks {v}")),
                _ => failed("fake keeper: nothing started"),
            };
            if s.write_all(&reply).is_err() {
                return seen;
            }
        }
    });
    // The recovering server cannot start the pane again (the fake starts nothing): it says so.
    let _ = t.run(&["ls"]);
    let _ = t.run(&["kill-server"]);
    let seen = fake.join().unwrap();
    assert_eq!(
        seen.first(),
        Some(&vec![0u8, 3]),
        "hello in version 3 first: {seen:?}"
    );
    assert_eq!(
        seen.get(1),
        Some(&vec![0u8, 2]),
        "then in version 2: {seen:?}"
    );
    assert!(
        seen.iter().any(|m| m.first() == Some(&1)),
        "a Spawn: {seen:?}"
    );
    assert!(
        !seen.iter().any(|m| matches!(m.first(), Some(6 | 7))),
        "no StartHeld or Release to a version 2 keeper: {seen:?}"
    );
}
