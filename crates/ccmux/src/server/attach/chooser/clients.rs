//! choose-client's mode (tmux's window-client.c): the attached clients, each `name: format`; Enter
//! runs the template (`detach-client -t '%%'`) for the current one; `d`, `x` and `z` detach, detach
//! and kill (`detach-client -P`), or suspend the current client, `D`, `X` and `Z` the tagged ones.
//! The preview shows the client's current pane and its status line.

use super::preview::{self, Rows};
use super::{Chooser, Entry, Outcome, Sort, Tag};
use crate::server::format_ctx::Target;
use crate::server::state::Server;
use ccmux_model::keys::Key;
use ccmux_term::RenderCell;
use std::collections::BTreeMap;

pub const SORTS: &[&str] = &["name", "size", "creation", "activity"];
pub const TEMPLATE: &str = "detach-client -t '%%'";
pub const FORMAT: &str = "#{t/p:client_activity}: session #{session_name}";

/// A client's name: its tty (its number when it has none).
fn name(srv: &Server, id: u32) -> String {
    match srv.clients.clients.get(&id) {
        Some(c) if !c.tty.is_empty() => c.tty.clone(),
        _ => id.to_string(),
    }
}

fn vars(srv: &Server, id: u32) -> BTreeMap<String, String> {
    let v = crate::server::format_vars::client_vars(srv, id);
    v.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

pub fn build(srv: &Server, sort: Sort, format: &str, filter: Option<&str>) -> Vec<Entry> {
    let mut ids: Vec<u32> = srv.clients.clients.keys().copied().collect();
    let c = |id: &u32| &srv.clients.clients[id];
    ids.sort_by(|a, b| {
        let r = match sort.field {
            1 => (c(a).cols, c(a).rows).cmp(&(c(b).cols, c(b).rows)),
            2 | 3 => c(b).created.cmp(&c(a).created),
            _ => std::cmp::Ordering::Equal,
        }
        .then_with(|| name(srv, *a).cmp(&name(srv, *b)));
        if sort.reversed {
            r.reverse()
        } else {
            r
        }
    });
    ids.iter()
        .filter_map(|id| {
            let extra = vars(srv, *id);
            let target = Target::session(srv, c(id).session).with_formats(&extra);
            if filter.is_some_and(|f| !ccmux_lang::format_true(&target.expand(f))) {
                return None;
            }
            Some(Entry {
                tag: Tag::Client(*id),
                name: name(srv, *id),
                text: Some(target.expand_time(format)),
                expanded: None,
                children: Vec::new(),
            })
        })
        .collect()
}

/// The client's current pane above a line, then its status line(s).
pub fn preview(srv: &Server, tag: &Tag, sx: usize, sy: usize) -> Rows {
    let mut rows = vec![vec![RenderCell::BLANK; sx]; sy];
    let Tag::Client(id) = tag else {
        return rows;
    };
    let Some(c) = srv.clients.clients.get(id) else {
        return rows;
    };
    let Some(pane) = srv.model.active_pane(c.session) else {
        return rows;
    };
    let (n, top) = super::super::status::lines(srv, c.session);
    let lines = if n as usize >= sy { 0 } else { n as usize };
    let at = if top { lines } else { 0 };
    let shown = preview::pane(srv, pane, sx, sy.saturating_sub(2 + lines));
    preview::blit(&mut rows, 0, at, &shown);
    let line_at = if at != 0 {
        2
    } else {
        sy.saturating_sub(1 + lines)
    };
    if let Some(row) = rows.get_mut(line_at) {
        row.iter_mut().for_each(|c| c.c = '─');
    }
    let status_at = if at != 0 { 0 } else { sy - lines };
    for i in 0..lines {
        let line = super::super::status::status_line(srv, *id, c.session, i as u16, sx);
        if let Some(row) = rows.get_mut(status_at + i) {
            *row = line;
        }
    }
    rows
}

pub fn key(ch: &mut Chooser, srv: &mut Server, key: Key) -> Outcome {
    let name_of = |t: &Tag| match t {
        Tag::Client(id) if srv.clients.clients.contains_key(id) => Some(name(srv, *id)),
        _ => None,
    };
    let act = |k: &str, n: String| {
        let q = ccmux_lang::quote_word(&n);
        match k {
            "d" | "D" => format!("detach-client -t {q}"),
            "x" | "X" => format!("detach-client -P -t {q}"),
            _ => format!("suspend-client -t {q}"),
        }
    };
    let k = key.to_string();
    let commands: Vec<(String, Option<ccmux_model::Current>)> = match k.as_str() {
        "d" | "x" | "z" => {
            let tag = ch.current_tag();
            ch.down(false);
            tag.as_ref()
                .and_then(name_of)
                .map(|n| (act(&k, n), None))
                .into_iter()
                .collect()
        }
        "D" | "X" | "Z" => {
            let tags = ch.tagged_or_current(false);
            if tags.iter().any(|t| Some(t) == ch.current_tag().as_ref()) {
                ch.down(false);
            }
            tags.iter()
                .filter_map(name_of)
                .map(|n| (act(&k, n), None))
                .collect()
        }
        "Enter" => {
            let commands = (ch.current_tag().as_ref().and_then(name_of).into_iter())
                .map(|n| (crate::cmd::template::replace(&ch.template, &n, 1), None))
                .filter(|(c, _)| !c.is_empty())
                .collect();
            return Outcome::Run {
                commands,
                exit: true,
            };
        }
        _ => return Outcome::Stay,
    };
    Outcome::Run {
        commands,
        exit: false,
    }
}
