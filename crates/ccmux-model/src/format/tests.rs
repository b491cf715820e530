//! Behaviour that a tmux server cannot show on demand (`#()`, `C:`, contexts without a session), the API
//! wrappers, the regex/fnmatch helpers, and garbage formats that must not panic. Expected values noted
//! "tmux:" were checked with tmux 3.3a's `display-message -p`.

use super::fnmatch::fnmatch;
use super::pattern::{matches, regsub};
use super::{expand, expand_format, expand_time, FormatContext, LoopItem};
use std::cell::RefCell;

fn vars(name: &str) -> Option<String> {
    match name {
        "session_name" => Some("work".into()),
        "window_index" => Some("2".into()),
        "window_active" => Some("1".into()),
        "pane_dead" => Some("0".into()),
        _ => None,
    }
}

#[test]
fn expand_format_keeps_working_for_lookup_closures() {
    assert_eq!(
        expand_format("#{session_name}:#{window_index}", &vars),
        "work:2"
    );
    assert_eq!(expand_format("#S/#I ##x #{nope}.", &vars), "work/2 #x .");
    assert_eq!(expand_format("#{?window_active,*,-}", &vars), "*");
    assert_eq!(expand_format("#{?pane_dead,dead,alive}", &vars), "alive");
    assert_eq!(
        expand_format("#{?window_active,[#{session_name}],}", &vars),
        "[work]"
    );
    assert_eq!(
        expand_format("#{=2:session_name}#{p4:window_index}|", &vars),
        "wo2   |"
    );
    // tmux: an unterminated #{ ends the expansion there.
    assert_eq!(expand_format("unterminated #{abc", &vars), "unterminated ");
    assert_eq!(expand_format("# x #", &vars), "# x #");
    // No loops in a closure context: empty, not an error.
    assert_eq!(expand_format("[#{W:#I}][#{S:x}][#{N:a}]", &vars), "[][][0]");
}

/// A context that records what it is asked, for `#()` and `C:`.
#[derive(Default)]
struct Recorder {
    commands: RefCell<Vec<String>>,
    raw_commands: RefCell<Vec<String>>,
    searches: RefCell<Vec<(String, bool, bool)>>,
    no_pane: bool,
}

impl FormatContext for Recorder {
    fn var(&self, name: &str) -> Option<String> {
        match name {
            "@n" => Some("42".into()),
            "@fmt" => Some("#{@n}".into()),
            _ => None,
        }
    }

    fn shell(&self, raw: &str, command: &str) -> Option<String> {
        self.commands.borrow_mut().push(command.to_owned());
        self.raw_commands.borrow_mut().push(raw.to_owned());
        match command {
            "silent" => None,
            "fmt" => Some("out=#{@n} #(nested)".into()),
            other => Some(format!("ran {other}")),
        }
    }

    fn strftime(&self, fmt: &str, t: i64) -> String {
        super::tests_tmux::utc_strftime(fmt, t)
    }

    fn search_pane(&self, pattern: &str, regex: bool, ignore_case: bool) -> Option<u32> {
        self.searches
            .borrow_mut()
            .push((pattern.to_owned(), regex, ignore_case));
        (!self.no_pane).then_some(7)
    }
}

#[test]
fn shell_commands_are_expanded_and_their_output_too_but_never_nested() {
    let ctx = Recorder::default();
    assert_eq!(expand("<#(echo #{@n} (x))>", &ctx), "<ran echo 42 (x)>");
    assert_eq!(expand("<#(silent)>", &ctx), "<>");
    assert_eq!(expand("<#(fmt)>", &ctx), "<out=42 >");
    assert_eq!(expand("<#(echo #(inner))>", &ctx), "<ran echo >");
    // Unbalanced: the expansion stops (tmux: `a#(echo` prints `a`).
    assert_eq!(expand("a#(echo (b)", &ctx), "a");
    // strftime applies to the format once, not again to the command.
    assert_eq!(expand_time("#(date +%%s)", &ctx), "ran date +%s");
    assert_eq!(
        *ctx.commands.borrow(),
        ["echo 42 (x)", "silent", "fmt", "echo ", "date +%s"]
    );
    // A job is kept by the command as written (tmux's format_job_cmp), which strftime has been
    // through.
    assert_eq!(
        *ctx.raw_commands.borrow(),
        [
            "echo #{@n} (x)",
            "silent",
            "fmt",
            "echo #(inner)",
            "date +%s"
        ]
    );
}

#[test]
fn pane_search_gets_the_expanded_pattern_and_flags() {
    let ctx = Recorder::default();
    assert_eq!(
        expand("#{C:a#{@n}}|#{C/r:^x}|#{C/ri:y}|#{C/i:z}", &ctx),
        "7|7|7|7"
    );
    assert_eq!(
        *ctx.searches.borrow(),
        [
            ("a42".to_owned(), false, false),
            ("^x".to_owned(), true, false),
            ("y".to_owned(), true, true),
            ("z".to_owned(), false, true),
        ]
    );
    let no_pane = Recorder {
        no_pane: true,
        ..Recorder::default()
    };
    assert_eq!(expand("#{C:x}", &no_pane), "0");
}

/// A context that has no session: loops over windows or panes and window names fail.
struct Sessionless;

impl FormatContext for Sessionless {
    fn var(&self, _: &str) -> Option<String> {
        None
    }
    fn windows(&self) -> Option<Vec<LoopItem<'_>>> {
        None
    }
    fn panes(&self) -> Option<Vec<LoopItem<'_>>> {
        None
    }
}

#[test]
fn window_loops_without_a_session_end_the_expansion() {
    assert_eq!(expand("a#{W:x}b", &Sessionless), "a");
    assert_eq!(expand("a#{P:x}b", &Sessionless), "a");
    assert_eq!(expand("a#{N:x}b", &Sessionless), "a");
    assert_eq!(expand("a#{S:x}#{N/s:x}b", &Sessionless), "a0b");
}

struct Clock;

impl FormatContext for Clock {
    fn var(&self, name: &str) -> Option<String> {
        (name == "@t").then(|| "1445765102".into())
    }
    fn strftime(&self, fmt: &str, t: i64) -> String {
        super::tests_tmux::utc_strftime(fmt, t)
    }
    fn now(&self) -> i64 {
        1_445_765_102 + 3 * 86_400
    }
}

#[test]
fn only_expand_time_applies_strftime_to_the_format() {
    assert_eq!(expand("%H:%M %% #{@t}", &Clock), "%H:%M %% 1445765102");
    assert_eq!(expand_time("%H:%M %% #{@t}", &Clock), "09:25 % 1445765102");
    assert_eq!(expand("#{T:@t}|#{t/p:@t}", &Clock), "1445765102|Sun25");
    assert_eq!(expand("#{t/f/%H#:%M:@t}", &Clock), "09:25");
}

#[test]
fn regex_substitution_follows_regsub() {
    assert_eq!(regsub("o", "0", "foo", false).as_deref(), Some("f00"));
    assert_eq!(regsub("(", "x", "foo", false), None);
    assert_eq!(regsub("x", "y", "", false).as_deref(), Some(""));
    // An empty match moves on one character, not one byte.
    assert_eq!(regsub("x*", "-", "é世", false).as_deref(), Some("é-世-"));
    // POSIX bracket expressions: a backslash is literal, `]` first is literal.
    assert_eq!(regsub(r"[\]", "!", r"a\b", false).as_deref(), Some("a!b"));
    assert_eq!(regsub("[]x]+", "!", "a]x]b", false).as_deref(), Some("a!b"));
    assert_eq!(
        regsub("[[:digit:]-]", "_", "a-1", false).as_deref(),
        Some("a__")
    );
    assert_eq!(regsub("a{,2}", "_", "aaa", false).as_deref(), Some("__"));
    assert_eq!(regsub("a)", "_", "a)", false).as_deref(), Some("_"));
    assert_eq!(
        regsub(r"\<w", "W", "a word", false).as_deref(),
        Some("a Word")
    );
    // Known difference: leftmost-first, where tmux (POSIX) takes the longest alternative and prints `X`.
    assert_eq!(regsub("a|ab", "X", "ab", false).as_deref(), Some("Xb"));
    // Back-references are not available in the regex crate: the pattern does not compile.
    assert_eq!(regsub(r"(a)\1", "x", "aa", false), None);
    assert!(matches("^A", "abc", true, true));
    assert!(!matches("[", "[", true, false));
}

#[test]
fn fnmatch_follows_glibc() {
    assert!(fnmatch("*", "", false));
    assert!(fnmatch("a*b*c", "a/x/b.c", false));
    assert!(!fnmatch("a*b*c", "a/x/b.d", false));
    assert!(fnmatch("[!a-c]?", "dé", false));
    assert!(fnmatch("[[:upper:]]*", "Été", false));
    // Not a class name (glibc wants lower case): a bracket of `[:UPPER:` then a literal `]`
    // (tmux: `#{m:[[:UPPER:]],U]}` is 1, `#{m:[[:UPPER:]],U}` is 0).
    assert!(fnmatch("[[:UPPER:]]", "U]", false));
    assert!(fnmatch("[[:UPPER:]]", ":]", false));
    assert!(!fnmatch("[[:UPPER:]]", "U", false));
    assert!(!fnmatch("a\\", "a\\", false));
    // tmux: `#{m/i:A[B-C],ab}` is 1, `#{m:A[B-C],ab}` is 0.
    assert!(fnmatch("A[B-C]", "ab", true));
    assert!(!fnmatch("A[B-C]", "ab", false));
    assert!(!fnmatch("[a", "a", false));
    assert!(fnmatch("[a", "[a", false));
    // No exponential backtracking.
    let text = "a".repeat(5_000);
    assert!(!fnmatch("*a*a*a*a*a*a*a*a*b", &text, false));
}

/// xorshift64*: deterministic pseudo-random numbers.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "#{",
    "}",
    "#",
    "##",
    "#,",
    "#}",
    ",",
    ":",
    ";",
    "?",
    "=",
    "-",
    "/",
    "|",
    "s/",
    "m/r:",
    "m/i:",
    "e|+|",
    "e|/|f|3:",
    "e|m|",
    "p",
    "p-",
    "l:",
    "E:",
    "T:",
    "t:",
    "t/p:",
    "t/f/%H:",
    "@x",
    "@u",
    "@g",
    "@self",
    "#(",
    ")",
    "(",
    "[",
    "]",
    "#[",
    "##[",
    "\\",
    "*",
    "a",
    "é",
    "世",
    "\u{301}",
    "\u{85}",
    "\t",
    "0",
    "5",
    "-3",
    "99999999999",
    "%",
    "%%",
    "W:",
    "S:",
    "P:",
    "N:",
    "N/s:",
    "C/ri:",
    "q:",
    "q/h:",
    "b:",
    "d:",
    "n:",
    "w:",
    "a:",
    "c:",
    "==:",
    "!=:",
    "||:",
    "&&:",
    "<:",
    ">=:",
    "{",
    "^",
    "$",
    ".",
    "session_name",
    "#S",
    "#W",
    "#h",
    "=/2/…:",
    "=-2:",
    "[[:",
    "[!",
    "1e400",
    "nan",
    "0x",
];

fn garbage(rng: &mut Rng, max: usize) -> String {
    let n = rng.below(max) + 1;
    (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect()
}

const MODIFIERS: &[&str] = &[
    "",
    "?",
    "l:",
    "E:",
    "T:",
    "=3:",
    "=-2:",
    "=/2/…:",
    "p5:",
    "p-4:",
    "n:",
    "w:",
    "b:",
    "d:",
    "q:",
    "q/h:",
    "t:",
    "t/p:",
    "t/f/%H#:%M:",
    "a:",
    "c:",
    "m:",
    "m/ri:",
    "C/r:",
    "s/l/L/:",
    "s/(.)/<\\1>/i:",
    "s/^/x/:",
    "==:",
    "!=:",
    "<:",
    "||:",
    "&&:",
    "e|+|:",
    "e|/|f|2:",
    "e|m|:",
    "S:",
    "W:",
    "P:",
    "N:",
    "N/s:",
    "=2;s/a/b/;p3:",
    "E;=4:",
];

/// Balanced `#{modifiers:...,...}` nests with garbage inside.
fn structured(rng: &mut Rng, depth: usize) -> String {
    if depth == 0 || rng.below(3) == 0 {
        return garbage(rng, 3);
    }
    let mut out = format!("#{{{}", MODIFIERS[rng.below(MODIFIERS.len())]);
    for i in 0..rng.below(3) + 1 {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&structured(rng, depth - 1));
    }
    out.push('}');
    out
}

/// Variables with garbage values, a couple of loop items, and every hook answering.
struct Garbage {
    value: String,
    depth: u8,
}

impl FormatContext for Garbage {
    fn var(&self, name: &str) -> Option<String> {
        Some(match name {
            "@x" => "hello world".into(),
            "@u" => "héllo 世界 e\u{301}".into(),
            "@g" => self.value.clone(),
            "@self" => "#{E:@self}#{E:@g}".into(),
            "session_name" => "s".into(),
            _ => return None,
        })
    }
    fn sessions(&self) -> Vec<LoopItem<'_>> {
        self.windows().unwrap_or_default()
    }
    fn windows(&self) -> Option<Vec<LoopItem<'_>>> {
        if self.depth >= 2 {
            return None;
        }
        let item = |current| LoopItem {
            ctx: Box::new(Garbage {
                value: self.value.chars().rev().collect(),
                depth: self.depth + 1,
            }),
            current,
        };
        Some(vec![item(false), item(true)])
    }
    fn panes(&self) -> Option<Vec<LoopItem<'_>>> {
        self.windows()
    }
    fn strftime(&self, fmt: &str, _: i64) -> String {
        fmt.replace("%%", "%").replace("%H", "12")
    }
    fn shell(&self, _raw: &str, command: &str) -> Option<String> {
        Some(command.to_owned())
    }
    fn search_pane(&self, _: &str, _: bool, _: bool) -> Option<u32> {
        Some(1)
    }
}

#[test]
fn garbage_formats_do_not_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..20_000 {
        let ctx = Garbage {
            value: garbage(&mut rng, 12),
            depth: 0,
        };
        let fmt = garbage(&mut rng, 30);
        let _ = expand(&fmt, &ctx);
        let _ = expand_time(&fmt, &ctx);
        let fmt = structured(&mut rng, 5);
        let _ = expand(&fmt, &ctx);
        let _ = expand_time(&fmt, &ctx);
    }
}

#[test]
fn deep_nesting_stops_at_tmux_loop_limit() {
    let ctx = Garbage {
        value: String::new(),
        depth: 0,
    };
    let deep = format!("{}x{}", "#{?#{l:1},".repeat(500), ",}".repeat(500));
    let _ = expand(&deep, &ctx);
    let nested = format!("{}@x{}", "#{E:".repeat(300), "}".repeat(300));
    assert_eq!(expand(&nested, &ctx), "");
    let nested = format!("{}@x{}", "#{E:".repeat(40), "}".repeat(40));
    assert_eq!(expand(&nested, &ctx), "hello world");
}
