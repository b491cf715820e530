//! set-option, set-window-option, set-hook (tmux's cmd-set-option.c): the scope from the option's table
//! entry and the flags, the value checked and parsed by the options table, the result logged as one
//! `OptionSet` change per scope touched.

use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, CmdError, CmdResult, Ctx};
use super::Args;
use ccmux_model::options::{match_option, OptionName, Options, Scope};
use ccmux_model::{Change, OptionScope, PaneId, SessionId, WindowId};

pub const SET_OPTION: Entry = Entry {
    name: "set-option",
    alias: Some("set"),
    template: "aFgopqst:uUw",
    lower: 1,
    upper: Some(2),
    json: false,
    usage: "[-aFgopqsuUw] [-t target-pane] option [value]",
    about: "set an option (server -s, session, window -w, pane -p; -g global; -u unset; -a append)",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(|a, c| set(a, c, Kind::Option)),
};

pub const SET_WINDOW_OPTION: Entry = Entry {
    name: "set-window-option",
    alias: Some("setw"),
    template: "aFgoqt:u",
    lower: 1,
    upper: Some(2),
    json: false,
    usage: "[-aFgoqu] [-t target-window] option [value]",
    about: "set a window option (set-option -w)",
    target: TargetKind::Window,
    flags: 0,
    run: Run::Server(|a, c| set(a, c, Kind::Window)),
};

pub const SET_HOOK: Entry = Entry {
    name: "set-hook",
    alias: None,
    template: "agpRt:uw",
    lower: 1,
    upper: Some(2),
    json: false,
    usage: "[-agpRuw] [-t target-pane] hook [command]",
    about: "set a hook: commands run after a command or on an event (-R runs it now)",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(|a, c| set(a, c, Kind::Hook)),
};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Option,
    Window,
    Hook,
}

/// The session, window and pane a `-t` names (or the current ones); any may be missing.
pub struct Found {
    pub session: Option<SessionId>,
    pub window: Option<WindowId>,
    pub pane: Option<PaneId>,
}

pub fn found(ctx: &mut Ctx, args: &Args) -> Found {
    match ctx.srv.model.find_pane(args.get('t'), &ctx.current) {
        Ok((s, w, p)) => Found {
            session: Some(s),
            window: Some(w),
            pane: Some(p),
        },
        Err(_) => Found {
            session: ctx.srv.model.find_session(args.get('t'), &ctx.current).ok(),
            window: None,
            pane: None,
        },
    }
}

/// tmux's options_scope_from_flags: where a user option (or a listing) goes by the flags alone.
pub fn scope_from_flags(args: &Args, window: bool, f: &Found) -> Result<OptionScope, String> {
    let target = args.get('t');
    let missing = |what: &str, current: &str| match target {
        Some(t) => format!("no such {what}: {t}"),
        None => format!("no current {current}"),
    };
    if args.has('s') {
        return Ok(OptionScope::Server);
    }
    if args.has('p') {
        return f
            .pane
            .map(OptionScope::Pane)
            .ok_or_else(|| missing("pane", "pane"));
    }
    if window || args.has('w') {
        if args.has('g') {
            return Ok(OptionScope::GlobalWindow);
        }
        return f
            .window
            .map(OptionScope::Window)
            .ok_or_else(|| missing("window", "window"));
    }
    if args.has('g') {
        return Ok(OptionScope::GlobalSession);
    }
    f.session
        .map(OptionScope::Session)
        .ok_or_else(|| missing("session", "session"))
}

/// tmux's options_scope_from_name: where a table option goes, by its table entry and the flags.
pub fn scope_from_name(
    args: &Args,
    window: bool,
    name: &OptionName,
    f: &Found,
) -> Result<OptionScope, String> {
    let def = match name {
        OptionName::User(_) => return scope_from_flags(args, window, f),
        OptionName::Table(def) => def,
    };
    let target = args.get('t');
    let missing = |what: &str| match target {
        Some(t) => format!("no such {what}: {t}"),
        None => format!("no current {what}"),
    };
    if def.scopes.contains(Scope::Server) {
        return Ok(OptionScope::Server);
    }
    if def.scopes.contains(Scope::Session) {
        if args.has('g') {
            return Ok(OptionScope::GlobalSession);
        }
        return f
            .session
            .map(OptionScope::Session)
            .ok_or_else(|| missing("session"));
    }
    if def.scopes.contains(Scope::Pane) && args.has('p') {
        return f.pane.map(OptionScope::Pane).ok_or_else(|| missing("pane"));
    }
    if args.has('g') {
        return Ok(OptionScope::GlobalWindow);
    }
    f.window
        .map(OptionScope::Window)
        .ok_or_else(|| missing("window"))
}

fn is_global(scope: OptionScope) -> bool {
    matches!(
        scope,
        OptionScope::Server | OptionScope::GlobalSession | OptionScope::GlobalWindow
    )
}

fn set(args: &Args, ctx: &mut Ctx, kind: Kind) -> CmdResult {
    let quiet = args.has('q');
    let argument = ctx.expand_here(&args.arg(0).unwrap_or_default());
    if kind == Kind::Hook && args.has('R') {
        return super::hooks::run_named(ctx, &argument);
    }
    let (name, index) = match match_option(&argument) {
        Ok(m) => m,
        Err(_) if quiet => return Ok(()),
        Err(e) => return fail(e.to_string()),
    };
    let mut value = args.arg(1);
    if args.has('F') {
        value = value.map(|v| ctx.expand_here(&v));
    }
    let f = found(ctx, args);
    let scope = match scope_from_name(args, kind == Kind::Window, &name, &f) {
        Ok(s) => s,
        Err(_) if quiet => return Ok(()),
        Err(e) => return fail(e),
    };
    let canonical = name.name().to_string();
    let is_hook = name.def().is_some_and(|d| d.hook);
    if kind == Kind::Hook && !is_hook {
        return fail(format!("invalid hook: {argument}"));
    }
    if let Some(change) = appended_item(ctx, args, scope, &name, index, value.as_deref())? {
        ctx.apply(change)?;
        super::options_live::changed(ctx, scope, &canonical);
        return Ok(());
    }
    // Only this option's value is copied out (not the whole scope: sourcing a config sets hundreds).
    let local = |ctx: &Ctx| {
        let mut tmp = Options::new();
        if let Some(v) = ctx.srv.model.options(scope).and_then(|o| o.get(&canonical)) {
            tmp.set(&canonical, v.clone());
        }
        tmp
    };
    let mut here = local(ctx);
    let before = here.get(&canonical).cloned();
    if !args.has('u') && args.has('o') {
        let already = match index {
            None => here.get(&canonical).is_some(),
            Some(i) => here.array_get(&canonical, i).is_some(),
        };
        if already {
            if quiet {
                return Ok(());
            }
            return fail(format!("already set: {argument}"));
        }
    }
    // A hook's commands are checked now and kept with their full names.
    if is_hook && !args.has('u') {
        if let Some(v) = &value {
            value = Some(super::text::canonical(v, ctx.srv).map_err(CmdError::Msg)?);
        }
    }
    let mut changes = Vec::new();
    if args.has('U') {
        if let OptionScope::Window(w) = scope {
            for p in ctx.srv.model.windows[&w].layout.panes() {
                let mut po = ctx.srv.model.panes[&p].options.clone();
                if po.get(&canonical).is_none() {
                    continue;
                }
                po.unset_option(&argument, false)
                    .map_err(|e| CmdError::Msg(e.to_string()))?;
                changes.push(Change::OptionSet {
                    scope: OptionScope::Pane(p),
                    name: canonical.clone(),
                    value: po.get(&canonical).cloned(),
                });
            }
        }
    }
    if args.has('u') || args.has('U') {
        if here.get(&canonical).is_some() {
            here.unset_option(&argument, is_global(scope))
                .map_err(|e| CmdError::Msg(e.to_string()))?;
            changes.push(option_change(
                scope,
                &canonical,
                before.as_ref(),
                here.get(&canonical),
            ));
        }
    } else {
        let chain = ctx.srv.model.option_chain(scope);
        here.set_option(
            &argument,
            value.as_deref(),
            args.has('a'),
            chain.get(1..).unwrap_or(&[]),
        )
        .map_err(|e| CmdError::Msg(e.to_string()))?;
        changes.push(option_change(
            scope,
            &canonical,
            before.as_ref(),
            here.get(&canonical),
        ));
    }
    for c in changes {
        ctx.apply(c)?;
    }
    super::options_live::changed(ctx, scope, &canonical);
    Ok(())
}

/// `set -a NAME VALUE` (`set-hook -a`) of one item to an array this scope has: the item at the
/// first free index, without copying the array (a config's appended hooks make it long, and it is
/// sourced again and again). `None`: not such a case, the general path handles it.
fn appended_item(
    ctx: &Ctx,
    args: &Args,
    scope: OptionScope,
    name: &ccmux_model::options::OptionName,
    index: Option<u32>,
    value: Option<&str>,
) -> Result<Option<Change>, CmdError> {
    let (Some(def), Some(value)) = (name.def(), value) else {
        return Ok(None);
    };
    let plain = args.has('a') && !args.has('u') && !args.has('U') && !args.has('o');
    let one_piece = def
        .separator
        .unwrap_or(" ,")
        .chars()
        .all(|c| !value.contains(c));
    if !plain || index.is_some() || !def.array || !one_piece || value.is_empty() {
        return Ok(None);
    }
    let items = match ctx.srv.model.options(scope).and_then(|o| o.get(def.name)) {
        Some(ccmux_model::OptionValue::Array(items)) => items,
        _ => return Ok(None),
    };
    let Some(free) = ccmux_model::options::first_free(items) else {
        return Ok(None);
    };
    let value = match def.hook {
        // A hook's commands are checked now and kept with their full names.
        true => super::text::canonical(value, ctx.srv).map_err(CmdError::Msg)?,
        false => value.to_string(),
    };
    let item = ccmux_model::options::parse_array_item(def, Some(&value), None, false)
        .map_err(|e| CmdError::Msg(e.to_string()))?;
    Ok(Some(Change::OptionItemSet {
        scope,
        name: def.name.to_string(),
        index: free,
        item: Some(item),
    }))
}

/// The change from `before` to `after` (this scope's value of `name`): one item of an array that was
/// set here already (`set -a`, `set-hook -a`, `name[N]`: the record holds that item, not the whole
/// array, which a config's appended hooks make long), else the whole value.
fn option_change(
    scope: OptionScope,
    name: &str,
    before: Option<&ccmux_model::OptionValue>,
    after: Option<&ccmux_model::OptionValue>,
) -> Change {
    use ccmux_model::OptionValue::Array;
    if let (Some(Array(a)), Some(Array(b))) = (before, after) {
        let keys: std::collections::BTreeSet<&u32> = a.keys().chain(b.keys()).collect();
        let mut differ = keys.into_iter().filter(|k| a.get(k) != b.get(k));
        if let (Some(index), None) = (differ.next(), differ.next()) {
            return Change::OptionItemSet {
                scope,
                name: name.to_string(),
                index: *index,
                item: b.get(index).cloned(),
            };
        }
    }
    Change::OptionSet {
        scope,
        name: name.to_string(),
        value: after.cloned(),
    }
}
