//! What comes back after a reboot (issue 13): rules that decide, for the program a pane ran, whether
//! to run it again in the restored shell (`run`), type it at the prompt for the user to start with
//! Enter (`ask`), or leave it (`skip`), and which command line to use (a rule may rewrite it, e.g. a
//! coding agent resuming its conversation). The `[restore]` table of `config.toml` holds the user's
//! rules, tried first; the built-in rules below follow; anything else gets `default` (`ask`).
//! Nothing here does IO.

use serde::Deserialize;

/// What a rule does with a program.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Run the command line again in the restored shell: quitting it leaves the shell.
    Run,
    /// Type it at the shell's prompt; the user runs it with Enter (or not).
    #[default]
    Ask,
    /// Leave it: the pane comes back with its shell only.
    Skip,
}

impl Action {
    pub fn name(self) -> &'static str {
        match self {
            Action::Run => "run",
            Action::Ask => "ask",
            Action::Skip => "skip",
        }
    }
}

/// The `[restore]` table.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RestoreConfig {
    /// What happens to a program no rule matches.
    pub default: Action,
    /// Use the built-in rules (after the user's).
    pub builtin: bool,
    /// The user's rules, tried in order before the built-in ones.
    pub rules: Vec<Rule>,
}

impl Default for RestoreConfig {
    fn default() -> Self {
        RestoreConfig {
            default: Action::Ask,
            builtin: true,
            rules: Vec::new(),
        }
    }
}

/// One `[[restore.rules]]` entry.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Shown in the restored pane and by `persistence inspect`.
    pub name: String,
    /// Program names (the last part of the command's first word) the rule is for.
    #[serde(default)]
    pub programs: Vec<String>,
    /// Or a regular expression the whole command line (words joined by spaces) must match.
    #[serde(default)]
    pub pattern: Option<String>,
    pub action: Action,
    /// The command line to run instead, word by word: `{args}` stands for the original arguments
    /// (as separate words), `{argv}` for the whole original command line, `{program}` for its first
    /// word; absent, the original command line.
    #[serde(default)]
    pub command: Option<Vec<String>>,
}

impl Rule {
    /// A configuration error, if any (checked when the config file is read).
    pub fn check(&self) -> Result<(), String> {
        if self.programs.is_empty() && self.pattern.is_none() {
            return Err(format!(
                "restore rule {:?}: give `programs` or `pattern`",
                self.name
            ));
        }
        if let Some(p) = &self.pattern {
            regex::Regex::new(p)
                .map_err(|e| format!("restore rule {:?}: bad pattern: {e}", self.name))?;
        }
        Ok(())
    }

    fn matches(&self, program: &str, line: &str) -> bool {
        self.programs.iter().any(|p| p == program)
            || self
                .pattern
                .as_deref()
                .and_then(|p| regex::Regex::new(p).ok())
                .is_some_and(|re| re.is_match(line))
    }
}

impl RestoreConfig {
    /// This config with the user options a `~/.tmux.conf` may set instead (`set -s @restore-default
    /// run|ask|skip`, `set -s @restore-builtin on|off`; `-g` works too), as the model holds them.
    pub fn with_options(&self, model: &ccmux_model::Model) -> RestoreConfig {
        let user = |name: &str| {
            [
                ccmux_model::OptionScope::Server,
                ccmux_model::OptionScope::GlobalSession,
            ]
            .into_iter()
            .find_map(|scope| {
                let text = model.option_text(scope, name);
                (!text.is_empty()).then_some(text)
            })
        };
        let mut out = self.clone();
        match user("@restore-default").as_deref() {
            Some("run") => out.default = Action::Run,
            Some("ask") => out.default = Action::Ask,
            Some("skip") => out.default = Action::Skip,
            _ => {}
        }
        match user("@restore-builtin").as_deref() {
            Some("on" | "1" | "yes") => out.builtin = true,
            Some("off" | "0" | "no") => out.builtin = false,
            _ => {}
        }
        out
    }
}

/// What a restore does with one pane's program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// The rule that decided (`default` when none matched).
    pub rule: String,
    pub action: Action,
    /// The command line to run or show.
    pub argv: Vec<String>,
}

/// The program a command line runs and where its own arguments start: `node /x/claude --resume y`
/// is `claude` with `--resume y` (interpreters running a script are named after the script).
fn program_of(argv: &[String]) -> (String, usize) {
    let base = |w: &str| w.rsplit('/').next().unwrap_or(w).to_string();
    let first = argv.first().map(|w| base(w)).unwrap_or_default();
    if matches!(first.as_str(), "node" | "bun" | "deno") {
        if let Some(script) = argv.get(1).filter(|w| !w.starts_with('-')) {
            let name = base(script);
            let name = name.strip_suffix(".js").unwrap_or(&name).to_string();
            return (name, 2);
        }
    }
    (first, 1)
}

/// Decides for a pane whose foreground ran `argv`.
pub fn decide(config: &RestoreConfig, argv: &[String]) -> Decision {
    let (program, args_at) = program_of(argv);
    let line = argv.join(" ");
    let args = argv.get(args_at..).unwrap_or_default();
    for rule in &config.rules {
        if rule.matches(&program, &line) {
            let argv = match &rule.command {
                Some(template) => rewrite(template, argv, args),
                None => argv.to_vec(),
            };
            return Decision {
                rule: rule.name.clone(),
                action: rule.action,
                argv,
            };
        }
    }
    if config.builtin {
        if let Some(d) = builtin(&program, argv, args) {
            return d;
        }
    }
    Decision {
        rule: "default".into(),
        action: config.default,
        argv: argv.to_vec(),
    }
}

fn rewrite(template: &[String], argv: &[String], args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for word in template {
        match word.as_str() {
            "{args}" => out.extend(args.iter().cloned()),
            "{argv}" => out.extend(argv.iter().cloned()),
            _ => out.push(word.replace("{program}", argv.first().map_or("", String::as_str))),
        }
    }
    out
}

/// Editors reopen their files; pagers and viewers show again; these only read or were reading.
const EDITORS: &[&str] = &[
    "vim",
    "nvim",
    "vi",
    "view",
    "vimdiff",
    "nano",
    "hx",
    "helix",
    "micro",
    "kak",
    "emacs",
    "emacsclient",
];
const VIEWERS: &[&str] = &[
    "less",
    "more",
    "most",
    "man",
    "htop",
    "top",
    "btop",
    "atop",
    "watch",
    "tail",
    "journalctl",
];
/// A connection to elsewhere: asked, since it may prompt for a password or land somewhere else.
const REMOTE: &[&str] = &["ssh", "mosh", "telnet", "et"];
/// Interactive interpreters and database shells: asked (their state is gone either way).
const REPLS: &[&str] = &[
    "python", "python3", "ipython", "node", "irb", "psql", "mysql", "sqlite3", "ghci", "R", "lua",
    "bc",
];

fn builtin(program: &str, argv: &[String], args: &[String]) -> Option<Decision> {
    let decision = |rule: &str, action, argv: Vec<String>| {
        Some(Decision {
            rule: rule.into(),
            action,
            argv,
        })
    };
    if EDITORS.contains(&program) {
        return decision("editors", Action::Run, argv.to_vec());
    }
    if VIEWERS.contains(&program) {
        return decision("viewers", Action::Run, argv.to_vec());
    }
    if REMOTE.contains(&program) {
        return decision("remote", Action::Ask, argv.to_vec());
    }
    // A REPL without arguments; with a script it is a program like any other (the default).
    if REPLS.contains(&program) && args.iter().all(|a| a.starts_with('-')) {
        return decision("repls", Action::Ask, argv.to_vec());
    }
    if program == "claude" {
        // Claude Code resumes its own conversation: the one named (`--resume ID`), else the last one
        // in this directory (`--continue`).
        let resumes = args
            .iter()
            .any(|a| matches!(a.as_str(), "--resume" | "-r" | "--continue" | "-c"));
        let argv = if resumes {
            vec!["claude".to_string()]
                .into_iter()
                .chain(args.iter().cloned())
                .collect()
        } else {
            let mut v = vec!["claude".to_string(), "--continue".to_string()];
            v.extend(args.iter().cloned());
            v
        };
        return decision("coding-agents", Action::Run, argv);
    }
    None
}

/// Shells: a pane whose own process is one of these types its foreground program back in.
const SHELLS: &[&str] = &[
    "sh", "bash", "zsh", "fish", "dash", "ksh", "mksh", "tcsh", "csh", "nu",
];

/// How a pane's program comes back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How {
    /// A program started from the pane's shell: typed into the new shell (with Enter for `run`).
    Typed,
    /// The pane's own command (`new-window CMD`): started as the pane's process (`ask`: after a
    /// press of Enter; `skip`: the shell instead).
    Command,
}

/// What a restore after a reboot does about one pane's program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub how: How,
    pub decision: Decision,
}

impl Plan {
    /// What the restored pane says about it (`done`), e.g. `ran "vim notes.md" (rule: editors)`,
    /// or what a restore would do: `would run "vim notes.md" (rule: editors)`.
    pub fn describe(&self, done: bool) -> String {
        let line = match self.decision.argv.as_slice() {
            // A one-string command, as given (the shell runs it).
            [one] => one.clone(),
            argv => shell_line(argv),
        };
        let what = match (self.decision.action, self.how, done) {
            (Action::Run, _, true) => format!("ran \"{line}\""),
            (Action::Run, _, false) => format!("would run \"{line}\""),
            (Action::Ask, How::Typed, true) => format!("typed \"{line}\", Enter runs it"),
            (Action::Ask, How::Typed, false) => format!("would type \"{line}\" for Enter"),
            (Action::Ask, How::Command, true) => format!("asks before running \"{line}\""),
            (Action::Ask, How::Command, false) => format!("would ask before running \"{line}\""),
            (Action::Skip, _, true) => format!("did not start \"{line}\""),
            (Action::Skip, _, false) => format!("would not start \"{line}\""),
        };
        format!("{what} (rule: {})", self.decision.rule)
    }
}

/// The plan for a pane (`None`: a shell at its prompt, nothing to bring back).
pub fn plan(config: &RestoreConfig, pane: &ccmux_model::Pane) -> Option<Plan> {
    let own = &pane.spec.command;
    // A one-string command runs through the shell: its words, for matching.
    let own_words: Vec<String> = match own.as_slice() {
        [one] => one.split_whitespace().map(String::from).collect(),
        many => many.to_vec(),
    };
    let own_is_shell = own_words.is_empty() || SHELLS.contains(&program_of(&own_words).0.as_str());
    match &pane.foreground {
        Some(fg) if own_is_shell && !fg.argv.is_empty() => Some(Plan {
            how: How::Typed,
            decision: decide(config, &fg.argv),
        }),
        _ if !own.is_empty() => {
            let mut decision = decide(config, &own_words);
            if decision.argv == own_words {
                // Not rewritten: the command as given (a one-string command stays one).
                decision.argv = own.clone();
            }
            Some(Plan {
                how: How::Command,
                decision,
            })
        }
        _ => None,
    }
}

/// Editors whose cursor line comes back: they take `+LINE`, and show the line in their ruler.
const VIM_LIKE: &[&str] = &["vim", "nvim", "vi", "view"];

/// The cursor line of a vim-like editor, as its ruler showed it on the pane's alternate screen
/// (`42,7  All` at the end of the last line: vim's `ruler`, on in Debian's vim and in
/// `defaults.vim`): read from the saved terminal state (`term`) with the output logged after it.
pub fn editor_line(term: Option<&[u8]>, output: &[u8]) -> Option<u32> {
    let state = ccmux_term::decode_state(term?).ok()?;
    let mut emu = ccmux_term::Emulator::from_state(&state, 0).ok()?;
    emu.advance(output);
    if !emu.alternate_screen() {
        return None;
    }
    let screen = emu.capture(&ccmux_term::CaptureOptions::default());
    let last = screen.lines().rev().find(|l| !l.trim().is_empty())?;
    let ruler = regex::Regex::new(r"(\d+),\d+(?:-\d+)?\s+(?:All|Top|Bot|\d+%)\s*$").ok()?;
    ruler.captures(last)?.get(1)?.as_str().parse().ok()
}

impl Plan {
    /// A vim-like editor run again on a file: its cursor line is worth reading ([`editor_line`]).
    pub fn wants_line(&self) -> bool {
        let argv = &self.decision.argv;
        let (program, at) = program_of(argv);
        self.decision.action != Action::Skip
            && VIM_LIKE.contains(&program.as_str())
            && at == 1
            && argv.len() >= 2
    }

    /// Reopens a vim-like editor at `line` (replacing a `+N` it was started with).
    pub fn at_line(&mut self, line: u32) {
        if !self.wants_line() {
            return;
        }
        let argv = &mut self.decision.argv;
        let is_line = |w: &String| {
            w.strip_prefix('+')
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        };
        argv.retain(|w| !is_line(w));
        argv.insert(1, format!("+{line}"));
    }
}

/// The plan for a pane with its saved terminal state and the output logged after it: a vim-like
/// editor reopens at the line its ruler showed ([`editor_line`]).
pub fn plan_with_screen(
    config: &RestoreConfig,
    pane: &ccmux_model::Pane,
    term: Option<&[u8]>,
    output: &[u8],
) -> Option<Plan> {
    let mut plan = plan(config, pane)?;
    if plan.wants_line() {
        if let Some(line) = editor_line(term, output) {
            plan.at_line(line);
        }
    }
    Some(plan)
}

/// A command line as one shell line: each word quoted for a POSIX shell where it needs it.
pub fn shell_line(argv: &[String]) -> String {
    argv.iter()
        .map(|w| {
            let plain = !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%^".contains(c));
            if plain {
                w.clone()
            } else {
                format!("'{}'", w.replace('\'', "'\\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(String::from).collect()
    }

    #[test]
    fn builtin_rules_run_editors_and_viewers_and_ask_the_rest() {
        let c = RestoreConfig::default();
        let d = decide(&c, &words("/usr/bin/vim notes.md"));
        assert_eq!((d.rule.as_str(), d.action), ("editors", Action::Run));
        assert_eq!(d.argv, words("/usr/bin/vim notes.md"));
        assert_eq!(decide(&c, &words("tail -f log")).action, Action::Run);
        assert_eq!(decide(&c, &words("watch -n1 date")).rule, "viewers");
        assert_eq!(decide(&c, &words("ssh host")).action, Action::Ask);
        assert_eq!(decide(&c, &words("python3")).rule, "repls");
        // A script is not a REPL, and a build or a removal is never run again unasked.
        let d = decide(&c, &words("python3 migrate.py"));
        assert_eq!((d.rule.as_str(), d.action), ("default", Action::Ask));
        assert_eq!(decide(&c, &words("make -j8")).action, Action::Ask);
        assert_eq!(decide(&c, &words("rm -rf build")).action, Action::Ask);
        assert_eq!(decide(&c, &words("sleep 1000")).action, Action::Ask);
    }

    #[test]
    fn claude_resumes_its_conversation() {
        let c = RestoreConfig::default();
        let d = decide(&c, &words("claude"));
        assert_eq!(
            (d.action, d.argv),
            (Action::Run, words("claude --continue"))
        );
        let d = decide(&c, &words("node /usr/lib/node_modules/claude --resume abc"));
        assert_eq!(d.argv, words("claude --resume abc"));
        assert_eq!(d.rule, "coding-agents");
    }

    #[test]
    fn user_rules_come_first_and_may_rewrite() {
        let c = RestoreConfig {
            default: Action::Skip,
            builtin: true,
            rules: vec![
                Rule {
                    name: "devserver".into(),
                    programs: vec![],
                    pattern: Some("^python3 manage.py runserver".into()),
                    action: Action::Run,
                    command: Some(words("{argv} --noreload")),
                },
                Rule {
                    name: "no-vim".into(),
                    programs: vec!["vim".into()],
                    pattern: None,
                    action: Action::Skip,
                    command: None,
                },
            ],
        };
        let d = decide(&c, &words("python3 manage.py runserver 8000"));
        assert_eq!(d.rule, "devserver");
        assert_eq!(d.argv, words("python3 manage.py runserver 8000 --noreload"));
        let args = Rule {
            name: "r".into(),
            programs: vec!["tool".into()],
            pattern: None,
            action: Action::Run,
            command: Some(words("{program} --resume {args}")),
        };
        let c2 = RestoreConfig {
            rules: vec![args],
            ..RestoreConfig::default()
        };
        assert_eq!(
            decide(&c2, &words("/bin/tool a b")).argv,
            words("/bin/tool --resume a b")
        );
        assert_eq!(decide(&c, &words("vim x")).action, Action::Skip);
        assert_eq!(decide(&c, &words("less x")).rule, "viewers");
        assert_eq!(decide(&c, &words("make")).action, Action::Skip);
        let off = RestoreConfig {
            builtin: false,
            ..RestoreConfig::default()
        };
        assert_eq!(decide(&off, &words("less x")).rule, "default");
    }

    #[test]
    fn user_options_override_the_config_file() {
        let mut m = ccmux_model::Model::default();
        let c = RestoreConfig::default();
        assert_eq!(c.with_options(&m).default, Action::Ask);
        m.apply(&ccmux_model::Change::OptionSet {
            scope: ccmux_model::OptionScope::Server,
            name: "@restore-default".into(),
            value: Some(ccmux_model::OptionValue::String("skip".into())),
        })
        .unwrap();
        m.apply(&ccmux_model::Change::OptionSet {
            scope: ccmux_model::OptionScope::GlobalSession,
            name: "@restore-builtin".into(),
            value: Some(ccmux_model::OptionValue::String("off".into())),
        })
        .unwrap();
        let c = c.with_options(&m);
        assert_eq!((c.default, c.builtin), (Action::Skip, false));
        assert_eq!(decide(&c, &words("less x")).action, Action::Skip);
    }

    #[test]
    fn rules_without_a_match_or_with_a_bad_pattern_are_refused() {
        let mut r = Rule {
            name: "x".into(),
            programs: vec![],
            pattern: None,
            action: Action::Run,
            command: None,
        };
        assert!(r.check().unwrap_err().contains("programs"));
        r.pattern = Some("(".into());
        assert!(r.check().unwrap_err().contains("bad pattern"));
    }

    #[test]
    fn plans_type_programs_into_shells_and_start_own_commands() {
        let c = RestoreConfig::default();
        let mut pane = ccmux_model::Pane {
            id: ccmux_model::PaneId(1),
            window: ccmux_model::WindowId(1),
            spec: ccmux_model::PaneSpec::default(),
            cwd: "/".into(),
            options: Default::default(),
            title: String::new(),
            dead: None,
            foreground: None,
        };
        assert_eq!(plan(&c, &pane), None, "a shell at its prompt");
        pane.foreground = Some(ccmux_model::Foreground {
            argv: words("less notes"),
            cwd: "/".into(),
            chain: words("bash less"),
        });
        let p = plan(&c, &pane).unwrap();
        assert_eq!((p.how, p.decision.action), (How::Typed, Action::Run));
        assert_eq!(p.describe(true), "ran \"less notes\" (rule: viewers)");
        assert_eq!(
            p.describe(false),
            "would run \"less notes\" (rule: viewers)"
        );
        pane.spec.command = vec!["top -d 1".into()];
        let p = plan(&c, &pane).unwrap();
        assert_eq!(p.how, How::Command, "top is the pane's own process");
        assert_eq!(p.decision.argv, vec!["top -d 1".to_string()]);
        pane.spec.command = words("bash -l");
        assert_eq!(plan(&c, &pane).unwrap().how, How::Typed);
        pane.foreground = None;
        pane.spec.command = words("make test");
        let p = plan(&c, &pane).unwrap();
        assert_eq!(p.decision.action, Action::Ask);
        assert_eq!(
            p.describe(true),
            "asks before running \"make test\" (rule: default)"
        );
    }

    #[test]
    fn vim_reopens_at_the_line_its_ruler_showed() {
        let mut emu = ccmux_term::Emulator::new(40, 5, 0);
        emu.advance(b"\x1b[?1049h\x1b[Halpha\r\nbeta\x1b[5;1H\"f\" 3L        2,1           All");
        let term = ccmux_term::encode_state(&emu.state());
        assert_eq!(editor_line(Some(&term), b""), Some(2));
        // Moved after the checkpoint: the logged output counts.
        assert_eq!(
            editor_line(Some(&term), b"\x1b[5;20H3,1           All"),
            Some(3)
        );
        assert_eq!(editor_line(None, b""), None);
        let mut p = Plan {
            how: How::Typed,
            decision: decide(&RestoreConfig::default(), &words("vim +9 notes.md")),
        };
        p.at_line(2);
        assert_eq!(p.decision.argv, words("vim +2 notes.md"));
        let mut less = Plan {
            how: How::Typed,
            decision: decide(&RestoreConfig::default(), &words("less notes.md")),
        };
        less.at_line(2);
        assert_eq!(less.decision.argv, words("less notes.md"), "not an editor");
    }

    #[test]
    fn shell_lines_quote_what_needs_it() {
        let argv = vec![
            "vim".to_string(),
            "my notes.md".into(),
            "it's".into(),
            "".into(),
        ];
        assert_eq!(shell_line(&argv), "vim 'my notes.md' 'it'\\''s' ''");
        assert_eq!(
            shell_line(&words("tail -f /var/log/x.log")),
            "tail -f /var/log/x.log"
        );
    }
}
