//! paste-buffer (tmux's cmd-paste-buffer.c): a buffer into a pane, its newlines replaced by a separator
//! (`\r` by default, `\n` with -r, any text with -s), in bracketed-paste markers with -p when the
//! pane's program asked for them; -d deletes the buffer after.

use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, CmdResult, Ctx};
use super::Args;

pub const ENTRY: Entry = Entry {
    name: "paste-buffer",
    alias: Some("pasteb"),
    template: "db:prs:t:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-dpr] [-s separator] [-b buffer-name] [-t target-pane]",
    about: "paste a buffer (the most recent one without -b) into a pane",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let (_, _, pane) = ctx.find_pane(args.get('t'))?;
    let buffers = &ctx.srv.buffers;
    let buffer = match args.get('b') {
        Some(name) => match buffers.get(name) {
            Some(b) => b,
            None => return fail(format!("no buffer {name}")),
        },
        None => match buffers.top() {
            Some(b) => b,
            None => return Ok(()),
        },
    };
    let name = buffer.name.clone();
    let sep = args
        .get('s')
        .unwrap_or(if args.has('r') { "\n" } else { "\r" });
    if let Some(handle) = ctx.srv.panes.get(&pane) {
        let bracket = args.has('p')
            && crate::server::pane::lock_cold(&handle.screen)
                .is_some_and(|s| s.emu.modes().bracketed_paste);
        handle.write(pasted(&buffer.data, sep.as_bytes(), bracket));
    }
    if args.has('d') {
        ctx.srv.buffers.delete(&name);
    }
    Ok(())
}

/// What a paste writes: each `\n` of `data` replaced by `sep`, in `ESC [200~` ... `ESC [201~` if
/// `bracket`.
fn pasted(data: &[u8], sep: &[u8], bracket: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + 12);
    if bracket {
        out.extend_from_slice(b"\x1b[200~");
    }
    let mut lines = data.split(|b| *b == b'\n');
    if let Some(first) = lines.next() {
        out.extend_from_slice(first);
    }
    for line in lines {
        out.extend_from_slice(sep);
        out.extend_from_slice(line);
    }
    if bracket {
        out.extend_from_slice(b"\x1b[201~");
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn newlines_become_the_separator() {
        assert_eq!(super::pasted(b"a\nb\n", b"\r", false), b"a\rb\r");
        assert_eq!(
            super::pasted(b"a\nb", b"--", true),
            b"\x1b[200~a--b\x1b[201~"
        );
        assert_eq!(super::pasted(b"\xff", b"\r", false), b"\xff");
    }
}
