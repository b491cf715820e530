//! Cursor motions (tmux's window_copy_cursor_*): each moves a reader over the backing grid, then
//! scrolls the view so that the cursor stays visible and updates the selection.

use super::reader::{Reader, WHITESPACE};
use super::{CopyMode, CursorDrag, LineSel};

impl CopyMode {
    fn reader(&self) -> Reader<'_> {
        Reader::new(&self.backing, self.cx, self.hy())
    }

    pub fn cursor_start_of_line(&mut self) {
        let (oldy, oy) = (self.cy, self.oy);
        let mut r = self.reader();
        r.cursor_start_of_line(true);
        let (px, py) = (r.cx, r.cy);
        self.acquire_cursor_up(oy, oldy, px, py);
    }

    pub fn cursor_back_to_indentation(&mut self) {
        let (oldy, oy) = (self.cy, self.oy);
        let mut r = self.reader();
        r.cursor_back_to_indentation();
        let (px, py) = (r.cx, r.cy);
        self.acquire_cursor_up(oy, oldy, px, py);
    }

    pub fn cursor_end_of_line(&mut self) {
        let (oldy, oy) = (self.cy, self.oy);
        let all = self.sel.is_some() && self.rectflag;
        let mut r = self.reader();
        r.cursor_end_of_line(true, all);
        let (px, py) = (r.cx, r.cy);
        self.acquire_cursor_down(oy, oldy, px, py, false);
    }

    pub fn other_end(&mut self) {
        if self.sel.is_none() && self.lineflag == LineSel::None {
            return;
        }
        self.lineflag = match self.lineflag {
            LineSel::LeftRight => LineSel::RightLeft,
            LineSel::RightLeft => LineSel::LeftRight,
            LineSel::None => LineSel::None,
        };
        self.cursordrag = match self.cursordrag {
            CursorDrag::None | CursorDrag::Sel => CursorDrag::EndSel,
            CursorDrag::EndSel => CursorDrag::Sel,
        };
        let (selx, sely) = if self.cursordrag == CursorDrag::Sel {
            (self.selx, self.sely)
        } else {
            (self.endselx, self.endsely)
        };
        let cy = self.cy;
        let yy = self.hy();
        self.cx = selx;
        let hsize = self.hsize();
        let sy = self.sy();
        if sely < hsize - self.oy {
            self.oy = hsize - sely;
            self.cy = 0;
        } else if sely > hsize - self.oy + sy {
            self.oy = (hsize + sy - 1).saturating_sub(sely);
            self.cy = sy - 1;
        } else {
            self.cy = (cy + sely).saturating_sub(yy).min(sy - 1);
        }
        self.update_selection(true);
    }

    pub fn cursor_left(&mut self) {
        let (oldy, oy) = (self.cy, self.oy);
        let mut r = self.reader();
        r.cursor_left(true);
        let (px, py) = (r.cx, r.cy);
        self.acquire_cursor_up(oy, oldy, px, py);
    }

    pub fn cursor_right(&mut self, all: bool) {
        let (oldy, oy) = (self.cy, self.oy);
        let mut r = self.reader();
        r.cursor_right(true, all);
        let (px, py) = (r.cx, r.cy);
        self.acquire_cursor_down(oy, oldy, px, py, false);
    }

    /// Up a line (`scroll_only`: the view scrolls and the cursor stays on its row).
    pub fn cursor_up(&mut self, scroll_only: bool) {
        let norectsel = self.sel.is_none() || !self.rectflag;
        let oy = self.hy();
        let ox = self.find_length(oy);
        if norectsel && self.cx != ox {
            self.lastcx = self.cx;
            self.lastsx = ox;
        }
        if self.lineflag == LineSel::LeftRight && oy == self.sely {
            self.other_end();
        }
        if scroll_only || self.cy == 0 {
            if norectsel {
                self.cx = self.lastcx;
            }
            self.scroll_down(1);
        } else {
            if norectsel {
                self.update_cursor(self.lastcx, self.cy - 1);
            } else {
                self.update_cursor(self.cx, self.cy - 1);
            }
            self.update_selection(false);
        }
        self.after_vertical(norectsel);
    }

    /// Down a line (`scroll_only`: the view scrolls and the cursor stays on its row).
    pub fn cursor_down(&mut self, scroll_only: bool) {
        let norectsel = self.sel.is_none() || !self.rectflag;
        let oy = self.hy();
        let ox = self.find_length(oy);
        if norectsel && self.cx != ox {
            self.lastcx = self.cx;
            self.lastsx = ox;
        }
        if self.lineflag == LineSel::RightLeft && oy == self.endsely {
            self.other_end();
        }
        if scroll_only || self.cy == self.sy() - 1 {
            if norectsel {
                self.cx = self.lastcx;
            }
            self.scroll_up(1);
        } else {
            if norectsel {
                self.update_cursor(self.lastcx, self.cy + 1);
            } else {
                self.update_cursor(self.cx, self.cy + 1);
            }
            self.update_selection(false);
        }
        self.after_vertical(norectsel);
    }

    /// The end of cursor_up and cursor_down: keep to the line's end, follow a line selection.
    fn after_vertical(&mut self, norectsel: bool) {
        if norectsel {
            let py = self.hy();
            let px = self.find_length(py);
            if (self.cx >= self.lastsx && self.cx != px) || self.cx > px {
                self.update_cursor(px, self.cy);
                self.update_selection(false);
            }
        }
        match self.lineflag {
            LineSel::LeftRight => {
                let py = self.hy();
                let px = if self.rectflag {
                    self.sx()
                } else {
                    self.find_length(py)
                };
                self.update_cursor(px, self.cy);
                self.update_selection(false);
            }
            LineSel::RightLeft => {
                self.update_cursor(0, self.cy);
                self.update_selection(false);
            }
            LineSel::None => {}
        }
    }

    pub fn cursor_jump(&mut self) {
        let (oldy, oy) = (self.cy, self.oy);
        let jc = self.jumpchar.clone();
        let mut r = Reader::new(&self.backing, self.cx + 1, self.hy());
        if r.cursor_jump(&jc) {
            let (px, py) = (r.cx, r.cy);
            self.acquire_cursor_down(oy, oldy, px, py, false);
        }
    }

    pub fn cursor_jump_back(&mut self) {
        let (oldy, oy) = (self.cy, self.oy);
        let jc = self.jumpchar.clone();
        let mut r = self.reader();
        r.cursor_left(false);
        if r.cursor_jump_back(&jc) {
            let (px, py) = (r.cx, r.cy);
            self.acquire_cursor_up(oy, oldy, px, py);
        }
    }

    pub fn cursor_jump_to(&mut self) {
        let (oldy, oy) = (self.cy, self.oy);
        let jc = self.jumpchar.clone();
        let mut r = Reader::new(&self.backing, self.cx + 2, self.hy());
        if r.cursor_jump(&jc) {
            r.cursor_left(true);
            let (px, py) = (r.cx, r.cy);
            self.acquire_cursor_down(oy, oldy, px, py, false);
        }
    }

    pub fn cursor_jump_to_back(&mut self) {
        let (oldy, oy) = (self.cy, self.oy);
        let jc = self.jumpchar.clone();
        let mut r = self.reader();
        r.cursor_left(false);
        r.cursor_left(false);
        if r.cursor_jump_back(&jc) {
            r.cursor_right(true, false);
            let (px, py) = (r.cx, r.cy);
            self.acquire_cursor_up(oy, oldy, px, py);
        }
    }

    pub fn cursor_next_word(&mut self, separators: &str) {
        let (oldy, oy) = (self.cy, self.oy);
        let mut r = self.reader();
        r.cursor_next_word(separators);
        let (px, py) = (r.cx, r.cy);
        self.acquire_cursor_down(oy, oldy, px, py, false);
    }

    /// Where the next word ends (vi: on its last character; emacs: after it).
    pub fn next_word_end_pos(&self, separators: &str) -> (usize, usize) {
        let mut r = self.reader();
        if self.set.vi {
            if !r.in_set(WHITESPACE) {
                r.cursor_right(false, false);
            }
            r.cursor_next_word_end(separators);
            r.cursor_left(true);
        } else {
            r.cursor_next_word_end(separators);
        }
        (r.cx, r.cy)
    }

    pub fn cursor_next_word_end(&mut self, separators: &str, no_reset: bool) {
        let (oldy, oy) = (self.cy, self.oy);
        let (px, py) = self.next_word_end_pos(separators);
        self.acquire_cursor_down(oy, oldy, px, py, no_reset);
    }

    pub fn previous_word_pos(&self, separators: &str) -> (usize, usize) {
        let mut r = self.reader();
        r.cursor_previous_word(separators, false, true);
        (r.cx, r.cy)
    }

    pub fn cursor_previous_word(&mut self, separators: &str, already: bool) {
        let (oldy, oy) = (self.cy, self.oy);
        let stop_at_eol = !self.set.vi;
        let mut r = self.reader();
        r.cursor_previous_word(separators, already, stop_at_eol);
        let (px, py) = (r.cx, r.cy);
        self.acquire_cursor_up(oy, oldy, px, py);
    }

    /// After a motion to (px, absolute py) at or above the cursor: scroll up if it left the view.
    pub fn acquire_cursor_up(&mut self, oy: usize, _oldy: usize, px: usize, py: usize) {
        let yy = self.hsize() - oy;
        let (mut ny, cy) = if py < yy { (yy - py, 0) } else { (0, py - yy) };
        while ny > 0 {
            self.cursor_up(true);
            ny -= 1;
        }
        self.update_cursor(px, cy.min(self.sy() - 1));
        self.update_selection(false);
    }

    /// After a motion to (px, absolute py) at or below the cursor: scroll down if it left the view.
    pub fn acquire_cursor_down(
        &mut self,
        oy: usize,
        _oldy: usize,
        px: usize,
        py: usize,
        no_reset: bool,
    ) {
        let cy = (py + oy).saturating_sub(self.hsize());
        let yy = self.sy() - 1;
        let mut ny = cy.saturating_sub(yy);
        while ny > 0 {
            self.cursor_down(true);
            ny -= 1;
        }
        self.update_cursor(px, cy.min(yy));
        self.update_selection(no_reset);
    }
}
