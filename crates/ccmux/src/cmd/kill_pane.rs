use super::entry::{Entry, Run, TargetKind};
use super::support::{CmdResult, Ctx};
use super::Args;
use ccmux_model::Change;

pub const ENTRY: Entry = Entry {
    name: "kill-pane",
    alias: Some("killp"),
    template: "at:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-a] [-t target-pane]",
    about: "destroy a pane and its process (-a: every other pane of its window)",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let (_, window, pane) = ctx.find_pane(args.get('t'))?;
    let victims = if args.has('a') {
        let panes = ctx.srv.model.windows[&window].layout.panes();
        panes.into_iter().filter(|p| *p != pane).collect()
    } else {
        vec![pane]
    };
    for id in victims {
        ctx.apply(Change::PaneClosed { id })?;
    }
    Ok(())
}
