//! `%if`, `%elif`, `%else` and `%endif`.
//!
//! Each branch is parsed (so its errors are found) and the first one whose condition is true is
//! kept. Like tmux, every `%if` and `%elif` condition is evaluated, even inside a branch not
//! taken, and whether assignments take effect depends only on the innermost condition: so
//! `%if 0` / `%if 1` / `A=1` sets `A`, and after `%if 1` ... `%elif 0`, an `%else` branch sets its
//! variables (but not its commands).

use super::{Commands, Parser};
use crate::lexer::{LexResult, Token};

impl Parser<'_, '_> {
    /// `%if` has been read: reads its format, decides it and opens its scope.
    pub(super) fn if_open(&mut self) -> LexResult<bool> {
        let flag = self.decide()?;
        self.enter()?;
        if let Some(outer) = self.scope {
            self.stack.push(outer);
        }
        self.scope = Some(flag);
        Ok(flag)
    }

    fn if_elif(&mut self) -> LexResult<bool> {
        let flag = self.decide()?;
        self.scope = Some(flag);
        Ok(flag)
    }

    fn if_else(&mut self) {
        self.scope = Some(!self.scope.unwrap_or(true));
    }

    fn if_close(&mut self) {
        self.scope = self.stack.pop();
        self.leave();
    }

    /// The format after `%if` or `%elif`: a `#{...}` or a word.
    fn decide(&mut self) -> LexResult<bool> {
        match self.bump()? {
            Token::Format(format) | Token::Word(format) => Ok(self.env.condition(&format)),
            _ => self.syntax_error(),
        }
    }

    /// A multi-line `%if`, its newline next: each branch holds whole lines.
    pub(super) fn condition(&mut self, flag: bool) -> LexResult<Commands> {
        self.expect(Token::Newline)?;
        let body = self.statements()?;
        let mut chosen = flag.then_some(body);
        loop {
            match self.bump()? {
                Token::Endif => break,
                Token::Elif => {
                    let flag = self.if_elif()?;
                    self.expect(Token::Newline)?;
                    let body = self.statements()?;
                    if chosen.is_none() && flag {
                        chosen = Some(body);
                    }
                }
                Token::Else => {
                    self.if_else();
                    self.expect(Token::Newline)?;
                    let body = self.statements()?;
                    self.expect(Token::Endif)?;
                    chosen.get_or_insert(body);
                    break;
                }
                _ => return self.syntax_error(),
            }
        }
        self.if_close();
        Ok(chosen.unwrap_or_default())
    }

    /// One or more statements, each ended by a newline, up to `%elif`, `%else` or `%endif`.
    /// (So an empty branch, `%if 1` then `%endif`, is a syntax error, as in tmux.)
    fn statements(&mut self) -> LexResult<Commands> {
        let mut out = Vec::new();
        loop {
            out.extend(self.statement()?);
            self.expect(Token::Newline)?;
            if matches!(self.peek()?, Token::Endif | Token::Else | Token::Elif) {
                return Ok(out);
            }
        }
    }

    /// A one-line `%if`, after its format: each branch holds commands.
    pub(super) fn condition1(&mut self, flag: bool) -> LexResult<Commands> {
        let body = self.commands()?;
        let mut chosen = flag.then_some(body);
        loop {
            match self.bump()? {
                Token::Endif => break,
                Token::Elif => {
                    let flag = self.if_elif()?;
                    let body = self.commands()?;
                    if chosen.is_none() && flag {
                        chosen = Some(body);
                    }
                }
                Token::Else => {
                    self.if_else();
                    let body = self.commands()?;
                    self.expect(Token::Endif)?;
                    chosen.get_or_insert(body);
                    break;
                }
                _ => return self.syntax_error(),
            }
        }
        self.if_close();
        Ok(chosen.unwrap_or_default())
    }
}
