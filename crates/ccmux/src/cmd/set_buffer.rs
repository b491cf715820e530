//! set-buffer and delete-buffer (tmux's cmd-set-buffer.c).

use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, ClientAction, CmdError, CmdResult, Ctx};
use super::Args;

pub const SET_BUFFER: Entry = Entry {
    name: "set-buffer",
    alias: Some("setb"),
    template: "ab:t:n:w",
    lower: 0,
    upper: Some(1),
    json: false,
    usage: "[-aw] [-b buffer-name] [-n new-buffer-name] [-t target-client] data",
    about: "set a paste buffer (-a: append to it, -n: rename it, -w: and the client's clipboard)",
    target: TargetKind::Client,
    flags: 0,
    run: Run::Server(set),
};

pub const DELETE_BUFFER: Entry = Entry {
    name: "delete-buffer",
    alias: Some("deleteb"),
    template: "b:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-b buffer-name]",
    about: "delete a paste buffer (the most recent one without -b)",
    target: TargetKind::None,
    flags: 0,
    run: Run::Server(delete),
};

/// The buffer `-b` names (an error if there is none of that name), else the most recent one, if any.
fn named_or_top(ctx: &Ctx, name: Option<&str>) -> Result<Option<String>, CmdError> {
    let buffers = &ctx.srv.buffers;
    match name {
        Some(n) if buffers.get(n).is_none() => fail(format!("unknown buffer: {n}")),
        Some(n) => Ok(Some(n.to_string())),
        None => Ok(buffers.top().map(|b| b.name.clone())),
    }
}

fn delete(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let Some(name) = named_or_top(ctx, args.get('b'))? else {
        return fail("no buffer");
    };
    ctx.srv.buffers.delete(&name);
    Ok(())
}

fn set(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let name = args.get('b');
    if let Some(new) = args.get('n') {
        let Some(old) = named_or_top(ctx, name)? else {
            return fail("no buffer");
        };
        return ctx.srv.buffers.rename(&old, new).map_err(CmdError::Msg);
    }
    let Some(text) = args.arg(0) else {
        return fail("no data specified");
    };
    if text.is_empty() {
        return Ok(());
    }
    let mut data = match (args.has('a'), name.and_then(|n| ctx.srv.buffers.get(n))) {
        (true, Some(b)) => b.data.clone(),
        _ => Vec::new(),
    };
    data.extend_from_slice(text.as_bytes());
    let clipboard = args.has('w').then(|| data.clone());
    ctx.srv.set_buffer(name, data).map_err(CmdError::Msg)?;
    if let Some(data) = clipboard {
        // tmux's CMD_CLIENT_CANFAIL: no such client, no clipboard, no error.
        if let Ok(client) = ctx.target_client(args.get('t')) {
            ctx.client_action(client, ClientAction::Clipboard(data));
        }
    }
    Ok(())
}
