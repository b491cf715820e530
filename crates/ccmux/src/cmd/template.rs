//! tmux's cmd_template_replace: `%%` (the first) or `%N` in a template replaced by a value, `%%%` or
//! `%N%` escaping `"\$;~` in it; for `{ }` templates, in every word of the commands (tmux's
//! cmd_list_copy with arguments).

use ccmux_lang::{Arg, ParsedCommand};

/// Replaces `%idx` (and the first `%%`) in `template` with `value`.
pub fn replace(template: &str, value: &str, idx: usize) -> String {
    if !template.contains('%') {
        return template.to_string();
    }
    let mut out = String::with_capacity(template.len() + value.len());
    let mut replaced = false;
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let hit = match chars.peek() {
            Some(d @ '1'..='9') if d.to_digit(10) == Some(idx as u32) => true,
            Some('%') if !replaced => {
                replaced = true;
                true
            }
            _ => false,
        };
        if !hit {
            out.push('%');
            continue;
        }
        chars.next();
        let quoted = chars.next_if_eq(&'%').is_some();
        for c in value.chars() {
            if quoted && "\"\\$;~".contains(c) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// Replaces `%1`, `%2`... with each value in turn.
pub fn replace_all(template: &str, values: &[String]) -> String {
    (values.iter().enumerate()).fold(template.to_string(), |t, (i, v)| replace(&t, v, i + 1))
}

/// The commands of a `{ }` template with every word's `%N` replaced.
pub fn replace_commands(cmds: &[ParsedCommand], values: &[String]) -> Vec<ParsedCommand> {
    cmds.iter()
        .map(|c| ParsedCommand {
            args: c.args.iter().map(|a| replace_arg(a, values)).collect(),
            ..c.clone()
        })
        .collect()
}

fn replace_arg(arg: &Arg, values: &[String]) -> Arg {
    match arg {
        Arg::Word(w) => Arg::Word(replace_all(w, values)),
        Arg::Block(cmds) => Arg::Block(replace_commands(cmds, values)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_as_tmux() {
        assert_eq!(
            replace("paste-buffer -b '%%'", "buffer0", 1),
            "paste-buffer -b 'buffer0'"
        );
        assert_eq!(replace("a %% b %%", "x", 1), "a x b %%");
        assert_eq!(replace("a \"%%%\"", "$x;", 1), "a \"\\$x\\;\"");
        assert_eq!(replace("%1 and %2 %", "v", 1), "v and %2 %");
        assert_eq!(
            replace_all("%1 and %2 %%", &["a".into(), "b".into()]),
            "a and b a"
        );
        let cmds = vec![ParsedCommand::new(
            "rename-window",
            vec![Arg::from("--"), Arg::from("%%")],
            1,
        )];
        let out = replace_commands(&cmds, &["it's \"x\"".into()]);
        assert_eq!(out[0].args[1], Arg::from("it's \"x\""));
    }
}
