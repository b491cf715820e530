//! `%if`, `%elif`, `%else`, `%endif`. Expected values are tmux 3.3a's (see tests/common); `1` and
//! `0` are formats that expand to themselves.

mod common;

use common::{cmd, err, parse_in, shape, strip, TestEnv};

fn set(name: &str) -> ccmux_lang::ParsedCommand {
    cmd("set", &[name])
}

#[test]
fn if_else_chains_keep_the_first_true_branch() {
    let chain = |a: &str, b: &str| {
        shape(&format!(
            "%if {a}\nset @if\n%elif {b}\nset @elif\n%else\nset @else\n%endif\n"
        ))
    };
    assert_eq!(chain("1", "1"), [set("@if")]);
    assert_eq!(chain("1", "0"), [set("@if")]);
    assert_eq!(chain("0", "1"), [set("@elif")]);
    assert_eq!(chain("0", "0"), [set("@else")]);
    assert_eq!(shape("%if 0\nset @a\n%endif\nset @b\n"), [set("@b")]);
    assert_eq!(
        shape("%if \"\"\nset @a\n%else\nset @b\n%endif\n"),
        [set("@b")]
    );
    assert_eq!(
        shape("%if 0\nset @a\n%elif 0\nset @b\n%elif 1\nset @c\n%elif 1\nset @d\n%endif\n"),
        [set("@c")]
    );
}

#[test]
fn conditions_nest() {
    let text = "%if 1\n%if 0\nset @a\n%else\nset @b\n%endif\nset @c\n%endif\n%if 0\n%if 1\nset @d\n%endif\n%endif\n";
    assert_eq!(shape(text), [set("@b"), set("@c")]);
}

#[test]
fn the_caller_decides_formats() {
    let mut env = TestEnv::new()
        .format("#{==:#{host},foo}", "1")
        .format("#{host}", "bar");
    let text = "%if \"#{==:#{host},foo}\"\nset @a\n%endif\n%if #{host}\nset @b\n%endif\n";
    assert_eq!(
        strip(&parse_in(text, &mut env).unwrap()),
        [set("@a"), set("@b")]
    );
    // Unquoted, a `#{...}` right after `%if` is the format, up to its matching brace.
    assert_eq!(env.asked, ["#{==:#{host},foo}", "#{host}"]);
}

#[test]
fn every_condition_is_evaluated_even_in_skipped_branches() {
    let mut env = TestEnv::new();
    parse_in("%if 0\n%if A\n\n%endif\n%elif B\n\n%endif\n", &mut env).unwrap();
    assert_eq!(env.asked, ["0", "A", "B"]);
}

#[test]
fn one_line_conditions() {
    assert_eq!(shape("%if 1 set @a %endif"), [set("@a")]);
    assert_eq!(
        shape("%if 0 set @a %else set @b ; set @c %endif ; set @d\n"),
        [set("@b"), set("@c"), set("@d")]
    );
    assert_eq!(
        shape("set @a ; %if 0 set @b %elif 1 set @c %endif"),
        [set("@a"), set("@c")]
    );
    let mut env = TestEnv::new().format("#{x}", "");
    assert_eq!(parse_in("%if #{x} set @a %endif", &mut env).unwrap(), []);
}

#[test]
fn conditions_inside_blocks() {
    let text = "bind x {\n%if 0\ndisplay a\n%else\ndisplay b\n%endif\n}\n";
    let cmds = shape(text);
    assert_eq!(
        cmds,
        [common::cmd_args(
            "bind",
            vec![
                "x".into(),
                ccmux_lang::Arg::Block(vec![cmd("display", &["b"])])
            ]
        )]
    );
}

#[test]
fn assignments_follow_only_the_innermost_condition() {
    // tmux 3.3a quirks, kept for compatibility: the `%else` after a false `%elif` is "true" for
    // assignments even when the `%if` was taken; a nested true `%if` sets variables inside an
    // outer false one. Commands are not affected.
    let run = |text: &str| {
        let mut env = TestEnv::new();
        let cmds = parse_in(text, &mut env).unwrap();
        (
            strip(&cmds),
            env.vars.get("X").cloned(),
            env.vars.get("Y").cloned(),
        )
    };
    let (cmds, x, _) = run("%if 1\nX=1\nset @a\n%elif 0\nX=2\n%else\nX=3\nset @b\n%endif\n");
    assert_eq!((cmds, x.as_deref()), (vec![set("@a")], Some("3")));
    let (cmds, x, _) = run("%if 0\n%if 1\nX=1\nset @in\n%endif\n%endif\n");
    assert_eq!((cmds, x.as_deref()), (vec![], Some("1")));
    let (_, x, y) = run("%if 1\nX=1\n%elif 1\nY=2\n%endif\n");
    assert_eq!((x.as_deref(), y.as_deref()), (Some("1"), Some("2")));
    let (_, x, _) = run("%if 0\nX=1\n%else\nX=2\n%endif\n");
    assert_eq!(x.as_deref(), Some("2"));
}

#[test]
fn condition_errors() {
    // An empty branch is a syntax error in tmux (a blank line is enough to make it valid).
    assert_eq!(err("set @a 1\n%if 1\n%endif\n"), "t.conf:3: syntax error");
    assert_eq!(shape("%if 1\n\n%endif\n"), []);
    assert_eq!(err("set @a 1\n%endif\n"), "t.conf:2: syntax error");
    assert_eq!(err("%else\n"), "t.conf:1: syntax error");
    assert_eq!(err("%elif 1\n"), "t.conf:1: syntax error");
    assert_eq!(err("%if\nset @a 1\n%endif\n"), "t.conf:1: syntax error");
    assert_eq!(
        err("%if #{foo\nset @a 1\n%endif\n"),
        "t.conf:1: syntax error"
    );
    assert_eq!(err("%if 1\nset @a 1\n"), "t.conf:3: syntax error");
    assert_eq!(
        err("%if 1\nset @a 1\n%endif set @b 1\n"),
        "t.conf:3: syntax error"
    );
    assert_eq!(err("%if 1\nset @a 1 %endif\n"), "t.conf:2: syntax error");
    assert_eq!(err("%if 1 set @a 1\n%endif\n"), "t.conf:1: syntax error");
    assert_eq!(
        err("%if 1\nset @a\n%else\nset @b\n%elif 1\n%endif\n"),
        "t.conf:5: syntax error"
    );
    assert_eq!(err("%if A=1\n\n%endif\n"), "t.conf:1: syntax error");
    // After a `%` keyword an unquoted `#{` is a format, not a comment.
    assert_eq!(err("%if 1\n\n%endif #{x}\n"), "t.conf:3: syntax error");
    assert_eq!(shape("%if 1\n\n%endif # comment\n"), []);
}
