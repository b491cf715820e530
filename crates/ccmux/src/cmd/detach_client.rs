use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, ClientAction, CmdResult, Ctx, Source};
use super::Args;

pub const ENTRY: Entry = Entry {
    name: "detach-client",
    alias: Some("detach"),
    template: "aE:s:t:P",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-aP] [-E shell-command] [-s target-session] [-t target-client]",
    about: "detach clients: the current one, -t one, every client of -s, or all but -t with -a",
    target: TargetKind::Client,
    flags: super::entry::flags::READ_ONLY,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let clients: Vec<u32> = if let Some(s) = args.get('s') {
        let session = ctx.find_session(Some(s))?;
        ctx.srv.clients.of_session(session)
    } else if args.has('a') {
        let keep = ctx.target_client(args.get('t')).ok();
        let all = ctx.srv.clients.clients.keys().copied();
        all.filter(|c| Some(*c) != keep).collect()
    } else if args.get('t').is_some() || matches!(ctx.source, Source::Client(_)) {
        vec![ctx.target_client(args.get('t'))?]
    } else {
        // From a shell: the clients of the current session, as before.
        let session = ctx.find_session(None)?;
        let of = ctx.srv.clients.of_session(session);
        if of.is_empty() {
            return fail("no current client");
        }
        of
    };
    let command = args.get('E');
    for id in clients {
        // -E runs a command in place of the client (an empty one: nothing happens, as tmux).
        if let Some(command) = command {
            if !command.is_empty() {
                ctx.client_action(id, ClientAction::Exec(command.to_string()));
            }
            continue;
        }
        let name = ctx
            .srv
            .clients
            .clients
            .get(&id)
            .and_then(|c| ctx.srv.model.sessions.get(&c.session))
            .map(|s| s.name.clone())
            .unwrap_or_default();
        let reason = format!("detached (from session {name})");
        let action = if args.has('P') {
            ClientAction::DetachHup(reason)
        } else {
            ClientAction::Detach(reason)
        };
        ctx.client_action(id, action);
    }
    Ok(())
}
