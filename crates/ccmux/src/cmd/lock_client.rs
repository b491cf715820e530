//! lock-client, lock-session and lock-server: `lock-command` runs in each client's terminal until it
//! exits (tmux's cmd-lock-server.c; the three share this file as they do there).

use super::entry::{Entry, Run, TargetKind};
use super::support::{ClientAction, CmdResult, Ctx};
use super::Args;
use ccmux_model::OptionScope;

pub const LOCK_CLIENT: Entry = Entry {
    name: "lock-client",
    alias: Some("lockc"),
    template: "t:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-t target-client]",
    about: "run lock-command in a client's terminal until it exits",
    target: TargetKind::Client,
    flags: 0,
    run: Run::Server(lock_client),
};

pub const LOCK_SESSION: Entry = Entry {
    name: "lock-session",
    alias: Some("locks"),
    template: "t:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-t target-session]",
    about: "lock every client attached to a session",
    target: TargetKind::Session,
    flags: 0,
    run: Run::Server(lock_session),
};

pub const LOCK_SERVER: Entry = Entry {
    name: "lock-server",
    alias: Some("lock"),
    template: "",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "",
    about: "lock every attached client",
    target: TargetKind::None,
    flags: 0,
    run: Run::Server(lock_server),
};

fn lock(ctx: &mut Ctx, clients: Vec<u32>) {
    for id in clients {
        let Some(session) = ctx.srv.clients.clients.get(&id).map(|c| c.session) else {
            continue;
        };
        let command = ctx
            .srv
            .model
            .option_text(OptionScope::Session(session), "lock-command");
        ctx.client_action(id, ClientAction::Lock(command));
    }
}

fn lock_client(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let id = ctx.target_client(args.get('t'))?;
    lock(ctx, vec![id]);
    Ok(())
}

fn lock_session(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let session = ctx.find_session(args.get('t'))?;
    let clients = ctx.srv.clients.of_session(session);
    lock(ctx, clients);
    Ok(())
}

fn lock_server(_: &Args, ctx: &mut Ctx) -> CmdResult {
    let clients = ctx.srv.clients.clients.keys().copied().collect();
    lock(ctx, clients);
    Ok(())
}
