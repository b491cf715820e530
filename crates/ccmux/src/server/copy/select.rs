//! The selection (tmux's window_copy_*_selection): its ends in the backing grid, how it follows the
//! cursor (by character, word or line, and as a rectangle), how it is drawn, and its text.

use super::reader::WHITESPACE;
use super::{CopyMode, CursorDrag, LineSel, Sel, SelFlag};

#[derive(PartialEq, Eq)]
enum RelPos {
    Above,
    OnScreen,
    Below,
}

impl CopyMode {
    pub fn start_selection(&mut self) {
        self.selx = self.cx;
        self.sely = self.hy();
        self.endselx = self.selx;
        self.endsely = self.sely;
        self.cursordrag = CursorDrag::EndSel;
        self.set_selection(false);
    }

    /// A backing position in view coordinates, clamped to the view.
    fn adjust_selection(&self, x: usize, y: usize) -> (usize, usize, RelPos) {
        let ty = self.hsize() - self.oy;
        let sy = self.sy();
        if y < ty {
            (if self.rectflag { x } else { 0 }, 0, RelPos::Above)
        } else if y > ty + sy - 1 {
            (
                if self.rectflag { x } else { self.sx() - 1 },
                sy - 1,
                RelPos::Below,
            )
        } else {
            (x, y - ty, RelPos::OnScreen)
        }
    }

    /// Follows the cursor with the selection, if there is one; true if there is.
    pub fn update_selection(&mut self, no_reset: bool) -> bool {
        if self.sel.is_none() && self.lineflag == LineSel::None {
            return false;
        }
        self.set_selection(no_reset)
    }

    fn set_selection(&mut self, no_reset: bool) -> bool {
        self.synchronize_cursor(no_reset);
        let (sx, sy, start) = self.adjust_selection(self.selx, self.sely);
        let (ex, ey, end) = self.adjust_selection(self.endselx, self.endsely);
        if start == end && start != RelPos::OnScreen {
            if let Some(sel) = &mut self.sel {
                sel.hidden = true;
            }
            return false;
        }
        self.sel = Some(Sel {
            sx,
            sy,
            ex,
            ey,
            hidden: false,
            rectangle: self.rectflag,
            vi: self.modekeys_vi,
        });
        true
    }

    fn synchronize_cursor(&mut self, no_reset: bool) {
        match self.cursordrag {
            CursorDrag::EndSel => self.synchronize_cursor_end(false, no_reset),
            CursorDrag::Sel => self.synchronize_cursor_end(true, no_reset),
            CursorDrag::None => {}
        }
    }

    fn synchronize_cursor_end(&mut self, mut begin: bool, no_reset: bool) {
        let mut xx = self.cx;
        let mut yy = self.hy();
        match self.selflag {
            SelFlag::Word if !no_reset => {
                begin = false;
                if self.dy > yy || (self.dy == yy && self.dx > xx) {
                    // Right to left.
                    let separators = self.separators.clone();
                    (xx, yy) = self.previous_word_pos(&separators);
                    begin = true;
                    self.endselx = self.endselrx;
                    self.endsely = self.endselry;
                } else {
                    if xx >= self.find_length(yy) || !self.backing.in_set(xx + 1, yy, WHITESPACE) {
                        let separators = self.separators.clone();
                        (xx, yy) = self.next_word_end_pos(&separators);
                    }
                    self.selx = self.selrx;
                    self.sely = self.selry;
                }
            }
            SelFlag::Line if !no_reset => {
                begin = false;
                if self.dy > yy {
                    xx = 0;
                    begin = true;
                    self.endselx = self.endselrx;
                    self.endsely = self.endselry;
                } else {
                    if yy < self.endselry {
                        yy = self.endselry;
                    }
                    xx = self.find_length(yy);
                    self.selx = self.selrx;
                    self.sely = self.selry;
                }
            }
            _ => {}
        }
        if begin {
            self.selx = xx;
            self.sely = yy;
        } else {
            self.endselx = xx;
            self.endsely = yy;
        }
    }

    pub fn clear_selection(&mut self) {
        self.sel = None;
        self.cursordrag = CursorDrag::None;
        self.lineflag = LineSel::None;
        self.selflag = SelFlag::Char;
        let px = self.find_length(self.hy());
        if self.cx > px {
            self.update_cursor(px, self.cy);
        }
    }

    pub fn rectangle_set(&mut self, rectflag: bool) {
        self.rectflag = rectflag;
        let px = self.find_length(self.hy());
        if self.cx > px {
            self.update_cursor(px, self.cy);
        }
        self.update_selection(false);
    }

    /// `select-line`.
    pub fn select_line(&mut self, np: u32) {
        self.lineflag = LineSel::LeftRight;
        self.rectflag = false;
        self.selflag = SelFlag::Line;
        self.dx = self.cx;
        self.dy = self.hy();
        self.cursor_start_of_line();
        self.selrx = self.cx;
        self.selry = self.hy();
        self.endselry = self.selry;
        self.start_selection();
        self.cursor_end_of_line();
        self.endselry = self.hy();
        self.endselrx = self.find_length(self.endselry);
        for _ in 1..np {
            self.cursor_down(false);
            self.cursor_end_of_line();
        }
    }

    /// `select-word`.
    pub fn select_word(&mut self, separators: &str) {
        self.lineflag = LineSel::LeftRight;
        self.rectflag = false;
        self.selflag = SelFlag::Word;
        self.dx = self.cx;
        self.dy = self.hy();
        self.separators = separators.to_string();
        self.cursor_previous_word(separators, false);
        let px = self.cx;
        let py = self.hy();
        self.selrx = px;
        self.selry = py;
        self.start_selection();
        // A word of one character.
        let (mut nextx, mut nexty) = (px + 1, py);
        if self.backing.wrapped(nexty) && nextx > self.sx() - 1 {
            nextx = 0;
            nexty += 1;
        }
        if px >= self.find_length(py) || !self.backing.in_set(nextx, nexty, WHITESPACE) {
            self.cursor_next_word_end(separators, true);
        } else {
            self.update_cursor(px, self.cy);
            self.update_selection(true);
        }
        self.endselrx = self.cx;
        self.endselry = self.hy();
        if self.dy > self.endselry {
            self.dy = self.endselry;
            self.dx = self.endselrx;
        } else if self.dx > self.endselrx {
            self.dx = self.endselrx;
        }
    }

    /// Whether view cell (px, py) is selected (tmux's screen_check_selection).
    pub fn selected(&self, px: usize, py: usize) -> bool {
        let Some(sel) = &self.sel else {
            return false;
        };
        if sel.hidden {
            return false;
        }
        if sel.rectangle {
            if sel.sy < sel.ey {
                if py < sel.sy || py > sel.ey {
                    return false;
                }
            } else if sel.sy > sel.ey {
                if py > sel.sy || py < sel.ey {
                    return false;
                }
            } else if py != sel.sy {
                return false;
            }
            if sel.ex < sel.sx {
                px >= sel.ex && px <= sel.sx
            } else {
                px >= sel.sx && px <= sel.ex
            }
        } else if sel.sy < sel.ey {
            if py < sel.sy || py > sel.ey {
                return false;
            }
            if py == sel.sy && px < sel.sx {
                return false;
            }
            let xx = if sel.vi {
                sel.ex
            } else {
                sel.ex.saturating_sub(1)
            };
            !(py == sel.ey && px > xx)
        } else if sel.sy > sel.ey {
            if py > sel.sy || py < sel.ey {
                return false;
            }
            if py == sel.ey && px < sel.ex {
                return false;
            }
            let xx = if sel.vi {
                sel.sx as isize
            } else {
                sel.sx as isize - 1
            };
            !(py == sel.sy && (sel.sx == 0 || px as isize > xx))
        } else {
            if py != sel.sy {
                return false;
            }
            if sel.ex < sel.sx {
                let xx = if sel.vi {
                    sel.sx as isize
                } else {
                    sel.sx as isize - 1
                };
                !(px as isize > xx || px < sel.ex)
            } else {
                let xx = if sel.vi {
                    sel.ex
                } else {
                    sel.ex.saturating_sub(1)
                };
                !(px < sel.sx || px > xx)
            }
        }
    }

    /// The selected text (tmux's window_copy_get_selection); without a selection, the search match
    /// under the cursor.
    pub fn get_selection(&self) -> Option<Vec<u8>> {
        if self.sel.is_none() && self.lineflag == LineSel::None {
            return self.match_at_cursor().map(String::into_bytes);
        }
        let (xx, yy) = (self.endselx, self.endsely);
        let (sx, sy, mut ex, ey) = if yy < self.sely || (yy == self.sely && xx < self.selx) {
            (xx, yy, self.selx, self.sely)
        } else {
            (self.selx, self.sely, xx, yy)
        };
        let ey_last = self.find_length(ey);
        if ex > ey_last {
            ex = ey_last;
        }
        let vi = self.set.vi;
        let (firstsx, lastex, restsx, restex);
        if self.rectflag {
            let selx = if self.cursordrag == CursorDrag::EndSel {
                self.selx
            } else {
                self.endselx
            };
            if selx < self.cx {
                let end = if vi { self.cx + 1 } else { self.cx };
                lastex = end;
                restex = end;
                firstsx = selx;
                restsx = selx;
            } else {
                lastex = selx + 1;
                restex = selx + 1;
                firstsx = self.cx;
                restsx = self.cx;
            }
        } else {
            lastex = if vi { ex + 1 } else { ex };
            restex = self.sx();
            firstsx = sx;
            restsx = 0;
        }
        let mut buf = Vec::new();
        for i in sy..=ey {
            self.copy_line(
                &mut buf,
                i,
                if i == sy { firstsx } else { restsx },
                if i == ey { lastex } else { restex },
            );
        }
        if buf.is_empty() {
            return None;
        }
        // The last newline goes (unless at the end of a line in vi mode).
        if (!vi || lastex <= ey_last) && (!self.backing.wrapped(ey) || lastex != ey_last) {
            buf.pop();
        }
        Some(buf)
    }

    fn copy_line(&self, buf: &mut Vec<u8>, sy: usize, sx: usize, ex: usize) {
        if sx > ex {
            return;
        }
        let gd = &self.backing;
        // A line wrapped at the edge with all of it on screen keeps its spaces.
        let wrapped = gd.wrapped(sy) && gd.cellsize(sy) <= gd.sx;
        let xx = if wrapped {
            gd.cellsize(sy)
        } else {
            self.find_length(sy)
        };
        let ex = ex.min(xx);
        let sx = sx.min(xx);
        let mut s = String::new();
        for i in sx..ex {
            gd.text(i, sy, &mut s);
        }
        buf.extend_from_slice(s.as_bytes());
        if !wrapped || ex != xx {
            buf.push(b'\n');
        }
    }
}
