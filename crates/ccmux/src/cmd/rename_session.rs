use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, CmdResult, Ctx};
use super::Args;
use ccmux_model::Change;

pub const ENTRY: Entry = Entry {
    name: "rename-session",
    alias: Some("rename"),
    template: "t:",
    lower: 1,
    upper: Some(1),
    json: false,
    usage: "[-t target-session] new-name",
    about: "rename a session",
    target: TargetKind::Session,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let id = ctx.find_session(args.get('t'))?;
    let name = args.arg(0).unwrap_or_default();
    if name.is_empty() || name.contains(':') || name.contains('.') {
        return fail(format!("invalid session name: {name}"));
    }
    if ctx.srv.model.sessions[&id].name == name {
        return Ok(());
    }
    ctx.apply(Change::SessionRenamed { id, name })?;
    Ok(())
}
