//! The man page and shell completions, generated from the tables the code runs on: the command
//! registry (`cmd::commands`: names, aliases, getopt templates, usage, target kinds), the options table
//! (`ccmux_model::options::table`), the default key bindings (`cmd::default_keys`) and the format
//! variables the server actually produces (collected from a scratch server model), so they cannot
//! drift. The command line is tmux's getopt syntax, not clap's, so clap_complete/clap_mangen do not
//! apply; this is their small equivalent for our registry.

use crate::cmd::entry::TargetKind;
use crate::cmd::{self, Entry, Run};
use ccmux_model::options::{table, DefaultValue, OptionKind, Scope};

/// `ccmux man`: the manual page, in roff (`ccmux man | man -l -`).
pub fn man_page() -> String {
    let mut out = String::new();
    out.push_str(".TH CCMUX 1 \"\" \"ccmux ");
    out.push_str(env!("CARGO_PKG_VERSION"));
    out.push_str("\" \"User Commands\"\n.SH NAME\nccmux \\- a terminal multiplexer that never loses a session\n");
    out.push_str(".SH SYNOPSIS\n.B ccmux\n[\\-2CDlNuVv] [\\-c shell\\-command] [\\-f file] [\\-L socket\\-name] [\\-S socket\\-path] [\\-T features] [command [flags]]\n");
    out.push_str(".SH DESCRIPTION\nccmux runs terminal sessions on a server, as tmux does, with tmux's commands, flags, targets, formats, options and key bindings. Every structural change is written to a write\\-ahead log before its command returns; a keeper process holds the pane processes across a server crash or upgrade; after a reboot the next command restores sessions, layouts, directories and scrollback. Invoked as \\fBtmux\\fR (a symlink), ccmux behaves as tmux for tools that call it.\n");
    out.push_str(".SH COMMANDS\nCommands not implemented yet are listed last; running one is an error that says so.\n");
    let (done, missing): (Vec<&Entry>, Vec<&Entry>) =
        cmd::commands().partition(|e| !matches!(e.run, Run::Missing));
    for e in done.iter().chain(missing.iter()) {
        out.push_str(".TP\n.B ");
        out.push_str(&roff(e.name));
        if let Some(a) = e.alias {
            out.push_str(&format!(" \\fR(alias: \\fB{}\\fR)", roff(a)));
        }
        out.push(' ');
        out.push_str(&roff(e.usage));
        out.push('\n');
        out.push_str(&roff(e.about));
        if matches!(e.run, Run::Missing) {
            out.push_str(" (not implemented yet)");
        }
        out.push('\n');
    }
    out.push_str(".SH OPTIONS\nSet with \\fBset\\-option\\fR, shown with \\fBshow\\-options\\fR. Scope, type, default:\n");
    for o in table().iter().filter(|o| !o.hook) {
        out.push_str(&format!(
            ".TP\n.B {}\n{}; {}; default \\fI{}\\fR.{}\n",
            roff(o.name),
            scopes(o.scopes),
            kind(&o.kind, o.unit),
            roff(&default_text(&o.default)),
            if o.text.is_empty() {
                String::new()
            } else {
                format!(" {}", roff(o.text))
            }
        ));
    }
    out.push_str(".SH HOOKS\n");
    let hooks: Vec<&str> = table().iter().filter(|o| o.hook).map(|o| o.name).collect();
    out.push_str(&roff(&hooks.join(", ")));
    out.push('\n');
    out.push_str(".SH FORMATS\nVariables available in \\fB#{...}\\fR formats:\n");
    out.push_str(&roff(&format_variables().join(", ")));
    out.push('\n');
    out.push_str(".SH KEY BINDINGS\nThe default bindings (prefix \\fBC\\-b\\fR):\n");
    for line in cmd::default_keys::DEFAULTS {
        out.push_str(".br\n");
        out.push_str(&roff(line));
        out.push('\n');
    }
    out.push_str(".SH CONTROL MODE\n\\fBccmux \\-C\\fR (\\fB\\-CC\\fR on a terminal: wrapped in DCS 1000p, no echo) speaks tmux's control mode: commands read from standard input are answered between \\fB%begin\\fR and \\fB%end\\fR or \\fB%error\\fR lines; notifications (\\fB%output\\fR, \\fB%extended\\-output\\fR, \\fB%window\\-add\\fR, \\fB%window\\-close\\fR, \\fB%layout\\-change\\fR, \\fB%session\\-changed\\fR, \\fB%sessions\\-changed\\fR, \\fB%pause\\fR, \\fB%continue\\fR, \\fB%exit\\fR and the others of tmux) report changes. \\fBrefresh\\-client \\-C\\fR sizes the client, \\fB\\-f pause\\-after=N\\fR paces output, \\fB\\-B\\fR subscribes to formats. After a server crash or upgrade the client reconnects and reports \\fB%sessions\\-changed\\fR.\n");
    out.push_str(".SH FILES\n~/.tmux.conf, ~/.config/tmux/tmux.conf, ~/.config/ccmux/config.toml; state in $XDG_STATE_HOME/ccmux/<server>/ (WAL, checkpoints, scrollback, server.log); sockets in $CCMUX_TMPDIR/ccmux\\-UID/.\n");
    out.push_str(".SH SEE ALSO\n.BR tmux (1)\n");
    out
}

fn roff(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        match c {
            '\\' => out.push_str("\\e"),
            '-' => out.push_str("\\-"),
            '.' | '\'' if i == 0 => {
                out.push_str("\\&");
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

fn scopes(s: ccmux_model::options::ScopeSet) -> String {
    let names: Vec<&str> = [
        (Scope::Server, "server"),
        (Scope::Session, "session"),
        (Scope::Window, "window"),
        (Scope::Pane, "pane"),
    ]
    .into_iter()
    .filter(|(sc, _)| s.contains(*sc))
    .map(|(_, n)| n)
    .collect();
    names.join("/")
}

fn kind(k: &OptionKind, unit: Option<&str>) -> String {
    match k {
        OptionKind::String => "string".into(),
        OptionKind::Number { min, max } => match unit {
            Some(u) => format!("number {min}..{max} ({u})"),
            None => format!("number {min}..{max}"),
        },
        OptionKind::Key => "key".into(),
        OptionKind::Colour => "colour".into(),
        OptionKind::Flag => "on/off".into(),
        OptionKind::Choice(c) => format!("one of {}", c.join(", ")),
        OptionKind::Command => "commands".into(),
    }
}

fn default_text(d: &DefaultValue) -> String {
    match d {
        DefaultValue::Str("") => "empty".into(),
        DefaultValue::Str(s) => s.to_string(),
        DefaultValue::Num(n) => n.to_string(),
        DefaultValue::Flag(b) => if *b { "on" } else { "off" }.into(),
        DefaultValue::Choice(c) => c.to_string(),
        DefaultValue::Colour(c) => c.to_string(),
        DefaultValue::Key(k) => k.to_string(),
        DefaultValue::List(items) => items.join(" | "),
    }
}

/// Every format variable the server produces for a server, session, window and pane (read from a
/// scratch model with one session), sorted.
pub fn format_variables() -> Vec<&'static str> {
    crate::server::format_vars::documented()
}

/// `ccmux completions bash|zsh|fish`.
pub fn completions(shell: &str) -> Result<String, String> {
    let entries: Vec<&Entry> = cmd::commands()
        .filter(|e| !matches!(e.run, Run::Missing))
        .collect();
    match shell {
        "bash" => Ok(bash(&entries)),
        "zsh" => Ok(format!(
            "#compdef ccmux\n# ccmux completions for zsh (bash completion through bashcompinit)\nautoload -U +X bashcompinit && bashcompinit\n{}",
            bash(&entries)
        )),
        "fish" => Ok(fish(&entries)),
        other => Err(format!("completions: unknown shell {other} (bash, zsh or fish)")),
    }
}

/// The flags of a getopt template: (letter, takes a value).
fn flags(template: &str) -> Vec<(char, bool)> {
    let chars: Vec<char> = template.chars().collect();
    chars
        .iter()
        .enumerate()
        .filter(|(_, c)| **c != ':')
        .map(|(i, c)| (*c, chars.get(i + 1) == Some(&':')))
        .collect()
}

/// The shell command listing live targets of a kind.
fn targets(kind: TargetKind) -> &'static str {
    match kind {
        TargetKind::Session => "ccmux list-sessions -F '#{session_name}'",
        TargetKind::Window => "ccmux list-windows -a -F '#{session_name}:#{window_index} #{session_name}:#{window_name}' | tr ' ' '\\n'",
        TargetKind::Pane => "ccmux list-panes -a -F '#{session_name}:#{window_index}.#{pane_index} #{pane_id}' | tr ' ' '\\n'",
        TargetKind::Client => "ccmux list-clients -F '#{client_name}'",
        TargetKind::None => "ccmux list-sessions -F '#{session_name}'",
    }
}

fn bash(entries: &[&Entry]) -> String {
    let mut names: Vec<&str> = entries.iter().map(|e| e.name).collect();
    names.extend(entries.iter().filter_map(|e| e.alias));
    let mut out = String::from("# ccmux completions for bash: source this file, e.g. from ~/.bashrc:\n#   source <(ccmux completions bash)\n_ccmux() {\n    local cur prev cmd i\n    cur=\"${COMP_WORDS[COMP_CWORD]}\"\n    prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n    cmd=\"\"\n    for ((i = 1; i < COMP_CWORD; i++)); do\n        case \"${COMP_WORDS[i]}\" in\n            -L|-S|-f|-c|-T) ((i++)) ;;\n            -*) ;;\n            *) cmd=\"${COMP_WORDS[i]}\"; break ;;\n        esac\n    done\n    if [ -z \"$cmd\" ]; then\n        COMPREPLY=($(compgen -W \"");
    out.push_str(&names.join(" "));
    out.push_str("\" -- \"$cur\"))\n        return\n    fi\n    case \"$cmd\" in\n");
    for e in entries {
        let pattern = match e.alias {
            Some(a) => format!("{}|{a}", e.name),
            None => e.name.to_string(),
        };
        let fl = flags(e.template);
        let words: Vec<String> = fl.iter().map(|(c, _)| format!("-{c}")).collect();
        out.push_str(&format!(
            "        {pattern})\n            case \"$prev\" in\n"
        ));
        for (c, value) in &fl {
            if !value {
                continue;
            }
            let list = match c {
                't' => Some(targets(e.target)),
                's' => Some(targets(if e.target == TargetKind::None {
                    TargetKind::Session
                } else {
                    e.target
                })),
                'c' if e.target == TargetKind::Client => Some(targets(TargetKind::Client)),
                _ => None,
            };
            match list {
                Some(l) => out.push_str(&format!(
                    "                -{c}) COMPREPLY=($(compgen -W \"$({l} 2>/dev/null)\" -- \"$cur\")); return ;;\n"
                )),
                None => out.push_str(&format!(
                    "                -{c}) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n"
                )),
            }
        }
        out.push_str(&format!(
            "            esac\n            COMPREPLY=($(compgen -W \"{}\" -- \"$cur\")) ;;\n",
            words.join(" ")
        ));
    }
    out.push_str("    esac\n}\ncomplete -F _ccmux ccmux\n");
    out
}

fn fish(entries: &[&Entry]) -> String {
    let mut out = String::from("# ccmux completions for fish: ccmux completions fish > ~/.config/fish/completions/ccmux.fish\ncomplete -c ccmux -f\n");
    for e in entries {
        let about = e.about.replace('\'', "\\'");
        out.push_str(&format!(
            "complete -c ccmux -n __fish_use_subcommand -a {} -d '{about}'\n",
            e.name
        ));
        if let Some(a) = e.alias {
            out.push_str(&format!(
                "complete -c ccmux -n __fish_use_subcommand -a {a} -d '{about}'\n"
            ));
        }
        let cond = match e.alias {
            Some(a) => format!("__fish_seen_subcommand_from {} {a}", e.name),
            None => format!("__fish_seen_subcommand_from {}", e.name),
        };
        for (c, value) in flags(e.template) {
            let args = match (c, value) {
                ('t', true) => format!(" -r -a '({})'", targets(e.target)),
                (_, true) => " -r".to_string(),
                _ => String::new(),
            };
            out.push_str(&format!("complete -c ccmux -n '{cond}' -s {c}{args}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_man_page_covers_every_command_option_and_binding() {
        let man = man_page();
        for e in cmd::commands() {
            assert!(man.contains(&format!(".B {}", roff(e.name))), "{}", e.name);
        }
        for o in table() {
            assert!(man.contains(&roff(o.name)), "{}", o.name);
        }
        assert!(man.contains(&roff("bind -N 'Send the prefix key' C-b { send-prefix }")));
        for v in [
            "pane_id",
            "session_name",
            "window_layout",
            "pane_current_path",
        ] {
            assert!(man.contains(&roff(v)), "{v}");
        }
    }

    #[test]
    fn completions_list_commands_flags_and_live_targets() {
        let bash = completions("bash").unwrap();
        assert!(bash.contains("split-window|splitw)"));
        assert!(bash.contains("list-panes -a -F"));
        assert!(completions("fish").unwrap().contains("-a new-session"));
        assert!(completions("zsh").unwrap().starts_with("#compdef ccmux"));
        assert!(completions("tcsh").is_err());
        assert_eq!(flags("dF:t:"), vec![('d', false), ('F', true), ('t', true)]);
    }
}
