use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, ClientAction, CmdError, CmdResult, Ctx};
use super::Args;
use ccmux_model::{Change, SessionId};

pub const ENTRY: Entry = Entry {
    name: "switch-client",
    alias: Some("switchc"),
    template: "lc:EFnpt:rT:Z",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-ElnprZ] [-c target-client] [-t target-session] [-T key-table]",
    about: "show another session in a client",
    target: TargetKind::Session,
    flags: super::entry::flags::READ_ONLY,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    if let Some(table) = args.get('T') {
        let client = ctx.target_client(args.get('c'))?;
        if !ctx.srv.model.key_tables.contains_key(table) {
            return fail(format!("table {table} doesn't exist"));
        }
        ctx.client_action(client, ClientAction::KeyTable(table.to_string()));
        return Ok(());
    }
    let client = ctx.target_client(args.get('c'))?;
    if args.has('r') {
        // Toggles read-only (with ignore-size), as tmux.
        if let Some(c) = ctx.srv.clients.clients.get_mut(&client) {
            let on = !c.flags.read_only;
            c.flags.read_only = on;
            c.flags.ignore_size = on;
        }
        crate::server::pane::signal_redraw();
    }
    let shown = ctx.srv.clients.clients.get(&client).map(|c| c.session);
    let session = if args.has('n') || args.has('p') {
        neighbour(ctx, shown, args.has('n')).ok_or_else(|| {
            CmdError::Msg(format!(
                "can't find {} session",
                if args.has('n') { "next" } else { "previous" }
            ))
        })?
    } else if args.has('l') {
        ctx.srv
            .clients
            .clients
            .get(&client)
            .and_then(|c| c.last_session)
            .filter(|s| ctx.srv.model.sessions.contains_key(s))
            .ok_or_else(|| CmdError::Msg("can't find last session".into()))?
    } else {
        match args.get('t') {
            // A window or pane target also makes that window and pane current (tmux).
            Some(t) if t.contains([':', '.', '%']) => {
                let (s, w, p) = ctx.find_pane(Some(t))?;
                if ctx.srv.model.windows[&w].active_pane != p {
                    ctx.apply(Change::PaneSelected { id: p })?;
                }
                if ctx.srv.model.sessions[&s].active_window != w {
                    ctx.apply(Change::WindowSelectedIn {
                        session: s,
                        window: w,
                    })?;
                }
                s
            }
            t => ctx.find_session(t)?,
        }
    };
    ctx.srv.touch(session);
    ctx.client_action(client, ClientAction::Switch(session));
    Ok(())
}

/// The session after (or before) `from` in name order, wrapping round (tmux's session_next_session).
fn neighbour(ctx: &Ctx, from: Option<SessionId>, next: bool) -> Option<SessionId> {
    let mut sessions: Vec<(&str, SessionId)> = ctx
        .srv
        .model
        .sessions
        .values()
        .map(|s| (s.name.as_str(), s.id))
        .collect();
    sessions.sort();
    let i = sessions.iter().position(|(_, id)| Some(*id) == from)?;
    let n = sessions.len();
    let j = if next { (i + 1) % n } else { (i + n - 1) % n };
    sessions.get(j).map(|(_, id)| *id)
}
