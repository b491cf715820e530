use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, ClientAction, CmdResult, Ctx};
use super::Args;

pub const ENTRY: Entry = Entry {
    name: "copy-mode",
    alias: None,
    template: "eHMs:t:uq",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-eHMuq] [-s src-pane] [-t target-pane]",
    about: "enter copy mode on a pane (-u: and scroll a page up)",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(exec),
};

pub const PASTE_BUFFER: Entry = Entry {
    name: "paste-buffer",
    alias: Some("pasteb"),
    template: "db:prs:t:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-dpr] [-s separator] [-b buffer-name] [-t target-pane]",
    about: "paste the most recent buffer into a pane",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(paste),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    for flag in ['s', 'M', 'e', 'H', 'q'] {
        if args.has(flag) {
            return fail(format!("copy-mode -{flag} is not available in ccmux yet"));
        }
    }
    let (_, _, pane) = ctx.find_pane(args.get('t'))?;
    let client = ctx.target_client(None)?;
    ctx.client_action(
        client,
        ClientAction::CopyMode {
            pane,
            page_up: args.has('u'),
        },
    );
    Ok(())
}

fn paste(args: &Args, ctx: &mut Ctx) -> CmdResult {
    if let Some(name) = args.get('b') {
        return fail(format!("no buffer {name}"));
    }
    let (_, _, pane) = ctx.find_pane(args.get('t'))?;
    let Some(text) = ctx.srv.buffers.last().cloned() else {
        return Ok(());
    };
    let sep = args
        .get('s')
        .unwrap_or(if args.has('r') { "\n" } else { "\r" });
    let mut out = text.replace('\n', sep).into_bytes();
    if let Some(handle) = ctx.srv.panes.get(&pane) {
        let bracket = args.has('p')
            && crate::server::pane::lock(&handle.screen)
                .is_some_and(|s| s.emu.modes().bracketed_paste);
        if bracket {
            out.splice(0..0, b"\x1b[200~".iter().copied());
            out.extend_from_slice(b"\x1b[201~");
        }
        handle.write(out);
    }
    if args.has('d') {
        ctx.srv.buffers.pop();
    }
    Ok(())
}
