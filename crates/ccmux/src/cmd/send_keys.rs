use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, strtonum, ClientAction, CmdResult, Ctx};
use super::Args;
use crate::server::copy::commands::{Action, MouseAt, Request};
use ccmux_model::keys::{send_keys, Key, MouseAction, PaneModes, SendMode};
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
        .and_then(|h| crate::server::pane::lock_cold(&h.screen))
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
    if args.has('M') {
        return forward_mouse(ctx);
    }
    let (_, _, pane) = ctx.find_pane(args.get('t'))?;
    let repeat = match args.get('N') {
        None => 1,
        Some(n) => match strtonum(n, 1, i64::from(u32::MAX)) {
            Ok(n) => n as u32,
            Err(why) => return fail(format!("repeat count {why}")),
        },
    };
    let keys = args.rest(0);
    let in_mode = ctx.srv.modes.panes.contains_key(&pane);
    if args.has('N') && in_mode && (args.has('X') || keys.is_empty()) {
        if let Some(cm) = ctx.srv.modes.panes.get_mut(&pane) {
            cm.prefix = repeat;
        }
    }
    if args.has('X') {
        return copy_command(args, ctx, pane, keys);
    }
    if args.has('R') {
        reset_terminal(ctx, pane);
        if keys.is_empty() {
            return Ok(());
        }
    }
    if in_mode {
        // Keys for a pane in a mode go through the mode's key table, as typed keys do.
        if !keys.is_empty() {
            mode_keys(args, ctx, pane, &keys, repeat);
        }
        return Ok(());
    }
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
    ctx.srv
        .send_input(pane, |p| send_keys(&keys, mode, repeat, modes(ctx, p)));
    Ok(())
}

/// `send-keys -X`: a copy-mode command on the pane's mode.
fn copy_command(args: &Args, ctx: &mut Ctx, pane: PaneId, words: Vec<String>) -> CmdResult {
    if !ctx.srv.modes.panes.contains_key(&pane) {
        return fail("not in a mode");
    }
    let expanded: Vec<String> = words.iter().map(|w| ctx.expand(w, Some(pane))).collect();
    let mouse = ctx.q.mouse.and_then(|m| {
        let (p, _, _) = ctx.mouse_pane()?;
        let wheel = matches!(m.key.action, MouseAction::WheelUp | MouseAction::WheelDown);
        (p == pane).then_some(MouseAt {
            x: m.x as usize,
            y: m.y as usize,
            lx: m.lx as usize,
            ly: m.ly as usize,
            wheel,
        })
    });
    let req = Request {
        args: &words,
        expanded: &expanded,
        format_search: args.has('F'),
        mouse,
    };
    let Some(out) = ctx.srv.copy_command(pane, &req) else {
        return fail("not in a mode");
    };
    if out.drag {
        if let Some(m) = ctx.q.mouse {
            ctx.client_action(m.client, ClientAction::DragStarted(pane));
        }
    }
    if out.action == Action::Cancel {
        super::hooks::pane_mode_changed(ctx, pane);
    }
    super::copy_mode::carry_out(ctx, pane, out.copies);
    Ok(())
}

/// Keys sent to a pane in a mode: each is looked up in the mode's key table and its binding runs
/// for the pane (tmux's cmd_send_keys_inject_key); unbound keys do nothing.
fn mode_keys(args: &Args, ctx: &mut Ctx, pane: PaneId, keys: &[String], repeat: u32) {
    let Some(table) = ctx.srv.mode_table(pane) else {
        return;
    };
    let mut lookups = Vec::new();
    for _ in 0..repeat.min(10_000) {
        for arg in keys {
            if args.has('H') {
                if let Ok(n @ 0..=0xff) = u32::from_str_radix(arg, 16) {
                    lookups.push(Key::char(char::from(n as u8)));
                }
                continue;
            }
            match Key::parse(arg).filter(|_| !args.has('l')) {
                Some(k) if k.code != ccmux_model::keys::KeyCode::NoKey => lookups.push(k),
                _ => lookups.extend(arg.chars().map(Key::char)),
            }
        }
    }
    let commands: Vec<String> = lookups
        .iter()
        .filter_map(|k| {
            let t = ctx.srv.model.key_tables.get(table)?;
            t.get(&k.name()).map(|b| b.command.clone())
        })
        .filter(|c| !c.is_empty())
        .collect();
    let session = ctx.srv.model.session_of_pane(pane);
    let current = ccmux_model::Current {
        pane: Some(pane),
        session,
        marked: ctx.srv.marked,
    };
    let mut items = Vec::new();
    for text in commands {
        let parsed = {
            let opts = ccmux_lang::ParseOptions::default();
            let mut env = super::text::ServerEnv::new(ctx.srv, session, Some(pane));
            super::text::parse(&text, &opts, &mut env)
        };
        match parsed {
            Ok(cmds) => {
                let mut more = super::queue::items(ctx, &cmds, ctx.in_hook, None);
                for item in &mut more {
                    item.current = Some(current);
                }
                items.extend(more);
            }
            Err(e) => ctx.errors.push(e),
        }
    }
    super::queue::push_front(ctx, items);
}

/// `send-keys -M`: the mouse event of the binding goes to the pane under it (to its program when it
/// asked for the mouse; a pane in a mode takes no mouse keys).
fn forward_mouse(ctx: &mut Ctx) -> CmdResult {
    let Some(m) = ctx.q.mouse else {
        return fail("no mouse target");
    };
    let Some((pane, _, _)) = ctx.mouse_pane() else {
        return fail("no mouse target");
    };
    // Not to a pane in a mode or whose input is off; never to the synchronized panes.
    if ctx.srv.modes.panes.contains_key(&pane) || ctx.srv.input_targets(pane).is_empty() {
        return Ok(());
    }
    let Some(h) = ctx.srv.panes.get(&pane) else {
        return Ok(());
    };
    let Some(screen) = crate::server::pane::lock_cold(&h.screen) else {
        return Ok(());
    };
    let md = screen.emu.modes();
    drop(screen);
    if let Some(bytes) = crate::server::attach::mouse_bytes(&md, &m.raw) {
        h.write(bytes);
    }
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
    if ctx.srv.modes.panes.contains_key(&pane) {
        // A pane in a mode takes the key through the mode's table (tmux's window_pane_key).
        mode_keys(args, ctx, pane, &[name], 1);
        return Ok(());
    }
    ctx.srv
        .send_input(pane, |p| key.encode(modes(ctx, p)).unwrap_or_default());
    Ok(())
}

/// `send-keys -R`: the pane's terminal is reset as tmux's input_reset does (its colours back to
/// the defaults, attributes, charsets, modes, scroll region and tab stops reset, the screen cleared
/// and the cursor home; the history and which screen is shown are kept). Injected into the pane's
/// emulator like output, so recovery shows the same.
fn reset_terminal(ctx: &mut Ctx, pane: PaneId) {
    let Some(handle) = ctx.srv.panes.get(&pane) else {
        return;
    };
    let Some(mut screen) = crate::server::pane::lock(&handle.screen) else {
        return;
    };
    let (cols, _) = screen.emu.size();
    let mut reset = String::from(
        "\x1b]104\x07\x1b[0m\x1b(B\x1b)B\x0f\x1b[r\x1b[4l\x1b[?6l\x1b[?7h\x1b[?25h\
         \x1b[?1l\x1b>\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1005l\x1b[?1006l\
         \x1b[?1004l\x1b[?2004l\x1b[3g",
    );
    for col in (8..cols).step_by(8) {
        reset.push_str(&format!("\x1b[{}G\x1bH", col + 1));
    }
    reset.push_str("\x1b[H\x1b[2J");
    screen.inject(reset.as_bytes());
    drop(screen);
    crate::server::pane::signal_redraw();
}
