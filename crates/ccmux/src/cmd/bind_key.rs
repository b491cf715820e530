//! bind-key, unbind-key, list-keys (tmux's cmd-bind-key.c, cmd-unbind-key.c, cmd-list-keys.c). Key tables
//! live in the model (persisted); a binding's commands are checked when it is bound and kept as text with
//! full command names.

use super::args::Value;
use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, ClientAction, CmdError, CmdResult, Ctx};
use super::Args;
use ccmux_model::keys::{Key, KeyCode};
use ccmux_model::{Binding, Change, OptionScope};

pub const BIND_KEY: Entry = Entry {
    name: "bind-key",
    alias: Some("bind"),
    template: "nrN:T:",
    lower: 1,
    upper: None,
    json: false,
    usage: "[-nr] [-T key-table] [-N note] key [command [arguments]]",
    about: "bind a key to commands (-T table, -n the root table, -r repeats)",
    target: TargetKind::None,
    flags: 0,
    run: Run::Server(bind),
};

pub const UNBIND_KEY: Entry = Entry {
    name: "unbind-key",
    alias: Some("unbind"),
    template: "anqT:",
    lower: 0,
    upper: Some(1),
    json: false,
    usage: "[-anq] [-T key-table] key",
    about: "remove a key binding (-a: every binding of the table)",
    target: TargetKind::None,
    flags: 0,
    run: Run::Server(unbind),
};

pub const LIST_KEYS: Entry = Entry {
    name: "list-keys",
    alias: Some("lsk"),
    template: "1aNP:T:",
    lower: 0,
    upper: Some(1),
    json: false,
    usage: "[-1aN] [-P prefix-string] [-T key-table] [key]",
    about: "list key bindings (-N: with their notes)",
    target: TargetKind::None,
    flags: 0,
    run: Run::Server(list),
};

fn table_name(args: &Args) -> String {
    match args.get('T') {
        Some(t) => t.to_string(),
        None if args.has('n') => "root".into(),
        None => "prefix".into(),
    }
}

/// The commands of a binding, checked, as text with full names.
fn binding_commands(args: &Args) -> Result<String, String> {
    match &args.values[1..] {
        [] => Ok(String::new()),
        [Value::Block(cmds)] => super::text::canonical_commands(cmds),
        [Value::Word(text)] => {
            let opts = ccmux_lang::ParseOptions {
                parse_only: true,
                ..Default::default()
            };
            let mut env = super::text::NoEnv;
            let cmds = ccmux_lang::parse(text, &opts, &mut env).map_err(|e| e.to_string())?;
            super::text::canonical_commands(&cmds)
        }
        many => {
            let words: Vec<String> = many.iter().map(Value::text).collect();
            super::text::canonical_commands(&ccmux_lang::parse_arguments(&words))
        }
    }
}

fn bind(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let name = args.arg(0).unwrap_or_default();
    let key = match Key::parse(&name) {
        Some(k) if k.code != KeyCode::NoKey => k,
        _ => return fail(format!("unknown key: {name}")),
    };
    let command = binding_commands(args).map_err(CmdError::Msg)?;
    ctx.apply(Change::KeyBound {
        table: table_name(args),
        key: key.name(),
        binding: Some(Binding {
            command,
            note: args.get('N').map(String::from),
            repeat: args.has('r'),
        }),
    })?;
    Ok(())
}

fn unbind(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let quiet = args.has('q');
    let quietly = |msg: String| {
        if quiet {
            Err(CmdError::Quiet)
        } else {
            fail(msg)
        }
    };
    let table = table_name(args);
    let exists = ctx.srv.model.key_tables.contains_key(&table);
    if args.has('a') {
        if args.arg(0).is_some() {
            return quietly("key given with -a".into());
        }
        if !exists {
            return quietly(format!("table {table} doesn't exist"));
        }
        let keys: Vec<String> = ctx.srv.model.key_tables[&table].keys().cloned().collect();
        for key in keys {
            ctx.apply(Change::KeyBound {
                table: table.clone(),
                key,
                binding: None,
            })?;
        }
        return Ok(());
    }
    let Some(name) = args.arg(0) else {
        return quietly("missing key".into());
    };
    let Some(key) = Key::parse(&name).filter(|k| k.code != KeyCode::NoKey) else {
        return quietly(format!("unknown key: {name}"));
    };
    if args.get('T').is_some() && !exists {
        return quietly(format!("table {table} doesn't exist"));
    }
    if exists && ctx.srv.model.key_tables[&table].contains_key(&key.name()) {
        ctx.apply(Change::KeyBound {
            table,
            key: key.name(),
            binding: None,
        })?;
    }
    Ok(())
}

/// tmux orders a table's keys by key code: modifiers first (none, Meta, Ctrl, Shift...), then the key
/// (characters by code point, then Any, mouse keys, and the named keys in tmux's order).
fn sort_key(name: &str) -> (u8, u64, Option<Key>, String) {
    let Some(k) = Key::parse(name) else {
        return (u8::MAX, 0, None, name.to_string());
    };
    let m = k.mods;
    use ccmux_model::keys::Mods;
    // tmux 3.3a's modifier bits: Meta 1, Ctrl 2, Shift 4 (above the key).
    let mods = u8::from(m.contains(Mods::META))
        | u8::from(m.contains(Mods::CTRL)) << 1
        | u8::from(m.contains(Mods::SHIFT)) << 2;
    let code = match k.code {
        KeyCode::Char(c) => c as u64,
        KeyCode::Any => 0x1_0000_0000,
        KeyCode::Mouse(_) => 0x1_0000_0001,
        KeyCode::BSpace => 0x1_0000_0002,
        KeyCode::F(n) => 0x1_0000_0010 + u64::from(n),
        KeyCode::IC => 0x1_0000_0030,
        KeyCode::DC => 0x1_0000_0031,
        KeyCode::Home => 0x1_0000_0032,
        KeyCode::End => 0x1_0000_0033,
        KeyCode::NPage => 0x1_0000_0034,
        KeyCode::PPage => 0x1_0000_0035,
        KeyCode::BTab => 0x1_0000_0036,
        KeyCode::Up => 0x1_0000_0037,
        KeyCode::Down => 0x1_0000_0038,
        KeyCode::Left => 0x1_0000_0039,
        KeyCode::Right => 0x1_0000_003a,
        _ => 0x1_0000_0100,
    };
    (mods, code, Some(k), name.to_string())
}

/// The bindings of `table` in tmux's order.
pub fn sorted(ctx: &Ctx, table: &str) -> Vec<(String, Binding)> {
    let Some(t) = ctx.srv.model.key_tables.get(table) else {
        return Vec::new();
    };
    let mut out: Vec<(String, Binding)> = t.iter().map(|(k, b)| (k.clone(), b.clone())).collect();
    out.sort_by_key(|(k, _)| sort_key(k));
    out
}

fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

fn is_mouse(key: &str) -> bool {
    Key::parse(key).is_some_and(|k| matches!(k.code, KeyCode::Mouse(_)))
}

fn list(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let only = match args.arg(0) {
        Some(k) => match Key::parse(&k) {
            Some(key) => Some(key.name()),
            None => return fail(format!("invalid key: {k}")),
        },
        None => None,
    };
    let tablename = args.get('T').map(String::from);
    if let Some(t) = &tablename {
        if !ctx.srv.model.key_tables.contains_key(t) {
            return fail(format!("table {t} doesn't exist"));
        }
    }
    let matches = |k: &str| only.as_deref().is_none_or(|o| o == k);
    if args.has('N') {
        return list_notes(args, ctx, tablename, &matches);
    }
    let tables: Vec<String> = ctx
        .srv
        .model
        .key_tables
        .keys()
        .filter(|t| tablename.as_ref().is_none_or(|n| n == *t))
        .cloned()
        .collect();
    let mut rows = Vec::new();
    for t in &tables {
        for (k, b) in sorted(ctx, t) {
            if matches(&k) {
                rows.push((t.clone(), ccmux_lang::quote_word(&k), b));
            }
        }
    }
    let repeat = rows.iter().any(|(_, _, b)| b.repeat);
    let tw = rows.iter().map(|(t, _, _)| width(t)).max().unwrap_or(0);
    let kw = rows.iter().map(|(_, k, _)| width(k)).max().unwrap_or(0);
    if rows.is_empty() && only.is_some() {
        return fail(format!("unknown key: {}", args.arg(0).unwrap_or_default()));
    }
    for (t, k, b) in rows {
        let r = match (repeat, b.repeat) {
            (false, _) => "",
            (true, true) => "-r ",
            (true, false) => "   ",
        };
        ctx.print(&format!(
            "bind-key {r}-T {} {} {}",
            pad(&t, tw),
            pad(&k, kw),
            super::text::print_text(&b.command, true)
        ));
    }
    Ok(())
}

fn list_notes(
    args: &Args,
    ctx: &mut Ctx,
    tablename: Option<String>,
    matches: &dyn Fn(&str) -> bool,
) -> CmdResult {
    let shown = |k: &str, b: &Binding| {
        matches(k)
            && !is_mouse(k)
            && (args.has('a') || b.note.as_deref().is_some_and(|n| !n.is_empty()))
    };
    let table_width = |ctx: &Ctx, t: &str| {
        sorted(ctx, t)
            .iter()
            .filter(|(k, b)| {
                matches(k) && !is_mouse(k) && b.note.as_deref().is_some_and(|n| !n.is_empty())
            })
            .map(|(k, _)| width(k))
            .max()
            .unwrap_or(0)
    };
    let mut lines = Vec::new();
    let mut emit = |ctx: &Ctx, t: &str, keywidth: usize, start: &str| {
        for (k, b) in sorted(ctx, t) {
            if !shown(&k, &b) {
                continue;
            }
            let note = match b.note.as_deref() {
                Some(n) if !n.is_empty() => n.to_string(),
                _ => super::text::print_text(&b.command, true),
            };
            lines.push(format!("{start}{}{note}", pad(&k, keywidth + 1)));
            if args.has('1') {
                break;
            }
        }
    };
    match tablename {
        None => {
            let prefix_key = ctx
                .srv
                .model
                .option_text(OptionScope::GlobalSession, "prefix");
            let start = match args.get('P') {
                Some(p) => p.to_string(),
                None if prefix_key != "None" => format!("{prefix_key} "),
                None => String::new(),
            };
            let mut keywidth = table_width(ctx, "root");
            let pw = table_width(ctx, "prefix");
            let with_prefix = prefix_key != "None" && pw > 0;
            if with_prefix {
                keywidth = keywidth.max(pw);
            }
            let empty = " ".repeat(width(&start));
            emit(ctx, "root", keywidth, &empty);
            if with_prefix {
                emit(ctx, "prefix", keywidth, &start);
            }
        }
        Some(t) => {
            let start = args.get('P').unwrap_or("").to_string();
            let keywidth = table_width(ctx, &t);
            emit(ctx, &t, keywidth, &start);
        }
    }
    if args.has('1') {
        if let (Some(line), Ok(client)) = (lines.first(), ctx.target_client(None)) {
            ctx.client_action(client, ClientAction::Message(line.clone()));
            return Ok(());
        }
    }
    for l in lines
        .iter()
        .take(if args.has('1') { 1 } else { usize::MAX })
    {
        ctx.print(l);
    }
    Ok(())
}

/// Queues tmux's default bindings (once, when a server first starts: they run next).
pub fn install_defaults(ctx: &mut Ctx) -> CmdResult {
    ctx.apply(Change::KeysInitialized)?;
    for line in super::default_keys::DEFAULTS.iter().rev() {
        super::run_text_in(ctx, line)?;
    }
    Ok(())
}
