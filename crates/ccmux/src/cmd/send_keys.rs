use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, strtonum, CmdResult, Ctx};
use super::Args;
use crate::keys::key_bytes;

pub const ENTRY: Entry = Entry {
    name: "send-keys",
    alias: Some("send"),
    template: "FHlMN:Rt:X",
    lower: 0,
    upper: None,
    json: false,
    usage: "[-FHlMRX] [-N repeat-count] [-t target-pane] key ...",
    about: "send keys to a pane: key names (Enter, C-c, M-x, F1, Up ...) or literal text",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(exec),
};

pub const SEND_PREFIX: Entry = Entry {
    name: "send-prefix",
    alias: None,
    template: "2t:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-2] [-t target-pane]",
    about: "send the prefix key to a pane",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(send_prefix),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    for flag in ['X', 'M', 'R', 'F'] {
        if args.has(flag) {
            return fail(format!("send-keys -{flag} is not available in ccmux yet"));
        }
    }
    let (_, _, pane) = ctx.find_pane(args.get('t'))?;
    let repeat = match args.get('N') {
        None => 1,
        Some(n) => match strtonum(n, 1, i64::from(u32::MAX)) {
            Ok(n) => n as usize,
            Err(why) => return fail(format!("repeat count {why}")),
        },
    };
    let Some(handle) = ctx.srv.panes.get(&pane) else {
        return fail(format!("pane {pane} has no process"));
    };
    let app_cursor =
        crate::server::pane::lock(&handle.screen).is_some_and(|s| s.emu.modes().app_cursor);
    let mut once = Vec::new();
    for key in args.rest(0) {
        if args.has('H') {
            match u8::from_str_radix(&key, 16) {
                Ok(b) => once.push(b),
                Err(_) => return fail(format!("invalid hex byte: {key}")),
            }
            continue;
        }
        match (args.has('l'), key_bytes(&key, app_cursor)) {
            (false, Some(b)) => once.extend(b),
            _ => once.extend_from_slice(key.as_bytes()),
        }
    }
    let bytes = once.repeat(repeat);
    handle.write(bytes);
    Ok(())
}

fn send_prefix(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let (_, _, pane) = ctx.find_pane(args.get('t'))?;
    let name = ctx.srv.config.prefix.clone();
    let Some(bytes) = key_bytes(&name, false) else {
        return fail(format!("invalid prefix key: {name}"));
    };
    if let Some(handle) = ctx.srv.panes.get(&pane) {
        handle.write(bytes);
    }
    Ok(())
}
