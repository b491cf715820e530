use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, ClientAction, CmdResult, Ctx, Source};
use super::Args;
use ccmux_model::PaneId;

pub const ENTRY: Entry = Entry {
    name: "refresh-client",
    alias: Some("refresh"),
    template: "A:B:cC:Df:F:l::LRSt:U",
    lower: 0,
    upper: Some(1),
    json: false,
    usage: "[-cDlLRSU] [-A pane:state] [-B name:what:format] [-C XxY] [-f flags] \
            [-t target-client] [adjustment]",
    about: "redraw a client (-S: its status line); -A, -B, -C, -f: a control client's panes, \
            subscriptions, size and flags",
    target: TargetKind::Client,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    // Panning a window larger than the client and the clipboard query have nothing to act on in
    // ccmux yet: say so rather than do nothing.
    for flag in ['c', 'D', 'l', 'L', 'R', 'U'] {
        if args.has(flag) {
            return fail(format!(
                "refresh-client -{flag} is not available in ccmux yet"
            ));
        }
    }
    let client = ctx.target_client(args.get('t'))?;
    let control = ctx
        .srv
        .clients
        .clients
        .get(&client)
        .is_some_and(|c| c.control.is_some());
    // -F is an alias of -f; both may be given (tmux applies -F, then -f).
    for flags in [args.get('F'), args.get('f')].into_iter().flatten() {
        set_flags(ctx, client, flags, control)?;
    }
    if args.has('A') {
        if !control {
            return fail("not a control client");
        }
        for value in args.all('A') {
            pane_state(ctx, client, value);
        }
        return Ok(());
    }
    if args.has('B') {
        if !control {
            return fail("not a control client");
        }
        if let Some(ce) = control_entry(ctx, client) {
            for value in args.all('B') {
                ce.subs.update(value);
            }
            ce.state_changed = true;
            ce.wake.notify_one();
        }
        return Ok(());
    }
    if let Some(size) = args.get('C') {
        if !control {
            return fail("not a control client");
        }
        return control_size(ctx, client, size);
    }
    // -S redraws the status line; the whole client is redrawn either way (a frame is cheap).
    ctx.client_action(client, ClientAction::Redraw);
    Ok(())
}

fn control_entry<'a>(
    ctx: &'a mut Ctx,
    client: u32,
) -> Option<&'a mut crate::server::control::ControlEntry> {
    ctx.srv
        .clients
        .clients
        .get_mut(&client)
        .and_then(|c| c.control.as_mut())
}

fn set_flags(ctx: &mut Ctx, client: u32, text: &str, control: bool) -> CmdResult {
    let Some(c) = ctx.srv.clients.clients.get_mut(&client) else {
        return Ok(());
    };
    c.flags
        .set(text, control)
        .map_err(super::support::CmdError::Msg)?;
    let session = c.session;
    if let Some(ce) = c.control.as_mut() {
        ce.state_changed = true;
        ce.wake.notify_one();
    }
    crate::server::attach::refit(ctx.srv, session);
    Ok(())
}

/// `-A %N:on|off|pause|continue` (tmux's cmd_refresh_client_update_offset): anything else, or a
/// pane that does not exist, is ignored. The `%pause` or `%continue` line goes to the client's
/// output: inside the command's block when the client runs the command itself.
fn pane_state(ctx: &mut Ctx, client: u32, value: &str) {
    let Some((pane, state)) = value.split_once(':') else {
        return;
    };
    let Some(pane) = pane
        .strip_prefix('%')
        .and_then(|p| {
            let digits: String = p.chars().take_while(|c| c.is_ascii_digit()).collect();
            digits.parse::<u32>().ok()
        })
        .map(PaneId)
    else {
        return;
    };
    if !ctx.srv.model.panes.contains_key(&pane) {
        return;
    }
    let Some(mut entry) = ctx
        .srv
        .clients
        .clients
        .get_mut(&client)
        .and_then(|c| c.control.take())
    else {
        return;
    };
    let line = entry.pane_state(ctx.srv, client, pane, state);
    match line {
        Some(l) if matches!(ctx.source, Source::Client(id) if id == client) => ctx.print(&l),
        Some(l) => entry.line(&l),
        None => {}
    }
    entry.wake.notify_one();
    if let Some(c) = ctx.srv.clients.clients.get_mut(&client) {
        c.control = Some(entry);
    }
}

/// `-C WxH` (or `W,H`) sizes a control client (tmux's cmd_refresh_client_control_client_size).
fn control_size(ctx: &mut Ctx, client: u32, size: &str) -> CmdResult {
    if size.starts_with('@') {
        return fail("per-window sizes (-C @window:WxH) are not available in ccmux");
    }
    let parsed = size
        .split_once('x')
        .or_else(|| size.split_once(','))
        .and_then(|(w, h)| Some((scan_u32(w)?, scan_u32(h)?)));
    let Some((w, h)) = parsed else {
        return fail("bad size argument");
    };
    if !(1..=10_000).contains(&w) || !(1..=10_000).contains(&h) {
        return fail("size too small or too big");
    }
    let (w, h) = (
        w.min(u32::from(u16::MAX)) as u16,
        h.min(u32::from(u16::MAX)) as u16,
    );
    let Some(c) = ctx.srv.clients.clients.get_mut(&client) else {
        return Ok(());
    };
    c.cols = w;
    c.rows = h;
    let session = c.session;
    if let Some(ce) = c.control.as_mut() {
        ce.size = Some((w, h));
        ce.state_changed = true;
        ce.wake.notify_one();
    }
    if let Some(change) = crate::server::attach::fit_session(ctx.srv, session) {
        ctx.changes.push(change);
    }
    Ok(())
}

/// sscanf's `%u` on a whole field: digits (after optional blanks), nothing after but more text the
/// caller does not read (tmux accepts `80x24junk`: sscanf stops at what it does not match).
fn scan_u32(s: &str) -> Option<u32> {
    let digits: String = s
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok()
}
