//! Commands that ask the attached client something: the command prompt, y/n confirmation.

use super::entry::{Entry, Run, TargetKind};
use super::support::{ClientAction, CmdResult, Ctx};
use super::Args;

pub const COMMAND_PROMPT: Entry = Entry {
    name: "command-prompt",
    alias: None,
    template: "1bFkiI:Np:t:T:",
    lower: 0,
    upper: Some(1),
    json: false,
    usage: "[-1bFkiN] [-I inputs] [-p prompts] [-t target-client] [-T type] [template]",
    about: "open the command prompt in a client",
    target: TargetKind::Client,
    flags: 0,
    run: Run::Server(command_prompt),
};

pub const CONFIRM_BEFORE: Entry = Entry {
    name: "confirm-before",
    alias: Some("confirm"),
    template: "bp:t:",
    lower: 1,
    upper: Some(1),
    json: false,
    usage: "[-b] [-p prompt] [-t target-client] command",
    about: "ask y/n in a client before running a command",
    target: TargetKind::Client,
    flags: 0,
    run: Run::Server(confirm_before),
};

fn command_prompt(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let client = ctx.target_client(args.get('t'))?;
    let pane = ctx.current.pane;
    // tmux: the -p prompt (the first of a comma-separated list), else `(command)` of the template,
    // else `:`.
    let label = match args.get('p') {
        Some(l) => {
            let first = l.split(',').next().unwrap_or(l);
            format!("{} ", ctx.expand(first, pane))
        }
        None => match template_command(args) {
            Some(name) => format!("({name}) "),
            None => ":".to_string(),
        },
    };
    let initial = args
        .get('I')
        .map(|i| ctx.expand(i.split(',').next().unwrap_or(i), pane))
        .unwrap_or_default();
    let template = args.arg(0);
    if let Some(t) = args.get('T') {
        if !["command", "search", "target", "window-target"].contains(&t) {
            return Err(super::support::CmdError::Msg(format!("unknown type: {t}")));
        }
    }
    use crate::server::attach::InputKind;
    let kind = if args.has('1') {
        InputKind::Single
    } else if args.has('N') {
        InputKind::Numeric
    } else if args.has('i') {
        InputKind::Incremental
    } else {
        InputKind::Line
    };
    ctx.client_action(
        client,
        ClientAction::Prompt {
            label,
            initial,
            template,
            kind,
        },
    );
    Ok(())
}

/// The full name of the first command of command-prompt's template.
fn template_command(args: &Args) -> Option<&'static str> {
    let name = match args.values.first()? {
        super::args::Value::Block(cmds) => cmds.first()?.name.clone(),
        super::args::Value::Word(w) => w.split_whitespace().next()?.to_string(),
    };
    super::find(&name).ok().map(|e| e.name)
}

fn confirm_before(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let client = ctx.target_client(args.get('t'))?;
    let command = args.arg(0).unwrap_or_default();
    let pane = ctx.current.pane;
    let label = match args.get('p') {
        Some(p) => ctx.expand(p, pane),
        None => format!("{command}? (y/n)"),
    };
    ctx.client_action(client, ClientAction::Confirm { label, command });
    Ok(())
}
