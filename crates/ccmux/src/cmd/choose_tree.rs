//! choose-tree and choose-client (tmux's cmd-choose-tree.c): a chooser over a pane of the attached
//! client showing it, for sessions, windows and panes (`C-b s`, `C-b w`) or for the clients
//! (`C-b D`). The chooser itself is `server/attach/chooser`.

use super::entry::{Entry, Run, TargetKind};
use super::support::{ClientAction, CmdResult, Ctx, Source};
use super::Args;
use crate::server::attach::chooser::{Kind, Show, Spec, TreeSpec};
use ccmux_model::PaneId;

pub const CHOOSE_TREE: Entry = Entry {
    name: "choose-tree",
    alias: None,
    template: "F:f:GK:NO:rst:wZ",
    lower: 0,
    upper: Some(1),
    json: false,
    usage: "[-GNrswZ] [-F format] [-f filter] [-K key-format] [-O sort-order] [-t target-pane] \
            [template]",
    about: "choose a session, window or pane from a tree",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(choose_tree),
};

pub const CHOOSE_CLIENT: Entry = Entry {
    name: "choose-client",
    alias: None,
    template: "F:f:K:NO:rt:Z",
    lower: 0,
    upper: Some(1),
    json: false,
    usage: "[-NrZ] [-F format] [-f filter] [-K key-format] [-O sort-order] [-t target-pane] \
            [template]",
    about: "choose a client from a list (Enter detaches it)",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(choose_client),
};

/// The flags every chooser takes.
pub fn spec(args: &Args, kind: Kind) -> Spec {
    Spec {
        kind,
        template: args.arg(0),
        format: args.get('F').map(String::from),
        key_format: args.get('K').map(String::from),
        filter: args.get('f').map(String::from),
        sort: args.get('O').map(String::from),
        reversed: args.has('r'),
        preview: !args.has('N'),
        zoom: args.has('Z'),
    }
}

/// Shows a chooser over `pane` on the client that shows it: the one that ran the command, else one
/// whose current window holds the pane, else the current one. Without a client nothing shows (tmux
/// puts the mode on the pane for whoever looks).
pub fn choose(ctx: &mut Ctx, pane: PaneId, spec: Spec) {
    let window = ctx.srv.model.panes.get(&pane).map(|p| p.window);
    let showing = ctx.srv.clients.clients.iter().find(|(_, c)| {
        let current = ctx
            .srv
            .model
            .sessions
            .get(&c.session)
            .map(|s| s.active_window);
        current.is_some() && current == window
    });
    let client = match (&ctx.source, showing) {
        (Source::Client(id), _) => Some(*id),
        (_, Some((id, _))) => Some(*id),
        _ => ctx.target_client(None).ok(),
    };
    if let Some(client) = client {
        let spec = Box::new(spec);
        ctx.client_action(client, ClientAction::Choose { pane, spec });
    }
}

/// A tree chooser for `-t`'s pane (also find-window's).
pub fn tree(
    ctx: &mut Ctx,
    target: Option<&str>,
    show: Show,
    squash: bool,
    spec: impl FnOnce(Kind) -> Spec,
) -> CmdResult {
    let (session, window, pane) = ctx.find_pane(target)?;
    let model = &ctx.srv.model;
    let index = model.window_index_in(Some(session), window).unwrap_or(0);
    let single = model
        .windows
        .get(&window)
        .is_some_and(|w| w.layout.panes().len() == 1);
    let t = TreeSpec {
        show,
        squash,
        session,
        window: index,
        pane,
        single,
    };
    choose(ctx, pane, spec(Kind::Tree(t)));
    Ok(())
}

fn choose_tree(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let show = if args.has('s') {
        Show::Sessions
    } else if args.has('w') {
        Show::Windows
    } else {
        Show::Panes
    };
    tree(ctx, args.get('t'), show, !args.has('G'), |k| spec(args, k))
}

fn choose_client(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let (_, _, pane) = ctx.find_pane(args.get('t'))?;
    if ctx.srv.clients.clients.is_empty() {
        return Ok(());
    }
    choose(ctx, pane, spec(args, Kind::Client));
    Ok(())
}
