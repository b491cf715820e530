use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, CmdResult, Ctx};
use super::Args;

pub const ENTRY: Entry = Entry {
    name: "show-messages",
    alias: Some("showmsgs"),
    template: "JTt:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-JT] [-t target-client]",
    about: "show the message log (config file errors, messages shown on status lines)",
    target: TargetKind::Client,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    if args.has('J') || args.has('T') {
        return fail("show-messages -J and -T are not available in ccmux yet");
    }
    let lines: Vec<String> = ctx
        .srv
        .messages
        .iter()
        .rev()
        .map(|(time, text)| {
            let mut formats = std::collections::BTreeMap::new();
            formats.insert("message_time".to_string(), time.to_string());
            formats.insert("message_text".to_string(), text.clone());
            crate::server::format_ctx::Target::server(ctx.srv)
                .with_formats(&formats)
                .expand("#{t/p:message_time}: #{message_text}")
        })
        .collect();
    for l in lines {
        ctx.print(&l);
    }
    Ok(())
}
