use super::entry::{flags, Entry, Run, TargetKind};
use super::pane_args::NewPane;
use super::support::{fail, now, strtonum, CmdResult, Ctx};
use super::Args;
use ccmux_model::{Change, PaneId, SessionId, WindowId};

pub const ENTRY: Entry = Entry {
    name: "new-session",
    alias: Some("new"),
    template: "Ac:dDe:EF:f:n:Ps:t:x:Xy:",
    lower: 0,
    upper: None,
    json: false,
    usage: "[-AdDEPX] [-c start-directory] [-e environment] [-F format] [-f flags] \
            [-n window-name] [-s session-name] [-t target-session] [-x width] [-y height] \
            [shell-command]",
    about: "create a session with one window (and attach to it, unless -d)",
    target: TargetKind::Session,
    flags: flags::START_SERVER | flags::ATTACHES,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let new = NewPane::from_args(args);
    if args.has('t') && (args.len() != 0 || args.has('n')) {
        return fail("command or window name given with target");
    }
    if let Some(name) = args.get('s') {
        if name.is_empty() || name.contains(':') || name.contains('.') {
            return fail(format!("invalid session name: {name}"));
        }
        if let Some(s) = ctx.srv.model.session_by_name(name) {
            if args.has('A') {
                let id = s.id;
                ctx.srv.touch(id);
                attach(ctx, args, id);
                return Ok(());
            }
            return fail(format!("duplicate session: {name}"));
        }
    } else if args.has('A') {
        // -A without -s: attach to the target session (the current one without -t) if there is one.
        if let Ok(id) = ctx.srv.model.find_session(args.get('t'), &ctx.current) {
            ctx.srv.touch(id);
            attach(ctx, args, id);
            return Ok(());
        }
    }
    let size = |flag: char, default: u16| -> Result<u16, super::support::CmdError> {
        let what = if flag == 'x' { "width" } else { "height" };
        match args.get(flag) {
            None | Some("-") => Ok(default),
            Some(v) => match strtonum(v, 1, i64::from(u16::MAX)) {
                Ok(n) => Ok(n as u16),
                Err(why) => fail(format!("{what} {why}")),
            },
        }
    };
    let default_size = ctx
        .srv
        .model
        .option_text(ccmux_model::OptionScope::GlobalSession, "default-size");
    let (dw, dh) = default_size
        .split_once('x')
        .and_then(|(w, h)| Some((w.parse::<u16>().ok()?, h.parse::<u16>().ok()?)))
        .unwrap_or((80, 24));
    let cols = size('x', dw)?;
    let rows = size('y', dh)?;
    let group = match args.get('t') {
        Some(t) => Some(group_of(ctx, t)?),
        None => None,
    };
    let next = ctx.srv.model.next;
    // As tmux's session_create: without -s the name is the session's id (after the group's name and a
    // dash in a group), the id skipping any whose name is taken.
    let (id, name) = match args.get('s') {
        Some(n) => (SessionId(next.session), n.to_string()),
        None => {
            let prefix = group.as_ref().map(|g| g.prefix.as_str());
            let name_of = |n: u32| match prefix {
                Some(p) => format!("{p}-{n}"),
                None => n.to_string(),
            };
            let n = (next.session..u32::MAX)
                .find(|n| ctx.srv.model.session_by_name(&name_of(*n)).is_none())
                .unwrap_or(next.session);
            (SessionId(n), name_of(n))
        }
    };
    if let Some(Group {
        with: Some(with),
        name: group,
        ..
    }) = &group
    {
        ctx.apply(Change::SessionGrouped {
            id,
            name,
            created: now(),
            cols,
            rows,
            group: group.clone(),
            with: *with,
        })?;
        keep_size(ctx, args, id, cols, rows)?;
        // tmux makes the new session's first window its current one.
        let first = ctx.srv.model.sessions[&id].windows.values().next().copied();
        if let Some(first) = first {
            super::winlink::select(ctx, id, first)?;
        }
        ctx.srv.touch(id);
        if let Some(pane) = ctx.srv.model.active_pane(id) {
            new.print_info(ctx, pane, "#{session_name}:");
        }
        attach(ctx, args, id);
        return Ok(());
    }
    let spec = new.spec(ctx, None)?;
    let pane = PaneId(next.pane);
    let window = WindowId(next.window);
    let change = Change::SessionCreated {
        id,
        name,
        created: now(),
        cols,
        rows,
        window,
        window_name: args
            .get('n')
            .map(|n| ctx.expand(n, None))
            .unwrap_or_else(|| Ctx::default_window_name(&spec)),
        pane,
        spec,
    };
    ctx.create_pane(change, pane)?;
    if args.has('n') {
        super::break_pane::no_automatic_rename(ctx, window)?;
    }
    if let Some(g) = group {
        // A group named by -t that no session or group has yet starts with this session.
        ctx.apply(Change::SessionGroupSet {
            id,
            group: Some(g.name),
        })?;
    }
    keep_size(ctx, args, id, cols, rows)?;
    ctx.srv.touch(id);
    new.print_info(ctx, pane, "#{session_name}:");
    attach(ctx, args, id);
    Ok(())
}

/// Without `-d`, a control client running the command is attached to the session (a terminal
/// client attaches itself once the command line is done).
fn attach(ctx: &mut Ctx, args: &Args, id: SessionId) {
    if !args.has('d') {
        super::attach_session::control_attach(ctx, id);
    }
}

/// The group a new session joins (new-session -t): the target session's group, or a group named after
/// the target session, or, when no session is found, the group with that name (new if none has it).
struct Group {
    /// The group's name.
    name: String,
    /// What new session names start with.
    prefix: String,
    /// A session whose windows the new one shares; `None` starts a new group.
    with: Option<SessionId>,
}

fn group_of(ctx: &Ctx, target: &str) -> Result<Group, super::support::CmdError> {
    let model = &ctx.srv.model;
    if let Ok(s) = model.find_session(Some(target), &ctx.current) {
        let name = model.sessions[&s]
            .group
            .clone()
            .unwrap_or_else(|| model.sessions[&s].name.clone());
        return Ok(Group {
            prefix: name.clone(),
            name,
            with: Some(s),
        });
    }
    if let Some(member) = model
        .sessions
        .values()
        .find(|s| s.group.as_deref() == Some(target))
    {
        return Ok(Group {
            name: target.to_string(),
            prefix: target.to_string(),
            with: Some(member.id),
        });
    }
    if target.is_empty() {
        return fail(format!("invalid session group: {target}"));
    }
    // tmux's session_check_name: colons and periods cannot be in a session name.
    Ok(Group {
        name: target.to_string(),
        prefix: target.replace([':', '.'], "_"),
        with: None,
    })
}

/// As tmux: a session made with -x or -y keeps its size as its `default-size` (what resize-window -A
/// and -a fall back to when no client shows the window).
fn keep_size(ctx: &mut Ctx, args: &Args, id: SessionId, cols: u16, rows: u16) -> CmdResult {
    if args.has('x') || args.has('y') {
        ctx.apply(Change::OptionSet {
            scope: ccmux_model::OptionScope::Session(id),
            name: "default-size".into(),
            value: Some(ccmux_model::OptionValue::String(format!("{cols}x{rows}"))),
        })?;
    }
    Ok(())
}
