//! Words: quotes, escapes, `~` and `$` expansion. Each expected value is what tmux 3.3a set @a to
//! for `set -g @a WORD` (checked with `show -gv @a`; see tests/common).

mod common;

use common::{err, word, word_in, TestEnv};

#[test]
fn plain_words_and_hash_inside_a_word() {
    assert_eq!(word("abc"), "abc");
    assert_eq!(word("é"), "é");
    // `#` starts a comment only at the start of a word.
    assert_eq!(word("a#b"), "a#b");
    assert_eq!(word("a{b"), "a{b");
    assert_eq!(word("a~"), "a~");
    // A carriage return is not white space: a CRLF file keeps it in the last word.
    assert_eq!(word("1\r"), "1\r");
}

#[test]
fn single_quotes_are_literal() {
    assert_eq!(word("'a b'"), "a b");
    assert_eq!(word(r"'a\tb'"), r"a\tb");
    assert_eq!(word("'$HOME'"), "$HOME");
    assert_eq!(word("'~'"), "~");
    assert_eq!(word(r#"'a"b'"#), r#"a"b"#);
    // Adjacent quoted parts join into one word.
    assert_eq!(word("'it''s'"), "its");
    assert_eq!(word(r#"q"r s"t"#), "qr st");
}

#[test]
fn double_quotes_expand_escapes_and_variables() {
    assert_eq!(word(r#""a b""#), "a b");
    assert_eq!(word(r#""a'b""#), "a'b");
    assert_eq!(word(r#""a\"b""#), "a\"b");
    assert_eq!(word(r#""\\""#), "\\");
    assert_eq!(word(r#""\$HOME""#), "$HOME");
    assert_eq!(word(r#""$HOME/x""#), "/home/me/x");
    assert_eq!(word("\"a\tb\""), "a\tb");
}

#[test]
fn escapes() {
    assert_eq!(
        word(r#""\a\b\e\f\n\r\s\t\v""#),
        "\x07\x08\x1b\x0c\n\r \t\x0b"
    );
    // Any other character stands for itself, digits 8 and 9 included.
    assert_eq!(word(r#""\8\9\q""#), "89q");
    assert_eq!(word(r"a\ b"), "a b");
    assert_eq!(word(r"\;"), ";");
    assert_eq!(word(r"a\;"), "a;");
    assert_eq!(word(r"\\"), "\\");
    assert_eq!(word(r#""\001\033\177""#), "\x01\x1b\x7f");
    // Octal escapes are bytes: two of them can make one UTF-8 character.
    assert_eq!(word(r#""\303\251""#), "é");
    assert_eq!(word(r"\u00e9"), "é");
    assert_eq!(word(r#""\u00E9\U0001F600""#), "é😀");
}

#[test]
fn a_nul_ends_the_word() {
    // tmux strings are C strings.
    assert_eq!(word(r#""a\000b""#), "a");
    assert_eq!(word(r#""a\u0000b""#), "a");
}

#[test]
fn bad_escapes() {
    assert_eq!(err("set -g @a \"\\4\"\n"), "t.conf:1: invalid octal escape");
    assert_eq!(
        err("set -g @a \"\\01\"\n"),
        "t.conf:1: invalid octal escape"
    );
    assert_eq!(
        err("set -g @a \"\\u00zz\"\n"),
        "t.conf:1: invalid \\u argument"
    );
    assert_eq!(
        err("set -g @a \"\\uD800\"\n"),
        "t.conf:1: invalid \\u argument"
    );
    assert_eq!(
        err("set -g @a \"\\U0000D800\"\n"),
        "t.conf:1: invalid \\U argument"
    );
    assert_eq!(
        err("set -g @a \"\\U80000000\"\n"),
        "t.conf:1: invalid \\U argument"
    );
    // The end of the input right after a backslash.
    assert_eq!(err("set -g @a a\\"), "t.conf:1: syntax error");
    // A newline where hex digits should be.
    assert_eq!(err("set -g @a \\u00\n"), "t.conf:1: syntax error");
}

#[test]
fn code_points_past_unicode_are_replaced() {
    // tmux stores glibc's 4-byte encoding, which is not UTF-8; a Rust string cannot hold it.
    assert_eq!(word(r#""\U00110000""#), "\u{fffd}");
}

#[test]
fn unterminated_quotes_take_the_rest_of_the_input() {
    // No error in tmux: the newline at the end of the file is part of the word.
    assert_eq!(word("\"abc"), "abc\n");
    assert_eq!(word("'abc"), "abc\n");
}

#[test]
fn quoted_strings_span_lines() {
    assert_eq!(word("\"abc\ndef\""), "abc\ndef");
    // Leading spaces and comment lines after a quoted newline are removed...
    assert_eq!(word("'x\n  # comment\n  y'"), "x\n\ny");
    // ...but `#` followed by one of `,#{}:` is kept (a format).
    assert_eq!(word("\"p\n  #{q}\""), "p\n#{q}");
    // The character after a comment's `#` is skipped unseen, even a newline.
    assert_eq!(word("\"x\n#\ny\nz\""), "x\n\nz");
}

#[test]
fn line_continuation() {
    assert_eq!(word("'a\\\nb'"), "ab");
    assert_eq!(word("a\\\n"), "a");
    assert_eq!(word("\"a\\\n  b\""), "a  b");
    // An even number of backslashes is not a continuation.
    assert_eq!(word("a\\\\\n"), "a\\");
}

#[test]
fn variables() {
    let env = || TestEnv::new().var("X", "ex").var("_Y1", "why");
    assert_eq!(word_in("$X", &mut env()), "ex");
    assert_eq!(word_in("$X/y", &mut env()), "ex/y");
    assert_eq!(word_in("${X}y", &mut env()), "exy");
    assert_eq!(word_in("$_Y1-", &mut env()), "why-");
    assert_eq!(word_in("a$NOPE-b", &mut env()), "a-b");
    assert_eq!(word_in("\"${}x\"", &mut env()), "x");
    // A `$` not followed by a name stays.
    assert_eq!(word("$1x"), "$1x");
    assert_eq!(word("$é"), "$é");
    assert_eq!(word("foo$"), "foo$");
    assert_eq!(
        err("set -g @a \"${FOO\n"),
        "t.conf:1: invalid environment variable"
    );
    assert_eq!(
        err("set -g @a ${A-B}\n"),
        "t.conf:1: invalid environment variable"
    );
    // `$` as the very last character of the input (no newline): tmux fails.
    assert_eq!(err("set -g @a foo$"), "t.conf:1: syntax error");
    let long = format!("set -g @a ${{{}}}\n", "V".repeat(1023));
    assert_eq!(err(&long), "t.conf:1: environment variable is too long");
}

#[test]
fn home_directories() {
    assert_eq!(word("~"), "/home/me");
    assert_eq!(word("~/x"), "/home/me/x");
    assert_eq!(word("\"~\""), "/home/me");
    assert_eq!(word("~root/x"), "/root/x");
    assert_eq!(word("~root\"x\""), "/rootx");
    // `~` expands where it is the first character added in its quoting state.
    assert_eq!(word("a\"~\""), "a/home/me");
    assert_eq!(word("\"a\"~"), "a/home/me");
    assert_eq!(word("\\~"), "~");
    // An empty HOME falls back to the password database.
    assert_eq!(
        word_in("~", &mut TestEnv::new().var("HOME", "")),
        "/home/pw"
    );
    assert_eq!(err("set -g @a ~nosuchuser/x\n"), "t.conf:1: syntax error");
}

#[test]
fn assignments_look_at_the_expanded_word() {
    // `set -g @a A=1` is an ordinary argument.
    assert_eq!(word("A=1"), "A=1");
    assert_eq!(word("\"A=1\""), "A=1");
}
