//! Commands that ask the attached client something (tmux's cmd-command-prompt.c, cmd-confirm-before.c,
//! cmd-show-prompt-history.c): the command prompt with one or several prompts, y/n confirmation, and
//! the prompts' history. Without `-b` the queue waits for the answer, as tmux's does: what the
//! answer makes runs right after, in the same command line.

use super::answer::{Answer, AnswerHandle};
use super::args::Value;
use super::entry::{Entry, Run, TargetKind};
use super::queue::{Job, Resume, Wait};
use super::support::{fail, ClientAction, CmdResult, Ctx};
use super::Args;
use crate::server::attach::prompt::{Flags, PromptSpec};
use crate::server::prompt_history::{PromptType, TYPES};
use std::sync::Arc;

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

pub const SHOW_PROMPT_HISTORY: Entry = Entry {
    name: "show-prompt-history",
    alias: Some("showphist"),
    template: "T:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-T type]",
    about: "show the prompts' history",
    target: TargetKind::None,
    flags: 0,
    run: Run::Server(show_history),
};

pub const CLEAR_PROMPT_HISTORY: Entry = Entry {
    name: "clear-prompt-history",
    alias: Some("clearphist"),
    template: "T:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-T type]",
    about: "clear the prompts' history",
    target: TargetKind::None,
    flags: 0,
    run: Run::Server(clear_history),
};

/// Expands a prompt or input as tmux's status_prompt_set does (formats and strftime, for the target).
fn expand(ctx: &Ctx, text: &str) -> String {
    crate::server::format_ctx::Target::for_pane(ctx.srv, ctx.current.session, ctx.current_pane())
        .with_formats(&ctx.formats)
        .expand_time(text)
}

/// The queue waits for the client's answer: the handle goes with the prompt.
fn wait_for_answer(ctx: &mut Ctx) -> AnswerHandle {
    let (answer, handle) = Answer::new();
    ctx.wait = Some(Wait {
        job: Job::Answer(answer.clone()),
        resume: Resume::Answer(answer),
        group: ctx.group,
        formats: Arc::new(ctx.formats.clone()),
        current: ctx.current,
    });
    handle
}

fn command_prompt(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let client = ctx.target_client(args.get('t'))?;
    let mut template = args.values.first().cloned();
    if let (true, Some(Value::Word(w))) = (args.has('F'), &template) {
        template = Some(Value::Word(ctx.expand_here(w)));
    }
    // The labels: -p (comma-separated, each with a space after), else `(command) ` for the template's
    // first command, else `:`.
    let labels: Vec<String> = match args.get('p') {
        Some(p) => p
            .split(',')
            .map(|l| format!("{} ", expand(ctx, l)))
            .collect(),
        None => match &template {
            Some(t) => vec![format!("({}) ", first_command(t))],
            None => vec![":".to_string()],
        },
    };
    let mut inputs = args.get('I').map(|i| i.split(','));
    let prompts = labels
        .into_iter()
        .map(|l| {
            let input = inputs.as_mut().and_then(|i| i.next()).unwrap_or("");
            (l, expand(ctx, input))
        })
        .collect();
    let ptype = match args.get('T') {
        Some(t) => match PromptType::parse(t) {
            Some(t) => t,
            None => return fail(format!("unknown type: {t}")),
        },
        None => PromptType::COMMAND,
    };
    let flags = if args.has('1') {
        Flags {
            single: true,
            ..Flags::default()
        }
    } else if args.has('N') {
        Flags {
            numeric: true,
            ..Flags::default()
        }
    } else if args.has('i') {
        Flags {
            incremental: true,
            ..Flags::default()
        }
    } else if args.has('k') {
        Flags {
            key: true,
            ..Flags::default()
        }
    } else {
        Flags::default()
    };
    let answer = (!args.has('b') && !args.has('i')).then(|| wait_for_answer(ctx));
    let spec = PromptSpec {
        prompts,
        template,
        flags,
        ptype,
        answer,
    };
    ctx.client_action(client, ClientAction::Prompt(Box::new(spec)));
    Ok(())
}

/// The name of the template's first command, as tmux's args_make_commands_get_command: a block's is
/// the command's full name, a string's its first word (up to a space or comma).
fn first_command(template: &Value) -> String {
    match template {
        Value::Block(cmds) => cmds.first().map_or(String::new(), |c| {
            super::find(&c.name).map_or(c.name.clone(), |e| e.name.to_string())
        }),
        Value::Word(w) => w.split([' ', ',']).next().unwrap_or("").to_string(),
    }
}

fn confirm_before(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let client = ctx.target_client(args.get('t'))?;
    // The command is made now (a string expanded as a format first), as tmux's args_make_commands_now.
    let commands = match args.values.first() {
        Some(Value::Block(cmds)) => cmds.clone(),
        Some(Value::Word(w)) => {
            let text = ctx.expand_here(w);
            let pane = ctx.current_pane();
            let mut env = super::text::ServerEnv::new(ctx.srv, ctx.current.session, pane);
            match ccmux_lang::parse(&text, &Default::default(), &mut env) {
                Ok(c) => c,
                Err(e) => return fail(e.to_string()),
            }
        }
        None => Vec::new(),
    };
    let prepared = super::prepare_all(&commands).map_err(super::support::CmdError::Msg)?;
    let label = match args.get('p') {
        Some(p) => format!("{} ", expand(ctx, p)),
        None => {
            let name = prepared.first().map_or("", |c| c.entry.name);
            format!("Confirm '{name}'? (y/n) ")
        }
    };
    let answer = (!args.has('b')).then(|| wait_for_answer(ctx));
    ctx.client_action(
        client,
        ClientAction::Confirm {
            label,
            commands,
            answer,
        },
    );
    Ok(())
}

/// The `-T` type of the history commands (all of them without it).
fn history_type(args: &Args) -> Result<Option<PromptType>, super::support::CmdError> {
    match args.get('T') {
        None => Ok(None),
        Some(t) => match PromptType::parse(t) {
            Some(t) => Ok(Some(t)),
            None => fail(format!("invalid type: {t}")),
        },
    }
}

fn show_history(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let types = match history_type(args)? {
        Some(t) => vec![t],
        None => (0..TYPES.len()).map(PromptType).collect(),
    };
    for t in types {
        ctx.print(&format!("History for {}:\n", t.name()));
        let lines: Vec<String> = ctx.srv.prompt_history.list(t).to_vec();
        for (i, line) in lines.iter().enumerate() {
            ctx.print(&format!("{}: {line}", i + 1));
        }
        ctx.print("");
    }
    Ok(())
}

fn clear_history(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let t = history_type(args)?;
    ctx.srv.prompt_history.clear(t);
    let file = (ctx.srv.model).option_text(ccmux_model::OptionScope::Server, "history-file");
    ctx.srv
        .prompt_history
        .save(crate::server::prompt_history::file(&file));
    Ok(())
}
