//! choose-buffer (tmux's cmd-choose-tree.c for window-buffer.c): a list of the buffers over a pane of
//! the attached client (`C-b =`); Enter runs the template (`paste-buffer -b '%%'`), `d` deletes. `-K`
//! (key format) and `-Z` (zoom while choosing) are accepted and not applied yet.

use super::entry::{Entry, Run, TargetKind};
use super::support::{ClientAction, CmdResult, Ctx};
use super::Args;
use crate::server::attach::chooser::{Sort, Spec};

const DEFAULT_TEMPLATE: &str = "paste-buffer -b '%%'";
const DEFAULT_FORMAT: &str = "#{t/p:buffer_created}: #{buffer_sample}";

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
    // As tmux: any case, an unknown order is ignored.
    let sort = (args.get('O'))
        .and_then(|o| Sort::parse(&o.to_ascii_lowercase()))
        .unwrap_or(Sort::Time);
    let spec = Spec {
        template: args.arg(0).unwrap_or_else(|| DEFAULT_TEMPLATE.to_string()),
        format: args.get('F').unwrap_or(DEFAULT_FORMAT).to_string(),
        filter: args.get('f').map(String::from),
        sort,
        reversed: args.has('r'),
        preview: !args.has('N'),
    };
    let client = ctx.target_client(None)?;
    ctx.client_action(client, ClientAction::ChooseBuffer { pane, spec });
    Ok(())
}
