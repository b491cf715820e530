//! Printing commands back, as tmux does in `list-keys`, `show-hooks` and `source-file -v`
//! (`args_escape`, `utf8_strvis` and `vis` for words; `cmd_list_print` for lists).

use crate::command::{Arg, ParsedCommand};

/// How to join a command list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PrintStyle {
    /// Separators are written `\;` (and `\;\;`), as `list-keys` shows a binding. Blocks inside
    /// always use plain `;`.
    pub escaped: bool,
    /// Commands from different lines are separate groups, joined by `;;` rather than `;`. tmux
    /// does this for commands that came from a file; a command string is a single group.
    pub groups: bool,
}

/// Prints commands joined by ` ; `, each word quoted only when needed and blocks as `{ ... }`
/// (as `show-hooks` prints a hook). Parsing the result gives back the same commands.
pub fn print_commands(cmds: &[ParsedCommand]) -> String {
    print_commands_with(cmds, PrintStyle::default())
}

/// Prints commands with the given separators.
pub fn print_commands_with(cmds: &[ParsedCommand], style: PrintStyle) -> String {
    let mut out = String::new();
    for (i, cmd) in cmds.iter().enumerate() {
        if i > 0 {
            let new_group =
                style.groups && cmds.get(i - 1).is_some_and(|prev| prev.line != cmd.line);
            out.push_str(match (new_group, style.escaped) {
                (false, false) => " ; ",
                (true, false) => " ;; ",
                (false, true) => " \\; ",
                (true, true) => " \\;\\; ",
            });
        }
        print_command(&mut out, cmd, style.groups);
    }
    out
}

fn print_command(out: &mut String, cmd: &ParsedCommand, groups: bool) {
    out.push_str(&quote_word(&cmd.name));
    for arg in &cmd.args {
        out.push(' ');
        match arg {
            Arg::Word(w) => out.push_str(&quote_word(w)),
            Arg::Block(cmds) => {
                let style = PrintStyle {
                    escaped: false,
                    groups,
                };
                out.push_str("{ ");
                out.push_str(&print_commands_with(cmds, style));
                out.push_str(" }");
            }
        }
    }
}

/// Characters that need double quotes.
const DOUBLE: &[u8] = b" #';${}%";

/// Quotes and escapes a word only as much as needed for tmux to parse it back, as tmux's
/// `args_escape`: `''` for nothing, `\;` for a lone special character, double quotes around
/// anything with a space or one of `#';${}%`, single quotes around a word with `"`, a leading `~`
/// escaped, and non-printable characters as `\n`, `\t`, `\033`...
///
/// One difference: tmux puts a word with `"` and a backslash or a control character in single
/// quotes with the escapes inside, where they are not escapes (`'a"b\\c'` parses to `a"b\\c`);
/// this uses double quotes for such a word so that it parses back to itself.
pub fn quote_word(s: &str) -> String {
    let bytes = s.as_bytes();
    if bytes.is_empty() {
        return "''".to_string();
    }
    let mut quote = if bytes.iter().any(|c| DOUBLE.contains(c)) {
        Some('"')
    } else if bytes.contains(&b'"') {
        Some('\'')
    } else {
        None
    };

    if let [c] = bytes {
        if *c != b' ' && (quote.is_some() || *c == b'~') {
            return format!("\\{}", char::from(*c));
        }
    }

    let mut escaped = vis(s, quote == Some('"'));
    if quote == Some('\'') && escaped != s {
        quote = Some('"');
        escaped = vis(s, true);
    }
    let tilde = if escaped.starts_with('~') { "\\" } else { "" };
    match quote {
        Some('\'') => format!("'{escaped}'"),
        Some(_) => format!("\"{tilde}{escaped}\""),
        None => format!("{tilde}{escaped}"),
    }
}

/// tmux's `utf8_strvis` with `VIS_OCTAL | VIS_CSTYLE | VIS_TAB | VIS_NL` (and `VIS_DQ` inside
/// double quotes): printable characters stay, `\` and (in double quotes) `"` get a backslash, `$`
/// before a name gets one, and anything else becomes a C escape or octal.
fn vis(s: &str, double_quoted: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        if !c.is_ascii() {
            if printable(c) {
                out.push(c);
            } else {
                let mut tmp = [0u8; 4];
                for b in c.encode_utf8(&mut tmp).bytes() {
                    push_octal(&mut out, b);
                }
            }
            continue;
        }
        match c {
            '$' => {
                if next.is_some_and(|n| n.is_ascii_alphabetic() || n == '_' || n == '{') {
                    out.push('\\');
                }
                out.push('$');
            }
            '\\' => out.push_str("\\\\"),
            '"' if double_quoted => out.push_str("\\\""),
            ' '..='~' => out.push(c),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{7}' => out.push_str("\\a"),
            '\u{b}' => out.push_str("\\v"),
            '\t' => out.push_str("\\t"),
            '\u{c}' => out.push_str("\\f"),
            // tmux strings cannot hold NUL; `\000` at least parses (and ends the word).
            _ => push_octal(&mut out, c as u8),
        }
    }
    out
}

fn push_octal(out: &mut String, b: u8) {
    out.push('\\');
    for shift in [6, 3, 0] {
        out.push(char::from(b'0' + ((b >> shift) & 7)));
    }
}

/// Whether tmux (glibc's `wcwidth` in a UTF-8 locale) sees a non-ASCII character as printable.
/// Approximated without a Unicode table: C1 controls, the line and paragraph separators and
/// noncharacters are not; unassigned code points, which glibc also refuses, are taken as printable.
fn printable(c: char) -> bool {
    let u = u32::from(c);
    !(c.is_control()
        || u == 0x2028
        || u == 0x2029
        || (0xfdd0..=0xfdef).contains(&u)
        || u & 0xfffe == 0xfffe)
}
