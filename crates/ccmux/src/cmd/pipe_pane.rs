//! pipe-pane (tmux's cmd-pipe-pane.c): a pane's output to a shell command (`-O`, the default), the
//! command's output to the pane (`-I`); without a command the pipe closes; `-o` opens one only when
//! none is open (a toggle).

use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, CmdResult, Ctx};
use super::Args;
use crate::server::pipe::Pipe;

pub const ENTRY: Entry = Entry {
    name: "pipe-pane",
    alias: Some("pipep"),
    template: "IOot:",
    lower: 0,
    upper: Some(1),
    json: false,
    usage: "[-IOo] [-t target-pane] [shell-command]",
    about: "pipe a pane's output to a shell command (-I: the command's output to the pane)",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let (_, _, pane) = ctx.find_pane(args.get('t'))?;
    let Some(handle) = ctx.srv.panes.get(&pane).filter(|h| h.alive()) else {
        return fail("target pane has exited");
    };
    let had = crate::server::pane::lock_cold(&handle.screen).and_then(|mut s| s.pipe.take());
    let was_open = had.is_some();
    drop(had); // closes the old pipe outside the screen lock
    let command = args.arg(0).unwrap_or_default();
    if command.is_empty() || (args.has('o') && was_open) {
        return Ok(());
    }
    let (input, out) = if args.has('I') {
        (true, args.has('O'))
    } else {
        (false, true)
    };
    let command = ctx.expand(&command, Some(pane));
    let Some(handle) = ctx.srv.panes.get(&pane) else {
        return Ok(());
    };
    let sender = input.then(|| handle.input_sender());
    let pipe = Pipe::open(&command, out, sender).or_else(|e| fail(format!("fork error: {e}")))?;
    if let Some(mut screen) = crate::server::pane::lock_cold(&handle.screen) {
        screen.pipe = Some(pipe);
    }
    Ok(())
}
