use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, strtonum, ClientAction, CmdResult, Ctx};
use super::Args;

pub const ENTRY: Entry = Entry {
    name: "display-message",
    alias: Some("display"),
    template: "ac:d:INpt:F:v",
    lower: 0,
    upper: Some(1),
    json: false,
    usage: "[-aINpv] [-c target-client] [-d delay] [-F format] [-t target-pane] [message]",
    about: "expand a format for a target and show it on the status line, or print it with -p",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(exec),
};

const DEFAULT: &str =
    "[#{session_name}] #{window_index}:#{window_name}, current pane #{pane_index} - (#{host})";

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    // A bad or missing target is no error here (tmux's CMD_FIND_CANFAIL): the current one is used.
    let pane = ctx
        .srv
        .model
        .find_pane(args.get('t'), &ctx.current)
        .ok()
        .map(|(_, _, p)| p)
        .or_else(|| ctx.current_pane());
    // tmux: -d is the time in milliseconds (0: until a key), else display-time; -N keeps the
    // message up through keys (only with a time).
    let millis = match args.get('d') {
        Some(d) => {
            Some(strtonum(d, 0, i64::from(u32::MAX)).or_else(|why| fail(format!("delay {why}")))?)
        }
        None => None,
    };
    if args.has('a') {
        let target =
            crate::server::format_ctx::Target::for_pane(ctx.srv, ctx.current.session, pane)
                .with_formats(&ctx.formats);
        let lines: Vec<String> = target
            .all_vars()
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        for l in lines {
            ctx.print(&l);
        }
        return Ok(());
    }
    let message = args.arg(0);
    let fmt = args
        .get('F')
        .or(message.as_deref())
        .unwrap_or(DEFAULT)
        .to_string();
    // With strftime, as tmux's format_expand_time (`display -p '%H:%M'`).
    let line = ctx.expand_time(&fmt, pane);
    if args.has('v') {
        // tmux logs each step of the expansion; ccmux shows the format and its result.
        ctx.print(&format!("# expanding format: {fmt}"));
        ctx.print(&format!("# result is: {line}"));
    }
    if args.has('p') {
        ctx.print(&line);
        return Ok(());
    }
    match ctx.target_client(args.get('c')) {
        Ok(client) => {
            ctx.srv.add_messages(std::slice::from_ref(&line));
            let action = ClientAction::Display {
                text: line,
                millis: millis.map(|m| m as u64),
                ignore_keys: args.has('N'),
            };
            ctx.client_action(client, action)
        }
        // No client to show it on: print it (tmux does the same without a client).
        Err(_) => ctx.print(&line),
    }
    Ok(())
}
