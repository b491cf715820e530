//! The grammar of `cmd-parse.y`, by recursive descent.
//!
//! Tokens are read one at a time and only when the grammar needs the next one, as the yacc parser
//! does, because side effects depend on it: a `NAME=value` is set before the next word is read (so
//! `A=1 set @a $A` sees it), and a command's line number is the line the lexer is on once the token
//! after the command has been read.

mod condition;

use crate::command::{Arg, ParsedCommand};
use crate::error::ParseError;
use crate::lexer::{LexResult, Lexer, Token, SYNTAX_ERROR};
use crate::{ParseEnv, ParseOptions};

/// How deeply blocks and conditions may nest. tmux's yacc stack gives up at about 2000 nested
/// blocks and 5000 nested `%if`s ("yacc stack overflow") and its server crashes on less; this
/// keeps the recursion well inside a thread's stack.
const MAX_DEPTH: usize = 200;

/// Parses a configuration file or a command string into commands.
///
/// Commands in a `%if` branch not taken are left out, and `NAME=value` lines are set through
/// `env` as they are read (unless `opts.parse_only`), as tmux does. On a parse error nothing is
/// returned, but variables set before the error stay set (tmux behaves the same).
pub fn parse(
    text: &str,
    opts: &ParseOptions,
    env: &mut dyn ParseEnv,
) -> Result<Vec<ParsedCommand>, ParseError> {
    let mut parser = Parser {
        lex: Lexer::new(text, opts.first_line),
        env,
        peeked: None,
        scope: None,
        stack: Vec::new(),
        depth: 0,
        parse_only: opts.parse_only,
    };
    parser.lines().map_err(|f| ParseError {
        file: opts.file.clone(),
        line: f.line,
        message: f.message,
    })
}

type Commands = Vec<ParsedCommand>;

struct Parser<'a, 'e> {
    lex: Lexer<'a>,
    env: &'e mut dyn ParseEnv,
    peeked: Option<Token>,
    /// Whether the innermost `%if` branch is taken (`None` outside any `%if`).
    scope: Option<bool>,
    /// The enclosing `%if` scopes.
    stack: Vec<bool>,
    depth: usize,
    parse_only: bool,
}

impl Parser<'_, '_> {
    fn peek(&mut self) -> LexResult<&Token> {
        let token = match self.peeked.take() {
            Some(token) => token,
            None => self.lex.next_token(&*self.env)?,
        };
        Ok(self.peeked.insert(token))
    }

    fn bump(&mut self) -> LexResult<Token> {
        match self.peeked.take() {
            Some(token) => Ok(token),
            None => self.lex.next_token(&*self.env),
        }
    }

    fn syntax_error<T>(&self) -> LexResult<T> {
        self.lex.fail(SYNTAX_ERROR)
    }

    fn expect(&mut self, want: Token) -> LexResult<()> {
        if self.bump()? == want {
            Ok(())
        } else {
            self.syntax_error()
        }
    }

    /// Whether commands and assignments here take effect (tmux checks only the innermost scope).
    fn active(&self) -> bool {
        self.scope.unwrap_or(true)
    }

    fn enter(&mut self) -> LexResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.lex.fail("yacc stack overflow");
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// `NAME=value`: set in the global environment, if in a taken branch.
    fn assign(&mut self, assignment: &str, hidden: bool) {
        if self.parse_only || !self.active() {
            return;
        }
        if let Some((name, value)) = assignment.split_once('=') {
            self.env.set_env(name, value, hidden);
        }
    }

    /// The whole input: statements, each ended by a newline.
    fn lines(&mut self) -> LexResult<Commands> {
        let mut out = Vec::new();
        while *self.peek()? != Token::End {
            out.extend(self.statement()?);
            self.expect(Token::Newline)?;
        }
        Ok(out)
    }

    /// One statement: nothing, `%hidden NAME=value`, a multi-line `%if`, or commands separated by
    /// `;`. It is followed by a newline (or by `}` at the end of a block).
    fn statement(&mut self) -> LexResult<Commands> {
        match self.peek()? {
            Token::Newline | Token::Close => Ok(Vec::new()),
            Token::Hidden => {
                self.bump()?;
                match self.bump()? {
                    Token::Equals(assignment) => {
                        self.assign(&assignment, true);
                        Ok(Vec::new())
                    }
                    _ => self.syntax_error(),
                }
            }
            Token::If => {
                self.bump()?;
                let flag = self.if_open()?;
                let cmds = if *self.peek()? == Token::Newline {
                    self.condition(flag)?
                } else {
                    let first = self.condition1(flag)?;
                    self.commands_after(first)?
                };
                Ok(if self.active() { cmds } else { Vec::new() })
            }
            Token::Word(_) | Token::Equals(_) => {
                let cmds = self.commands()?;
                Ok(if self.active() { cmds } else { Vec::new() })
            }
            _ => self.syntax_error(),
        }
    }

    /// Commands separated by `;`, some of which may be one-line `%if`s.
    fn commands(&mut self) -> LexResult<Commands> {
        let first = match self.peek()? {
            Token::If => {
                self.bump()?;
                let flag = self.if_open()?;
                self.condition1(flag)?
            }
            Token::Word(_) | Token::Equals(_) => self.command()?.into_iter().collect(),
            _ => return self.syntax_error(),
        };
        self.commands_after(first)
    }

    fn commands_after(&mut self, mut acc: Commands) -> LexResult<Commands> {
        while *self.peek()? == Token::Semicolon {
            self.bump()?;
            match self.peek()? {
                Token::If => {
                    self.bump()?;
                    let flag = self.if_open()?;
                    acc.extend(self.condition1(flag)?);
                }
                Token::Word(_) | Token::Equals(_) => match self.command()? {
                    Some(cmd) => acc.push(cmd),
                    // As tmux: a command with no words (`A=1`) after a `;`, or one in a branch not
                    // taken, drops everything before it on the line: `set @a x ; A=1` sets no @a.
                    None => acc.clear(),
                },
                // A `;` at the end, or `;;`.
                _ => {}
            }
        }
        Ok(acc)
    }

    /// One command: an optional `NAME=value`, the name, then words and blocks. `None` when there
    /// is no name (a lone assignment) or the command is in a branch not taken.
    fn command(&mut self) -> LexResult<Option<ParsedCommand>> {
        if let Token::Equals(_) = self.peek()? {
            if let Token::Equals(assignment) = self.bump()? {
                self.assign(&assignment, false);
            }
            if !matches!(self.peek()?, Token::Word(_)) {
                return Ok(None);
            }
        }
        let Token::Word(name) = self.bump()? else {
            return self.syntax_error();
        };
        let mut args = Vec::new();
        loop {
            match self.peek()? {
                Token::Word(_) | Token::Equals(_) => {
                    if let Token::Word(w) | Token::Equals(w) = self.bump()? {
                        args.push(Arg::Word(w));
                    }
                }
                Token::Open => {
                    self.bump()?;
                    args.push(Arg::Block(self.block()?));
                }
                _ => break,
            }
        }
        let line = self.lex.line();
        Ok(self.active().then(|| ParsedCommand::new(name, args, line)))
    }

    /// After `{`: statements up to the matching `}`.
    fn block(&mut self) -> LexResult<Commands> {
        self.enter()?;
        let mut out = Vec::new();
        loop {
            out.extend(self.statement()?);
            match self.bump()? {
                Token::Newline => {}
                Token::Close => break,
                _ => return self.syntax_error(),
            }
        }
        self.leave();
        Ok(out)
    }
}
