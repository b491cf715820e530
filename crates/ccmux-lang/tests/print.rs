//! Printing commands back. Expected strings are tmux 3.3a's `list-keys`, `show-hooks` and
//! `source -v` output for the same commands.

mod common;

use ccmux_lang::{print_commands, print_commands_with, quote_word, Arg, PrintStyle};
use common::{ok, shape, strip};

#[test]
fn quoting_as_tmux() {
    let cases = [
        ("abc", "abc"),
        ("", "''"),
        ("a b", "\"a b\""),
        ("#{x}", "\"#{x}\""),
        ("#a", "\"#a\""),
        ("a#", "\"a#\""),
        ("a;b", "\"a;b\""),
        ("a{b", "\"a{b\""),
        ("a\"b", "'a\"b'"),
        ("a\"b'c", "\"a\\\"b'c\""),
        ("a\\b", "a\\\\b"),
        ("$x", "\"\\$x\""),
        ("${", "\"\\${\""),
        ("a$", "\"a$\""),
        ("$1", "\"$1\""),
        ("é$é", "\"é$é\""),
        ("~", "\\~"),
        ("~/x", "\\~/x"),
        ("~ x", "\"\\~ x\""),
        ("a~", "a~"),
        ("=", "="),
        ("%", "\\%"),
        ("%1", "\"%1\""),
        (";", "\\;"),
        ("{", "\\{"),
        ("}", "\\}"),
        ("#", "\\#"),
        ("'", "\\'"),
        ("\"", "\\\""),
        ("\\", "\\\\"),
        (" ", "\" \""),
        ("\t\n\x01\x1bx", "\\t\\n\\001\\033x"),
        ("\x7f", "\\177"),
        ("\r", "\\r"),
        ("\x07", "\\a"),
        (
            "é😀\u{e000}\u{ad}\u{200b}\u{301}\u{3000}\u{a0}\u{feff}",
            "é😀\u{e000}\u{ad}\u{200b}\u{301}\u{3000}\u{a0}\u{feff}",
        ),
        // Characters glibc's wcwidth refuses are written as octal bytes.
        ("a\u{85}b", "a\\302\\205b"),
        ("\u{2028}", "\\342\\200\\250"),
        ("\u{fffe}", "\\357\\277\\276"),
        ("\u{10ffff}", "\\364\\217\\277\\277"),
    ];
    for (word, quoted) in cases {
        assert_eq!(quote_word(word), quoted, "quoting {word:?}");
    }
}

#[test]
fn quoting_that_differs_from_tmux_so_that_it_parses_back() {
    // tmux prints 'a"b\\c' and 'a"b\tc', which parse to other strings.
    assert_eq!(quote_word("a\"b\\c"), "\"a\\\"b\\\\c\"");
    assert_eq!(quote_word("a\"b\tc"), "\"a\\\"b\\tc\"");
}

#[test]
fn lists_as_show_hooks() {
    let cmds = ok("display-message hi ; display-message there");
    assert_eq!(
        print_commands(&cmds),
        "display-message hi ; display-message there"
    );
    let cmds = ok("if-shell 1 {}");
    assert_eq!(print_commands(&cmds), "if-shell 1 {  }");
}

#[test]
fn lists_as_list_keys() {
    // `bind x { ... }` from a file: each line is a group; list-keys escapes the separators.
    let text = "bind x {\n  display-message \"a b\"\n  set-option -g @q 'it''s'\n  if-shell -F 1 { display-message 1 } { display-message 2 }\n}\n";
    let cmds = ok(text);
    let Arg::Block(bound) = &cmds[0].args[1] else {
        panic!("no block")
    };
    let style = PrintStyle {
        escaped: true,
        groups: true,
    };
    assert_eq!(
        print_commands_with(bound, style),
        "display-message \"a b\" \\;\\; set-option -g @q its \\;\\; if-shell -F 1 { display-message 1 } { display-message 2 }"
    );
    // Groups inside blocks use plain `;;`.
    let cmds = ok("if-shell 1 {\n display-message a\n display-message b ; display-message c\n}\n");
    assert_eq!(
        print_commands_with(&cmds, style),
        "if-shell 1 { display-message a ;; display-message b ; display-message c }"
    );
    let cmds = ok("display-message a \\; display-message b");
    assert_eq!(
        print_commands_with(&ok("display-message a ; display-message b"), style),
        "display-message a \\; display-message b"
    );
    assert_eq!(
        print_commands(&cmds),
        "display-message a \\; display-message b"
    );
}

#[test]
fn printed_commands_parse_back() {
    let texts = [
        "set -g status-right '#H %H:%M'\nbind | split-window -h -c \"#{pane_current_path}\"\n",
        "bind x {\n  display \"a b\" ';' '{' \"}\"\n  if -F 1 { display 1 ; display 2 } {}\n}\n",
        "set @a \"\\$HOME ~ \\~ a\\\"b\\\\c\\t\\001é\\u0085\" '' ' ' '%1' %1 '#' '=' A=1",
        "\"a b\" \"\" \\; \\{ x",
    ];
    for text in texts {
        let cmds = shape(text);
        let printed = print_commands(&cmds);
        assert_eq!(shape(&printed), cmds, "{text:?} printed as {printed:?}");
        let grouped = print_commands_with(
            &ok(text),
            PrintStyle {
                escaped: false,
                groups: true,
            },
        );
        assert_eq!(
            strip(&ok(&grouped)),
            cmds,
            "{text:?} printed as {grouped:?}"
        );
    }
}
