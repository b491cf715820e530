use super::entry::{Entry, Run, TargetKind};
use super::pane_args::NewPane;
use super::support::{fail, parse_size, percent, CmdResult, Ctx};
use super::Args;
use ccmux_model::{Change, PaneId, SplitDir};

pub const ENTRY: Entry = Entry {
    name: "split-window",
    alias: Some("splitw"),
    template: "bc:de:fF:hIl:p:Pt:vZ",
    lower: 0,
    upper: None,
    json: false,
    usage: "[-bdefhIPvZ] [-c start-directory] [-e environment] [-F format] [-l size] \
            [-t target-pane] [shell-command]",
    about: "split a pane in two, starting a new process in the new half",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    for flag in ['f', 'I', 'Z'] {
        if args.has(flag) {
            return fail(format!(
                "split-window -{flag} is not available in ccmux yet"
            ));
        }
    }
    let new = NewPane::from_args(args);
    let (_, _, target) = ctx.find_pane(args.get('t'))?;
    let dir = if args.has('h') {
        SplitDir::LeftRight
    } else {
        SplitDir::TopBottom
    };
    let rect = ctx.srv.model.pane_rect(target).unwrap_or_default();
    let extent = match dir {
        SplitDir::LeftRight => rect.cols,
        SplitDir::TopBottom => rect.rows,
    };
    let size = match (args.get('l'), args.get('p')) {
        (Some(s), _) => Some(parse_size(s, extent)?),
        (None, Some(p)) => match p.parse::<u32>() {
            Ok(p) if p <= 100 => Some(percent(p, extent)),
            _ => return fail(format!("percentage {p} invalid")),
        },
        (None, None) => None,
    };
    let spec = new.spec(ctx, Some(target))?;
    let pane = PaneId(ctx.srv.model.next.pane);
    let change = Change::PaneSplit {
        target,
        pane,
        dir,
        size,
        before: args.has('b'),
        spec,
        select: !args.has('d'),
    };
    ctx.create_pane(change, pane)?;
    new.print_info(ctx, pane, "#{session_name}:#{window_index}.#{pane_index}");
    Ok(())
}
