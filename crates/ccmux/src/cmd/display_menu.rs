//! display-menu (tmux's cmd-display-menu.c): a menu on a client, its items `name key command`
//! (an empty name is a separator), placed by `-x`/`-y` (a number or format, or tmux's letters: `C`
//! centre, `R`/`P` the pane's right or left, `M` the mouse, `W` the window's place on the status line,
//! `S` the status line). The queue waits until the menu closes. display-popup is not available.

use super::answer::Answer;
use super::args::Value;
use super::entry::{Entry, Run, TargetKind};
use super::queue::{Job, Resume, Wait};
use super::support::{fail, ClientAction, CmdResult, Ctx};
use super::Args;
use crate::server::attach::menu::{parse_key, Action, MenuSpec};
use crate::server::format_ctx::Target;
use std::collections::BTreeMap;
use std::sync::Arc;

pub const ENTRY: Entry = Entry {
    name: "display-menu",
    alias: Some("menu"),
    template: "c:t:OT:x:y:",
    lower: 1,
    upper: None,
    json: false,
    usage: "[-O] [-c target-client] [-t target-pane] [-T title] [-x position] [-y position] \
            name key command ...",
    about: "show a menu on a client",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let client = ctx.target_client(args.get('c'))?;
    let (session, window, pane) = ctx.find_pane(args.get('t'))?;
    let Some(c) = ctx.srv.clients.clients.get(&client) else {
        return Ok(());
    };
    let (cols, rows, client_session) = (c.cols as usize, c.rows as usize, c.session);
    let expand = |ctx: &Ctx, text: &str| {
        Target::pane(ctx.srv, Some(session), pane)
            .with_formats(&ctx.formats)
            .expand(text)
    };
    let title = args.get('T').map(|t| expand(ctx, t)).unwrap_or_default();
    let mut menu = MenuSpec::new(&title);
    let values = &args.values;
    let mut i = 0;
    while i < values.len() {
        let name = values[i].text();
        i += 1;
        if name.is_empty() {
            menu.add(None, None, Action::Command(String::new()), cols);
            continue;
        }
        if values.len() - i < 2 {
            return fail("not enough arguments");
        }
        let key = parse_key(&values[i].text());
        let command = match &values[i + 1] {
            Value::Word(w) => expand(ctx, w),
            Value::Block(cmds) => ccmux_lang::print_commands(cmds),
        };
        i += 2;
        menu.add(
            Some(&expand(ctx, &name)),
            key,
            Action::Command(command),
            cols,
        );
    }
    if menu.items.is_empty() {
        return Ok(());
    }
    let (w, h) = menu.size();
    let index = ctx
        .srv
        .model
        .window_index_in(Some(session), window)
        .unwrap_or(0);
    let rect = ctx.srv.model.pane_rect(pane).unwrap_or_default();
    let place = Place {
        client,
        cols,
        rows,
        session: client_session,
        index,
        pane: (
            rect.x as usize,
            rect.y as usize,
            rect.cols as usize,
            rect.rows as usize,
        ),
    };
    let Some((x, y)) = position(ctx, args, &place, w, h) else {
        return Ok(());
    };
    if cols < w || rows < h {
        return Ok(());
    }
    menu.x = x.min(cols - w) as u16;
    menu.y = y.min(rows - h) as u16;
    menu.stay_open = args.has('O');
    menu.at = Some(ccmux_model::Current {
        pane: Some(pane),
        session: Some(session),
        marked: ctx.srv.marked,
    });
    let (answer, handle) = Answer::new();
    ctx.wait = Some(Wait {
        job: Job::Answer(answer.clone()),
        resume: Resume::Answer(answer),
        group: ctx.group,
        formats: Arc::new(ctx.formats.clone()),
        current: ctx.current,
    });
    menu.answer = Some(handle);
    ctx.client_action(client, ClientAction::Menu(Box::new(menu)));
    Ok(())
}

/// What placing a menu or popup needs to know of the client and the target.
pub struct Place {
    /// The client (whose status line's `#()` jobs the window's place is found with).
    pub client: u32,
    pub cols: usize,
    pub rows: usize,
    /// The client's session (its status line).
    pub session: ccmux_model::SessionId,
    /// The target window's index (its place on the status line).
    pub index: u32,
    /// The target pane: x, y, width, height.
    pub pane: (usize, usize, usize, usize),
}

/// tmux's cmd_display_menu_get_position: the top left corner of a `w` x `h` box, or `None` when it
/// does not fit the client. `-x`/`-y` are formats with the `popup_*` variables.
pub fn position(ctx: &Ctx, args: &Args, p: &Place, w: usize, h: usize) -> Option<(usize, usize)> {
    let (sx, sy) = (p.cols as i64, p.rows as i64);
    let (w, h) = (w as i64, h as i64);
    if w > sx || h > sy {
        return None;
    }
    let mut vars: BTreeMap<String, String> = ctx.formats.clone();
    let mut set = |k: &str, v: i64| {
        vars.insert(k.to_string(), v.to_string());
    };
    let srv = &*ctx.srv;
    let (lines, at_top) = crate::server::attach::status::lines(srv, p.session);
    let lines = (lines as i64).min(sy - 1).max(0);
    let top = if lines > 0 && at_top { lines } else { 0 };
    if lines > 0 {
        if let Some((line, start)) =
            crate::server::attach::status::window_range(srv, p.client, p.session, p.index, p.cols)
        {
            set("popup_window_status_line_x", start as i64);
            let line = line as i64;
            let y = if at_top {
                line + 1 + h
            } else {
                sy - lines + line
            };
            set("popup_window_status_line_y", y);
        }
        set(
            "popup_status_line_y",
            if at_top { lines + h } else { sy - lines },
        );
    }
    set("popup_width", w);
    set("popup_height", h);
    set("popup_centre_x", ((sx - 1) / 2 - w / 2).max(0));
    let n = (sy - 1) / 2 + h / 2;
    set("popup_centre_y", if n >= sy { sy - h } else { n });
    let (px, py, psx, psy) = (
        p.pane.0 as i64,
        p.pane.1 as i64,
        p.pane.2 as i64,
        p.pane.3 as i64,
    );
    let n = top + py + h;
    set("popup_pane_top", if n >= sy { sy - h } else { n });
    set("popup_pane_bottom", top + py + psy);
    set("popup_pane_left", px);
    set("popup_pane_right", (px + psx - w).max(0));
    let value = |flag: char, letters: &[(&str, &str)], default: &str| {
        let fmt = match args.get(flag) {
            None => default,
            Some(v) => letters.iter().find(|(l, _)| *l == v).map_or(v, |(_, f)| *f),
        };
        let pane = ctx.current_pane();
        let text = Target::for_pane(srv, ctx.current.session, pane)
            .with_formats(&vars)
            .expand(fmt);
        strtol(&text)
    };
    let mut x = value(
        'x',
        &[
            ("C", "#{popup_centre_x}"),
            ("R", "#{popup_pane_right}"),
            ("P", "#{popup_pane_left}"),
            ("M", "#{popup_mouse_centre_x}"),
            ("W", "#{popup_window_status_line_x}"),
        ],
        "#{popup_centre_x}",
    );
    if x + w >= sx {
        x = sx - w;
    } else if x < 0 {
        x = 0;
    }
    let mut y = value(
        'y',
        &[
            ("C", "#{popup_centre_y}"),
            ("P", "#{popup_pane_bottom}"),
            ("M", "#{popup_mouse_top}"),
            ("S", "#{popup_status_line_y}"),
            ("W", "#{popup_window_status_line_y}"),
        ],
        "#{popup_centre_y}",
    );
    y = if y < h { 0 } else { y - h };
    if y + h >= sy {
        y = sy - h;
    } else if y < 0 {
        y = 0;
    }
    Some((x as usize, y as usize))
}

/// C's strtol(s, NULL, 10): leading blanks, a sign, digits; 0 when there are none.
fn strtol(s: &str) -> i64 {
    let t = s.trim_start();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let n: i64 = digits.parse().unwrap_or(0);
    if neg {
        -n
    } else {
        n
    }
}
