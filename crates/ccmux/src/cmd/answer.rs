//! A queue waiting for a client's answer (tmux's CMD_RETURN_WAIT for command-prompt, confirm-before
//! and display-menu without `-b`): the command hands an [`AnswerHandle`] to the client with its
//! prompt or menu and the queue waits on the [`Answer`]; the client gives the commands to run next
//! (and, for confirm-before, a command-line client's exit status). Every handle dropped without an
//! answer (the client went away, or already had a prompt open) answers "nothing", so a queue never
//! waits for a client that will not answer.

use super::Prepared;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;

/// What the client answered.
#[derive(Clone, Default)]
pub struct Answered {
    /// Commands to run right after the waiting command, in its group.
    pub commands: Vec<Prepared>,
    /// An error to report instead (a template that does not parse).
    pub error: Option<String>,
    /// The exit status for a command-line client (confirm-before: 0 when confirmed).
    pub status: Option<i32>,
}

#[derive(Default)]
pub struct Answer {
    notify: Notify,
    answer: Mutex<Option<Answered>>,
    handles: AtomicUsize,
}

impl std::fmt::Debug for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Answer")
    }
}

impl Answer {
    /// A new answer to wait for and the first handle to it.
    pub fn new() -> (Arc<Answer>, AnswerHandle) {
        let a = Arc::new(Answer::default());
        let h = AnswerHandle::to(&a);
        (a, h)
    }

    /// Waits for the answer.
    pub async fn wait(&self) {
        self.notify.notified().await;
    }

    /// The answer given (nothing if none was).
    pub fn take(&self) -> Answered {
        self.lock().take().unwrap_or_default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Answered>> {
        self.answer.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn give(&self, a: Answered) {
        let mut slot = self.lock();
        if slot.is_none() {
            *slot = Some(a);
            drop(slot);
            self.notify.notify_one();
        }
    }
}

/// The client's side of an [`Answer`].
pub struct AnswerHandle(Arc<Answer>);

impl AnswerHandle {
    fn to(a: &Arc<Answer>) -> AnswerHandle {
        a.handles.fetch_add(1, Ordering::SeqCst);
        AnswerHandle(a.clone())
    }

    /// Answers; the waiting queue goes on.
    pub fn answer(&self, a: Answered) {
        self.0.give(a);
    }
}

impl Clone for AnswerHandle {
    fn clone(&self) -> Self {
        AnswerHandle::to(&self.0)
    }
}

impl Drop for AnswerHandle {
    fn drop(&mut self) {
        if self.0.handles.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.give(Answered::default());
        }
    }
}

impl PartialEq for AnswerHandle {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for AnswerHandle {}

impl std::fmt::Debug for AnswerHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AnswerHandle")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_handle_dropped_answers_nothing() {
        let (a, h) = Answer::new();
        let h2 = h.clone();
        drop(h);
        assert!(a.lock().is_none());
        drop(h2);
        assert!(a.take().commands.is_empty());
        let (a, h) = Answer::new();
        h.answer(Answered {
            status: Some(0),
            ..Default::default()
        });
        drop(h);
        assert_eq!(a.take().status, Some(0));
    }
}
