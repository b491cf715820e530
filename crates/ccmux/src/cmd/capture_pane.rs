use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, CmdError, CmdResult, Ctx};
use super::Args;
use ccmux_term::{CaptureOptions, LineBound};

pub const ENTRY: Entry = Entry {
    name: "capture-pane",
    alias: Some("capturep"),
    template: "ab:CeE:JNpPqS:t:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-aCeJNpPq] [-b buffer-name] [-E end-line] [-S start-line] [-t target-pane]",
    about: "capture a pane's contents: the screen, or history lines with -S/-E",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let (_, _, pane) = ctx.find_pane(args.get('t'))?;
    let opts = CaptureOptions {
        start: bound(args.get('S'))?,
        end: bound(args.get('E'))?,
        escapes: args.has('e'),
        join: args.has('J'),
    };
    let Some(handle) = ctx.srv.panes.get(&pane) else {
        return fail(format!("pane {pane} has no process"));
    };
    let text = match crate::server::pane::lock(&handle.screen) {
        Some(screen) => screen.emu.capture(&opts),
        None => return fail("pane emulator is unavailable"),
    };
    if args.has('p') {
        ctx.out.push_str(&text);
    } else {
        let name = args.get('b');
        ctx.srv
            .set_buffer(name, text.into_bytes())
            .map_err(CmdError::Msg)?;
    }
    Ok(())
}

fn bound(s: Option<&str>) -> Result<Option<LineBound>, CmdError> {
    match s {
        None => Ok(None),
        Some("-") => Ok(Some(LineBound::Edge)),
        Some(n) => match n.parse::<i64>() {
            Ok(n) => Ok(Some(LineBound::Line(n))),
            Err(_) => fail(format!("invalid line: {n}")),
        },
    }
}
