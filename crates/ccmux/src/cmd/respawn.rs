//! respawn-pane and respawn-window (tmux's cmd-respawn-pane.c, cmd-respawn-window.c, spawn.c): a new
//! process in a pane whose process ended (dead, remain-on-exit), or with `-k` in place of a running one.
//! Without a command the pane runs what it ran before; `-c` and `-e` as for new panes.

use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, CmdResult, Ctx};
use super::Args;
use ccmux_model::{Change, OptionScope, PaneId, PaneSpec, SessionId, WindowId};

pub const RESPAWN_PANE: Entry = Entry {
    name: "respawn-pane",
    alias: Some("respawnp"),
    template: "c:e:kt:",
    lower: 0,
    upper: None,
    json: false,
    usage: "[-k] [-c start-directory] [-e environment] [-t target-pane] [shell-command]",
    about: "start a pane's command again (-k: even when it still runs)",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(respawn_pane),
};

pub const RESPAWN_WINDOW: Entry = Entry {
    name: "respawn-window",
    alias: Some("respawnw"),
    template: "c:e:kt:",
    lower: 0,
    upper: None,
    json: false,
    usage: "[-k] [-c start-directory] [-e environment] [-t target-window] [shell-command]",
    about: "start a window's first pane again, closing the others (-k: even when they still run)",
    target: TargetKind::Window,
    flags: 0,
    run: Run::Server(respawn_window),
};

fn respawn_pane(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let (session, window, pane) = ctx.find_pane(args.get('t'))?;
    if !args.has('k') && alive(ctx, pane) {
        let (name, index) = names(ctx, session, window);
        let base = ctx
            .srv
            .model
            .option_number(OptionScope::Window(window), "pane-base-index");
        let p = ctx.srv.model.pane_index(pane).unwrap_or(0) as i64 + base;
        return fail(format!(
            "respawn pane failed: pane {name}:{index}.{p} still active"
        ));
    }
    respawn(args, ctx, pane, "respawn pane failed: ")
        .map_err(|e| prefix(e, "respawn pane failed: "))
}

fn respawn_window(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let (session, window) = ctx.find_window(args.get('t'))?;
    let panes = ctx.srv.model.windows[&window].layout.panes();
    if !args.has('k') && panes.iter().any(|p| alive(ctx, *p)) {
        let (name, index) = names(ctx, session, window);
        return fail(format!(
            "respawn window failed: window {name}:{index} still active"
        ));
    }
    let Some((&first, others)) = panes.split_first() else {
        return Ok(());
    };
    super::swap_pane::unzoom(ctx, window)?;
    for p in others {
        ctx.apply(Change::PaneClosed { id: *p })?;
    }
    if ctx.srv.model.windows[&window].active_pane != first {
        ctx.apply(Change::PaneSelected { id: first })?;
    }
    respawn(args, ctx, first, "respawn window failed: ")
        .map_err(|e| prefix(e, "respawn window failed: "))?;
    // As tmux's spawn_window: the window becomes the session's current one.
    if ctx.srv.model.sessions[&session].active_window != window {
        ctx.apply(Change::WindowSelectedIn { session, window })?;
    }
    Ok(())
}

fn prefix(e: super::support::CmdError, what: &str) -> super::support::CmdError {
    super::support::CmdError::Msg(format!("{what}{e}"))
}

fn alive(ctx: &Ctx, pane: PaneId) -> bool {
    ctx.srv.panes.get(&pane).is_some_and(|h| h.alive())
}

fn names(ctx: &Ctx, session: SessionId, window: WindowId) -> (String, u32) {
    let name = ctx.srv.model.sessions[&session].name.clone();
    let index = ctx
        .srv
        .model
        .window_index_in(Some(session), window)
        .unwrap_or(0);
    (name, index)
}

/// Starts the pane's new process: its spec from the old one and the arguments.
fn respawn(args: &Args, ctx: &mut Ctx, pane: PaneId, what: &'static str) -> CmdResult {
    let old = ctx.srv.model.panes[&pane].clone();
    let command = args.rest(0);
    let given = ctx.pane_spec(
        args.get('c'),
        &args
            .all('e')
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>(),
        command.clone(),
        Some(pane),
    )?;
    let spec = PaneSpec {
        command: if command.is_empty() {
            old.spec.command.clone()
        } else {
            command
        },
        shell: given.shell,
        env: given.env,
        cwd: if args.has('c') {
            given.cwd
        } else {
            old.spec.cwd.clone()
        },
    };
    // The process starts off the lock; the change is applied once it runs (nothing changes if it
    // cannot start).
    let mut request = ctx
        .srv
        .spawn_request(pane, Some(&spec), false)
        .map_err(|e| super::support::CmdError::Msg(e.to_string()))?;
    ctx.with_umask(&mut request);
    ctx.srv.respawning.insert(pane);
    ctx.spawns.push((
        request,
        super::spawn::PendingSpawn {
            pane,
            print: None,
            respawn: Some(Change::PaneRespawned { id: pane, spec }),
            what,
        },
    ));
    // The pane leaves any mode as its process is started (tmux's spawn_pane).
    super::copy_mode::reset_mode(ctx, pane);
    Ok(())
}
