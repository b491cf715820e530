use super::entry::{Entry, Run, TargetKind};
use super::support::{CmdResult, Ctx, Effect};
use super::Args;

pub const ENTRY: Entry = Entry {
    name: "clear-history",
    alias: Some("clearhist"),
    template: "Ht:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-H] [-t target-pane]",
    about: "remove a pane's history (the lines scrolled off its screen)",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(exec),
};

/// tmux's clear-history: the pane leaves its mode, the history goes, the visible screen stays. `-H`
/// (tmux 3.4: hyperlinks too) changes nothing more here, ccmux keeps no hyperlinks. A checkpoint
/// follows, so the saved state forgets the lines too.
fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let (_, _, pane) = ctx.find_pane(args.get('t'))?;
    super::copy_mode::reset_mode(ctx, pane);
    if let Some(mut screen) = ctx
        .srv
        .panes
        .get(&pane)
        .and_then(|h| crate::server::pane::lock_cold(&h.screen))
    {
        screen.emu.clear_history();
    }
    if ctx.srv.store.is_some() {
        ctx.effects.push(Effect::Checkpoint);
    }
    Ok(())
}
