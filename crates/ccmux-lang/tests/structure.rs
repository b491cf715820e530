//! Commands, separators, comments, blocks, assignments, line numbers and errors. Expected values
//! are tmux 3.3a's (user options set, `source -nv` output and errors; see tests/common).

mod common;

use ccmux_lang::{parse, Arg, ParseOptions};
use common::{cmd, cmd_args, err, lines, ok, parse_in, shape, TestEnv};

#[test]
fn words_separated_by_spaces_and_tabs() {
    assert_eq!(shape("set -g @a x\n"), [cmd("set", &["-g", "@a", "x"])]);
    assert_eq!(shape("set\t-g  @a\tx"), [cmd("set", &["-g", "@a", "x"])]);
    assert_eq!(shape(""), []);
    assert_eq!(shape("\n \n\t\n"), []);
}

#[test]
fn commands_separated_by_newlines_and_semicolons() {
    let both = [cmd("set", &["@a", "x"]), cmd("set", &["@b", "y"])];
    assert_eq!(shape("set @a x\nset @b y\n"), both);
    assert_eq!(shape("set @a x ; set @b y"), both);
    // A `;` ends a word anywhere outside quotes.
    assert_eq!(shape("set @a x;set @b y"), both);
    assert_eq!(shape("set @a x ; ; set @b y ;"), both);
    // Escaped or quoted, it is a word.
    assert_eq!(
        shape("bind x display a \\; display b"),
        [cmd("bind", &["x", "display", "a", ";", "display", "b"])]
    );
    assert_eq!(shape("set @a 'x;y'"), [cmd("set", &["@a", "x;y"])]);
}

#[test]
fn a_command_of_only_an_assignment_after_a_semicolon_drops_the_line_so_far() {
    // tmux 3.3a: `set -g @a x ; B=2` does not set @a.
    assert_eq!(shape("set @a x ; set @b y ; B=2\n"), []);
    assert_eq!(shape("B=2 ; set @a x\n"), [cmd("set", &["@a", "x"])]);
}

#[test]
fn comments() {
    assert_eq!(shape("# a comment\n  # another\n"), []);
    assert_eq!(shape("set @a 1 # comment"), [cmd("set", &["@a", "1"])]);
    assert_eq!(shape("set @a #comment"), [cmd("set", &["@a"])]);
    // An unquoted `#{` at the start of a word is a comment too.
    assert_eq!(
        shape("bind | split-window -h -c #{pane_current_path}\n"),
        [cmd("bind", &["|", "split-window", "-h", "-c"])]
    );
    // A comment continues onto the next line after a backslash.
    assert_eq!(
        shape("# a \\\nset @a 1\nset @b 2\n"),
        [cmd("set", &["@b", "2"])]
    );
    // Inside a word, `#` is a character, but `}` ends the word: a syntax error at top level.
    assert_eq!(err("set -g @a x#{host}\n"), "t.conf:1: syntax error");
}

#[test]
fn percent_words() {
    // All `%` and digits is a word (a pane id); other `%` words must be keywords.
    assert_eq!(
        shape("select-pane -t %1 %%"),
        [cmd("select-pane", &["-t", "%1", "%%"])]
    );
    assert_eq!(err("%foo\n"), "t.conf:1: syntax error");
    assert_eq!(err("set -g status-right %H:%M\n"), "t.conf:1: syntax error");
    assert_eq!(err("display %if\n"), "t.conf:1: syntax error");
    assert_eq!(
        shape("set -g status-right '%H:%M'"),
        [cmd("set", &["-g", "status-right", "%H:%M"])]
    );
}

#[test]
fn blocks() {
    let block = |cmds| Arg::Block(cmds);
    assert_eq!(
        shape("bind x { display a ; display b }"),
        [cmd_args(
            "bind",
            vec![
                "x".into(),
                block(vec![cmd("display", &["a"]), cmd("display", &["b"])])
            ]
        )]
    );
    assert_eq!(
        shape("bind x {\n  display a\n\n  display b\n}\n"),
        [cmd_args(
            "bind",
            vec![
                "x".into(),
                block(vec![cmd("display", &["a"]), cmd("display", &["b"])])
            ]
        )]
    );
    assert_eq!(
        shape("if 1 {} {\n}"),
        [cmd_args(
            "if",
            vec!["1".into(), block(vec![]), block(vec![])]
        )]
    );
    assert_eq!(
        shape("if -F 1 { display 1 } { display 2 } x"),
        [cmd_args(
            "if",
            vec![
                "-F".into(),
                "1".into(),
                block(vec![cmd("display", &["1"])]),
                block(vec![cmd("display", &["2"])]),
                "x".into()
            ]
        )]
    );
    // Nested, with comments and quoted braces.
    assert_eq!(
        shape("bind x if true { # comment\n  if true {\n    display \"}\" '{'\n  }\n}\n"),
        [cmd_args(
            "bind",
            vec![
                "x".into(),
                "if".into(),
                "true".into(),
                block(vec![cmd_args(
                    "if",
                    vec!["true".into(), block(vec![cmd("display", &["}", "{"])])]
                )])
            ]
        )]
    );
}

#[test]
fn bad_braces() {
    assert_eq!(err("}\n"), "t.conf:1: syntax error");
    assert_eq!(err("{ display a }\n"), "t.conf:1: syntax error");
    assert_eq!(err("bind x { display a\n"), "t.conf:2: syntax error");
    assert_eq!(err("bind x {\nset -g @b 1\n"), "t.conf:3: syntax error");
    assert_eq!(err("bind x { display a } }\n"), "t.conf:1: syntax error");
}

#[test]
fn assignments() {
    let mut env = TestEnv::new();
    let cmds = parse_in(
        "A=1\n%hidden B=two=2\nC=3 set @a $A$B$C\n\"D=4\"\n",
        &mut env,
    )
    .unwrap();
    assert_eq!(common::strip(&cmds), [cmd("set", &["@a", "1two=23"])]);
    let set: Vec<_> = env
        .set
        .iter()
        .map(|(n, v, h)| (n.as_str(), v.as_str(), *h))
        .collect();
    assert_eq!(
        set,
        [
            ("A", "1", false),
            ("B", "two=2", true),
            ("C", "3", false),
            ("D", "4", false)
        ]
    );

    // Also inside a block, at parse time (tmux: `bind-key x { ZS=5 }` then `$ZS` gives 5).
    let mut env = TestEnv::new();
    let cmds = parse_in("bind x { ZS=5 }\nsend-keys $ZS\n", &mut env).unwrap();
    assert_eq!(
        common::strip(&cmds),
        [
            cmd_args("bind", vec!["x".into(), Arg::Block(vec![])]),
            cmd("send-keys", &["5"])
        ]
    );

    assert_eq!(err("A=1 B=2\n"), "t.conf:1: syntax error");
    assert_eq!(err("%hidden q\n"), "t.conf:1: syntax error");
    assert_eq!(err("%hidden A=1 ; set @a x\n"), "t.conf:1: syntax error");
    // As an argument it is a word.
    assert_eq!(
        shape("set-environment -g A=1"),
        [cmd("set-environment", &["-g", "A=1"])]
    );
}

#[test]
fn parse_only_sets_nothing() {
    let mut env = TestEnv::new();
    let opts = ParseOptions {
        parse_only: true,
        ..ParseOptions::file("t.conf")
    };
    let cmds = parse("A=1\n%hidden B=2\nset @a $A\n", &opts, &mut env).unwrap();
    assert_eq!(common::strip(&cmds), [cmd("set", &["@a", ""])]);
    assert!(env.set.is_empty());
}

#[test]
fn line_numbers() {
    // `source -nv` shows these numbers.
    assert_eq!(lines("set @a 1\n\nset @b 2\n"), [1, 3]);
    assert_eq!(lines("set @a 1 ; set @b 2\n"), [1, 1]);
    // A command ended by a comment gets the next line's number.
    assert_eq!(lines("set @a 1 # c\nset @b 2\nset @c 3\n"), [2, 2, 3]);
    // A newline inside quotes does not count as a line.
    assert_eq!(lines("set @b \"x\ny\"\nset @c 3\n"), [1, 2]);
    // A continued command gets its last line.
    assert_eq!(lines("set @c 3\nset @d \\\n 4\nset @e 5\n"), [1, 3, 4]);
    // A block command gets the line of its closing brace.
    let cmds = ok("bind x {\n  display a\n  display b\n}\nset @a 1\n");
    assert_eq!(cmds.iter().map(|c| c.line).collect::<Vec<_>>(), [4, 5]);
    let Arg::Block(inner) = &cmds[0].args[1] else {
        panic!("no block")
    };
    assert_eq!(inner.iter().map(|c| c.line).collect::<Vec<_>>(), [2, 3]);
}

#[test]
fn errors_name_the_file_and_line() {
    assert_eq!(err("set @a 1\n\n}\n"), "t.conf:3: syntax error");
    let opts = ParseOptions {
        first_line: 10,
        ..ParseOptions::file("x.conf")
    };
    let e = parse("set @a 1\n}\n", &opts, &mut TestEnv::new()).unwrap_err();
    assert_eq!(
        (e.line, e.to_string()),
        (11, "x.conf:11: syntax error".to_string())
    );
    assert_eq!(ok("set @a 1")[0].line, 1);
    // A command string has no file: the message is bare.
    let e = parse("display }", &ParseOptions::default(), &mut TestEnv::new()).unwrap_err();
    assert_eq!(
        (e.file.as_deref(), e.to_string()),
        (None, "syntax error".to_string())
    );
}
