//! show-options, show-window-options, show-hooks (tmux's cmd-show-options.c).

use super::entry::{Entry, Run, TargetKind};
use super::set_option::{found, scope_from_flags, scope_from_name};
use super::support::{fail, CmdResult, Ctx};
use super::Args;
use ccmux_model::options::{match_option, resolve, show_option, show_options, Scope, ShowFlags};
use ccmux_model::OptionScope;

pub const SHOW_OPTIONS: Entry = Entry {
    name: "show-options",
    alias: Some("show"),
    template: "AgHpqst:vw",
    lower: 0,
    upper: Some(1),
    json: false,
    usage: "[-AgHpqsvw] [-t target-pane] [option]",
    about: "show options (-A with inherited ones marked *, -H with hooks, -v values only)",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(|a, c| show(a, c, Kind::Options)),
};

pub const SHOW_WINDOW_OPTIONS: Entry = Entry {
    name: "show-window-options",
    alias: Some("showw"),
    template: "gvt:",
    lower: 0,
    upper: Some(1),
    json: false,
    usage: "[-gv] [-t target-window] [option]",
    about: "show window options (show-options -w)",
    target: TargetKind::Window,
    flags: 0,
    run: Run::Server(|a, c| show(a, c, Kind::Window)),
};

pub const SHOW_HOOKS: Entry = Entry {
    name: "show-hooks",
    alias: None,
    template: "gpt:w",
    lower: 0,
    upper: Some(1),
    json: false,
    usage: "[-gpw] [-t target-pane]",
    about: "show hooks",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(|a, c| show(a, c, Kind::Hooks)),
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Options,
    Window,
    Hooks,
}

fn table_scope(scope: OptionScope) -> Scope {
    match scope {
        OptionScope::Server => Scope::Server,
        OptionScope::GlobalSession | OptionScope::Session(_) => Scope::Session,
        OptionScope::GlobalWindow | OptionScope::Window(_) => Scope::Window,
        OptionScope::Pane(_) => Scope::Pane,
    }
}

fn show(args: &Args, ctx: &mut Ctx, kind: Kind) -> CmdResult {
    let quiet = args.has('q');
    let window = kind == Kind::Window;
    let f = found(ctx, args);
    let model = &ctx.srv.model;
    let Some(argument) = args.arg(0) else {
        let scope = match scope_from_flags(args, window, &f) {
            Ok(s) => s,
            Err(_) if quiet => return Ok(()),
            Err(e) => return fail(e),
        };
        let chain = model.option_chain(scope);
        let (here, parents) = chain.split_first().expect("a scope's chain holds itself");
        let flags = ShowFlags {
            inherited: args.has('A'),
            hooks: args.has('H'),
            hooks_only: kind == Kind::Hooks,
            values_only: args.has('v'),
        };
        let lines = show_options(here, parents, table_scope(scope), flags);
        for l in lines {
            ctx.print(&l);
        }
        return Ok(());
    };
    let argument = ctx.expand_here(&argument);
    let (name, index) = match match_option(&argument) {
        Ok(m) => m,
        Err(_) if quiet => return Ok(()),
        Err(e) => return fail(e.to_string()),
    };
    let model = &ctx.srv.model;
    let scope = match scope_from_name(args, window, &name, &f) {
        Ok(s) => s,
        Err(_) if quiet => return Ok(()),
        Err(e) => return fail(e),
    };
    let chain = model.option_chain(scope);
    let canonical = name.name();
    let (value, inherited) = match chain.first().and_then(|o| o.get(canonical)) {
        Some(v) => (Some(v), false),
        None if args.has('A') => (resolve(&chain[1..], canonical), true),
        None => (None, false),
    };
    match value {
        Some(v) => {
            let lines = show_option(name.def(), canonical, v, index, inherited, args.has('v'));
            for l in lines {
                ctx.print(&l);
            }
            Ok(())
        }
        None if canonical.starts_with('@') && !quiet => fail(format!("invalid option: {argument}")),
        None => Ok(()),
    }
}
