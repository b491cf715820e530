//! resize-window: a window to a size (-x -y), by an adjustment (-L -R -U -D), or to the largest (-A) or
//! smallest (-a) client showing it; the window's `window-size` becomes `manual` so clients no longer
//! size it, as in tmux.
//!
//! ccmux sizes a session's windows together (`SessionResized`), so a window is resized only when it is
//! the only window of the session it is resolved in; otherwise the command is an error that says so.

use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, strtonum, CmdResult, Ctx};
use super::Args;
use crate::server::attach::client_sizes;
use ccmux_model::{Change, OptionScope, OptionValue};

/// tmux's WINDOW_MINIMUM and WINDOW_MAXIMUM.
const MIN: i64 = 1;
const MAX: i64 = 10_000;

pub const ENTRY: Entry = Entry {
    name: "resize-window",
    alias: Some("resizew"),
    template: "aADLRt:Ux:y:",
    lower: 0,
    upper: Some(1),
    json: false,
    usage: "[-aADLRU] [-x width] [-y height] [-t target-window] [adjustment]",
    about: "resize a window (the only window of its session in ccmux)",
    target: TargetKind::Window,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let (session, window) = ctx.find_window(args.get('t'))?;
    let adjust = match args.arg(0) {
        None => 1,
        Some(a) => {
            strtonum(&a, 1, i64::from(i32::MAX)).or_else(|why| fail(format!("adjustment {why}")))?
        }
    };
    let w = &ctx.srv.model.windows[&window];
    let (mut sx, mut sy) = (i64::from(w.cols), i64::from(w.rows));
    if let Some(x) = args.get('x') {
        sx = strtonum(x, MIN, MAX).or_else(|why| fail(format!("width {why}")))?;
    }
    if let Some(y) = args.get('y') {
        sy = strtonum(y, MIN, MAX).or_else(|why| fail(format!("height {why}")))?;
    }
    if args.has('L') {
        if sx >= adjust {
            sx -= adjust;
        }
    } else if args.has('R') {
        sx += adjust;
    } else if args.has('U') {
        if sy >= adjust {
            sy -= adjust;
        }
    } else if args.has('D') {
        sy += adjust;
    }
    if args.has('A') || args.has('a') {
        let sizes = client_sizes(ctx.srv, window);
        let pick = if args.has('A') {
            sizes
                .iter()
                .copied()
                .reduce(|a, b| (a.0.max(b.0), a.1.max(b.1)))
        } else {
            sizes
                .iter()
                .copied()
                .reduce(|a, b| (a.0.min(b.0), a.1.min(b.1)))
        };
        (sx, sy) = match pick {
            Some((x, y)) => (i64::from(x), i64::from(y)),
            None => default_size(ctx, session),
        };
    }
    let (sx, sy) = (sx.clamp(MIN, MAX) as u16, sy.clamp(MIN, MAX) as u16);
    let model = &ctx.srv.model;
    let w = &model.windows[&window];
    let s = &model.sessions[&session];
    let resize = (w.cols, w.rows) != (sx, sy);
    if resize && s.windows.len() > 1 {
        return fail(format!(
            "resize-window: session {} has {} windows and ccmux sizes a session's windows together: \
             resizing one window of several is not available",
            s.name,
            s.windows.len()
        ));
    }
    if model.option_text(OptionScope::Window(window), "window-size") != "manual" {
        ctx.apply(Change::OptionSet {
            scope: OptionScope::Window(window),
            name: "window-size".into(),
            value: Some(OptionValue::Choice("manual".into())),
        })?;
    }
    if resize {
        ctx.apply(Change::SessionResized {
            id: session,
            cols: sx,
            rows: sy,
        })?;
    }
    Ok(())
}

/// The session's `default-size` (80x24 when it does not parse).
fn default_size(ctx: &Ctx, session: ccmux_model::SessionId) -> (i64, i64) {
    let text = ctx
        .srv
        .model
        .option_text(OptionScope::Session(session), "default-size");
    text.split_once('x')
        .and_then(|(w, h)| Some((w.parse().ok()?, h.parse().ok()?)))
        .unwrap_or((80, 24))
}
