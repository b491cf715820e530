//! Paste buffers: the same command lines on ccmux and on tmux 3.3a give the same output, errors and
//! exit status; files, standard input and output carry bytes unchanged; pastes reach a real pane.

mod common;

use common::outer::Outer;
use common::{Ccmux, Tmux};
use std::io::Write;
use std::process::{Command, Stdio};

/// What a command line gave, as bytes.
#[derive(Debug, PartialEq, Eq)]
struct Raw {
    status: i32,
    stdout: Vec<u8>,
    stderr: String,
}

fn raw(mut cmd: Command, args: &[&str], stdin: Option<&[u8]>) -> Raw {
    cmd.args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    if let Some(data) = stdin {
        child.stdin.take().unwrap().write_all(data).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    Raw {
        status: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Both servers, each with a session, and a scratch directory both may write in.
struct Pair {
    tmux: Tmux,
    cc: Ccmux,
    dir: tempfile::TempDir,
}

impl Pair {
    fn new(session_args: &[&str]) -> Option<Pair> {
        let Some(tmux) = Tmux::new() else {
            eprintln!("SKIPPED: tmux is not installed; nothing compared");
            return None;
        };
        let cc = Ccmux::new();
        let mut args = vec!["new-session", "-d", "-s", "b", "-x", "80", "-y", "24"];
        args.extend_from_slice(session_args);
        assert_eq!(tmux.run(&args).status, 0);
        cc.ok(&args);
        let dir = tempfile::Builder::new()
            .prefix("ccmux-buffers")
            .tempdir()
            .unwrap();
        Some(Pair { tmux, cc, dir })
    }

    fn tmux_cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.tmux.socket, "-f", "/dev/null"])
            .env("HOME", self.tmux.home.path())
            .env_remove("TMUX")
            .current_dir(self.dir.path());
        c
    }

    fn cc_cmd(&self) -> Command {
        let mut c = self.cc.command();
        c.current_dir(self.dir.path());
        c
    }

    /// Runs a line on both (with the same standard input); they must agree. Returns ccmux's result.
    fn same(&self, args: &[&str], stdin: Option<&[u8]>) -> Raw {
        let a = raw(self.tmux_cmd(), args, stdin);
        let b = raw(self.cc_cmd(), args, stdin);
        assert_eq!(a, b, "tmux and ccmux differ on {args:?}");
        b
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }
}

#[test]
fn buffer_commands_and_their_errors_match_tmux() {
    let Some(p) = Pair::new(&[]) else { return };
    let lines: &[&[&str]] = &[
        &["list-buffers"],
        &["show-buffer"],
        &["save-buffer", "-"],
        &["delete-buffer"],
        &["paste-buffer"],
        &["set-buffer"],
        &["set-buffer", "-n", "x"],
        &["set-buffer", "hello"],
        &["set-buffer", "-b", "n1", "x"],
        &["set-buffer", "-n", "n2"],
        &["set-buffer", "-b", "nope", "-n", "n3"],
        &["set-buffer", "-b", "n2", "-n", ""],
        &["set-buffer", "-b", "", "data"],
        &["set-buffer", "-a", "-b", "n2", "yz"],
        &["set-buffer", "-a", "appended to a new one"],
        &["set-buffer", ""],
        &["set-buffer", "-b", "buffer0", "-n", "n2"],
        &["setb", "-a", "-b", "buffer0", "!"],
        &["show-buffer", "-b", "n2"],
        &["showb", "-b", "nope"],
        &["save-buffer", "-b", "nope", "-"],
        &["delete-buffer", "-b", "nope"],
        &["paste-buffer", "-b", "nope"],
        &[
            "set-buffer",
            "-b",
            "tabs",
            "a\tb\x01c$HOME ${x} $1 $ \\z\n\"q\"",
        ],
        &["set-buffer", "-b", "utf8", "é€😀 — ok"],
        &["list-buffers"],
        &[
            "lsb",
            "-F",
            "#{buffer_name}|#{buffer_size}|#{buffer_sample}",
        ],
        &[
            "lsb",
            "-f",
            "#{m:n*,#{buffer_name}}",
            "-F",
            "#{buffer_name}",
        ],
        &["lsb", "-F", "#{session_name} #{buffer_name}"],
        &["deleteb", "-b", "n2", ";", "deleteb", ";", "lsb"],
        &[
            "setb", "-b", "q", "1", ";", "showb", "-b", "nope", ";", "setb", "after",
        ],
        &["lsb"],
        &["show-buffer"],
    ];
    for line in lines {
        p.same(line, None);
    }
}

#[test]
fn buffer_limit_drops_the_oldest_automatic_buffers_only() {
    let Some(p) = Pair::new(&[]) else { return };
    p.same(&["set-option", "-s", "buffer-limit", "3"], None);
    p.same(&["set-buffer", "-b", "named", "kept"], None);
    for i in 0..6 {
        p.same(&["set-buffer", &format!("auto{i}")], None);
    }
    // A renamed automatic buffer is named: it stays.
    p.same(&["set-buffer", "-b", "buffer4", "-n", "renamed"], None);
    p.same(&["set-buffer", "last"], None);
    let listed = p.same(&["list-buffers"], None);
    assert_eq!(
        String::from_utf8_lossy(&listed.stdout),
        "buffer6: 4 bytes: \"last\"\nbuffer5: 5 bytes: \"auto5\"\nrenamed: 5 bytes: \"auto4\"\n\
         buffer3: 5 bytes: \"auto3\"\nnamed: 4 bytes: \"kept\"\n"
    );
}

/// Every byte value, twice, and a long enough run to be more than one frame of standard output.
fn all_bytes() -> Vec<u8> {
    let mut data: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
    data.extend(std::iter::repeat_n(b'\xff', 3 * 1024 * 1024 / 2));
    data.extend(b"\ntail \xc3\x28 \xe2\x82\xac");
    data
}

#[test]
fn files_and_standard_streams_carry_bytes_unchanged() {
    let Some(p) = Pair::new(&[]) else { return };
    let data = all_bytes();
    std::fs::write(p.path("in.bin"), &data).unwrap();
    // From a file (relative to the client's directory), then out to standard output and to files.
    p.same(&["load-buffer", "-b", "f", "in.bin"], None);
    assert_eq!(p.same(&["save-buffer", "-b", "f", "-"], None).stdout, data);
    assert_eq!(p.same(&["show-buffer", "-b", "f"], None).stdout, data);
    p.same(&["list-buffers"], None);
    for (name, server) in [("out-tmux.bin", "tmux"), ("out-cc.bin", "cc")] {
        let args = ["save-buffer", "-b", "f", name];
        let r = match server {
            "tmux" => raw(p.tmux_cmd(), &args, None),
            _ => raw(p.cc_cmd(), &args, None),
        };
        assert_eq!(r.status, 0, "{server}: {}", r.stderr);
        assert_eq!(std::fs::read(p.path(name)).unwrap(), data, "{server}");
    }
    // From standard input.
    p.same(&["load-buffer", "-b", "s", "-"], Some(&data));
    assert_eq!(p.same(&["save-buffer", "-b", "s", "-"], None).stdout, data);
    // Standard input is read once: a second `-` has none.
    p.same(
        &[
            "load-buffer",
            "-b",
            "s1",
            "-",
            ";",
            "load-buffer",
            "-b",
            "s2",
            "-",
        ],
        Some(b"once"),
    );
    p.same(&["load-buffer", "-b", "empty", "-"], Some(b""));
    p.same(&["list-buffers"], None);
    // Append.
    let app = p.path("appended");
    p.same(&["set-buffer", "-b", "a", "one\n"], None);
    for _ in 0..2 {
        raw(p.tmux_cmd(), &["save-buffer", "-a", "-b", "a", &app], None);
    }
    assert_eq!(std::fs::read(&app).unwrap(), b"one\none\n");
    std::fs::remove_file(&app).unwrap();
    for _ in 0..2 {
        raw(p.cc_cmd(), &["save-buffer", "-a", "-b", "a", &app], None);
    }
    assert_eq!(std::fs::read(&app).unwrap(), b"one\none\n");
    // Without -a the file is replaced.
    raw(p.cc_cmd(), &["save-buffer", "-b", "a", &app], None);
    assert_eq!(std::fs::read(&app).unwrap(), b"one\n");
}

#[test]
fn file_errors_match_tmux_and_do_not_stop_the_line() {
    let Some(p) = Pair::new(&[]) else { return };
    let missing = p.path("missing/file");
    p.same(&["load-buffer", &missing], None);
    p.same(&["load-buffer", "no-such-file"], None);
    p.same(&["set-buffer", "x"], None);
    p.same(&["save-buffer", &missing], None);
    p.same(&["load-buffer", "-b", "", "/dev/null"], None);
    p.same(&["load-buffer", &missing, ";", "set-buffer", "after"], None);
    p.same(&["list-buffers"], None);
    // A directory: tmux says nothing and sets nothing, ccmux reports it (the only difference).
    let r = p.cc.run(&["load-buffer", "/"]);
    assert_eq!((r.status, r.stderr.as_str()), (1, "/: Is a directory\n"));
    p.same(&["save-buffer", &p.path("")], None);
}

#[test]
fn paste_buffer_writes_into_the_pane_with_separators() {
    let Some(p) = Pair::new(&["cat -v"]) else {
        return;
    };
    p.same(&["set-buffer", "-b", "two", "one\ntwo\n"], None);
    p.same(&["paste-buffer", "-b", "two"], None);
    p.same(&["paste-buffer", "-b", "two", "-s", "|"], None);
    p.same(&["paste-buffer", "-b", "two", "-r", "-d"], None);
    p.same(&["set-buffer", "\x01end"], None);
    p.same(&["paste-buffer", "-p"], None);
    p.same(&["send-keys", "Enter"], None);
    p.same(&["list-buffers"], None);
    // The terminal echoes the paste, then cat prints each line it reads.
    let want = "two\n^Aend\n^Aend\n";
    let a = wait_capture(|| raw(p.tmux_cmd(), &["capture-pane", "-p"], None), want);
    let b = wait_capture(|| raw(p.cc_cmd(), &["capture-pane", "-p"], None), want);
    assert_eq!(a, b);
    assert!(
        b.starts_with("one\ntwo\none\ntwo\none|two|one\ntwo\none|two|one\n"),
        "{b}"
    );
}

#[test]
fn paste_buffer_p_brackets_only_for_a_program_that_asked() {
    let cc = Ccmux::new();
    cc.ok(&["new-session", "-d", "-s", "b", "printf 'ready\\n'; cat -v"]);
    cc.wait_for("b", "ready");
    cc.ok(&["set-buffer", "plain"]);
    cc.ok(&["paste-buffer", "-p"]);
    cc.ok(&["send-keys", "Enter"]);
    cc.wait_for("b", "\nplain\n");
    let cmd = "printf '\\033[?2004hready\\n'; cat -v";
    cc.ok(&["new-session", "-d", "-s", "c", cmd]);
    cc.wait_for("c", "ready");
    cc.ok(&["paste-buffer", "-p", "-t", "c"]);
    cc.ok(&["paste-buffer", "-t", "c"]);
    cc.ok(&["send-keys", "-t", "c", "Enter"]);
    let screen = cc.wait_for("c", "^[[201~plain");
    assert!(screen.contains("^[[200~plain^[[201~plain\n"), "{screen}");
}

#[test]
fn capture_pane_b_stores_the_capture() {
    let Some(p) = Pair::new(&["printf 'first\\nsecond\\n'; exec cat"]) else {
        return;
    };
    let a = wait_capture(
        || raw(p.tmux_cmd(), &["capture-pane", "-p"], None),
        "second",
    );
    let b = wait_capture(|| raw(p.cc_cmd(), &["capture-pane", "-p"], None), "second");
    assert_eq!(a, b);
    p.same(&["capture-pane", "-b", "cap"], None);
    p.same(&["capture-pane"], None);
    p.same(&["capture-pane", "-b", ""], None);
    p.same(&["list-buffers"], None);
    let shown = p.same(&["show-buffer", "-b", "cap"], None).stdout;
    assert!(shown.starts_with(b"first\nsecond\n\n"));
}

/// Runs `f` until its output contains `needle` (10 s at most); returns that output.
fn wait_capture(f: impl Fn() -> Raw, needle: &str) -> String {
    let start = std::time::Instant::now();
    loop {
        let out = String::from_utf8_lossy(&f().stdout).into_owned();
        if out.contains(needle) {
            return out;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "no {needle:?} in:\n{out}"
        );
        std::thread::sleep(std::time::Duration::from_millis(30));
    }
}

fn have_tmux() -> bool {
    let found = Command::new("tmux").arg("-V").output().is_ok();
    if !found {
        eprintln!("SKIPPED: tmux is not installed to drive an attached client");
    }
    found
}

#[test]
fn copy_mode_copies_into_a_new_automatic_buffer() {
    if !have_tmux() {
        return;
    }
    let cc = Ccmux::new();
    cc.session("cp");
    cc.ok(&["set-buffer", "-b", "named", "kept"]);
    cc.ok(&["set", "-g", "mode-keys", "vi"]);
    cc.ok(&["send-keys", "-t", "cp", "echo copy-me-123", "Enter"]);
    cc.wait_for("cp", "\ncopy-me-123");
    let o = Outer::new("buffers-copy");
    o.start(&cc, "o", 80, 24, "attach");
    o.wait_for("o", "[cp]");
    o.keys("o", &["C-b", "["]);
    o.wait_for("o", "[0/");
    o.keys("o", &["?"]);
    o.wait_for("o", "(search up)");
    o.keys("o", &["-l", "copy-me-123"]);
    o.keys("o", &["Enter"]);
    o.keys("o", &["Space", "E", "Enter"]);
    o.wait("o", "copy mode left", |s| !s.contains("[0/"));
    let listed = cc.wait_for_args(&["list-buffers"], "buffer0");
    assert_eq!(
        listed,
        "buffer0: 11 bytes: \"copy-me-123\"\nnamed: 4 bytes: \"kept\"\n"
    );
    // C-b # lists them in the client's view; C-b ] pastes the most recent one.
    o.keys("o", &["C-b", "#"]);
    o.wait_for("o", "named: 4 bytes: \"kept\"");
    o.keys("o", &["q"]);
    o.keys("o", &["-l", "echo pasted-"]);
    o.keys("o", &["C-b", "]"]);
    o.keys("o", &["Enter"]);
    cc.wait_for("cp", "\npasted-copy-me-123");
}

#[test]
fn choose_buffer_lists_pastes_and_deletes() {
    if !have_tmux() {
        return;
    }
    let cc = Ccmux::new();
    cc.session("ch");
    // Nothing to choose: nothing happens.
    cc.ok(&["choose-buffer", "-t", "ch"]);
    cc.ok(&["set-buffer", "echo from-buffer-zero"]);
    cc.ok(&[
        "set-buffer",
        "-b",
        "named",
        "echo from-named\necho second-line\n",
    ]);
    let o = Outer::new("buffers-choose");
    o.start(&cc, "o", 80, 24, "attach");
    o.wait_for("o", "[ch]");
    o.keys("o", &["C-b", "="]);
    let screen = o.wait_for("o", "┌ named (sort: time) ─");
    assert!(
        screen.contains("(0) named: ") && screen.contains("(1) buffer0: "),
        "{screen}"
    );
    assert!(screen.contains("│ echo from-named "), "{screen}");
    assert!(screen.contains("│ echo second-line "), "{screen}");
    // Down to buffer0, delete it: the list follows.
    o.keys("o", &["j"]);
    o.wait_for("o", "┌ buffer0 (sort: time) ─");
    o.keys("o", &["d"]);
    o.wait("o", "buffer0 deleted", |s| {
        !s.contains("(1) buffer0") && s.contains("┌ named (sort: time)")
    });
    assert_eq!(cc.ok(&["list-buffers", "-F", "#{buffer_name}"]), "named\n");
    // Enter pastes the current one (paste-buffer -b 'named': newlines as carriage returns).
    o.keys("o", &["Enter"]);
    o.wait("o", "chooser left", |s| !s.contains("(sort: time)"));
    // Both lines ran (the shell's echo of typed-ahead input may interleave with their output).
    let ran = |out: &str| {
        let lines: Vec<&str> = out.lines().filter(|l| !l.contains("echo")).collect();
        ["from-named", "second-line"]
            .iter()
            .all(|w| lines.iter().any(|l| l.ends_with(w)))
    };
    cc.wait_until("the pasted lines to run", || ran(&cc.capture("ch")));
    assert_eq!(cc.ok(&["list-buffers", "-F", "#{buffer_name}"]), "named\n");
    // The line's key chooses it too; q leaves without pasting.
    o.keys("o", &["C-b", "="]);
    o.wait_for("o", "(0) named");
    o.keys("o", &["q"]);
    o.wait("o", "chooser left", |s| !s.contains("(0) named"));
}
