//! display-popup in a real terminal, ccmux and tmux 3.3a side by side: the popup's box and the
//! command's screen compared, keys typed into it, -E/-EE closing and the exit status a
//! command-line client gets, -C, and tmux's errors.

mod common;

use common::side::Side;
use std::process::{Child, Command};

fn side(tag: &str) -> Option<Side> {
    let side = Side::new(
        tag,
        &[&["new", "-d", "-s", "p", "-n", "w", "-x", "80", "-y", "23"]],
    );
    match side {
        None => {
            eprintln!("SKIPPED: tmux is not installed; nothing to compare with");
            None
        }
        Some(side) => {
            side.attach(80, 24, "-t p");
            side.same("[p] 0:w*");
            Some(side)
        }
    }
}

/// display-popup waits for the popup to close (as tmux's): started on both in the background.
fn popup(side: &Side, args: &[&str]) -> Vec<Child> {
    let mut cc = side.cc.command();
    cc.arg("display-popup").args(args);
    let mut tx = Command::new("tmux");
    tx.args(["-L", &side.tx.socket, "-f", "/dev/null", "display-popup"])
        .args(args)
        .env_remove("TMUX")
        .env("HOME", side.tx.home.path());
    vec![cc.spawn().unwrap(), tx.spawn().unwrap()]
}

/// The exit statuses of both command-line clients.
fn statuses(children: Vec<Child>) -> Vec<Option<i32>> {
    children
        .into_iter()
        .map(|mut c| c.wait().unwrap().code())
        .collect()
}

#[test]
fn popup_runs_a_command_in_a_box_as_tmux() {
    let Some(side) = side("popup") else { return };
    // A titled box, centred by default, the command's output inside; without -E it stays after
    // the command ends until Escape, and the client gets the status.
    let waiting = popup(
        &side,
        &[
            "-t",
            "p",
            "-T",
            "Title",
            "-w",
            "40",
            "-h",
            "10",
            "printf 'hello\\nworld'; exit 5",
        ],
    );
    let s = side.same("│world ");
    assert!(s.contains("┌─Title──") && s.contains("│hello "), "{s}");
    std::thread::sleep(std::time::Duration::from_millis(300));
    side.keys(&["Escape"]);
    side.same_when("closed", |s| !s.contains("hello"));
    assert_eq!(statuses(waiting), [Some(5), Some(5)]);
    // Keys go to the command: a shell reading a line.
    let waiting = popup(
        &side,
        &[
            "-t",
            "p",
            "-E",
            "-x",
            "0",
            "-y",
            "0",
            "-w",
            "50",
            "-h",
            "6",
            "-b",
            "double",
            "-e",
            "GREETING=hi",
            "read l; echo \"$GREETING $l\"; read x",
        ],
    );
    side.same("╔════");
    side.keys(&["-l", "there"]);
    side.keys(&["Enter"]);
    side.same("║hi there ");
    side.keys(&["Enter"]);
    side.same_when("closed on exit", |s| !s.contains("hi there"));
    assert_eq!(statuses(waiting), [Some(0), Some(0)]);
    // -EE closes only on success: C-c closes it once the command has ended.
    let waiting = popup(
        &side,
        &[
            "-t",
            "p",
            "-EE",
            "-B",
            "-w",
            "20",
            "-h",
            "3",
            "-x",
            "5",
            "-y",
            "20",
            "echo failed; exit 3",
        ],
    );
    let s = side.same("failed");
    assert!(!s.contains('┌'), "{s}");
    std::thread::sleep(std::time::Duration::from_millis(300));
    side.keys(&["C-c"]);
    side.same_when("closed", |s| !s.contains("failed"));
    assert_eq!(statuses(waiting), [Some(3), Some(3)]);
    // -C closes a popup whose command still runs.
    let waiting = popup(
        &side,
        &[
            "-t",
            "p",
            "-E",
            "-w",
            "30",
            "-h",
            "5",
            "echo running; sleep 30",
        ],
    );
    side.same("│running ");
    side.both(&["display-popup", "-C"]);
    side.same_when("closed by -C", |s| !s.contains("running"));
    let st = statuses(waiting);
    assert_eq!(st[0], st[1], "the status of a hung-up popup");
    // -s and -S: the contents' and the border's colours (compared with colours).
    let waiting = popup(
        &side,
        &[
            "-t",
            "p",
            "-E",
            "-w",
            "30",
            "-h",
            "5",
            "-s",
            "bg=blue",
            "-S",
            "fg=red,bg=green",
            "echo styled; sleep 30",
        ],
    );
    side.same_styled("styled popup", |s| {
        s.contains("styled") && s.contains("\x1b[44m")
    });
    side.both(&["display-popup", "-C"]);
    side.same_when("closed by -C", |s| !s.contains("styled"));
    statuses(waiting);
}

#[test]
fn popup_errors_as_tmux() {
    let Some(side) = side("popuperr") else {
        return;
    };
    for args in [
        &["-w", "200"][..],
        &["-w", "0"],
        &["-h", "3x"],
        &["-b", "dotted"],
    ] {
        let mut a = vec!["display-popup", "-t", "p"];
        a.extend_from_slice(args);
        let c = side.cc.run(&a);
        let t = side.tx.run(&a);
        assert_eq!((c.status, &c.stderr), (t.status, &t.stderr), "{args:?}");
        assert_eq!(c.status, 1, "{args:?}");
    }
}
