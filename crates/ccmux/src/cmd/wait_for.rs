use super::entry::{Entry, Run, TargetKind};
use super::queue::{Job, Resume, Wait};
use super::support::{fail, CmdResult, Ctx, Source};
use super::Args;
use std::sync::Arc;

pub const ENTRY: Entry = Entry {
    name: "wait-for",
    alias: Some("wait"),
    template: "LSU",
    lower: 1,
    upper: Some(1),
    json: false,
    usage: "[-L|-S|-U] channel",
    about: "wait for a channel's signal (-S signals it; -L and -U lock and unlock it)",
    target: TargetKind::None,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let name = args.arg(0).unwrap_or_default();
    // Commands from the server itself (config files, hooks without a client) have nobody to wait.
    let has_client = !matches!(ctx.source, Source::Internal);
    if args.has('S') {
        ctx.srv.channels.signal(&name);
        return Ok(());
    }
    if args.has('U') {
        if !ctx.srv.channels.unlock(&name) {
            return fail(format!("channel {name} not locked"));
        }
        return Ok(());
    }
    let waiting = if args.has('L') {
        if !has_client {
            return fail("not able to lock");
        }
        ctx.srv.channels.lock(&name)
    } else {
        if !has_client {
            return fail("not able to wait");
        }
        ctx.srv.channels.wait(&name)
    };
    if let Some(notify) = waiting {
        ctx.wait = Some(Wait {
            job: Job::Channel(notify),
            resume: Resume::Continue,
            group: ctx.group,
            formats: Arc::new(ctx.formats.clone()),
            current: ctx.current,
        });
    }
    Ok(())
}
