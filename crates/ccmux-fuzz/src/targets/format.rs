//! Format expansion (ccmux-model's format/): arbitrary formats, arbitrary variable values (which may be
//! formats themselves), loops over sessions, windows and panes, shell commands and time.

use crate::gen::{pick, text};
use arbitrary::{Result, Unstructured};
use ccmux_model::format::{expand, expand_time, FormatContext, LoopItem};
use std::collections::HashMap;

const NAMES: &[&str] = &[
    "a",
    "b",
    "session_name",
    "window_name",
    "pane_id",
    "t",
    "n",
    "@x",
    "host",
];

const PIECES: &[&str] = &[
    "#{",
    "}",
    "#{a}",
    "#{b}",
    "#{t}",
    "#{n}",
    "#{@x}",
    ",",
    ":",
    ";",
    "#",
    "##",
    "#,",
    "#}",
    "#[",
    "]",
    "#(",
    ")",
    "(",
    "?",
    "#{?",
    "#{==:",
    "#{!=:",
    "#{<:",
    "#{||:",
    "#{&&:",
    "#{m:",
    "#{m/r:",
    "#{m/ri:",
    "#{C:",
    "#{C/r:",
    "#{s/",
    "/",
    "#{s/a/b/:",
    "#{s/(.)/\\1\\1/:",
    "#{=",
    "#{=-",
    "#{=/",
    "#{p",
    "#{p-",
    "#{e|+|:",
    "#{e|*|f|4:",
    "#{e|/|:",
    "#{e|%|:",
    "#{e|<=|:",
    "#{t:",
    "#{t/p:",
    "#{t/f/%H:",
    "#{T:",
    "#{E:",
    "#{l:",
    "#{b:",
    "#{d:",
    "#{n:",
    "#{w:",
    "#{q:",
    "#{q/e:",
    "#{q/h:",
    "#{a:",
    "#{c:",
    "#{N:",
    "#{N/s:",
    "#{S:",
    "#{W:",
    "#{P:",
    "#{S:#{session_name},",
    "#{W:#{a}",
    "#{P:x,y}",
    "#S",
    "#I",
    "#W",
    "#P",
    "#D",
    "#F",
    "#T",
    "#H",
    "#h",
    "%",
    "%H",
    "%%",
    "a",
    "b",
    "0",
    "1",
    "5",
    "-3",
    "99999",
    "1e300",
    "0x10",
    ".",
    "[a-z]",
    "*",
    "\\",
    "é",
    "😀",
    "\u{85}",
    " ",
    "#{?a,",
    "#{?#{a},x,y}",
    "#{a:",
    "red",
    "colour300",
    "#ff00ff",
];

struct Ctx {
    vars: HashMap<String, String>,
    level: u8,
    items: usize,
}

impl Ctx {
    fn child(&self, i: usize) -> Ctx {
        let mut vars = self.vars.clone();
        vars.insert("session_name".into(), format!("s{i}"));
        vars.insert("window_name".into(), format!("w{}", i % 2));
        vars.insert("pane_id".into(), format!("%{i}"));
        Ctx {
            vars,
            level: self.level + 1,
            items: self.items,
        }
    }

    fn items(&self) -> Vec<LoopItem<'_>> {
        let n = if self.level < 2 { self.items } else { 0 };
        (0..n)
            .map(|i| LoopItem {
                ctx: Box::new(self.child(i)),
                current: i == 1,
            })
            .collect()
    }
}

impl FormatContext for Ctx {
    fn var(&self, name: &str) -> Option<String> {
        self.vars.get(name).cloned()
    }
    fn sessions(&self) -> Vec<LoopItem<'_>> {
        self.items()
    }
    fn windows(&self) -> Option<Vec<LoopItem<'_>>> {
        Some(self.items())
    }
    fn panes(&self) -> Option<Vec<LoopItem<'_>>> {
        (self.items != 3).then(|| self.items())
    }
    fn strftime(&self, fmt: &str, t: i64) -> String {
        fmt.replace("%H", &(t % 24).to_string())
    }
    fn now(&self) -> i64 {
        1_700_000_000
    }
    fn shell(&self, _raw: &str, command: &str) -> Option<String> {
        (!command.is_empty()).then(|| format!("#{{a}}{}", command.len()))
    }
    fn search_pane(&self, pattern: &str, _regex: bool, _icase: bool) -> Option<u32> {
        Some(pattern.len() as u32)
    }
}

fn context(u: &mut Unstructured) -> Result<Ctx> {
    let mut vars = HashMap::new();
    for name in NAMES {
        if u.ratio(3, 4)? {
            let value = match u.int_in_range(0..=3)? {
                0 => (*pick(
                    u,
                    &["0", "1", "", "1700000000", "-5", "abc", "/a/b/", "x,y"],
                )?)
                .to_string(),
                _ => text(u, PIECES, 12)?,
            };
            vars.insert((*name).to_string(), value);
        }
    }
    Ok(Ctx {
        vars,
        level: 0,
        items: u.int_in_range(0..=3)?,
    })
}

/// Expansion terminates without a panic; text without `#` comes back unchanged; a `#{=N:...}` is at most
/// N columns wide (N > 0: `#{=0:...}` does not limit).
pub fn expand_any(u: &mut Unstructured) -> Result<()> {
    let ctx = context(u)?;
    let fmt = text(u, PIECES, 24)?;
    if u.arbitrary()? {
        expand_time(&fmt, &ctx);
    } else {
        let out = expand(&fmt, &ctx);
        if !fmt.contains('#') {
            assert_eq!(out, fmt, "text without # changed");
        }
    }
    let n = u.int_in_range(1..=12u32)?;
    let name = pick(u, NAMES)?;
    let width = expand(&format!("#{{w:#{{={n}:{name}}}}}"), &ctx);
    let width: u32 = width
        .parse()
        .unwrap_or_else(|_| panic!("#{{w:}} gave {width:?}"));
    assert!(
        width <= n,
        "#{{={n}:{name}}} is {width} wide ({:?})",
        ctx.vars.get(*name)
    );
    Ok(())
}
