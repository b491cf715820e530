use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, ClientAction, CmdResult, Ctx};
use super::Args;

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
    flags: 0,
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
    for flag in ['l', 'n', 'p', 'r', 'E', 'F', 'Z'] {
        if args.has(flag) {
            return fail(format!(
                "switch-client -{flag} is not available in ccmux yet"
            ));
        }
    }
    let client = ctx.target_client(args.get('c'))?;
    let session = ctx.find_session(args.get('t'))?;
    ctx.client_action(client, ClientAction::Switch(session));
    Ok(())
}
