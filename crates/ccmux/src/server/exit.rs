//! A pane process's end: seen through a pidfd, how it ended read when reaped here or, when the keeper
//! is its parent, from the zombie's /proc entry if it is still there (else the server asks the keeper,
//! which reaped it: see `exit_of` in `server/mod.rs`).

use super::pane::PaneEvent;
use ccmux_model::PaneId;
use rustix::fd::AsFd;
use rustix::io::Errno;
use tokio::io::unix::AsyncFd;
use tokio::sync::mpsc::UnboundedSender;

/// Waits for the process to exit (pidfd), reaps it if it is our child, and reports it with how it
/// ended. When the keeper is its parent, how it ended is read from /proc if it is still a zombie.
pub fn watch_exit(id: PaneId, pid: i32, events: UnboundedSender<PaneEvent>) -> std::io::Result<()> {
    let raw = rustix::process::Pid::from_raw(pid).ok_or(std::io::ErrorKind::InvalidInput)?;
    let pidfd = match rustix::process::pidfd_open(raw, rustix::process::PidfdFlags::empty()) {
        Ok(fd) => fd,
        Err(Errno::SRCH) => {
            // Already ended and reaped (a keeper of an older version reaps at once): an end of
            // unknown kind.
            let _ = events.send(PaneEvent::Exited {
                pane: id,
                pid,
                status: None,
                signal: None,
            });
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    };
    // SAFETY: the OwnedFd is moved into the AsyncFd and stays open, the same fd, for its whole life.
    let pidfd = unsafe { AsyncFd::register_with_interest(pidfd, tokio::io::Interest::READABLE) }
        .map_err(|e| e.into_parts().1)?;
    tokio::spawn(async move {
        let _ = pidfd.readable().await;
        let zombie = zombie_wait_status(pid);
        let reaped = rustix::process::waitid(
            rustix::process::WaitId::PidFd(pidfd.get_ref().as_fd()),
            rustix::process::WaitIdOptions::EXITED | rustix::process::WaitIdOptions::NOHANG,
        )
        .ok()
        .flatten();
        let (status, signal) = match (reaped, zombie) {
            (Some(s), _) => (s.exit_status(), s.terminating_signal()),
            (None, Some(raw)) => decode_wait_status(raw),
            (None, None) => (None, None),
        };
        let _ = events.send(PaneEvent::Exited {
            pane: id,
            pid,
            status,
            signal,
        });
    });
    Ok(())
}

/// The wait status of a process that exited and is not reaped yet (`/proc/PID/stat`'s exit_code).
fn zombie_wait_status(pid: i32) -> Option<i32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (_, rest) = stat.rsplit_once(')')?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    if fields.first() != Some(&"Z") {
        return None;
    }
    // Field 52 of stat; `fields` starts at field 3.
    fields.get(49)?.parse().ok()
}

/// (exit status, terminating signal) of a raw wait status.
pub fn decode_wait_status(raw: i32) -> (Option<i32>, Option<i32>) {
    if raw & 0x7f == 0 {
        (Some((raw >> 8) & 0xff), None)
    } else {
        (None, Some(raw & 0x7f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wait_statuses_decode_as_exit_codes_and_signals() {
        assert_eq!(decode_wait_status(3 << 8), (Some(3), None));
        assert_eq!(decode_wait_status(0), (Some(0), None));
        assert_eq!(decode_wait_status(9), (None, Some(9)));
        assert_eq!(decode_wait_status(15 | 0x80), (None, Some(15)));
    }

    #[test]
    fn a_live_process_is_no_zombie() {
        assert_eq!(zombie_wait_status(std::process::id() as i32), None);
    }
}
