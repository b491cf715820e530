//! choose-buffer (tmux's cmd-choose-tree.c for window-buffer.c): a list of the buffers over a pane of
//! the attached client (`C-b =`); Enter runs the template (`paste-buffer -b '%%'`), `d` deletes.

use super::choose_tree::{choose, spec};
use super::entry::{Entry, Run, TargetKind};
use super::support::{CmdResult, Ctx};
use super::Args;
use crate::server::attach::chooser::Kind;

pub const ENTRY: Entry = Entry {
    name: "choose-buffer",
    alias: None,
    template: "F:f:K:NO:rt:Z",
    lower: 0,
    upper: Some(1),
    json: false,
    usage: "[-NrZ] [-F format] [-f filter] [-K key-format] [-O sort-order] [-t target-pane] \
            [template]",
    about: "choose a paste buffer from a list (Enter pastes it, d deletes it)",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let (_, _, pane) = ctx.find_pane(args.get('t'))?;
    if ctx.srv.buffers.is_empty() {
        return Ok(());
    }
    choose(ctx, pane, spec(args, Kind::Buffer));
    Ok(())
}
