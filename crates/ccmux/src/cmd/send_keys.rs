use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, strtonum, CmdResult, Ctx};
use super::Args;
use ccmux_model::keys::{send_keys, Key, PaneModes, SendMode};
use ccmux_model::PaneId;

pub const ENTRY: Entry = Entry {
    name: "send-keys",
    alias: Some("send"),
    template: "FHlMN:Rt:X",
    lower: 0,
    upper: None,
    json: false,
    usage: "[-FHlMRX] [-N repeat-count] [-t target-pane] key ...",
    about: "send keys to a pane: key names (Enter, C-c, M-x, F1, C-Up ...) or literal text",
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

/// The key-encoding modes of a pane's terminal.
fn modes(ctx: &Ctx, pane: PaneId) -> PaneModes {
    ctx.srv
        .panes
        .get(&pane)
        .and_then(|h| crate::server::pane::lock(&h.screen))
        .map(|s| {
            let m = s.emu.modes();
            PaneModes {
                app_cursor: m.app_cursor,
                app_keypad: m.app_keypad,
            }
        })
        .unwrap_or_default()
}

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
            Ok(n) => n as u32,
            Err(why) => return fail(format!("repeat count {why}")),
        },
    };
    if !ctx.srv.panes.contains_key(&pane) {
        return fail(format!("pane {pane} has no process"));
    }
    // tmux: -H wins over -l.
    let mode = if args.has('H') {
        SendMode::Hex
    } else if args.has('l') {
        SendMode::Literal
    } else {
        SendMode::Keys
    };
    let keys = args.rest(0);
    ctx.srv
        .send_input(pane, |p| send_keys(&keys, mode, repeat, modes(ctx, p)));
    Ok(())
}

fn send_prefix(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let (session, _, pane) = ctx.find_pane(args.get('t'))?;
    let option = if args.has('2') { "prefix2" } else { "prefix" };
    let name = ctx
        .srv
        .model
        .option_text(ccmux_model::OptionScope::Session(session), option);
    let Some(key) = Key::parse(&name).filter(|k| k.code != ccmux_model::keys::KeyCode::NoKey)
    else {
        return Ok(());
    };
    ctx.srv
        .send_input(pane, |p| key.encode(modes(ctx, p)).unwrap_or_default());
    Ok(())
}
