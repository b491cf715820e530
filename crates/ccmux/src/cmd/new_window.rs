use super::entry::{Entry, Run, TargetKind};
use super::pane_args::NewPane;
use super::support::{fail, CmdResult, Ctx};
use super::Args;
use ccmux_model::{Change, OptionScope, PaneId, WindowId};

pub const ENTRY: Entry = Entry {
    name: "new-window",
    alias: Some("neww"),
    template: "abc:de:F:kn:PSt:",
    lower: 0,
    upper: None,
    json: false,
    usage: "[-abdkPS] [-c start-directory] [-e environment] [-F format] [-n window-name] \
            [-t target-window] [shell-command]",
    about: "create a window",
    target: TargetKind::Window,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    if args.has('a') || args.has('b') || args.has('k') || args.has('S') {
        return fail("new-window -a, -b, -k and -S are not available in ccmux yet");
    }
    let new = NewPane::from_args(args);
    let found = ctx
        .srv
        .model
        .find_window_index(args.get('t'), &ctx.current)?;
    let session = found.session;
    ctx.srv.touch(session);
    let index = match found.index {
        Some(i) if ctx.srv.model.sessions[&session].windows.contains_key(&i) => {
            return fail(format!("create window failed: index {i} in use"));
        }
        Some(i) => i,
        None => {
            let base = ctx
                .srv
                .model
                .option_number(OptionScope::Session(session), "base-index")
                .clamp(0, i64::from(i32::MAX)) as u32;
            ctx.srv.model.free_window_index(session, base)
        }
    };
    let from = ctx.srv.model.sessions[&session]
        .windows
        .values()
        .next()
        .copied();
    let from_pane = from.map(|w| ctx.srv.model.windows[&w].active_pane);
    let spec = new.spec(ctx, from_pane)?;
    let next = ctx.srv.model.next;
    let (id, pane) = (WindowId(next.window), PaneId(next.pane));
    let change = Change::WindowCreated {
        id,
        session,
        index,
        name: args
            .get('n')
            .map(|n| ctx.expand(n, None))
            .unwrap_or_else(|| Ctx::default_window_name(&spec)),
        pane,
        spec,
        select: !args.has('d'),
    };
    ctx.create_pane(change, pane)?;
    if args.has('n') {
        super::break_pane::no_automatic_rename(ctx, id)?;
    }
    new.print_info(ctx, pane, "#{session_name}:#{window_index}.#{pane_index}");
    Ok(())
}
