use super::entry::{flags, Entry, Run, TargetKind};
use super::support::{CmdResult, Ctx};
use super::Args;
use crate::server::format_vars::Vars;

pub const ENTRY: Entry = Entry {
    name: "list-commands",
    alias: Some("lscm"),
    template: "F:",
    lower: 0,
    upper: Some(1),
    json: true,
    usage: "[-F format] [command]",
    about: "list every command with its flags (or one command, by name or alias)",
    target: TargetKind::None,
    flags: flags::START_SERVER,
    run: Run::Server(exec),
};

const DEFAULT: &str = "#{command_list_name}#{?command_list_alias, (#{command_list_alias}),} \
                       #{command_list_usage}";

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let only = args.arg(0);
    let mut entries: Vec<&Entry> = super::commands()
        .filter(|e| match only.as_deref() {
            // tmux: an exact name or alias; anything else lists nothing (and is no error).
            Some(name) => e.name == name || e.alias == Some(name),
            None => true,
        })
        .collect();
    entries.sort_by_key(|e| e.name);
    let rows: Vec<Vars> = entries
        .iter()
        .map(|e| {
            let mut v = Vars::new();
            v.insert("command_list_name", e.name.to_string());
            v.insert("command_list_alias", e.alias.unwrap_or("").to_string());
            v.insert("command_list_usage", e.usage.to_string());
            v
        })
        .collect();
    ctx.emit_rows(&rows, None, args.get('F'), DEFAULT, args.json);
    Ok(())
}
