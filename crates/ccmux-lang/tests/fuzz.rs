//! Garbage in, `Ok` or `Err` out: nothing panics, and whatever parses prints back to itself.

mod common;

use ccmux_lang::{parse, parse_arguments, print_commands, quote_word, ParseOptions};
use common::{strip, TestEnv};

/// A small deterministic generator (xorshift64*), so failures reproduce.
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

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Pieces that exercise the grammar, plus single characters of every kind.
const PIECES: &[&str] = &[
    " ",
    " ",
    "\t",
    "\n",
    "\n",
    ";",
    "{",
    "}",
    "\\",
    "\"",
    "'",
    "#",
    "%",
    "$",
    "~",
    "=",
    "a",
    "Z",
    "0",
    "7",
    "é",
    "😀",
    "\r",
    "\0",
    "\u{85}",
    "x",
    "u",
    "U",
    "n",
    "set @a ",
    "bind x ",
    "%if ",
    "%if 1\n",
    "%if 0\n",
    "%elif 1\n",
    "%else\n",
    "%endif\n",
    "%hidden ",
    "A=1 ",
    "#{",
    "${",
    "$HOME",
    "~root",
    "\\\n",
    "\\u00",
    "\\U0001F6",
    "\\3",
    "\\0",
    "%1",
    "if 1 { ",
    " } ",
    "'a b'",
    "\"c d\"",
];

fn garbage(rng: &mut Rng) -> String {
    let len = rng.below(60);
    let mut s = String::new();
    for _ in 0..len {
        if rng.below(8) == 0 {
            // Any character at all.
            let c = char::from_u32(rng.next() as u32 % 0x11_0000).unwrap_or('?');
            s.push(c);
        } else {
            s.push_str(rng.pick(PIECES));
        }
    }
    s
}

#[test]
fn garbage_never_panics_and_what_parses_prints_back() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut parsed = 0;
    for _ in 0..20_000 {
        let text = garbage(&mut rng);
        let opts = ParseOptions::file("g.conf");
        let Ok(cmds) = parse(&text, &opts, &mut TestEnv::new()) else {
            continue;
        };
        parsed += 1;
        let printed = print_commands(&cmds);
        let again = parse(&printed, &opts, &mut TestEnv::new());
        assert_eq!(
            again.as_ref().map(|c| strip(c)),
            Ok(strip(&cmds)),
            "{text:?} printed as {printed:?}"
        );
    }
    // The generator should not be so noisy that nothing parses.
    assert!(parsed > 2_000, "only {parsed} inputs parsed");
}

#[test]
fn arguments_and_quoting_never_panic() {
    let mut rng = Rng(42);
    for _ in 0..5_000 {
        let args: Vec<String> = (0..rng.below(6)).map(|_| garbage(&mut rng)).collect();
        let cmds = parse_arguments(&args);
        for cmd in &cmds {
            // A quoted word parses back to itself (NUL aside: tmux strings cannot hold one).
            for word in std::iter::once(cmd.name.as_str())
                .chain(cmd.args.iter().filter_map(|a| a.as_word()))
            {
                if word.contains('\0') {
                    continue;
                }
                let text = format!("x {}", quote_word(word));
                let back = parse(&text, &ParseOptions::default(), &mut TestEnv::new()).unwrap();
                assert_eq!(
                    back[0].args[0].as_word(),
                    Some(word),
                    "{word:?} as {text:?}"
                );
            }
        }
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let opts = ParseOptions::default();
    let blocks = |n: usize| {
        format!(
            "bind x {}display a{}\n",
            "if 1 { ".repeat(n),
            " }".repeat(n)
        )
    };
    assert!(parse(&blocks(200), &opts, &mut TestEnv::new()).is_ok());
    let e = parse(&blocks(100_000), &opts, &mut TestEnv::new()).unwrap_err();
    assert_eq!(e.message, "yacc stack overflow");
    let ifs = |n: usize| format!("{}set @a 1\n{}", "%if 1\n".repeat(n), "%endif\n".repeat(n));
    assert!(parse(&ifs(200), &opts, &mut TestEnv::new()).is_ok());
    let e = parse(&ifs(100_000), &opts, &mut TestEnv::new()).unwrap_err();
    assert_eq!(e.message, "yacc stack overflow");
    // The limit counts blocks and conditions together: 200 levels parse, 201 do not.
    let mixed = |n: usize| {
        let mut text = "bind x ".to_string();
        for i in 0..n {
            text.push_str(if i % 2 == 0 { "if 1 {\n" } else { "%if 1\n" });
        }
        text.push_str("display a\n");
        for i in (0..n).rev() {
            text.push_str(if i % 2 == 0 { "}\n" } else { "%endif\n" });
        }
        text
    };
    assert!(parse(&mixed(200), &opts, &mut TestEnv::new()).is_ok());
    let e = parse(&mixed(201), &opts, &mut TestEnv::new()).unwrap_err();
    assert_eq!(e.message, "yacc stack overflow");
    let open = "{".repeat(100_000);
    assert!(parse(&format!("x {open}"), &opts, &mut TestEnv::new()).is_err());
}
