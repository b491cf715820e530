//! run-shell and if-shell (tmux's cmd-run-shell.c, cmd-if-shell.c): a shell command (its text expanded as
//! a format) runs as a job off the state lock while the queue waits (unless `-b`); if-shell then runs one
//! of its two command lists, run-shell shows what the command printed.
//!
//! Jobs run with `TMUX` (and `CCMUX`) naming this server and a `tmux` that reaches ccmux first on `PATH`
//! (see `tmux_shim`): plugin scripts sourced from a config (`run '~/.tmux/plugins/tpm/tpm'`) that call
//! `tmux ...` talk to this server, never to a real tmux server.

use super::args::Value;
use super::entry::{Entry, Run, TargetKind};
use super::queue::{Job, Resume, Wait};
use super::support::{fail, ClientAction, CmdError, CmdResult, Ctx, Source};
use super::Args;
use std::sync::Arc;
use std::time::Duration;

pub const RUN_SHELL: Entry = Entry {
    name: "run-shell",
    alias: Some("run"),
    template: "bd:Ct:",
    lower: 0,
    upper: Some(1),
    json: false,
    usage: "[-bC] [-d delay] [-t target-pane] [shell-command]",
    about: "run a shell command (or with -C, tmux commands) and show its output",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(run_shell),
};

pub const IF_SHELL: Entry = Entry {
    name: "if-shell",
    alias: Some("if"),
    template: "bFt:",
    lower: 2,
    upper: Some(3),
    json: false,
    usage: "[-bF] [-t target-pane] shell-command command [command]",
    about: "run the first commands if a shell command succeeds (-F: if a format is true), else the second",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(if_shell),
};

/// The environment of a job: the server named in `TMUX` and `CCMUX`, and the `tmux` shim first on PATH.
pub fn job_env(ctx: &Ctx) -> Vec<(String, String)> {
    let session = ctx.current.session.map_or(0, |s| s.0);
    crate::server::tmux_shim::job_env(&ctx.srv.socket_path, ctx.srv.pid, session)
}

/// The target pane (`-t`, else the current one if there is any: tmux's CMD_FIND_CANFAIL).
fn target_current(ctx: &mut Ctx, args: &Args) -> Result<ccmux_model::Current, CmdError> {
    let mut current = ctx.current;
    let found = match args.get('t') {
        Some(t) => Some(ctx.find_pane(Some(t))?),
        None => ctx.srv.model.find_pane(None, &ctx.current).ok(),
    };
    if let Some((s, _, p)) = found {
        current.session = Some(s);
        current.pane = Some(p);
    }
    Ok(current)
}

fn run_shell(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let current = target_current(ctx, args)?;
    let delay = match args.get('d') {
        Some(d) => match d.parse::<f64>() {
            Ok(s) if s >= 0.0 && s.is_finite() => Some(Duration::from_secs_f64(s.min(1e6))),
            _ => return fail(format!("invalid delay time: {d}")),
        },
        None => None,
    };
    let Some(text) = args.arg(0) else {
        // Only a delay: the queue waits.
        if let Some(d) = delay {
            wait(ctx, Job::Sleep(d), Resume::Continue, current);
        }
        return Ok(());
    };
    let command = ctx.expand(&text, current.pane);
    if args.has('C') {
        // tmux commands, run like a config line.
        return super::run_text_in(ctx, &command);
    }
    let job = Job::Shell {
        command,
        cwd: ctx.cwd.clone(),
        env: job_env(ctx),
    };
    let resume = Resume::RunShell { as_commands: false };
    if args.has('b') {
        ctx.effects.push(super::Effect::Background {
            job,
            resume,
            source: super::Source::Internal,
        });
        return Ok(());
    }
    wait(ctx, job, resume, current);
    Ok(())
}

fn if_shell(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let current = target_current(ctx, args)?;
    let text = args.arg(0).unwrap_or_default();
    let command = ctx.expand(&text, current.pane);
    let then = branch(ctx, args.values.get(1))?;
    let otherwise = branch(ctx, args.values.get(2))?;
    if args.has('F') {
        let chosen = if ccmux_lang::format_true(&command) {
            then
        } else {
            otherwise
        };
        let items = super::queue::items(ctx, &chosen, ctx.in_hook, None);
        super::queue::push_front(ctx, items);
        return Ok(());
    }
    let job = Job::Shell {
        command,
        cwd: ctx.cwd.clone(),
        env: job_env(ctx),
    };
    let resume = Resume::IfShell { then, otherwise };
    if args.has('b') {
        ctx.effects.push(super::Effect::Background {
            job,
            resume,
            source: ctx.source.clone(),
        });
        return Ok(());
    }
    wait(ctx, job, resume, current);
    Ok(())
}

/// A branch of if-shell: a `{ }` block or a string parsed as commands, checked now.
fn branch(ctx: &Ctx, v: Option<&Value>) -> Result<Vec<super::Prepared>, CmdError> {
    match v {
        None => Ok(Vec::new()),
        Some(Value::Block(cmds)) => super::prepare_all(cmds).map_err(CmdError::Msg),
        Some(Value::Word(text)) => {
            let mut env =
                super::text::ServerEnv::new(ctx.srv, ctx.current.session, ctx.current.pane);
            super::text::parse(text, &Default::default(), &mut env).map_err(CmdError::Msg)
        }
    }
}

fn wait(ctx: &mut Ctx, job: Job, resume: Resume, current: ccmux_model::Current) {
    ctx.wait = Some(Wait {
        job,
        resume,
        group: ctx.group,
        formats: Arc::new(ctx.formats.clone()),
        current,
    });
}

/// What a shell command printed, shown as tmux 3.3a shows it: in view mode over the target pane (here:
/// the view of a client showing it), never on a command line's stdout; nothing when nothing printed.
pub fn show_output(ctx: &mut Ctx, text: &str) {
    if text.is_empty() {
        return;
    }
    let client = match ctx.source {
        Source::Client(id) => Some(id),
        _ => ctx.target_client(None).ok(),
    };
    if let Some(id) = client {
        ctx.client_action(id, ClientAction::View(text.to_string()));
    }
}
