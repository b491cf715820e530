//! display-popup (tmux's cmd-display-menu.c, popup.c): a command on its own PTY in a box over a
//! client, placed as display-menu places menus; `-C` closes the client's popup (or menu). The queue
//! waits until the popup closes. The popup itself is `server/attach/popup.rs`.

use super::answer::Answer;
use super::display_menu::{position, Place};
use super::entry::{Entry, Run, TargetKind};
use super::queue::{Job, Resume, Wait};
use super::support::{args_percentage, fail, ClientAction, CmdResult, Ctx};
use super::Args;
use crate::server::attach::popup::{Close, Command, Lines, PopupSpec};
use ccmux_model::options::Style;
use ccmux_model::OptionScope;
use std::sync::Arc;

pub const ENTRY: Entry = Entry {
    name: "display-popup",
    alias: Some("popup"),
    template: "Bb:Cc:d:e:Eh:s:S:t:T:w:x:y:",
    lower: 0,
    upper: None,
    json: false,
    usage: "[-BCE] [-b border-lines] [-c target-client] [-d start-directory] [-e environment] \
            [-h height] [-s style] [-S border-style] [-t target-pane] [-T title] [-w width] \
            [-x position] [-y position] [shell-command]",
    about: "show a command in a popup over a client",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(exec),
};

/// tmux's args_percentage(args, flag, 1, extent, extent): cells or a percentage of `extent`.
fn size(value: Option<&str>, extent: u16, what: &str) -> Result<u16, super::support::CmdError> {
    let Some(v) = value else {
        return Ok(extent / 2);
    };
    let n = args_percentage(v, u32::from(extent)).or_else(|why| fail(format!("{what} {why}")))?;
    if n < 1 {
        return fail(format!("{what} too small"));
    }
    if n > u32::from(extent) {
        return fail(format!("{what} too large"));
    }
    Ok(n as u16)
}

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let client = ctx.target_client(args.get('c'))?;
    if args.has('C') {
        ctx.client_action(client, ClientAction::ClearOverlay);
        return Ok(());
    }
    let (session, window, pane) = ctx.find_pane(args.get('t'))?;
    let Some(c) = ctx.srv.clients.clients.get(&client) else {
        return Ok(());
    };
    let (cols, rows, client_session) = (c.cols, c.rows, c.session);
    let h = size(args.get('h'), rows, "height")?;
    let w = size(args.get('w'), cols, "width")?;
    let model = &ctx.srv.model;
    let index = model.window_index_in(Some(session), window).unwrap_or(0);
    let rect = model.pane_rect(pane).unwrap_or_default();
    let place = Place {
        client,
        cols: cols as usize,
        rows: rows as usize,
        session: client_session,
        index,
        pane: (
            rect.x as usize,
            rect.y as usize,
            rect.cols as usize,
            rect.rows as usize,
        ),
    };
    let Some((x, y)) = position(ctx, args, &place, w as usize, h as usize) else {
        return Ok(());
    };
    let wscope = OptionScope::Window(window);
    let lines = if args.has('B') {
        Lines::None
    } else {
        let value = match args.get('b') {
            Some(v) => v.to_string(),
            None => ctx.srv.model.option_text(wscope, "popup-border-lines"),
        };
        match Lines::parse(&value) {
            Some(l) => l,
            None => return fail(format!("popup-border-lines unknown value: {value}")),
        }
    };
    let min = if lines == Lines::None { 1 } else { 3 };
    if w < min || h < min {
        return Ok(());
    }
    let style = |option: &str, flag: char| {
        let mut s = Style::parse(&ctx.srv.model.option_text(wscope, option)).unwrap_or_default();
        // As tmux: only the colours of -s/-S count, and a style that does not parse is ignored.
        if let Some(Ok(given)) = args.get(flag).map(Style::parse) {
            s.fg = given.fg;
            s.bg = given.bg;
        }
        s.attrs = Default::default();
        s
    };
    let (content, border) = (style("popup-style", 's'), style("popup-border-style", 'S'));
    let sscope = OptionScope::Session(session);
    let shell = {
        let s = ctx.srv.model.option_text(sscope, "default-shell");
        if s.is_empty() {
            "/bin/sh".to_string()
        } else {
            s
        }
    };
    let words: Vec<String> = args.values.iter().map(|v| v.text()).collect();
    let shellcmd = match words.len() {
        0 => Some(ctx.srv.model.option_text(sscope, "default-command")),
        1 => Some(words[0].clone()),
        _ => None,
    };
    let argv = match shellcmd {
        Some(c) if c.is_empty() => vec![shell.clone(), "-i".into()],
        Some(c) => vec![c],
        None => words,
    };
    let cwd = match args.get('d') {
        Some(d) => ctx.expand(d, Some(pane)),
        None => (ctx.srv.model.panes.get(&pane)).map_or_else(|| ctx.cwd.clone(), |p| p.cwd.clone()),
    };
    let mut env = ctx.srv.process_env(Some(session), None);
    for e in args.all('e') {
        match e.split_once('=') {
            Some((k, v)) if !k.is_empty() => env.push((k.to_string(), v.to_string())),
            _ => {}
        }
    }
    let title = args
        .get('T')
        .map(|t| ctx.expand(t, Some(pane)))
        .unwrap_or_default();
    let close = match args.count('E') {
        0 => Close::Never,
        1 => Close::OnExit,
        _ => Close::OnSuccess,
    };
    let (answer, handle) = Answer::new();
    ctx.wait = Some(Wait {
        job: Job::Answer(answer.clone()),
        resume: Resume::Answer(answer),
        group: ctx.group,
        formats: Arc::new(ctx.formats.clone()),
        current: ctx.current,
    });
    let spec = PopupSpec {
        x: x as u16,
        y: y as u16,
        w,
        h,
        lines,
        title,
        style: content,
        border,
        close,
        command: Command {
            argv,
            shell,
            cwd,
            env,
        },
        answer: Some(handle),
    };
    ctx.client_action(client, ClientAction::Popup(Box::new(spec)));
    Ok(())
}
