//! source-file (tmux's cmd-source-file.c, cfg.c): tmux-syntax files, globs, `-` for standard input is not
//! available from the server. A file that does not parse runs nothing (as tmux); an error of a command
//! stops the rest of its line only, the file carries on; errors name the file and line.

use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, CmdResult, Ctx};
use super::Args;
use ccmux_lang::{ParseOptions, ParsedCommand};

pub const ENTRY: Entry = Entry {
    name: "source-file",
    alias: Some("source"),
    template: "Fnqv",
    lower: 1,
    upper: None,
    json: false,
    usage: "[-Fnqv] path ...",
    about: "run the commands of tmux-syntax files (-n check only, -q no error for a missing file)",
    target: TargetKind::None,
    flags: 0,
    run: Run::Server(exec),
};

/// How files are sourced.
#[derive(Clone, Copy, Default)]
pub struct Flags {
    pub quiet: bool,
    pub parse_only: bool,
    pub verbose: bool,
}

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let flags = Flags {
        quiet: args.has('q'),
        parse_only: args.has('n'),
        verbose: args.has('v'),
    };
    let mut errors = Vec::new();
    for path in args.rest(0) {
        let path = if args.has('F') {
            ctx.expand_here(&path)
        } else {
            path
        };
        if path == "-" {
            errors.push("-: reading a config from standard input is not available in ccmux".into());
            continue;
        }
        let pattern = if path.starts_with('/') {
            path.clone()
        } else {
            format!("{}/{path}", ctx.cwd)
        };
        match glob(&pattern) {
            Ok(files) if files.is_empty() => {
                if !flags.quiet {
                    errors.push(format!("{path}: No such file or directory"));
                }
            }
            Ok(files) => {
                for f in files {
                    errors.extend(source(ctx, &f, flags));
                }
            }
            Err(e) => errors.push(format!("{path}: {e}")),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        fail(errors.join("\n"))
    }
}

/// Expands a glob pattern with the C library's glob(3), as tmux does; no match is an empty list.
pub fn glob(pattern: &str) -> Result<Vec<String>, String> {
    let Ok(c) = std::ffi::CString::new(pattern) else {
        return Err("Invalid argument".into());
    };
    // SAFETY: glob fills `g`, which is freed with globfree; the paths are copied out before that.
    unsafe {
        let mut g: libc::glob_t = std::mem::zeroed();
        let rc = libc::glob(c.as_ptr(), 0, None, &mut g);
        let mut out = Vec::new();
        if rc == 0 {
            for i in 0..g.gl_pathc {
                let p = *g.gl_pathv.add(i);
                if !p.is_null() {
                    out.push(std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned());
                }
            }
        }
        libc::globfree(&mut g);
        match rc {
            0 | libc::GLOB_NOMATCH => Ok(out),
            libc::GLOB_NOSPACE => Err("Cannot allocate memory".into()),
            _ => Err("Invalid argument".into()),
        }
    }
}

/// Queues one file's commands in `ctx` (they run next); returns the errors found before running (the
/// file cannot be read or does not parse). Errors of its commands are reported as they run, each naming
/// the file and line.
pub fn source(ctx: &mut Ctx, path: &str, flags: Flags) -> Vec<String> {
    let text = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && flags.quiet => return Vec::new(),
        Err(e) => return vec![format!("{path}: {}", io_text(&e))],
    };
    source_text(ctx, path, &text, flags)
}

/// What strerror says for an IO error (tmux's wording), without Rust's "(os error N)".
fn io_text(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s.get(..i).unwrap_or(&s).to_string(),
        None => s,
    }
}

/// Sources config text read from `path`.
pub fn source_text(ctx: &mut Ctx, path: &str, text: &str, flags: Flags) -> Vec<String> {
    let opts = ParseOptions {
        file: Some(path.to_string()),
        first_line: 1,
        parse_only: flags.parse_only,
    };
    let (parsed, assignments) = {
        let pane = ctx.current_pane();
        let session = pane
            .and_then(|p| ctx.srv.model.session_of_pane(p))
            .or(ctx.current.session);
        let mut env = super::text::ServerEnv::new(ctx.srv, session, pane);
        let parsed = ccmux_lang::parse(text, &opts, &mut env);
        (parsed, env.assignments)
    };
    let parsed = match parsed {
        Ok(p) => p,
        Err(e) => return vec![e.to_string()],
    };
    // Every command is checked before any runs: an unknown command or flag is a parse error of the file.
    let expanded = match super::alias::expand(&parsed) {
        Ok(cmds) => cmds,
        Err(e) => return vec![format!("{path}: {e}")],
    };
    let prepared: Vec<(u32, super::Prepared)> = match expanded
        .iter()
        .map(|c| super::prepare(c).map(|p| (c.line, p)))
        .collect::<Result<_, _>>()
    {
        Ok(p) => p,
        Err(e) => {
            let line = failing_line(&expanded);
            return vec![format!("{path}:{line}: {e}")];
        }
    };
    if flags.verbose {
        for c in &parsed {
            ctx.print(&format!(
                "{path}:{}: {}",
                c.line,
                ccmux_lang::print_commands(std::slice::from_ref(c))
            ));
        }
    }
    if flags.parse_only {
        return Vec::new();
    }
    for (name, value, hidden) in assignments {
        let change = ccmux_model::Change::EnvSet {
            session: None,
            name,
            value: Some(ccmux_model::EnvValue {
                value: Some(value),
                hidden,
            }),
        };
        if let Err(e) = ctx.apply(change) {
            return vec![format!("{path}: {e}")];
        }
    }
    // Each line is a group (an error stops the rest of its line only), run next in the queue.
    let mut formats = ctx.formats.clone();
    formats.insert("current_file".into(), path.to_string());
    let formats = std::sync::Arc::new(formats);
    let mut items = Vec::new();
    let mut last_line = None;
    let mut group = 0;
    for (line, cmd) in prepared {
        if last_line != Some(line) {
            group = ctx.q.new_group();
            last_line = Some(line);
        }
        items.push(super::queue::Item {
            cmd,
            group,
            hook: ctx.in_hook,
            formats: formats.clone(),
            current: None,
            origin: Some(format!("{path}:{line}")),
        });
    }
    super::queue::push_front(ctx, items);
    Vec::new()
}

/// The line of the first command that does not resolve (for the message).
fn failing_line(parsed: &[ParsedCommand]) -> u32 {
    parsed
        .iter()
        .find(|c| super::prepare(c).is_err())
        .map_or(0, |c| c.line)
}
