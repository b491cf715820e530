//! Throughput and memory of `ccmux_term::Emulator` against a bare alacritty `Term`.
//!
//! `cargo run --release -p ccmux-term --example emu_throughput [MB]`

use std::time::{Duration, Instant};

use alacritty_terminal::event::VoidListener;
use alacritty_terminal::grid::Dimensions;
use alacritty_terminal::term::{Config, Term};
use alacritty_terminal::vte::ansi::Processor;
use ccmux_term::Emulator;

const COLS: u16 = 200;
const ROWS: u16 = 50;
const HISTORY: usize = 10_000;
const CHUNK: usize = 64 * 1024;

/// Deterministic xorshift generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> usize {
        (self.next() % n) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64)]
    }
}

const WORDS: &[&str] = &[
    "let",
    "fn",
    "self",
    "match",
    "Some",
    "None",
    "return",
    "value",
    "buffer",
    "index",
    "config",
    "impl",
    "pub",
    "struct",
    "for",
    "in",
    "if",
    "else",
    "Ok",
    "Err",
    "usize",
    "String",
    "&mut",
    "len()",
    "iter()",
    "map",
    "collect::<Vec<_>>()",
    "// comment",
    "=",
    "==",
    "+=",
    "{",
    "}",
    "(",
    ");",
    "x",
    "y",
    "count",
    "result",
    "error",
    "path",
    "line",
    "column",
    "items",
];
const NAMES: &[&str] = &[
    "Cargo.toml",
    "README.md",
    "src",
    "main.rs",
    "lib.rs",
    "target",
    "build.rs",
    "tests",
    "emulator.rs",
    "history.rs",
    "notes.txt",
    "data.json",
    "image.png",
    ".gitignore",
];
const COLOURS: &[&str] = &[
    "31",
    "32",
    "33",
    "34",
    "35",
    "36",
    "1;34",
    "1;32",
    "38;5;208",
    "38;2;90;160;250",
];

/// About `target` bytes of terminal output: source code, `ls -l` listings, coloured lines.
fn build(target: usize) -> Vec<u8> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut out = String::with_capacity(target + 1024);
    while out.len() < target {
        match rng.below(10) {
            // Source-code-like line.
            0..=4 => {
                let indent = rng.below(5) * 4;
                out.extend(std::iter::repeat_n(' ', indent));
                for _ in 0..rng.below(12) {
                    out.push_str(rng.pick(WORDS));
                    out.push(' ');
                }
            }
            // `ls -l` line.
            5..=7 => {
                let perms = if rng.below(4) == 0 {
                    "drwxr-xr-x"
                } else {
                    "-rw-r--r--"
                };
                let size = rng.below(1_000_000);
                let day = 1 + rng.below(28);
                let name = rng.pick(NAMES);
                out.push_str(&format!(
                    "{perms}  1 user group {size:>8} Jan {day:>2} 10:{:02} {name}",
                    rng.below(60)
                ));
            }
            // Coloured line (ls --color, compiler or diff output).
            _ => {
                for _ in 0..1 + rng.below(6) {
                    let colour = rng.pick(COLOURS);
                    out.push_str(&format!("\x1b[{colour}m{}\x1b[0m ", rng.pick(NAMES)));
                    out.push_str(rng.pick(WORDS));
                    out.push(' ');
                }
            }
        }
        out.push_str("\r\n");
    }
    out.into_bytes()
}

struct Size;

impl Dimensions for Size {
    fn total_lines(&self) -> usize {
        ROWS as usize
    }
    fn screen_lines(&self) -> usize {
        ROWS as usize
    }
    fn columns(&self) -> usize {
        COLS as usize
    }
}

/// CPU time used by this thread (user + system) from /proc, zero if unavailable. Less sensitive
/// than wall time to other processes competing for the CPU (10 ms resolution).
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    // utime and stime are fields 14 and 15, i.e. 12th and 13th after the command name.
    let rest = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let ticks: u64 = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|f| f.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10) // USER_HZ = 100
}

/// Wall and CPU times of a run.
#[derive(Clone, Copy)]
struct Times {
    wall: Duration,
    cpu: Duration,
}

impl Times {
    const MAX: Times = Times {
        wall: Duration::MAX,
        cpu: Duration::MAX,
    };

    fn min(self, other: Times) -> Times {
        Times {
            wall: self.wall.min(other.wall),
            cpu: self.cpu.min(other.cpu),
        }
    }
}

fn timed<T>(f: impl FnOnce() -> T) -> (Times, T) {
    let (wall, cpu) = (Instant::now(), cpu_time());
    let out = f();
    let times = Times {
        wall: wall.elapsed(),
        cpu: cpu_time().saturating_sub(cpu),
    };
    (times, out)
}

fn run_emulator(data: &[u8]) -> (Times, Emulator) {
    timed(|| {
        let mut emu = Emulator::new(COLS, ROWS, HISTORY);
        for chunk in data.chunks(CHUNK) {
            emu.advance(chunk);
        }
        emu
    })
}

fn run_alacritty(data: &[u8], history: usize) -> (Times, Term<VoidListener>) {
    timed(|| {
        let config = Config {
            scrolling_history: history,
            ..Config::default()
        };
        let mut term = Term::new(config, &Size, VoidListener);
        let mut parser: Processor = Processor::new();
        for chunk in data.chunks(CHUNK) {
            parser.advance(&mut term, chunk);
        }
        term
    })
}

fn mbps(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / 1e6 / time.as_secs_f64()
}

fn report(name: &str, bytes: usize, t: Times) -> String {
    format!(
        "{name} {:6.1} MB/s wall, {:6.1} MB/s cpu",
        mbps(bytes, t.wall),
        mbps(bytes, t.cpu)
    )
}

fn main() {
    let mb: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100);
    let data = build(mb * 1_000_000);
    let lines = data.iter().filter(|&&b| b == b'\n').count();
    println!(
        "input: {:.1} MB, {lines} lines, avg {:.1} bytes/line, screen {COLS}x{ROWS}, history {HISTORY}, chunks {} KiB",
        data.len() as f64 / 1e6,
        data.len() as f64 / lines as f64,
        CHUNK / 1024
    );

    // Profiling aid: `... -- MB emu` or `... -- MB alac` runs only one side.
    match std::env::args().nth(2).as_deref() {
        Some("emu") => {
            return println!(
                "{}",
                report("ccmux Emulator", data.len(), run_emulator(&data).0)
            )
        }
        Some("alac") => {
            return println!(
                "{}",
                report(
                    "bare alacritty",
                    data.len(),
                    run_alacritty(&data, HISTORY).0
                )
            )
        }
        _ => {}
    }

    let (mut best_emu, mut best_alac, mut best_small) = (Times::MAX, Times::MAX, Times::MAX);
    let mut last = None;
    for round in 0..3 {
        let (t_alac, term) = run_alacritty(&data, HISTORY);
        drop(term);
        let (t_small, term) = run_alacritty(&data, 1000);
        drop(term);
        let (t_emu, emu) = run_emulator(&data);
        println!("round {round}:");
        println!(
            "  {}",
            report("ccmux Emulator                       ", data.len(), t_emu)
        );
        println!(
            "  {}",
            report("bare alacritty Term, history 10000  ", data.len(), t_alac)
        );
        println!(
            "  {}",
            report("bare alacritty Term, history 1000   ", data.len(), t_small)
        );
        best_emu = best_emu.min(t_emu);
        best_alac = best_alac.min(t_alac);
        best_small = best_small.min(t_small);
        last = Some(emu);
    }
    println!("best:");
    println!(
        "  {}",
        report(
            "ccmux Emulator                       ",
            data.len(),
            best_emu
        )
    );
    println!(
        "  {}",
        report(
            "bare alacritty Term, history 10000  ",
            data.len(),
            best_alac
        )
    );
    println!(
        "  {}",
        report(
            "bare alacritty Term, history 1000   ",
            data.len(),
            best_small
        )
    );
    println!(
        "ratio ccmux / alacritty with the same history: {:.2} (wall), {:.2} (cpu); \
         / alacritty with 1000 lines (the Emulator's internal size): {:.2} (wall)",
        best_alac.wall.as_secs_f64() / best_emu.wall.as_secs_f64(),
        best_alac.cpu.as_secs_f64() / best_emu.cpu.as_secs_f64(),
        best_small.wall.as_secs_f64() / best_emu.wall.as_secs_f64()
    );

    let emu = last.expect("ran");
    let n = emu.history_len().max(1);
    let bytes = emu.history_bytes();
    let text: usize = emu.history().map(|l| l.text.len()).sum();
    // The texts share 64 KiB chunks: the allocator's overhead is a few bytes a chunk.
    let cell = std::mem::size_of::<alacritty_terminal::term::cell::Cell>();
    let alac_row = COLS as usize * cell + 32;
    println!(
        "memory: {} history lines, {bytes} bytes: {:.0} B/line ({:.0} B/line of text)",
        emu.history_len(),
        bytes as f64 / n as f64,
        text as f64 / n as f64,
    );
    println!(
        "        alacritty scrollback: {alac_row} B/line at {COLS} columns ({cell}-byte cells), {:.0}x more",
        alac_row as f64 / (bytes as f64 / n as f64)
    );
}
