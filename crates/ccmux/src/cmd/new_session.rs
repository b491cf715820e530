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
    if args.get('t').is_some() {
        return fail("grouped sessions (new-session -t) are not available in ccmux yet");
    }
    if let Some(name) = args.get('s') {
        if name.is_empty() || name.contains(':') || name.contains('.') {
            return fail(format!("invalid session name: {name}"));
        }
        if let Some(s) = ctx.srv.model.session_by_name(name) {
            if args.has('A') {
                let id = s.id;
                ctx.srv.touch(id);
                return Ok(());
            }
            return fail(format!("duplicate session: {name}"));
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
    let next = ctx.srv.model.next;
    let id = SessionId(next.session);
    let name = match args.get('s') {
        Some(n) => n.to_string(),
        None => (next.session..)
            .map(|n| n.to_string())
            .find(|n| ctx.srv.model.session_by_name(n).is_none())
            .unwrap_or_default(),
    };
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
            .map(String::from)
            .unwrap_or_else(|| Ctx::default_window_name(&spec)),
        pane,
        spec,
    };
    ctx.create_pane(change, pane)?;
    ctx.srv.touch(id);
    new.print_info(ctx, pane, "#{session_name}:");
    Ok(())
}
