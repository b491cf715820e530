//! load-buffer (tmux's cmd-load-buffer.c): a file (read as a job off the state lock) or, with `-`, the
//! command-line client's standard input into a buffer; `-w` sets the client's clipboard too.

use super::entry::{Entry, Run, TargetKind};
use super::file_io;
use super::queue::{Job, JobResult, Resume};
use super::support::{ClientAction, CmdResult, Ctx};
use super::Args;

pub const ENTRY: Entry = Entry {
    name: "load-buffer",
    alias: Some("loadb"),
    template: "b:t:w",
    lower: 1,
    upper: Some(1),
    json: false,
    usage: "[-b buffer-name] [-t target-client] path",
    about: "load a file (-: standard input) into a paste buffer (-w: and the client's clipboard)",
    target: TargetKind::Client,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let name = args.get('b').map(String::from);
    // tmux's CMD_CLIENT_CANFAIL: no such client, no clipboard, no error.
    let clipboard = if args.has('w') {
        ctx.target_client(args.get('t')).ok()
    } else {
        None
    };
    let path = file_io::resolve_or_dash(ctx, &args.arg(0).unwrap_or_default());
    if path == "-" {
        // The client's standard input, once: a second `-` (or a client without one) has none.
        let result = match ctx.q.stdin.take() {
            Some(data) => Ok(data),
            None => Err(file_io::ebadf()),
        };
        let result = match result.and_then(file_io::check_size) {
            Ok(data) => JobResult {
                data,
                ..JobResult::default()
            },
            Err(why) => JobResult {
                status: 1,
                output: why,
                ..JobResult::default()
            },
        };
        loaded(ctx, &path, name.as_deref(), clipboard, result);
        return Ok(());
    }
    let resume = Resume::LoadBuffer {
        path: path.clone(),
        name,
        clipboard,
    };
    file_io::wait(ctx, Job::ReadFile(path), resume);
    Ok(())
}

/// The file was read (or not): set the buffer, as tmux's cmd_load_buffer_done.
pub fn loaded(
    ctx: &mut Ctx,
    path: &str,
    name: Option<&str>,
    clipboard: Option<u32>,
    result: JobResult,
) {
    if result.status != 0 {
        return file_io::report(ctx, path, &result.output);
    }
    if result.data.is_empty() {
        return;
    }
    let data = result.data;
    let copy = clipboard.map(|c| (c, data.clone()));
    if let Err(e) = ctx.srv.set_buffer(name, data) {
        ctx.errors.push(e);
        ctx.failed = true;
        return;
    }
    if let Some((client, data)) = copy {
        ctx.client_action(client, ClientAction::Clipboard(data));
    }
}
