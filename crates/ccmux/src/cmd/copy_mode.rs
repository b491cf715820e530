use super::entry::{Entry, Run, TargetKind};
use super::queue::{Job, Resume};
use super::support::{fail, ClientAction, CmdResult, Ctx};
use super::Args;
use crate::server::copy::commands::Copy;
use crate::server::copy::server::Enter;
use ccmux_model::{OptionScope, PaneId};

pub const ENTRY: Entry = Entry {
    name: "copy-mode",
    alias: None,
    template: "deHMs:t:uq",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-deHMuq] [-s src-pane] [-t target-pane]",
    about: "enter copy mode on a pane (-u: and scroll a page up, -d: a page down, -q: leave it)",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(exec),
};

/// Ends a pane's mode, if it is in one, with the `pane-mode-changed` hook (tmux's
/// window_pane_reset_mode_all).
pub fn reset_mode(ctx: &mut Ctx, pane: PaneId) {
    if ctx.srv.leave_mode(pane) {
        super::hooks::pane_mode_changed(ctx, pane);
    }
}

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let (_, _, mut pane) = ctx.find_pane(args.get('t'))?;
    if args.has('q') {
        reset_mode(ctx, pane);
        return Ok(());
    }
    let mouse = if args.has('M') {
        // The pane under the mouse, for a client in its session (else nothing, as tmux).
        let (Some(m), Some((p, _, _))) = (ctx.q.mouse, ctx.mouse_pane()) else {
            return Ok(());
        };
        pane = p;
        Some(m)
    } else {
        None
    };
    let source = match args.get('s') {
        Some(s) => ctx.find_pane(Some(s))?.2,
        None => pane,
    };
    let how = Enter {
        scroll_exit: args.has('e'),
        hide_position: args.has('H'),
    };
    let entered = ctx.srv.enter_copy_mode(pane, source, how);
    if entered {
        super::hooks::pane_mode_changed(ctx, pane);
        let clients: Vec<u32> = ctx.srv.clients.clients.keys().copied().collect();
        for id in clients {
            ctx.client_action(id, ClientAction::ModeEntered(pane));
        }
    }
    if let (true, Some(m)) = (entered, mouse) {
        ctx.client_action(m.client, ClientAction::DragStarted(pane));
    }
    let Some(cm) = ctx.srv.modes.panes.get_mut(&pane) else {
        return fail(format!("pane {pane} has no contents to copy"));
    };
    if let (true, Some(m)) = (entered, mouse) {
        cm.start_drag(m.lx as usize, m.ly as usize, m.x as usize, m.y as usize);
    }
    if args.has('u') {
        cm.pageup(false);
    }
    // tmux 3.5's -d: a page down, leaving with -e at the bottom.
    if args.has('d') && cm.pagedown(false, args.has('e')) {
        reset_mode(ctx, pane);
    }
    crate::server::pane::signal_redraw();
    Ok(())
}

/// Carries out what copy commands on `pane` copied: paste buffers, the clipboard of the clients
/// showing the pane (`set-clipboard`), and commands the text is piped to (`copy-pipe`,
/// `copy-command`), run in the background.
pub fn carry_out(ctx: &mut Ctx, pane: PaneId, copies: Vec<Copy>) {
    for copy in copies {
        match copy {
            Copy::Buffer { data, prefix } => {
                clipboard(ctx, pane, &data);
                if let Err(e) = ctx.srv.add_buffer_prefixed(data, prefix.as_deref()) {
                    ctx.errors.push(e);
                }
            }
            Copy::Append { data } => {
                clipboard(ctx, pane, &data);
                let top = ctx
                    .srv
                    .buffers
                    .top()
                    .map(|b| (b.name.clone(), b.data.clone()));
                let result = match top {
                    Some((name, mut old)) => {
                        old.extend_from_slice(&data);
                        ctx.srv.set_buffer(Some(&name), old)
                    }
                    None => ctx.srv.add_buffer(data),
                };
                if let Err(e) = result {
                    ctx.errors.push(e);
                }
            }
            Copy::Pipe { data, command } => {
                let command = command.filter(|c| !c.is_empty()).unwrap_or_else(|| {
                    ctx.srv
                        .model
                        .option_text(OptionScope::Server, "copy-command")
                });
                if command.is_empty() {
                    continue;
                }
                let job = Job::Pipe {
                    command,
                    cwd: ctx.cwd.clone(),
                    env: super::run_shell::job_env(ctx),
                    input: std::sync::Arc::new(data),
                };
                ctx.effects.push(super::Effect::Background {
                    job,
                    resume: Resume::Continue,
                    source: super::Source::Internal,
                });
            }
        }
    }
}

/// Sends copied text to the terminals of the clients showing `pane` (OSC 52) and runs
/// `pane-set-clipboard`, unless `set-clipboard` is off (tmux's window_copy_copy_buffer).
fn clipboard(ctx: &mut Ctx, pane: PaneId, data: &[u8]) {
    if ctx
        .srv
        .model
        .option_text(OptionScope::Server, "set-clipboard")
        == "off"
    {
        return;
    }
    for id in crate::server::clipboard::showing(ctx.srv, pane) {
        ctx.client_action(id, ClientAction::Clipboard(data.to_vec()));
    }
    let at = super::hooks::At {
        session: ctx.srv.model.session_of_pane(pane),
        window: ctx.srv.model.panes.get(&pane).map(|p| p.window),
        pane: Some(pane),
    };
    super::hooks::run(ctx, "pane-set-clipboard", at, Default::default());
}
