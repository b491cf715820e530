//! set-environment and show-environment (tmux's cmd-set-environment.c, cmd-show-environment.c): the
//! global environment (the server's own, with `-g` changes on top) and each session's; both are part of
//! the saved state, and new panes get them (hidden variables excepted).

use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, CmdResult, Ctx};
use super::Args;
use ccmux_model::{Change, EnvValue, Environment, SessionId};

pub const SET_ENVIRONMENT: Entry = Entry {
    name: "set-environment",
    alias: Some("setenv"),
    template: "Fhgrt:u",
    lower: 1,
    upper: Some(2),
    json: false,
    usage: "[-Fhgru] [-t target-session] name [value]",
    about: "set, unset (-u) or mark for removal (-r) a variable of the global (-g) or a session's environment",
    target: TargetKind::Session,
    flags: 0,
    run: Run::Server(set),
};

pub const SHOW_ENVIRONMENT: Entry = Entry {
    name: "show-environment",
    alias: Some("showenv"),
    template: "hgst:",
    lower: 0,
    upper: Some(1),
    json: false,
    usage: "[-hgs] [-t target-session] [name]",
    about:
        "show the global (-g) or a session's environment (-s: as shell commands, -h: hidden ones)",
    target: TargetKind::Session,
    flags: 0,
    run: Run::Server(show),
};

/// The session a command without -g acts on, with tmux's errors.
fn session(ctx: &mut Ctx, args: &Args) -> Result<SessionId, super::support::CmdError> {
    match args.get('t') {
        Some(t) => ctx
            .srv
            .model
            .find_session(Some(t), &ctx.current)
            .map_err(|_| super::support::CmdError::Msg(format!("no such session: {t}"))),
        None => ctx
            .srv
            .model
            .find_session(None, &ctx.current)
            .map_err(|_| super::support::CmdError::Msg("no current session".into())),
    }
}

fn set(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let name = args.arg(0).unwrap_or_default();
    if name.is_empty() {
        return fail("empty variable name");
    }
    if name.contains('=') {
        return fail("variable name contains =");
    }
    let mut value = args.arg(1);
    if args.has('F') {
        value = value.map(|v| ctx.expand_here(&v));
    }
    let scope = if args.has('g') {
        None
    } else {
        Some(session(ctx, args)?)
    };
    let entry = if args.has('u') {
        if value.is_some() {
            return fail("can't specify a value with -u");
        }
        None
    } else if args.has('r') {
        if value.is_some() {
            return fail("can't specify a value with -r");
        }
        Some(EnvValue {
            value: None,
            hidden: false,
        })
    } else {
        let Some(v) = value else {
            return fail("no value specified");
        };
        Some(EnvValue {
            value: Some(v),
            hidden: args.has('h'),
        })
    };
    ctx.apply(Change::EnvSet {
        session: scope,
        name,
        value: entry,
    })?;
    Ok(())
}

/// The global environment as tmux shows it: the server's own variables with the `-g` changes on top.
pub fn global(ctx: &Ctx) -> Environment {
    let mut env: Environment = std::env::vars()
        .filter(|(k, _)| !k.starts_with("CCMUX_SERVER_"))
        .map(|(k, v)| {
            (
                k,
                EnvValue {
                    value: Some(v),
                    hidden: false,
                },
            )
        })
        .collect();
    for (k, v) in &ctx.srv.model.environment {
        env.insert(k.clone(), v.clone());
    }
    env
}

fn show(args: &Args, ctx: &mut Ctx) -> CmdResult {
    if let Some(t) = args.get('t') {
        if ctx.srv.model.find_session(Some(t), &ctx.current).is_err() {
            return fail(format!("no such session: {t}"));
        }
    }
    let env = if args.has('g') {
        global(ctx)
    } else {
        let s = session(ctx, args)?;
        ctx.srv.model.sessions[&s].environment.clone()
    };
    let print = |ctx: &mut Ctx, name: &str, v: &EnvValue| {
        if v.hidden != args.has('h') {
            return;
        }
        let line = match (&v.value, args.has('s')) {
            (Some(value), false) => format!("{name}={value}"),
            (None, false) => format!("-{name}"),
            (Some(value), true) => {
                let escaped: String = value
                    .chars()
                    .flat_map(|c| {
                        let esc = matches!(c, '$' | '`' | '"' | '\\');
                        esc.then_some('\\').into_iter().chain(std::iter::once(c))
                    })
                    .collect();
                format!("{name}=\"{escaped}\"; export {name};")
            }
            (None, true) => format!("unset {name};"),
        };
        ctx.print(&line);
    };
    match args.arg(0) {
        Some(name) => match env.get(&name) {
            Some(v) => print(ctx, &name, v),
            None => return fail(format!("unknown variable: {name}")),
        },
        None => {
            for (name, v) in &env {
                print(ctx, name, v);
            }
        }
    }
    Ok(())
}
