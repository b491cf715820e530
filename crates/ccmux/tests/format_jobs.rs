//! `#(command)` in formats, ccmux and tmux 3.3a side by side: a status line shows what its command
//! printed last, as soon as the command ends and again after each `status-interval`; a control
//! client's `display -p` shows nothing until the job has printed, then its last line (or
//! `<'...' not ready>` after a second without one); a command line client's shows nothing; a
//! client's running jobs get SIGTERM when it goes.

mod common;

use common::control::{ccmux_command, tmux_command, Control, QUIET_CONF};
use common::side::Side;
use common::{Ccmux, Tmux};
use std::time::{Duration, Instant};

/// The last line of a screen (the status line).
fn last_line(screen: &str) -> String {
    screen.lines().last().unwrap_or("").to_string()
}

#[test]
fn a_status_line_shows_its_commands_output_as_tmux_does() {
    let Some(side) = Side::or_skip("jobs", &[&["new", "-d", "-s", "a", "-x", "80", "-y", "24"]])
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let word = dir.path().join("word");
    std::fs::write(&word, "one\n").unwrap();
    let format = format!("<#(cat {})>", word.display());
    side.cc.wait_for("a", "$");
    // A long interval: the output comes with the redraw the job's end asks for, not with the next
    // interval.
    side.both(&["set", "-g", "status-interval", "60"]);
    side.both(&["set", "-g", "status-right", &format]);
    side.attach(80, 24, "-t a");
    side.same_when("the output, drawn when the job ends", |s| {
        last_line(s).contains("<one>")
    });
    // The job runs again at each interval; what it printed last stays until then.
    std::fs::write(&word, "two\nthree\n").unwrap();
    side.both(&["set", "-g", "status-interval", "1"]);
    side.same_when("the last line of a later run", |s| {
        last_line(s).contains("<three>")
    });
    // Output without a newline counts; nothing at all shows nothing.
    std::fs::write(&word, "four").unwrap();
    side.same_when("a line without its newline", |s| {
        last_line(s).contains("<four>")
    });
    std::fs::write(&word, "").unwrap();
    side.same_when("no output", |s| last_line(s).contains("<>"));
}

#[test]
fn each_window_on_the_status_line_has_its_own_job_as_in_tmux() {
    let Some(side) = Side::or_skip(
        "wjobs",
        &[&["new", "-d", "-s", "a", "-x", "80", "-y", "24"]],
    ) else {
        return;
    };
    side.cc.wait_for("a", "$");
    side.both(&["new-window", "-d", "-t", "a:1"]);
    side.both(&["new-window", "-d", "-t", "a:2"]);
    // The same command, expanded for each window of the loop: a job of each (tmux's format tag),
    // not one job whose command changes from window to window. A long interval: each is drawn when
    // it ends.
    side.both(&["set", "-g", "status-interval", "60"]);
    for option in ["window-status-format", "window-status-current-format"] {
        side.both(&["set", "-g", option, "#I=#(echo w#{window_index}x)"]);
    }
    side.attach(80, 24, "-t a");
    side.same_when("each window's own output", |s| {
        last_line(s).contains("0=w0x 1=w1x 2=w2x")
    });
}

/// Runs `#()` formats through a control client's `display -p` and returns what each printed. Each
/// step is a format, a pause before it, and whether to ask again until the answer differs from the
/// step before's (up to 6 s).
fn control_steps(c: &mut Control, steps: &[(&str, u64, bool)]) -> Vec<String> {
    let mut got = Vec::new();
    for (format, pause, until_changed) in steps {
        std::thread::sleep(Duration::from_millis(*pause));
        let ask = |c: &mut Control| {
            let reply = c.cmd(&format!("display -p '{format}'"));
            let at = reply.iter().position(|l| l.starts_with("%begin"));
            at.and_then(|i| reply.get(i + 1))
                .filter(|l| !l.starts_with("%end"))
                .cloned()
                .unwrap_or_default()
        };
        let before = got.last().cloned().unwrap_or_default();
        let mut answer = ask(c);
        let end = Instant::now() + Duration::from_secs(6);
        while *until_changed && answer == before && Instant::now() < end {
            std::thread::sleep(Duration::from_millis(100));
            answer = ask(c);
        }
        got.push(answer);
    }
    got
}

#[test]
fn a_control_clients_jobs_answer_as_tmuxs_do() {
    let steps: &[(&str, u64, bool)] = &[
        // Nothing until the job has printed; then its last line.
        ("A#(echo hi; echo there)B", 0, false),
        ("A#(echo hi; echo there)B", 0, true),
        ("#(printf nonl)|", 0, false),
        ("#(printf nonl)|", 0, true),
        // A job that printed nothing shows nothing, whatever its status.
        ("#(exit 3)|", 0, false),
        ("#(exit 3)|", 600, false),
        // The command is expanded (`##` is `#`), and so is its output.
        ("#(echo \"##[fg=red]x #{session_name}\")|", 0, false),
        ("#(echo \"##[fg=red]x #{session_name}\")|", 0, true),
        // Over a second without a line: a placeholder, then the line.
        ("#(sleep 3; echo late)|", 0, false),
        ("#(sleep 3; echo late)|", 2200, false),
        ("#(sleep 3; echo late)|", 0, true),
    ];
    let want = [
        "AB",
        "AthereB",
        "|",
        "nonl|",
        "|",
        "|",
        "|",
        "##[fg=red]x 0|",
        "|",
        "<'sleep 3; echo late' not ready>|",
        "late|",
    ];
    let cc = Ccmux::new();
    let conf = cc.path("quiet.conf");
    std::fs::write(&conf, QUIET_CONF).unwrap();
    let args = ["-f", conf.to_str().unwrap(), "-C", "new-session"];
    let mut c = Control::spawn(ccmux_command(&cc, &args));
    c.wait("%session-changed", |l| l.starts_with("%session-changed"));
    let got = control_steps(&mut c, steps);
    c.finish();
    assert_eq!(got, want, "ccmux");
    let Some(tmux) = Tmux::new() else {
        eprintln!("SKIPPED the comparison: tmux is not installed");
        return;
    };
    let mut t = Control::spawn(tmux_command(&tmux, &conf, &args[2..]));
    t.wait("%session-changed", |l| l.starts_with("%session-changed"));
    let got = control_steps(&mut t, steps);
    t.finish();
    assert_eq!(got, want, "tmux 3.3a");
}

#[test]
fn a_command_line_clients_job_shows_nothing_as_in_tmux() {
    let cc = Ccmux::new();
    cc.session("a");
    // tmux runs it and kills it as its client goes, a race; ccmux does not run it (see
    // `format_jobs.rs`). Asked twice: each command line client is a new client, never answered.
    let dir = tempfile::tempdir().unwrap();
    let mark = dir.path().join("ran");
    let format = format!("x#(echo out; touch {})y", mark.display());
    for _ in 0..2 {
        assert_eq!(cc.ok(&["display", "-p", &format]), "xy\n");
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(!mark.exists(), "a command line client's job ran");
    let Some(tmux) = Tmux::new() else {
        eprintln!("SKIPPED the comparison: tmux is not installed");
        return;
    };
    assert_eq!(tmux.run(&["new", "-d", "-s", "a"]).status, 0);
    for _ in 0..2 {
        assert_eq!(tmux.run(&["display", "-p", &format]).stdout, "xy\n");
    }
}

#[test]
fn a_clients_running_jobs_end_with_it() {
    let cc = Ccmux::new();
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("pid");
    let args = ["-C", "new-session"];
    let mut c = Control::spawn(ccmux_command(&cc, &args));
    c.wait("%session-changed", |l| l.starts_with("%session-changed"));
    // The job's shell writes its pid and waits (in a child: the shell itself gets the signal).
    let job = format!("#(echo $$ > {}; sleep 30; echo)", pid_file.display());
    c.cmd(&format!("display -p '{job}'"));
    cc.wait_until("the job started", || {
        std::fs::read_to_string(&pid_file).is_ok_and(|s| s.ends_with('\n'))
    });
    let pid: i32 = std::fs::read_to_string(&pid_file)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert!(common::pid_alive(pid), "the job runs while its client does");
    c.finish();
    cc.wait_until("the job's shell ended with its client", || {
        !common::pid_alive(pid)
    });
}
