use super::entry::{Entry, Run, TargetKind};
use super::support::{CmdError, CmdResult, Ctx};
use super::Args;
use ccmux_model::{Change, SessionId, WindowId};

pub const ENTRY: Entry = Entry {
    name: "select-window",
    alias: Some("selectw"),
    template: "lnpTt:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-lnpT] [-t target-window]",
    about: "make a window the current one of its session (-l last, -n next, -p previous)",
    target: TargetKind::Window,
    flags: 0,
    run: Run::Server(exec),
};

pub const NEXT_WINDOW: Entry = Entry {
    name: "next-window",
    alias: Some("next"),
    template: "at:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-a] [-t target-session]",
    about: "move to the next window of a session",
    target: TargetKind::Session,
    flags: 0,
    run: Run::Server(|args, ctx| step(args, ctx, "+")),
};

pub const PREVIOUS_WINDOW: Entry = Entry {
    name: "previous-window",
    alias: Some("prev"),
    template: "at:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-a] [-t target-session]",
    about: "move to the previous window of a session",
    target: TargetKind::Session,
    flags: 0,
    run: Run::Server(|args, ctx| step(args, ctx, "-")),
};

pub const LAST_WINDOW: Entry = Entry {
    name: "last-window",
    alias: Some("last"),
    template: "t:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-t target-session]",
    about: "move to the previously current window of a session",
    target: TargetKind::Session,
    flags: 0,
    run: Run::Server(|args, ctx| step(args, ctx, "!")),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let (session, mut id) = ctx.find_window(args.get('t'))?;
    let relative = if args.has('l') {
        Some("!")
    } else if args.has('n') {
        Some("+")
    } else if args.has('p') {
        Some("-")
    } else {
        None
    };
    if let Some(rel) = relative {
        id = relative_window(ctx, session, rel)?;
    } else if args.has('T') && ctx.srv.model.sessions[&session].active_window == id {
        // -T: selecting the current window selects the last one instead.
        if let Ok(last) = relative_window(ctx, session, "!") {
            id = last;
        }
    }
    select(ctx, session, id)
}

fn step(args: &Args, ctx: &mut Ctx, rel: &str) -> CmdResult {
    if args.has('a') {
        let session = ctx.find_session(args.get('t'))?;
        let Some(id) = next_alert(ctx, session, rel == "+") else {
            return super::support::fail(if rel == "+" {
                "no next window"
            } else {
                "no previous window"
            });
        };
        return select(ctx, session, id);
    }
    let session = ctx.find_session(args.get('t'))?;
    let id = relative_window(ctx, session, rel)?;
    select(ctx, session, id)
}

/// -a: the next (previous) window with an alert after the current one, wrapping round (tmux's
/// session_next_alert).
fn next_alert(ctx: &Ctx, session: SessionId, next: bool) -> Option<WindowId> {
    let s = &ctx.srv.model.sessions[&session];
    let mut order: Vec<WindowId> = s.windows.values().copied().collect();
    if !next {
        order.reverse();
    }
    let at = order.iter().position(|w| *w == s.active_window)?;
    let alerted = |w: &&WindowId| ctx.srv.alerts.flags(session, **w) != 0;
    let after = order.iter().skip(at + 1).find(alerted);
    after.or_else(|| order.iter().find(alerted)).copied()
}

fn relative_window(ctx: &Ctx, session: SessionId, rel: &str) -> Result<WindowId, CmdError> {
    let s = &ctx.srv.model.sessions[&session];
    let target = format!("{}:{rel}", s.id);
    ctx.srv
        .model
        .find_window(Some(&target), &ctx.current)
        .map(|(_, w)| w)
        .map_err(|_| {
            CmdError::Msg(match rel {
                "!" => "no last window".into(),
                "+" => "no next window".into(),
                _ => "no previous window".into(),
            })
        })
}

fn select(ctx: &mut Ctx, session: SessionId, id: WindowId) -> CmdResult {
    ctx.srv.touch(session);
    if ctx.srv.model.sessions[&session].active_window != id {
        ctx.apply(Change::WindowSelectedIn {
            session,
            window: id,
        })?;
    }
    Ok(())
}
