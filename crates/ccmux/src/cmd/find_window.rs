//! find-window (tmux's cmd-find-window.c): choose-tree filtered to the panes whose content (`-C`),
//! window name (`-N`) or title (`-T`) matches (all three without any), `-i` ignoring case, `-r` as a
//! regular expression (`C-b f`).

use super::choose_tree::tree;
use super::entry::{Entry, Run, TargetKind};
use super::support::{CmdResult, Ctx};
use super::Args;
use crate::server::attach::chooser::{Show, Spec};

pub const ENTRY: Entry = Entry {
    name: "find-window",
    alias: Some("findw"),
    template: "CiNrt:TZ",
    lower: 1,
    upper: Some(1),
    json: false,
    usage: "[-CiNrTZ] [-t target-pane] match-string",
    about: "choose from the panes whose content, window name or title matches",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(exec),
};

/// tmux's filter for a match string.
pub fn filter(s: &str, content: bool, name: bool, title: bool, regex: bool, icase: bool) -> String {
    let x = match (regex, icase) {
        (true, true) => "/ri",
        (true, false) => "/r",
        (false, true) => "/i",
        (false, false) => "",
    };
    let (c, n, t) = if !content && !name && !title {
        (true, true, true)
    } else {
        (content, name, title)
    };
    let cf = format!("#{{C{x}:{s}}}");
    let nf = format!("#{{m{x}:*{s}*,#{{window_name}}}}");
    let tf = format!("#{{m{x}:*{s}*,#{{pane_title}}}}");
    match (c, n, t) {
        (true, true, true) => format!("#{{||:{cf},#{{||:{nf},{tf}}}}}"),
        (true, true, false) => format!("#{{||:{cf},{nf}}}"),
        (true, false, true) => format!("#{{||:{cf},{tf}}}"),
        (false, true, true) => format!("#{{||:{nf},{tf}}}"),
        (true, false, false) => cf,
        (false, true, false) => nf,
        _ => tf,
    }
}

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let s = args.arg(0).unwrap_or_default();
    let f = filter(
        &s,
        args.has('C'),
        args.has('N'),
        args.has('T'),
        args.has('r'),
        args.has('i'),
    );
    tree(ctx, args.get('t'), Show::Panes, true, |kind| Spec {
        kind,
        template: None,
        format: None,
        key_format: None,
        filter: Some(f),
        sort: None,
        reversed: false,
        preview: true,
        zoom: args.has('Z'),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn filters_as_tmux() {
        assert_eq!(
            super::filter("vim", false, false, false, false, false),
            "#{||:#{C:vim},#{||:#{m:*vim*,#{window_name}},#{m:*vim*,#{pane_title}}}}"
        );
        assert_eq!(
            super::filter("x", false, true, false, true, true),
            "#{m/ri:*x*,#{window_name}}"
        );
    }
}
