use super::support::{fail, CmdResult, Ctx};
use ccmux_term::{CaptureOptions, LineBound};
use clap::Args;

/// Capture a pane's contents: the visible screen, or lines of its history with -S/-E.
#[derive(Args, Debug)]
pub struct CapturePane {
    #[arg(short = 't', value_name = "target-pane")]
    pub target: Option<String>,
    /// Print to stdout (otherwise the capture goes to a new paste buffer).
    #[arg(short = 'p')]
    pub print: bool,
    /// First line: 0 is the top of the screen, negative numbers reach into history, `-` its start.
    #[arg(short = 'S', allow_hyphen_values = true, value_name = "start-line")]
    pub start: Option<String>,
    /// Last line: `-` is the end of the screen.
    #[arg(short = 'E', allow_hyphen_values = true, value_name = "end-line")]
    pub end: Option<String>,
    /// Keep colours and attributes as SGR escape sequences.
    #[arg(short = 'e')]
    pub escapes: bool,
    /// Join wrapped lines.
    #[arg(short = 'J')]
    pub join: bool,
}

impl CapturePane {
    pub fn exec(self, ctx: &mut Ctx) -> CmdResult {
        let (_, _, pane) = ctx.find_pane(self.target.as_deref())?;
        let opts = CaptureOptions {
            start: bound(self.start.as_deref())?,
            end: bound(self.end.as_deref())?,
            escapes: self.escapes,
            join: self.join,
        };
        let Some(handle) = ctx.srv.panes.get(&pane) else {
            return fail(format!("pane {pane} has no process"));
        };
        let text = match crate::server::pane::lock(&handle.screen) {
            Some(screen) => screen.emu.capture(&opts),
            None => return fail("pane emulator is unavailable"),
        };
        if self.print {
            ctx.out.push_str(&text);
        } else {
            ctx.srv.buffers.push(text);
        }
        Ok(())
    }
}

fn bound(s: Option<&str>) -> Result<Option<LineBound>, super::support::CmdError> {
    match s {
        None => Ok(None),
        Some("-") => Ok(Some(LineBound::Edge)),
        Some(n) => match n.parse::<i64>() {
            Ok(n) => Ok(Some(LineBound::Line(n))),
            Err(_) => fail(format!("invalid line: {n}")),
        },
    }
}
