//! The copy-mode commands `send-keys -X` runs, by tmux's names (window_copy_cmd_table): each with its
//! argument counts and whether it clears the search marks; `-N` is the repeat count (`prefix`).

use super::{CopyMode, CursorDrag, JumpType, LineSel, SearchType, SelFlag};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Nothing,
    Redraw,
    /// The mode ends.
    Cancel,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Clear {
    Always,
    Never,
    EmacsOnly,
}

/// What a copy command hands to the server: text for a paste buffer, the top buffer, or a command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Copy {
    /// A new automatic buffer (named with `prefix`) and the clipboard.
    Buffer {
        data: Vec<u8>,
        prefix: Option<String>,
    },
    /// Appended to the most recent buffer, and the clipboard.
    Append { data: Vec<u8> },
    /// Piped to a shell command (`None` or empty: `copy-command`).
    Pipe {
        data: Vec<u8>,
        command: Option<String>,
    },
}

/// One command to run.
pub struct Request<'a> {
    /// The words after `-X`: the command's name and its arguments.
    pub args: &'a [String],
    /// The same words expanded as formats (for prefixes and pipe commands).
    pub expanded: &'a [String],
    /// `send-keys -F`: search strings are formats.
    pub format_search: bool,
    /// The mouse event that ran it, when it happened in this pane.
    pub mouse: Option<MouseAt>,
}

/// A mouse event in a pane: its cell, the cell of the event before it, and whether it is a wheel.
#[derive(Clone, Copy, Debug)]
pub struct MouseAt {
    pub x: usize,
    pub y: usize,
    pub lx: usize,
    pub ly: usize,
    pub wheel: bool,
}

/// What a command did.
pub struct Outcome {
    pub action: Action,
    pub copies: Vec<Copy>,
    /// A mouse drag began selecting.
    pub drag: bool,
}

struct Cs<'a, 'b> {
    cm: &'a mut CopyMode,
    req: &'a Request<'b>,
    np: u32,
    out: Vec<Copy>,
    drag: bool,
    pane_last: &'a mut Option<(String, bool)>,
    /// The session's `word-separators`.
    ws: String,
}

impl<'b> Cs<'_, 'b> {
    fn arg(&self, i: usize) -> Option<&'b str> {
        self.req.args.get(i).map(String::as_str)
    }

    fn exp(&self, i: usize) -> Option<String> {
        self.req.expanded.get(i).cloned()
    }

    fn count(&self) -> usize {
        self.req.args.len()
    }
}

type Fun = fn(&mut Cs) -> Action;

const TABLE: &[(&str, usize, usize, Clear, Fun)] = &[
    ("append-selection", 0, 0, Clear::Always, |cs| {
        append(cs, Action::Redraw)
    }),
    ("append-selection-and-cancel", 0, 0, Clear::Always, |cs| {
        append(cs, Action::Cancel)
    }),
    ("back-to-indentation", 0, 0, Clear::Always, |cs| {
        cs.cm.cursor_back_to_indentation();
        Action::Nothing
    }),
    ("begin-selection", 0, 0, Clear::Always, begin_selection),
    ("bottom-line", 0, 0, Clear::EmacsOnly, |cs| {
        cs.cm.cx = 0;
        cs.cm.cy = cs.cm.sy() - 1;
        cs.cm.update_selection(false);
        Action::Redraw
    }),
    ("cancel", 0, 0, Clear::Always, |_| Action::Cancel),
    ("clear-selection", 0, 0, Clear::Always, |cs| {
        cs.cm.clear_selection();
        Action::Redraw
    }),
    ("copy-end-of-line", 0, 1, Clear::Always, |cs| {
        copy_end_of_line(cs, false, false)
    }),
    ("copy-end-of-line-and-cancel", 0, 1, Clear::Always, |cs| {
        copy_end_of_line(cs, false, true)
    }),
    ("copy-pipe-end-of-line", 0, 2, Clear::Always, |cs| {
        copy_end_of_line(cs, true, false)
    }),
    (
        "copy-pipe-end-of-line-and-cancel",
        0,
        2,
        Clear::Always,
        |cs| copy_end_of_line(cs, true, true),
    ),
    ("copy-line", 0, 1, Clear::Always, |cs| {
        copy_line(cs, false, false)
    }),
    ("copy-line-and-cancel", 0, 1, Clear::Always, |cs| {
        copy_line(cs, false, true)
    }),
    ("copy-pipe-line", 0, 2, Clear::Always, |cs| {
        copy_line(cs, true, false)
    }),
    ("copy-pipe-line-and-cancel", 0, 2, Clear::Always, |cs| {
        copy_line(cs, true, true)
    }),
    ("copy-pipe-no-clear", 0, 2, Clear::Never, |cs| {
        copy_pipe(cs);
        Action::Nothing
    }),
    ("copy-pipe", 0, 2, Clear::Always, |cs| {
        copy_pipe(cs);
        cs.cm.clear_selection();
        Action::Redraw
    }),
    ("copy-pipe-and-cancel", 0, 2, Clear::Always, |cs| {
        copy_pipe(cs);
        cs.cm.clear_selection();
        Action::Cancel
    }),
    ("copy-selection-no-clear", 0, 1, Clear::Never, |cs| {
        copy_selection(cs);
        Action::Nothing
    }),
    ("copy-selection", 0, 1, Clear::Always, |cs| {
        copy_selection(cs);
        cs.cm.clear_selection();
        Action::Redraw
    }),
    ("copy-selection-and-cancel", 0, 1, Clear::Always, |cs| {
        copy_selection(cs);
        cs.cm.clear_selection();
        Action::Cancel
    }),
    ("cursor-down", 0, 0, Clear::EmacsOnly, |cs| {
        for _ in 0..cs.np {
            cs.cm.cursor_down(false);
        }
        Action::Nothing
    }),
    ("cursor-down-and-cancel", 0, 0, Clear::Always, |cs| {
        let cy = cs.cm.cy;
        for _ in 0..cs.np {
            cs.cm.cursor_down(false);
        }
        if cy == cs.cm.cy && cs.cm.oy == 0 {
            return Action::Cancel;
        }
        Action::Nothing
    }),
    ("cursor-left", 0, 0, Clear::EmacsOnly, |cs| {
        for _ in 0..cs.np {
            cs.cm.cursor_left();
        }
        Action::Nothing
    }),
    ("cursor-right", 0, 0, Clear::EmacsOnly, |cs| {
        for _ in 0..cs.np {
            let all = cs.cm.sel.is_some() && cs.cm.rectflag;
            cs.cm.cursor_right(all);
        }
        Action::Nothing
    }),
    ("cursor-up", 0, 0, Clear::EmacsOnly, |cs| {
        for _ in 0..cs.np {
            cs.cm.cursor_up(false);
        }
        Action::Nothing
    }),
    ("end-of-line", 0, 0, Clear::EmacsOnly, |cs| {
        cs.cm.cursor_end_of_line();
        Action::Nothing
    }),
    ("goto-line", 1, 1, Clear::EmacsOnly, |cs| {
        if let Some(a) = cs.arg(1).filter(|a| !a.is_empty()) {
            cs.cm.goto_line(a);
        }
        Action::Nothing
    }),
    ("halfpage-down", 0, 0, Clear::EmacsOnly, |cs| {
        page_down(cs, true, cs.cm.scroll_exit)
    }),
    ("halfpage-down-and-cancel", 0, 0, Clear::Always, |cs| {
        page_down(cs, true, true)
    }),
    ("halfpage-up", 0, 0, Clear::EmacsOnly, |cs| {
        for _ in 0..cs.np {
            cs.cm.pageup(true);
        }
        Action::Nothing
    }),
    ("history-bottom", 0, 0, Clear::EmacsOnly, |cs| {
        let cm = &mut *cs.cm;
        if cm.lineflag == LineSel::RightLeft && cm.hy() == cm.endsely {
            cm.other_end();
        }
        cm.cy = cm.sy() - 1;
        cm.cx = cm.backing.line_length(cm.hsize() + cm.cy);
        cm.oy = 0;
        refresh_marks(cm);
        cm.update_selection(false);
        Action::Redraw
    }),
    ("history-top", 0, 0, Clear::EmacsOnly, |cs| {
        let cm = &mut *cs.cm;
        if cm.lineflag == LineSel::LeftRight && cm.hy() == cm.sely {
            cm.other_end();
        }
        cm.cy = 0;
        cm.cx = 0;
        cm.oy = cm.hsize();
        refresh_marks(cm);
        cm.update_selection(false);
        Action::Redraw
    }),
    ("jump-again", 0, 0, Clear::EmacsOnly, |cs| {
        jump_repeat(cs, false)
    }),
    ("jump-backward", 1, 1, Clear::EmacsOnly, |cs| {
        jump(cs, JumpType::Backward)
    }),
    ("jump-forward", 1, 1, Clear::EmacsOnly, |cs| {
        jump(cs, JumpType::Forward)
    }),
    ("jump-reverse", 0, 0, Clear::EmacsOnly, |cs| {
        jump_repeat(cs, true)
    }),
    ("jump-to-backward", 1, 1, Clear::EmacsOnly, |cs| {
        jump(cs, JumpType::ToBackward)
    }),
    ("jump-to-forward", 1, 1, Clear::EmacsOnly, |cs| {
        jump(cs, JumpType::ToForward)
    }),
    ("jump-to-mark", 0, 0, Clear::Always, |cs| {
        cs.cm.jump_to_mark();
        Action::Nothing
    }),
    ("middle-line", 0, 0, Clear::EmacsOnly, |cs| {
        cs.cm.cx = 0;
        cs.cm.cy = (cs.cm.sy() - 1) / 2;
        cs.cm.update_selection(false);
        Action::Redraw
    }),
    ("next-matching-bracket", 0, 0, Clear::Always, |cs| {
        cs.cm.next_matching_bracket(cs.np);
        Action::Nothing
    }),
    ("next-paragraph", 0, 0, Clear::EmacsOnly, |cs| {
        for _ in 0..cs.np {
            cs.cm.next_paragraph();
        }
        Action::Nothing
    }),
    ("next-space", 0, 0, Clear::EmacsOnly, |cs| {
        for _ in 0..cs.np {
            cs.cm.cursor_next_word("");
        }
        Action::Nothing
    }),
    ("next-space-end", 0, 0, Clear::EmacsOnly, |cs| {
        for _ in 0..cs.np {
            cs.cm.cursor_next_word_end("", false);
        }
        Action::Nothing
    }),
    ("next-word", 0, 0, Clear::EmacsOnly, |cs| {
        let ws = cs.ws.clone();
        for _ in 0..cs.np {
            cs.cm.cursor_next_word(&ws);
        }
        Action::Nothing
    }),
    ("next-word-end", 0, 0, Clear::EmacsOnly, |cs| {
        let ws = cs.ws.clone();
        for _ in 0..cs.np {
            cs.cm.cursor_next_word_end(&ws, false);
        }
        Action::Nothing
    }),
    ("other-end", 0, 0, Clear::EmacsOnly, |cs| {
        cs.cm.selflag = SelFlag::Char;
        if cs.np % 2 != 0 {
            cs.cm.other_end();
        }
        Action::Nothing
    }),
    ("page-down", 0, 0, Clear::EmacsOnly, |cs| {
        page_down(cs, false, cs.cm.scroll_exit)
    }),
    ("page-down-and-cancel", 0, 0, Clear::Always, |cs| {
        page_down(cs, false, true)
    }),
    ("page-up", 0, 0, Clear::EmacsOnly, |cs| {
        for _ in 0..cs.np {
            cs.cm.pageup(false);
        }
        Action::Nothing
    }),
    ("pipe-no-clear", 0, 1, Clear::Never, |cs| {
        pipe(cs);
        Action::Nothing
    }),
    ("pipe", 0, 1, Clear::Always, |cs| {
        pipe(cs);
        cs.cm.clear_selection();
        Action::Redraw
    }),
    ("pipe-and-cancel", 0, 1, Clear::Always, |cs| {
        pipe(cs);
        cs.cm.clear_selection();
        Action::Cancel
    }),
    ("previous-matching-bracket", 0, 0, Clear::Always, |cs| {
        cs.cm.previous_matching_bracket(cs.np);
        Action::Nothing
    }),
    ("previous-paragraph", 0, 0, Clear::EmacsOnly, |cs| {
        for _ in 0..cs.np {
            cs.cm.previous_paragraph();
        }
        Action::Nothing
    }),
    ("previous-space", 0, 0, Clear::EmacsOnly, |cs| {
        for _ in 0..cs.np {
            cs.cm.cursor_previous_word("", true);
        }
        Action::Nothing
    }),
    ("previous-word", 0, 0, Clear::EmacsOnly, |cs| {
        let ws = cs.ws.clone();
        for _ in 0..cs.np {
            cs.cm.cursor_previous_word(&ws, true);
        }
        Action::Nothing
    }),
    ("rectangle-on", 0, 0, Clear::Always, |cs| {
        rectangle(cs, Some(true))
    }),
    ("rectangle-off", 0, 0, Clear::Always, |cs| {
        rectangle(cs, Some(false))
    }),
    ("rectangle-toggle", 0, 0, Clear::Always, |cs| {
        rectangle(cs, None)
    }),
    // refresh-from-pane needs the pane: the server does it (see `run`).
    ("refresh-from-pane", 0, 0, Clear::Always, |_| Action::Redraw),
    ("scroll-down", 0, 0, Clear::EmacsOnly, |cs| {
        for _ in 0..cs.np {
            cs.cm.cursor_down(true);
        }
        if cs.cm.scroll_exit && cs.cm.oy == 0 {
            return Action::Cancel;
        }
        Action::Nothing
    }),
    ("scroll-down-and-cancel", 0, 0, Clear::Always, |cs| {
        for _ in 0..cs.np {
            cs.cm.cursor_down(true);
        }
        if cs.cm.oy == 0 {
            return Action::Cancel;
        }
        Action::Nothing
    }),
    ("scroll-up", 0, 0, Clear::EmacsOnly, |cs| {
        for _ in 0..cs.np {
            cs.cm.cursor_up(true);
        }
        Action::Nothing
    }),
    ("search-again", 0, 0, Clear::Always, |cs| {
        search_again(cs, false)
    }),
    ("search-backward", 0, 1, Clear::Always, |cs| {
        search(cs, false, true)
    }),
    ("search-backward-text", 0, 1, Clear::Always, |cs| {
        search(cs, false, false)
    }),
    ("search-backward-incremental", 1, 1, Clear::Always, |cs| {
        incremental(cs, false)
    }),
    ("search-forward", 0, 1, Clear::Always, |cs| {
        search(cs, true, true)
    }),
    ("search-forward-text", 0, 1, Clear::Always, |cs| {
        search(cs, true, false)
    }),
    ("search-forward-incremental", 1, 1, Clear::Always, |cs| {
        incremental(cs, true)
    }),
    ("search-reverse", 0, 0, Clear::Always, |cs| {
        search_again(cs, true)
    }),
    ("select-line", 0, 0, Clear::Always, |cs| {
        cs.cm.select_line(cs.np);
        Action::Redraw
    }),
    ("select-word", 0, 0, Clear::Always, |cs| {
        let ws = cs.ws.clone();
        cs.cm.select_word(&ws);
        Action::Redraw
    }),
    ("set-mark", 0, 0, Clear::Always, |cs| {
        cs.cm.mx = cs.cm.cx;
        cs.cm.my = cs.cm.hy();
        cs.cm.showmark = true;
        Action::Redraw
    }),
    ("start-of-line", 0, 0, Clear::EmacsOnly, |cs| {
        cs.cm.cursor_start_of_line();
        Action::Nothing
    }),
    ("stop-selection", 0, 0, Clear::Always, |cs| {
        cs.cm.cursordrag = CursorDrag::None;
        cs.cm.lineflag = LineSel::None;
        cs.cm.selflag = SelFlag::Char;
        Action::Nothing
    }),
    ("toggle-position", 0, 0, Clear::Never, |cs| {
        cs.cm.hide_position = !cs.cm.hide_position;
        Action::Redraw
    }),
    ("top-line", 0, 0, Clear::EmacsOnly, |cs| {
        cs.cm.cx = 0;
        cs.cm.cy = 0;
        cs.cm.update_selection(false);
        Action::Redraw
    }),
];

fn refresh_marks(cm: &mut CopyMode) {
    if cm.searchmark.is_some() && !cm.timeout {
        cm.search_marks(cm.searchregex, true);
    }
}

fn append(cs: &mut Cs, action: Action) -> Action {
    if let Some(data) = cs.cm.get_selection() {
        cs.out.push(Copy::Append { data });
    }
    cs.cm.clear_selection();
    action
}

fn begin_selection(cs: &mut Cs) -> Action {
    if let Some(m) = cs.req.mouse {
        cs.cm.start_drag(m.lx, m.ly, m.x, m.y);
        cs.drag = true;
        return Action::Nothing;
    }
    cs.cm.lineflag = LineSel::None;
    cs.cm.selflag = SelFlag::Char;
    cs.cm.start_selection();
    Action::Redraw
}

/// The buffer prefix and pipe command of a copy command (`pipe`: `copy-pipe*` takes the command
/// first).
fn prefix_command(cs: &Cs, pipe: bool) -> (Option<String>, Option<String>) {
    let count = cs.count();
    if pipe {
        let prefix = if count == 3 { cs.exp(2) } else { None };
        let command = if count > 1 && !cs.arg(1).unwrap_or_default().is_empty() {
            cs.exp(1)
        } else {
            None
        };
        (prefix, command)
    } else {
        (if count == 2 { cs.exp(1) } else { None }, None)
    }
}

fn do_copy(cs: &mut Cs, pipe: bool, prefix: Option<String>, command: Option<String>) {
    if pipe {
        let data = cs.cm.get_selection();
        cs.out.push(Copy::Pipe {
            data: data.clone().unwrap_or_default(),
            command,
        });
        if let Some(data) = data {
            cs.out.push(Copy::Buffer { data, prefix });
        }
    } else if let Some(data) = cs.cm.get_selection() {
        cs.out.push(Copy::Buffer { data, prefix });
    }
}

fn copy_end_of_line(cs: &mut Cs, pipe: bool, cancel: bool) -> Action {
    let (prefix, command) = prefix_command(cs, pipe);
    let (ocx, ocy, ooy) = (cs.cm.cx, cs.cm.cy, cs.cm.oy);
    cs.cm.start_selection();
    for _ in 1..cs.np {
        cs.cm.cursor_down(false);
    }
    cs.cm.cursor_end_of_line();
    do_copy(cs, pipe, prefix, command);
    if cancel {
        return Action::Cancel;
    }
    cs.cm.clear_selection();
    (cs.cm.cx, cs.cm.cy, cs.cm.oy) = (ocx, ocy, ooy);
    Action::Redraw
}

fn copy_line(cs: &mut Cs, pipe: bool, cancel: bool) -> Action {
    let (prefix, command) = prefix_command(cs, pipe);
    let (ocx, ocy, ooy) = (cs.cm.cx, cs.cm.cy, cs.cm.oy);
    cs.cm.selflag = SelFlag::Char;
    cs.cm.cursor_start_of_line();
    cs.cm.start_selection();
    for _ in 1..cs.np {
        cs.cm.cursor_down(false);
    }
    cs.cm.cursor_end_of_line();
    do_copy(cs, pipe, prefix, command);
    if cancel {
        return Action::Cancel;
    }
    cs.cm.clear_selection();
    (cs.cm.cx, cs.cm.cy, cs.cm.oy) = (ocx, ocy, ooy);
    Action::Redraw
}

fn copy_pipe(cs: &mut Cs) {
    let prefix = cs.arg(2).and_then(|_| cs.exp(2));
    let command = if cs.arg(1).is_some_and(|a| !a.is_empty()) {
        cs.exp(1)
    } else {
        None
    };
    do_copy(cs, true, prefix, command);
}

fn copy_selection(cs: &mut Cs) {
    let prefix = cs.arg(1).and_then(|_| cs.exp(1));
    do_copy(cs, false, prefix, None);
}

fn pipe(cs: &mut Cs) {
    let command = if cs.arg(1).is_some_and(|a| !a.is_empty()) {
        cs.exp(1)
    } else {
        None
    };
    let data = cs.cm.get_selection().unwrap_or_default();
    cs.out.push(Copy::Pipe { data, command });
}

fn page_down(cs: &mut Cs, half: bool, exit: bool) -> Action {
    for _ in 0..cs.np {
        if cs.cm.pagedown(half, exit) {
            return Action::Cancel;
        }
    }
    Action::Nothing
}

fn jump_once(cm: &mut CopyMode, kind: JumpType) {
    match kind {
        JumpType::Forward => cm.cursor_jump(),
        JumpType::Backward => cm.cursor_jump_back(),
        JumpType::ToForward => cm.cursor_jump_to(),
        JumpType::ToBackward => cm.cursor_jump_to_back(),
        JumpType::Off => {}
    }
}

fn jump(cs: &mut Cs, kind: JumpType) -> Action {
    let Some(c) = cs.arg(1).filter(|a| !a.is_empty()) else {
        return Action::Nothing;
    };
    cs.cm.jumptype = kind;
    cs.cm.jumpchar = c.to_string();
    for _ in 0..cs.np {
        jump_once(cs.cm, kind);
    }
    Action::Nothing
}

fn jump_repeat(cs: &mut Cs, reverse: bool) -> Action {
    let kind = match (cs.cm.jumptype, reverse) {
        (k, false) => k,
        (JumpType::Forward, true) => JumpType::Backward,
        (JumpType::Backward, true) => JumpType::Forward,
        (JumpType::ToForward, true) => JumpType::ToBackward,
        (JumpType::ToBackward, true) => JumpType::ToForward,
        (JumpType::Off, true) => JumpType::Off,
    };
    for _ in 0..cs.np {
        jump_once(cs.cm, kind);
    }
    Action::Nothing
}

fn rectangle(cs: &mut Cs, on: Option<bool>) -> Action {
    cs.cm.lineflag = LineSel::None;
    let flag = on.unwrap_or(!cs.cm.rectflag);
    cs.cm.rectangle_set(flag);
    Action::Nothing
}

/// Takes the search string argument (expanded with `-F`); false when there is none.
fn search_string(cs: &mut Cs) -> bool {
    let Some(ss) = cs.arg(1).filter(|s| !s.is_empty()) else {
        return false;
    };
    let s = if cs.req.format_search {
        match cs.exp(1).filter(|e| !e.is_empty()) {
            Some(e) => e,
            None => return false,
        }
    } else {
        ss.to_string()
    };
    cs.cm.searchstr = Some(s);
    true
}

fn search(cs: &mut Cs, down: bool, regex: bool) -> Action {
    if !search_string(cs) {
        return Action::Nothing;
    }
    cs.cm.searchtype = if down {
        SearchType::Down
    } else {
        SearchType::Up
    };
    cs.cm.searchregex = regex;
    cs.cm.timeout = false;
    for _ in 0..cs.np {
        cs.cm.search(down, regex, cs.pane_last);
    }
    Action::Nothing
}

fn search_again(cs: &mut Cs, reverse: bool) -> Action {
    let down = match cs.cm.searchtype {
        SearchType::Up => reverse,
        SearchType::Down => !reverse,
        SearchType::Off => return Action::Nothing,
    };
    let regex = cs.cm.searchregex;
    for _ in 0..cs.np {
        cs.cm.search(down, regex, cs.pane_last);
    }
    Action::Nothing
}

fn incremental(cs: &mut Cs, forward: bool) -> Action {
    let arg = cs.arg(1).unwrap_or_default().to_string();
    let text = arg.chars().skip(1).collect::<String>();
    let moved = cs.cm.searchstr.as_deref().is_some_and(|s| s != text);
    cs.cm.search_incremental(&arg, forward, cs.pane_last);
    if moved || text.is_empty() {
        Action::Redraw
    } else {
        Action::Nothing
    }
}

/// Runs a copy command on a mode (tmux's window_copy_command). `pane_last` is the pane's last
/// search; `ws` the session's `word-separators`. Unknown commands and wrong argument counts do
/// nothing, as in tmux.
pub fn run(
    cm: &mut CopyMode,
    req: &Request,
    pane_last: &mut Option<(String, bool)>,
    ws: &str,
) -> Outcome {
    let mut out = Outcome {
        action: Action::Nothing,
        copies: Vec::new(),
        drag: false,
    };
    let Some(command) = req.args.first() else {
        return out;
    };
    if let Some(m) = req.mouse.filter(|m| !m.wheel) {
        cm.update_cursor(m.x.min(cm.sx()), m.y.min(cm.sy() - 1));
    }
    let np = cm.prefix;
    let mut clear = Clear::Never;
    if let Some((_, min, max, c, f)) = TABLE.iter().find(|t| t.0 == command) {
        let n = req.args.len() - 1;
        if n >= *min && n <= *max {
            clear = *c;
            let mut cs = Cs {
                cm,
                req,
                np,
                out: Vec::new(),
                drag: false,
                pane_last,
                ws: ws.to_string(),
            };
            out.action = f(&mut cs);
            out.copies = cs.out;
            out.drag = cs.drag;
        }
    }
    if !command.starts_with("search-") && cm.searchmark.is_some() {
        if clear == Clear::EmacsOnly && cm.set.vi {
            clear = Clear::Never;
        }
        if clear != Clear::Never {
            cm.clear_marks();
            cm.reset_search_start();
        }
        if out.action == Action::Nothing {
            out.action = Action::Redraw;
        }
    }
    cm.prefix = 1;
    out
}
