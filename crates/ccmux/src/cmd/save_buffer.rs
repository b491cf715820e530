//! save-buffer and show-buffer (tmux's cmd-save-buffer.c): a buffer to a file (a job off the state
//! lock), or to a command-line client's standard output as it is; to an attached client, show-buffer
//! shows it escaped (tmux's `VIS_OCTAL|VIS_CSTYLE|VIS_TAB`) in the view.

use super::entry::{Entry, Run, TargetKind};
use super::file_io;
use super::queue::{Job, Resume};
use super::support::{fail, CmdResult, Ctx, Source};
use super::Args;
use std::sync::Arc;

pub const SAVE_BUFFER: Entry = Entry {
    name: "save-buffer",
    alias: Some("saveb"),
    template: "ab:",
    lower: 1,
    upper: Some(1),
    json: false,
    usage: "[-a] [-b buffer-name] path",
    about: "write a paste buffer to a file (-a: append; -: standard output)",
    target: TargetKind::None,
    flags: 0,
    run: Run::Server(save),
};

pub const SHOW_BUFFER: Entry = Entry {
    name: "show-buffer",
    alias: Some("showb"),
    template: "b:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-b buffer-name]",
    about: "print a paste buffer",
    target: TargetKind::None,
    flags: 0,
    run: Run::Server(show),
};

/// The data of the buffer `-b` names, else of the most recent one.
fn data(ctx: &Ctx, name: Option<&str>) -> Result<Vec<u8>, super::support::CmdError> {
    let buffers = &ctx.srv.buffers;
    match name {
        None => match buffers.top() {
            Some(b) => Ok(b.data.clone()),
            None => fail("no buffers"),
        },
        Some(n) => match buffers.get(n) {
            Some(b) => Ok(b.data.clone()),
            None => fail(format!("no buffer {n}")),
        },
    }
}

fn show(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let data = data(ctx, args.get('b'))?;
    if matches!(ctx.source, Source::Cli { .. }) {
        ctx.out.push_bytes(&data);
    } else {
        let text = crate::server::vis::escape(&data, false);
        ctx.print(&text);
    }
    Ok(())
}

fn save(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let data = data(ctx, args.get('b'))?;
    let path = args.arg(0).unwrap_or_default();
    let path = file_io::resolve_or_dash(ctx, &path);
    if path == "-" {
        // The client's standard output: a command-line client's only (tmux: EBADF for others).
        match ctx.source {
            Source::Cli { .. } => ctx.out.push_bytes(&data),
            _ => file_io::report(ctx, "-", &file_io::ebadf()),
        }
        return Ok(());
    }
    let job = Job::WriteFile {
        path: path.clone(),
        data: Arc::new(data),
        append: args.has('a'),
    };
    file_io::wait(ctx, job, Resume::SaveBuffer { path });
    Ok(())
}
