//! list-buffers (tmux's cmd-list-buffers.c): every buffer, most recent first, through a format.

use super::entry::{Entry, Run, TargetKind};
use super::support::{CmdResult, Ctx};
use super::Args;
use crate::server::format_ctx::Target;

const DEFAULT: &str = "#{buffer_name}: #{buffer_size} bytes: \"#{buffer_sample}\"";

pub const ENTRY: Entry = Entry {
    name: "list-buffers",
    alias: Some("lsb"),
    template: "F:f:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-F format] [-f filter]",
    about: "list paste buffers, most recent first",
    target: TargetKind::None,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let format = args.get('F').unwrap_or(DEFAULT);
    let lines = lines(ctx, format, args.get('f'));
    for line in lines {
        ctx.print(&line);
    }
    Ok(())
}

/// Each buffer (most recent first) that passes `filter`, expanded through `format`. As in tmux, the
/// formats know the buffer and the server, not the current session, window or pane.
fn lines(ctx: &Ctx, format: &str, filter: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    for b in ctx.srv.buffers.by_time() {
        let mut formats = ctx.formats.clone();
        formats.extend(crate::server::buffers::vars(b));
        let target = Target::server(ctx.srv).with_formats(&formats);
        if filter.is_some_and(|f| !ccmux_lang::format_true(&target.expand(f))) {
            continue;
        }
        out.push(target.expand(format));
    }
    out
}
