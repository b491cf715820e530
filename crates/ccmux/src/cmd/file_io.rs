//! Files read and written for commands (load-buffer, save-buffer), as jobs off the state lock: the
//! queue waits (`Job::ReadFile`, `Job::WriteFile`) and goes on with the result. Unlike tmux, where a
//! command-line client reads and writes its files itself, the server does it (same user, the client's
//! working directory); `-` is the client's standard input or output, carried in its messages.

use super::queue::{Job, Resume, Wait};
use super::support::Ctx;
use crate::server::buffers::MAX_SIZE;
use std::io::{Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// A command's path argument: a format, then (unless it is `-`) relative to the client's working
/// directory, as tmux's file_get_path.
pub fn resolve_or_dash(ctx: &Ctx, path: &str) -> String {
    let path = ctx.expand_here(path);
    if path == "-" || path.starts_with('/') {
        path
    } else {
        format!("{}/{path}", ctx.cwd.trim_end_matches('/'))
    }
}

/// A file's contents, or why not (strerror's text, as tmux reports it after the path).
pub fn read(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| strerror(&e))?;
    let mut data = Vec::new();
    file.take(MAX_SIZE as u64 + 1)
        .read_to_end(&mut data)
        .map_err(|e| strerror(&e))?;
    if data.len() > MAX_SIZE {
        return Err(strerror(&std::io::Error::from_raw_os_error(libc::EFBIG)));
    }
    Ok(data)
}

/// Writes (or appends) `data` to a file, created 0644 as tmux's client creates it.
pub fn write(path: &Path, data: &[u8], append: bool) -> Result<(), String> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).mode(0o644);
    if append {
        opts.append(true);
    } else {
        opts.truncate(true);
    }
    let mut file = opts.open(path).map_err(|e| strerror(&e))?;
    file.write_all(data).map_err(|e| strerror(&e))
}

/// An IO error as strerror(3) words it ("No such file or directory").
pub fn strerror(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(code) => {
            let text = std::io::Error::from_raw_os_error(code).to_string();
            match text.split_once(" (os error") {
                Some((words, _)) => words.to_string(),
                None => text,
            }
        }
        None => e.to_string(),
    }
}

/// Why `-` cannot be read or written where there is no client stream (tmux: EBADF).
pub fn ebadf() -> String {
    strerror(&std::io::Error::from_raw_os_error(libc::EBADF))
}

/// Suspends the queue on a file job; it goes on with `resume` once the job is done.
pub fn wait(ctx: &mut Ctx, job: Job, resume: Resume) {
    ctx.wait = Some(Wait {
        job,
        resume,
        group: ctx.group,
        formats: std::sync::Arc::new(ctx.formats.clone()),
        current: ctx.current,
    });
}

/// A file that could not be read or written: an error (exit status 1) that, as in tmux, does not stop
/// the commands after it (the command itself had finished; only its file failed).
pub fn report(ctx: &mut Ctx, path: &str, why: &str) {
    ctx.errors.push(format!("{path}: {why}"));
    ctx.failed = true;
}

/// Data read from `-` that is larger than a buffer may be is refused as a file would be.
pub fn check_size(data: Vec<u8>) -> Result<Vec<u8>, String> {
    if data.len() > MAX_SIZE {
        return Err(strerror(&std::io::Error::from_raw_os_error(libc::EFBIG)));
    }
    Ok(data)
}
