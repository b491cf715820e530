//! What runs in a pane's foreground, read from `/proc`: the PTY's foreground process group leader's
//! command line and working directory, and the chain of commands from the pane's process down to it
//! (issue 13: what a restore after a reboot can start again).

use ccmux_model::Foreground;

/// How far up from the foreground process the chain is followed looking for the pane's process.
const MAX_CHAIN: usize = 16;

/// `/proc/PID/comm`, without its newline.
pub fn comm(pid: i32) -> Option<String> {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .ok()
        .map(|c| c.trim_end().to_string())
}

/// `/proc/PID/cmdline` as words (lossy for bytes that are not UTF-8).
fn cmdline(pid: i32) -> Option<Vec<String>> {
    let bytes = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    let words: Vec<String> = bytes
        .split(|b| *b == 0)
        .map(|w| String::from_utf8_lossy(w).into_owned())
        .collect();
    // The buffer ends with a NUL: the last, empty word is not an argument.
    let mut words = words;
    if words.last().is_some_and(String::is_empty) {
        words.pop();
    }
    (!words.is_empty()).then_some(words)
}

/// The parent of `pid` (field 4 of `/proc/PID/stat`, read after the command name's closing paren,
/// which may itself hold spaces and parens).
fn parent(pid: i32) -> Option<i32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = stat.rsplit_once(')')?.1;
    after.split_whitespace().nth(1)?.parse().ok()
}

/// What runs in the foreground of a pane whose own process is `pane_pid`, when the foreground process
/// group is led by `fg`: `Ok(None)` when that is the pane's own process (its shell at the prompt);
/// `Err` when it cannot be read now (it ended meanwhile, or is in the middle of an exec, with no
/// command line yet): ask again later.
pub fn read(pane_pid: i32, fg: i32, cwd: &str) -> Result<Option<Foreground>, Unreadable> {
    if fg == pane_pid || fg <= 0 {
        return Ok(None);
    }
    let argv = cmdline(fg).ok_or(Unreadable)?;
    // From the foreground process up to the pane's, then turned around.
    let mut chain = Vec::new();
    let mut pid = fg;
    for _ in 0..MAX_CHAIN {
        chain.push(comm(pid).unwrap_or_default());
        if pid == pane_pid {
            break;
        }
        match parent(pid) {
            Some(p) if p > 1 => pid = p,
            _ => break,
        }
    }
    if pid != pane_pid {
        // Not a descendant (a program that left the pane's session): the pane's own and it.
        chain.truncate(1);
        chain.push(comm(pane_pid).unwrap_or_default());
    }
    chain.reverse();
    Ok(Some(Foreground {
        argv,
        cwd: cwd.to_string(),
        chain,
    }))
}

/// The foreground process could not be read (see [`read`]).
#[derive(Debug, PartialEq, Eq)]
pub struct Unreadable;

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    #[test]
    fn a_child_is_read_with_its_chain_and_the_pane_itself_is_none() {
        let me = std::process::id() as i32;
        let mut child = Command::new("sleep")
            .arg("30")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let pid = child.id() as i32;
        // In the middle of its exec it has no command line yet: unreadable, not "the shell".
        let start = std::time::Instant::now();
        let fg = loop {
            match read(me, pid, "/tmp") {
                Ok(Some(fg)) if fg.argv[0] == "sleep" => break fg,
                Ok(None) => panic!("a child is never the pane's own process"),
                _ => assert!(start.elapsed().as_secs() < 5, "the child is never read"),
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        };
        assert_eq!(fg.argv, vec!["sleep".to_string(), "30".into()]);
        assert_eq!(fg.cwd, "/tmp");
        assert_eq!(fg.chain.last().map(String::as_str), Some("sleep"));
        assert_eq!(fg.chain.len(), 2, "{:?}", fg.chain);
        assert_eq!(read(me, me, "/"), Ok(None));
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(read(me, pid, "/"), Err(Unreadable), "a process that ended");
    }
}
