//! Fuzz targets for the binary's own parsers (run by `cargo test` briefly, by
//! `crates/ccmux-fuzz/run.sh` for a million inputs each): command arguments against flag templates
//! (cmd/args.rs), the global command line (cli.rs) and the keeper's messages (keeper/wire.rs).

use crate::cli::Cli;
use crate::cmd::args::{Args, Spec};
use ccmux_fuzz::arbitrary::{Result, Unstructured};
use ccmux_fuzz::gen::{pick, text};
use ccmux_fuzz::{check, Target};
use ccmux_lang::{Arg, ParseOptions, ParsedCommand};

/// Templates no command has, next to every command's own.
const ODD_TEMPLATES: &[&str] = &[
    "",
    ":",
    "::",
    "a::b:",
    "é:",
    "ab:c::d",
    "-:",
    "t:t",
    "0123456789",
];

const WORD_PIECES: &[&str] = &[
    "-",
    "--",
    "-d",
    "-P",
    "-t",
    "-F",
    "-dP",
    "-t%1",
    "-F#{pane_id}",
    "-x",
    "-e",
    "A=1",
    "--json",
    "-l",
    "-€",
    "-\u{0}",
    "a",
    "b c",
    "%1",
    "work:1.2",
    "-10",
    "''",
    "\"",
    ";",
    "{",
    "}",
    "~",
    "é",
    " ",
];

fn words(u: &mut Unstructured) -> Result<Vec<Arg>> {
    (0..u.int_in_range(0..=8)?)
        .map(|_| {
            Ok(if u.ratio(1, 12)? {
                // A block comes from the parser, whose command names are never `NAME=value`.
                let name = *pick(u, &["display", "x", "-d", "''", "a b", "é"])?;
                Arg::Block(vec![ParsedCommand::new(name, vec![Arg::from("a")], 1)])
            } else if u.ratio(1, 2)? {
                Arg::Word((*pick(u, WORD_PIECES)?).to_string())
            } else {
                Arg::Word(text(u, WORD_PIECES, 3)?)
            })
        })
        .collect()
}

/// Whether a word, or a word of a block, holds a NUL (which tmux strings cannot).
fn has_nul(arg: &Arg) -> bool {
    match arg {
        Arg::Word(w) => w.contains('\0'),
        Arg::Block(cmds) => cmds
            .iter()
            .any(|c| c.name.contains('\0') || c.args.iter().any(has_nul)),
    }
}

/// Whether `flag` takes a value in `template` (a letter followed by `:`).
fn takes_value(template: &str, flag: char) -> bool {
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ':' {
            continue;
        }
        let value = chars.peek() == Some(&':');
        if c == flag {
            return value;
        }
    }
    false
}

/// Parsing any words against any template gives arguments or tmux's error, never a panic; arguments
/// printed as tmux prints them parse back to the same arguments.
fn args(u: &mut Unstructured) -> Result<()> {
    let spec = if u.ratio(1, 4)? {
        Spec {
            template: pick(u, ODD_TEMPLATES)?,
            lower: u.int_in_range(0..=2)?,
            upper: if u.arbitrary()? {
                Some(u.int_in_range(0..=3)?)
            } else {
                None
            },
            json: u.arbitrary()?,
        }
    } else {
        let entries: Vec<_> = crate::cmd::commands().collect();
        pick(u, &entries)?.spec()
    };
    let words = words(u)?;
    let Ok(parsed) = Args::parse(&words, &spec) else {
        return Ok(());
    };
    assert!(parsed.len() <= words.len());
    let letters = ('a'..='z').chain('A'..='Z').chain('0'..='9');
    // Printing cannot show a value flag given without its value, nor a first argument that looks
    // like a flag (tmux prints no `--`), nor a NUL.
    let ambiguous = letters.clone().any(|c| {
        parsed.has(c) && takes_value(spec.template, c) && parsed.all(c).len() != parsed.given(c)
    }) || parsed
        .arg(0)
        .is_some_and(|a| a.starts_with('-') && a != "-")
        || words.iter().any(has_nul);
    if ambiguous {
        return Ok(());
    }
    let printed = parsed.print(&|cmds| ccmux_lang::print_commands(cmds));
    let line = format!("x {printed}");
    let back = ccmux_lang::parse(&line, &ParseOptions::default(), &mut NoEnv)
        .unwrap_or_else(|e| panic!("{printed:?} does not parse: {e}"));
    let back_args = back.first().map(|c| c.args.clone()).unwrap_or_default();
    let again = Args::parse(&back_args, &spec)
        .unwrap_or_else(|e| panic!("{words:?} printed as {printed:?} fails: {e}"));
    for c in letters {
        assert_eq!(
            (parsed.has(c), parsed.all(c)),
            (again.has(c), again.all(c)),
            "-{c}: {words:?} printed as {printed:?}"
        );
    }
    assert_eq!(
        parsed.rest(0),
        again.rest(0),
        "{words:?} printed as {printed:?}"
    );
    Ok(())
}

/// An environment with nothing in it, for parsing printed arguments back.
struct NoEnv;

impl ccmux_lang::ParseEnv for NoEnv {
    fn get_env(&self, _: &str) -> Option<String> {
        None
    }
    fn set_env(&mut self, _: &str, _: &str, _: bool) {}
    fn home_dir(&self, _: Option<&str>) -> Option<String> {
        None
    }
    fn condition(&mut self, _: &str) -> bool {
        false
    }
}

const CLI_PIECES: &[&str] = &[
    "-", "--", "--help", "-V", "-h", "-L", "-Lx", "-S", "-f", "-fa.conf", "-c", "-T", "-2uv", "-C",
    "-D", "-Z", "-€", "new", "-d", ";", "x.toml", "", " ", "é",
];

/// The global command line gives flags and the command words after them, or an error; never a panic.
fn cli(u: &mut Unstructured) -> Result<()> {
    let words: Vec<String> = (0..u.int_in_range(0..=6)?)
        .map(|_| text(u, CLI_PIECES, 2))
        .collect::<Result<_>>()?;
    if let Ok(c) = Cli::parse(words.iter().map(std::ffi::OsString::from)) {
        assert!(
            words.ends_with(&c.words),
            "{words:?} gave the words {:?}",
            c.words
        );
        let _ = c.config();
    }
    Ok(())
}

/// Bytes from the socket read as a keeper message or an error, never a panic or a hang; a message
/// that decodes encodes to bytes that decode to it again.
fn keeper_messages(u: &mut Unstructured) -> Result<()> {
    use crate::keeper::wire::{recv, FromKeeper, ToKeeper};
    use std::io::Write;
    let frame: Vec<u8> = if u.arbitrary()? {
        let n = u.int_in_range(0..=64)?.min(u.len());
        let payload = u.bytes(n)?;
        let mut f = (payload.len() as u32).to_le_bytes().to_vec();
        f.extend_from_slice(payload);
        ccmux_fuzz::gen::mutate(u, &f)?.0
    } else {
        u.arbitrary()?
    };
    let (mut ours, theirs) = std::os::unix::net::UnixStream::pair().expect("socketpair");
    ours.write_all(&frame).expect("write to the socket");
    drop(ours);
    let _ = recv::<ToKeeper>(&theirs);
    let body = frame.get(4..).unwrap_or_default();
    if let Ok(m) = postcard::from_bytes::<ToKeeper>(body) {
        let again: ToKeeper =
            postcard::from_bytes(&postcard::to_stdvec(&m).expect("encode")).expect("decode");
        assert_eq!(format!("{again:?}"), format!("{m:?}"));
    }
    if let Ok(m) = postcard::from_bytes::<FromKeeper>(body) {
        let again: FromKeeper =
            postcard::from_bytes(&postcard::to_stdvec(&m).expect("encode")).expect("decode");
        assert_eq!(format!("{again:?}"), format!("{m:?}"));
    }
    Ok(())
}

#[test]
fn fuzz_keeper_messages() {
    check(&Target {
        name: "keeper_messages",
        run: keeper_messages,
        max_len: 256,
    });
}

#[test]
fn fuzz_args() {
    check(&Target {
        name: "args",
        run: args,
        max_len: 512,
    });
}

#[test]
fn fuzz_cli() {
    check(&Target {
        name: "cli",
        run: cli,
        max_len: 256,
    });
}
