//! Commands from arguments the shell already split (tmux's `cmd_parse_from_arguments`).

use crate::command::{Arg, ParsedCommand};

/// Splits command-line arguments into commands, as tmux 3.3a does for `tmux cmd args...`.
///
/// A `;` at the end of an argument ends the command (a lone `;` is only a separator); `\;` at the
/// end stands for a literal `;`. Nothing else is special: no quotes, escapes or expansions, and in
/// 3.3a `{` and `}` are ordinary words here. Empty commands are dropped. Every command gets line 0.
pub fn parse_arguments(args: &[String]) -> Vec<ParsedCommand> {
    let mut out = Vec::new();
    let mut words: Vec<String> = Vec::new();
    for arg in args {
        let mut word = arg.clone();
        let mut end = false;
        if word.ends_with(';') {
            word.pop();
            if word.ends_with('\\') {
                word.pop();
                word.push(';');
            } else {
                end = true;
            }
        }
        if !end || !word.is_empty() {
            words.push(word);
        }
        if end {
            push_command(&mut out, std::mem::take(&mut words));
        }
    }
    push_command(&mut out, words);
    out
}

fn push_command(out: &mut Vec<ParsedCommand>, words: Vec<String>) {
    let mut words = words.into_iter();
    if let Some(name) = words.next() {
        out.push(ParsedCommand::new(name, words.map(Arg::Word).collect(), 0));
    }
}
