//! Control mode (`-C`, `-CC`): scripted sessions run against tmux 3.3a and ccmux and compared line by
//! line (times and command numbers left out: they come from each server's clock and history; pane
//! output compared on its own), then what only ccmux has: surviving a server crash, a slow client
//! that stalls nothing, and a real consumer driving it over pipes.

mod common;

use common::control::{
    ccmux_command, check_guards, compare, normalise, pane_output, tmux_command, unescape, Control,
    QUIET_CONF,
};
use common::{Ccmux, Tmux};
use std::time::Duration;

/// A tmux and a ccmux, each with a control client attached to a new 80x24 session.
struct Pair {
    _tmux: Tmux,
    ccmux: Ccmux,
    t: Control,
    c: Control,
}

fn pair() -> Option<Pair> {
    let Some(tmux) = Tmux::new() else {
        eprintln!("SKIPPED: tmux is not installed");
        return None;
    };
    let ccmux = Ccmux::new();
    let conf = ccmux.path("quiet.conf");
    std::fs::write(&conf, QUIET_CONF).unwrap();
    let args = [
        "-f",
        conf.to_str().unwrap(),
        "-C",
        "new-session",
        "-x",
        "80",
        "-y",
        "24",
    ];
    let t = Control::spawn(tmux_command(&tmux, &conf, &args[2..]));
    let c = Control::spawn(ccmux_command(&ccmux, &args));
    for x in [&t, &c] {
        x.wait("%session-changed", |l| l.starts_with("%session-changed"));
        // The shell's first prompt.
        x.wait("the first output", |l| l.starts_with("%output %0"));
        x.settle(Duration::from_millis(200), Duration::from_secs(3));
    }
    Some(Pair {
        _tmux: tmux,
        ccmux,
        t,
        c,
    })
}

impl Pair {
    /// Runs each line on both, one at a time.
    fn script(&mut self, lines: &[&str]) {
        for l in lines {
            for x in [&mut self.t, &mut self.c] {
                if l.trim().is_empty() || l.trim_start().starts_with('#') {
                    // No command: no reply.
                    x.send(l);
                    x.settle(Duration::from_millis(200), Duration::from_secs(2));
                } else {
                    x.cmd(l);
                }
            }
        }
    }

    /// Ends both clients with an empty line; their statuses and transcripts.
    fn finish(mut self) -> ((i32, Vec<String>), (i32, Vec<String>)) {
        self.t.send("");
        self.c.send("");
        let t = self.t.finish();
        let c = self.c.finish();
        (t, c)
    }
}

/// Asserts two normalised transcripts agree, except lines `allowed` says may differ (each use
/// explains why); prints both side by side.
fn assert_same(name: &str, tmux: &[String], ccmux: &[String]) {
    check_guards(tmux);
    check_guards(ccmux);
    let (a, b) = (normalise(tmux), normalise(ccmux));
    let (equal, total) = compare(name, &a, &b);
    assert_eq!(a, b, "{name}: {equal} of {total} lines equal");
}

#[test]
fn command_replies_and_errors_are_framed_as_tmux_frames_them() {
    let Some(mut p) = pair() else { return };
    p.script(&[
        "display -p hello",
        "display -p 'a b' ; display -p c",
        "bogus",
        "list-windows -Z",
        "kill-window -t nope",
        "display -p a ; kill-window -t nope ; display -p c",
        "if-shell true 'display -p yes' 'display -p no'",
        "display -p 'unterminated",
        "# a comment",
        "   ",
        "set -g @x 1",
        "show -g @x",
        "list-sessions -F '#{session_name} #{session_windows} #{session_attached}'",
        "display -p '#{client_control_mode} #{client_termname}'",
        "list-clients -F '#{client_control_mode} #{client_flags} #{client_width} [#{client_height}]'",
        "list-clients",
    ]);
    let ((ts, t), (cs, c)) = p.finish();
    // Commands failed: tmux's cmdq_error makes the client exit with 1.
    assert_eq!((ts, cs), (1, 1));
    assert_same("replies", &t, &c);
}

#[test]
fn the_first_command_is_framed_with_flags_0() {
    let Some(tmux) = Tmux::new() else {
        eprintln!("SKIPPED: tmux is not installed");
        return;
    };
    let cc = Ccmux::new();
    cc.ok(&["new-session", "-d", "-s", "s1"]);
    assert!(tmux.run(&["new-session", "-d", "-s", "s1"]).status == 0);
    let conf = cc.path("quiet.conf");
    std::fs::write(&conf, QUIET_CONF).unwrap();
    let cases: &[&[&str]] = &[
        &["list-sessions", "-F", "#{session_name}"],
        &["attach", "-t", "nope"],
        &["new-session", "-d", "-s", "zz"],
        &[
            "display",
            "-p",
            "a",
            ";",
            "kill-window",
            "-t",
            "nope",
            ";",
            "display",
            "-p",
            "c",
        ],
        &["bogus"],
    ];
    for case in cases {
        let mut args = vec!["-C"];
        args.extend_from_slice(case);
        // The client leaves by itself (its command attached it nowhere): its input stays open
        // until then, as tmux leaves at once on end of input, racing the reply.
        let until_exit = |x: Control| {
            x.wait("%exit", |l| l.starts_with("%exit"));
            x.finish()
        };
        let t = until_exit(Control::spawn(tmux_command(&tmux, &conf, &args)));
        let mut cargs = vec!["-f", conf.to_str().unwrap()];
        cargs.extend_from_slice(&args);
        let c = until_exit(Control::spawn(ccmux_command(&cc, &cargs)));
        assert_same(&format!("{case:?}"), &t.1, &c.1);
        assert_eq!(t.0, c.0, "{case:?}: exit status");
    }
}

#[test]
fn notifications_match_tmux() {
    let Some(mut p) = pair() else { return };
    p.script(&[
        "new-window",
        "kill-window",
        "new-session -d -s other",
        "new-window -t other",
        "kill-window -t other:1",
        "rename-window -t other:0 zz",
        "rename-session -t other oo",
        "rename-window yy",
        "link-window -s oo:0 -t 0:5",
        "unlink-window -t 0:5",
        "split-window",
        "select-pane -t 0",
        "resize-pane -Z",
        "resize-pane -Z",
        "select-layout even-vertical",
        "switch-client -t oo",
        "switch-client -t 0",
        "kill-session -t oo",
    ]);
    let ((_, t), (_, c)) = p.finish();
    // tmux tells select-layout twice (select-layout notifies, and so does the layout it sets);
    // ccmux tells each change once.
    let t: Vec<String> = dedup_layout(&t);
    assert_same("notifications", &t, &c);
}

#[test]
fn window_and_pane_moves_notify_as_tmux_does() {
    let Some(mut p) = pair() else { return };
    p.script(&[
        "new-window -d -n bg",
        // Windows swapped in place: no link, no unlink, no current window change.
        "swap-window -s :0 -t :1",
        // A window moved: linked at its new index, selected, unlinked from the old one.
        "move-window -s :0 -t :7",
        "break-pane -d -s :1",
        "split-window -t :7",
        "join-pane -s :0 -t :7",
        "swap-pane -s :7.0 -t :7.2",
        "select-window -t :7",
        "last-window",
        // tmux tells rotate-window's new active pane but not its new layout.
        "rotate-window -t :7",
        "respawn-pane -k -t :7.1",
        "kill-pane -t :7.1",
        // Renumbering tells nothing.
        "move-window -r",
        "list-windows -F '#{window_index} #{window_id} #{window_active}'",
        "split-window",
        "split-window -h",
        // A broken-out pane's window is named, then linked and selected.
        "break-pane",
        "kill-pane",
        "new-window",
        "split-window",
        "join-pane -s :2 -t :0",
        "kill-window -t :0",
        "rename-window abc",
        "new-window -n x",
        "select-window -t :0",
        "kill-window",
        // What a new pane's command prints is in its block, before the notifications (the
        // process starts off the state lock, the block waits for it).
        "new-window -P -F '#{window_index} #{window_id}'",
        "split-window -P -F '#{pane_index} #{pane_id}'",
    ]);
    let ((_, t), (_, c)) = p.finish();
    assert_same("moves", &t, &c);
}

/// Consecutive identical `%layout-change` lines as one.
fn dedup_layout(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in lines {
        if l.starts_with("%layout-change") && out.last() == Some(l) {
            continue;
        }
        out.push(l.clone());
    }
    out
}

#[test]
fn pane_output_is_escaped_as_tmux_escapes_it() {
    let Some(mut p) = pair() else { return };
    let keys = r#"send-keys "printf 'a\\tb\\\\c\\001\\033[1m\\303\\251x\\n'" Enter"#;
    p.script(&[keys]);
    for x in [&p.t, &p.c] {
        x.wait("the printed line", |l| l.contains("x\\015\\012"));
    }
    let ((_, t), (_, c)) = p.finish();
    let (to, co) = (pane_output(&t, "%0"), pane_output(&c, "%0"));
    let want = "a\\011b\\134c\\001\\033[1mé";
    assert!(to.contains(want), "tmux: {to}");
    assert!(co.contains(want), "ccmux: {co}");
    assert!(unescape(&co).windows(5).any(|w| w == b"b\\c\x01\x1b"));
    assert_same("output", &t, &c);
}

#[test]
fn refresh_client_sizes_a_control_client_as_tmux_does() {
    let Some(mut p) = pair() else { return };
    p.script(&[
        "list-clients -F '#{client_width} [#{client_height}]'",
        "refresh-client -C 100x30",
        "list-windows -F '#{window_width}x#{window_height}'",
        "list-clients -F '#{client_width} [#{client_height}]'",
        "refresh-client -C 50,20",
        "list-windows -F '#{window_width}x#{window_height}'",
        "refresh-client -C 10",
        "refresh-client -C 0x5",
        "refresh-client -C 10001x5",
        "refresh-client -C 1x1",
        "list-windows -F '#{window_width}x#{window_height}'",
    ]);
    let ((_, t), (_, c)) = p.finish();
    assert_same("sizes", &t, &c);
}

#[test]
fn flow_control_matches_tmux() {
    let Some(mut p) = pair() else { return };
    p.script(&[
        "refresh-client -A '%0:pause'",
        "refresh-client -A '%0:pause'",
        "refresh-client -A '%0:continue'",
        "refresh-client -A '%0:continue'",
        "refresh-client -A '%0:off'",
        "send-keys 'echo hid''den' Enter",
    ]);
    std::thread::sleep(Duration::from_millis(500));
    p.script(&[
        "refresh-client -A '%0:on'",
        "send-keys 'echo sho''wn' Enter",
    ]);
    for x in [&p.t, &p.c] {
        x.wait("the shown line", |l| l.contains("shown\\015\\012"));
    }
    p.script(&[
        "refresh-client -f pause-after=3,wait-exit",
        "list-clients -F '#{client_flags}'",
        "send-keys 'echo ex''tended' Enter",
    ]);
    for x in [&p.t, &p.c] {
        x.wait("extended output", |l| {
            l.starts_with("%extended-output %0 ") && l.contains("extended\\015\\012")
        });
    }
    p.script(&[
        "refresh-client -f '!pause-after,no-output'",
        "send-keys 'echo no''thing' Enter",
    ]);
    std::thread::sleep(Duration::from_millis(500));
    p.script(&[
        "refresh-client -f '!no-output,!wait-exit'",
        "list-clients -F '#{client_flags}'",
    ]);
    let ((_, t), (_, c)) = p.finish();
    for (name, lines) in [("tmux", &t), ("ccmux", &c)] {
        let out = pane_output(lines, "%0");
        assert!(
            !out.contains("hidden"),
            "{name}: off pane sent output: {out}"
        );
        assert!(
            !out.contains("nothing"),
            "{name}: no-output sent output: {out}"
        );
        assert!(out.contains("shown"), "{name}: {out}");
        let ext = lines
            .iter()
            .find(|l| l.starts_with("%extended-output %0 "))
            .unwrap();
        let age = ext.split(' ').nth(2).unwrap();
        assert!(
            age.parse::<u64>().is_ok() && ext.split(' ').nth(3) == Some(":"),
            "{ext}"
        );
    }
    assert_same("flow control", &t, &c);
}

#[test]
fn a_pane_too_far_behind_is_paused_after_pause_after_as_in_tmux() {
    let Some(tmux) = Tmux::new() else {
        eprintln!("SKIPPED: tmux is not installed");
        return;
    };
    let cc = Ccmux::new();
    let conf = cc.path("quiet.conf");
    std::fs::write(&conf, QUIET_CONF).unwrap();
    let args = [
        "-f",
        conf.to_str().unwrap(),
        "-C",
        "new-session",
        "-x",
        "80",
        "-y",
        "24",
    ];
    for which in ["tmux", "ccmux"] {
        let cmd = match which {
            "tmux" => tmux_command(&tmux, &conf, &args[2..]),
            _ => ccmux_command(&cc, &args),
        };
        // A client that reads nothing for 3 s while its pane floods: the output ages past a second.
        let mut x = Control::spawn_gated(cmd, false);
        // The flood must run while the client is gated: the shell is ready before the keys are
        // sent, and the flood has begun before the 3 s start (on a loaded machine the shell once
        // took the keys only after the client was opened).
        let capture = |pat: &dyn Fn(&str) -> bool| {
            let start = std::time::Instant::now();
            while start.elapsed() < Duration::from_secs(20) {
                let args = ["capture-pane", "-p", "-t", "%0"];
                let out = match which {
                    "tmux" => tmux.run(&args).stdout,
                    _ => cc.run(&args).stdout,
                };
                if pat(&out) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            panic!("{which}: the pane never showed what the test waits for");
        };
        capture(&|s| s.contains('$'));
        x.send("refresh-client -f pause-after=1");
        x.send("send-keys 'yes abcdefghijklmnopqrstuvwxyz | head -c 3000000; echo do''ne' Enter");
        capture(&|s| s.lines().any(|l| l == "abcdefghijklmnopqrstuvwxyz"));
        std::thread::sleep(Duration::from_secs(3));
        x.open();
        if x.wait_from(0, 10, |l| l == "%pause %0").is_none() {
            // tmux's client buffers its standard output without bound, so its server may have
            // written everything before it aged: whether tmux pauses here depends on timing.
            // ccmux's client reads the server only as fast as its output is taken, so it must.
            assert_eq!(
                which,
                "tmux",
                "ccmux never paused:\n{}",
                x.lines().join("\n")
            );
            eprintln!("tmux wrote everything before it aged: no %pause to compare this time");
            continue;
        }
        x.cmd("refresh-client -A '%0:continue'");
        x.send("");
        let (_, lines) = x.finish();
        let pause = lines.iter().position(|l| l == "%pause %0");
        let cont = lines.iter().position(|l| l == "%continue %0");
        assert!(
            pause < cont,
            "{which}: %pause then %continue:\n{}",
            lines.join("\n")
        );
        // Paused, nothing more of the flood is sent.
        let after: Vec<&String> = lines[pause.unwrap()..cont.unwrap()]
            .iter()
            .filter(|l| l.starts_with("%extended-output %0"))
            .collect();
        assert!(after.is_empty(), "{which}: output while paused: {after:?}");
        check_guards(&lines);
    }
}

#[test]
fn subscriptions_report_changes_as_tmux_does() {
    let Some(mut p) = pair() else { return };
    p.script(&[
        "refresh-client -B 'sess::#{session_name}'",
        "refresh-client -B 'pane:%0:#{pane_id} #{pane_index}'",
        "refresh-client -B 'wins:@*:#{window_name}'",
        "refresh-client -B 'panes:%*:#{pane_index}'",
    ]);
    for x in [&p.t, &p.c] {
        x.wait("the panes subscription", |l| {
            l.starts_with("%subscription-changed panes")
        });
        x.wait("the session subscription", |l| {
            l.starts_with("%subscription-changed sess")
        });
    }
    p.script(&["rename-session zz", "rename-window ww"]);
    for x in [&p.t, &p.c] {
        x.wait("the new session name", |l| l.ends_with(": zz"));
        x.wait("the new window name", |l| l.ends_with(": ww"));
    }
    p.script(&["refresh-client -B sess", "rename-session yy"]);
    std::thread::sleep(Duration::from_millis(1500));
    let ((_, t), (_, c)) = p.finish();
    let subs = |lines: &[String]| {
        let mut s: Vec<String> = lines
            .iter()
            .filter(|l| l.starts_with("%subscription-changed"))
            .cloned()
            .collect();
        s.sort();
        s
    };
    let (ts, cs) = (subs(&t), subs(&c));
    compare("subscriptions", &ts, &cs);
    assert_eq!(ts, cs);
    assert!(
        !cs.iter().any(|l| l.ends_with(": yy")),
        "removed subscription still told"
    );
}

#[test]
fn leaving_matches_tmux() {
    for how in [
        "detach-client",
        "empty line",
        "end of input",
        "kill-session",
        "kill-server",
    ] {
        let Some(p) = pair() else { return };
        let Pair {
            _tmux,
            ccmux,
            mut t,
            mut c,
        } = p;
        for x in [&mut t, &mut c] {
            match how {
                "empty line" => x.send(""),
                "end of input" => x.close(),
                cmd => x.send(cmd),
            }
        }
        let (ts, tl) = t.finish();
        let (cs, cl) = c.finish();
        assert_eq!(ts, cs, "{how}: exit status");
        assert_eq!(cl.last().map(String::as_str), Some("%exit"), "{how}");
        assert_same(how, &tl, &cl);
        drop(ccmux);
    }
}

#[test]
fn clients_see_each_other_as_in_tmux() {
    let Some(mut p) = pair() else { return };
    p.script(&["new-session -d -s two"]);
    let conf = p.ccmux.path("quiet.conf");
    let mut t2 = Control::spawn(tmux_command(&p._tmux, &conf, &["-C", "attach", "-t", "0"]));
    let mut c2 = Control::spawn(ccmux_command(
        &p.ccmux,
        &["-f", conf.to_str().unwrap(), "-C", "attach", "-t", "0"],
    ));
    for x in [&t2, &c2] {
        x.wait("%session-changed", |l| l.starts_with("%session-changed"));
    }
    p.script(&[
        "list-clients -F '#{client_control_mode} #{session_name} #{session_attached}'",
        "list-sessions -F '#{session_name} #{session_attached}'",
    ]);
    t2.cmd("switch-client -t two");
    c2.cmd("switch-client -t two");
    p.t.settle(Duration::from_millis(200), Duration::from_secs(2));
    p.c.settle(Duration::from_millis(200), Duration::from_secs(2));
    p.script(&["list-sessions -F '#{session_name} #{session_attached}'"]);
    t2.send("");
    c2.send("");
    let _ = (t2.finish(), c2.finish());
    p.t.wait("%client-detached", |l| l.starts_with("%client-detached"));
    p.c.wait("%client-detached", |l| l.starts_with("%client-detached"));
    let ((_, t), (_, c)) = p.finish();
    assert_same("two clients", &t, &c);
}

#[test]
fn control_control_frames_its_output_for_a_terminal() {
    let Some(tmux) = Tmux::new() else {
        eprintln!("SKIPPED: tmux is not installed");
        return;
    };
    let cc = Ccmux::new();
    let conf = cc.path("quiet.conf");
    std::fs::write(&conf, QUIET_CONF).unwrap();
    let t = common::control::run_on_pty(
        tmux_command(
            &tmux,
            &conf,
            &["-CC", "new-session", "-x", "80", "-y", "24"],
        ),
        &["display -p hello"],
    );
    let c = common::control::run_on_pty(
        ccmux_command(
            &cc,
            &[
                "-f",
                conf.to_str().unwrap(),
                "-CC",
                "new-session",
                "-x",
                "80",
                "-y",
                "24",
            ],
        ),
        &["display -p hello"],
    );
    for (name, bytes) in [("tmux", &t), ("ccmux", &c)] {
        let text = String::from_utf8_lossy(bytes);
        assert!(text.starts_with("\x1bP1000p%begin "), "{name}: {text:?}");
        assert!(text.ends_with("%exit\r\n\x1b\\"), "{name}: {text:?}");
        assert!(
            !text.contains("display -p"),
            "{name}: the command was echoed: {text:?}"
        );
        assert!(text.contains("\r\nhello\r\n%end "), "{name}: {text:?}");
    }
    let lines = |b: &[u8]| -> Vec<String> {
        let text = String::from_utf8_lossy(b);
        let inner = text
            .trim_start_matches("\x1bP1000p")
            .trim_end_matches("\x1b\\")
            .to_string();
        inner
            .split("\r\n")
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect()
    };
    assert_same("-CC", &lines(&t), &lines(&c));
    let no_tty = cc.run(&["-CC"]);
    assert_eq!(no_tty.status, 1);
    assert!(
        no_tty
            .stderr
            .contains("tcgetattr failed: Inappropriate ioctl for device"),
        "{}",
        no_tty.stderr
    );
}
