//! The client's open prompt and what its answers do (tmux's prompt callbacks): command-prompt fills
//! its template with the answers of its prompts in turn, confirm-before runs its commands on `y`, a
//! chooser's prompt (filter, search, command, kill) goes back to the chooser. With a waiting queue
//! the commands go to it (they run right after the command that asked); otherwise they run here.

use super::super::chooser::Ask;
use super::super::prompt::{Flags, Input, Prompt, PromptSpec};
use super::Client;
use crate::cmd::answer::{AnswerHandle, Answered};
use crate::cmd::args::Value;
use crate::cmd::Prepared;
use crate::server::prompt_history::PromptType;
use crate::server::state::Server;
use ccmux_lang::ParsedCommand;
use ccmux_model::keys::Key;
use ccmux_term::RenderCell;

/// An open prompt: the line being edited and whose answer it is.
pub struct Open {
    pub editor: Prompt,
    owner: Owner,
}

enum Owner {
    Command {
        prompts: Vec<(String, String)>,
        /// The prompt being asked.
        current: usize,
        answers: Vec<String>,
        template: Option<Value>,
        answer: Option<AnswerHandle>,
    },
    Confirm {
        commands: Vec<ParsedCommand>,
        answer: Option<AnswerHandle>,
    },
    /// A chooser's question.
    Mode(Ask),
}

impl Client {
    /// command-prompt (nothing when a prompt is open already, as tmux).
    pub(super) fn open_prompt(&mut self, srv: &mut Server, spec: PromptSpec) {
        if self.prompt.is_some() {
            return;
        }
        let Some((label, input)) = spec.prompts.first().cloned() else {
            return;
        };
        let editor = Prompt::new(&label, &input, spec.flags, spec.ptype);
        let incremental = spec.flags.incremental;
        self.prompt = Some(Open {
            editor,
            owner: Owner::Command {
                prompts: spec.prompts,
                current: 0,
                answers: Vec::new(),
                template: spec.template,
                answer: spec.answer,
            },
        });
        if incremental {
            self.prompt_answer(srv, Some("=".to_string()), false, false);
        }
    }

    /// confirm-before: replaces an open prompt, as tmux's status_prompt_set.
    pub(super) fn open_confirm(
        &mut self,
        label: &str,
        commands: Vec<ParsedCommand>,
        answer: Option<AnswerHandle>,
    ) {
        let flags = Flags {
            single: true,
            ..Flags::default()
        };
        self.prompt = Some(Open {
            editor: Prompt::new(label, "", flags, PromptType::COMMAND),
            owner: Owner::Confirm { commands, answer },
        });
    }

    /// A chooser's question (replaces an open prompt).
    pub(super) fn open_ask(&mut self, ask: Ask) {
        let flags = Flags {
            single: ask.single,
            ..Flags::default()
        };
        self.prompt = Some(Open {
            editor: Prompt::new(&ask.label, &ask.input, flags, ask.ptype),
            owner: Owner::Mode(ask),
        });
    }

    /// A key while a prompt is open; false when the key goes on (after a `-N` prompt's answer).
    pub(super) fn prompt_key(&mut self, srv: &mut Server, key: Key) -> bool {
        let Some(open) = &mut self.prompt else {
            return false;
        };
        match open.editor.key(srv, self.session, key) {
            Input::Stay => true,
            Input::Close => {
                self.prompt = None;
                true
            }
            Input::Answer { text, done, pass } => {
                self.prompt_answer(srv, text, done, pass);
                !pass
            }
        }
    }

    /// An answer; `pass`: the key that gave it is handled next (a `-N` prompt's), so the commands
    /// run now, ahead of it, as tmux's inserted right after the waiting command.
    fn prompt_answer(&mut self, srv: &mut Server, text: Option<String>, done: bool, pass: bool) {
        let Some(mut open) = self.prompt.take() else {
            return;
        };
        let keep = match &mut open.owner {
            Owner::Command {
                prompts,
                current,
                answers,
                template,
                answer,
            } => {
                let Some(s) = text else {
                    return;
                };
                if done {
                    if open.editor.flags.incremental {
                        return;
                    }
                    answers.push(s.clone());
                    *current += 1;
                    if let Some((label, input)) = prompts.get(*current) {
                        open.editor.update(label, input);
                        self.prompt = Some(open);
                        return;
                    }
                }
                let mut argv = answers.clone();
                argv.push(s);
                match self.fill(srv, template.as_ref(), &argv) {
                    Err(e) => self.message(srv, e),
                    Ok(cmds) => match answer.as_ref().filter(|_| done) {
                        Some(h) if pass => {
                            h.answer(Answered::default());
                            self.run_commands(srv, &cmds);
                        }
                        Some(h) => h.answer(Answered {
                            commands: cmds,
                            ..Answered::default()
                        }),
                        None => self.run_commands(srv, &cmds),
                    },
                }
                !done
            }
            Owner::Confirm { commands, answer } => {
                let yes = text.is_some_and(|s| s.eq_ignore_ascii_case("y"));
                let cmds = if yes {
                    crate::cmd::prepare_all(commands).unwrap_or_default()
                } else {
                    Vec::new()
                };
                match answer {
                    Some(h) => h.answer(Answered {
                        commands: cmds,
                        status: Some(i32::from(!yes)),
                        ..Answered::default()
                    }),
                    None => self.run_commands(srv, &cmds),
                }
                false
            }
            Owner::Mode(ask) => {
                let what = ask.what;
                self.chooser_answer(srv, what, text);
                false
            }
        };
        if keep && self.prompt.is_none() {
            self.prompt = Some(open);
        }
    }

    /// The commands a command prompt's answers make: `%1`, `%2`... (and `%%`) in the template
    /// replaced; no template: the answer is the command.
    fn fill(
        &mut self,
        srv: &mut Server,
        template: Option<&Value>,
        argv: &[String],
    ) -> Result<Vec<Prepared>, String> {
        use crate::cmd::template::{replace_all, replace_commands};
        match template {
            Some(Value::Block(cmds)) => crate::cmd::prepare_all(&replace_commands(cmds, argv)),
            Some(Value::Word(t)) => self.parse_line(srv, &replace_all(t, argv)),
            None => self.parse_line(srv, &replace_all("%1", argv)),
        }
    }

    /// The prompt's status line row and the cursor's column, `cols` wide.
    pub(super) fn prompt_row(&self, srv: &Server, cols: usize) -> Option<(Vec<RenderCell>, u16)> {
        let open = self.prompt.as_ref()?;
        let label = &open.editor.label;
        let start = super::super::status::format_width(label).min(cols);
        let (input, cursor) = open.editor.view(cols - start);
        let row = super::super::status::prompt_line(
            srv,
            self.session,
            label,
            &input,
            cols,
            open.editor.command_mode(),
        );
        Some((row, (start + cursor).min(cols.saturating_sub(1)) as u16))
    }
}
