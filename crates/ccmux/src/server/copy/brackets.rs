//! Matching brackets (tmux's window_copy_cmd_{next,previous}_matching_bracket), and the mouse: a
//! drag that selects (window_copy_start_drag, window_copy_drag_update).

use super::{CopyMode, SelFlag};

const OPEN: [char; 3] = ['{', '[', '('];
const CLOSE: [char; 3] = ['}', ']', ')'];

impl CopyMode {
    /// The single-byte character at a cell (none for padding and wide or combined characters).
    fn plain_char(&self, px: usize, py: usize) -> Option<char> {
        let c = self.backing.cell(px, py);
        (c.width == 1 && c.c.is_ascii() && !self.backing.has_zw(px, py)).then_some(c.c)
    }

    pub fn previous_matching_bracket(&mut self, np: u32) {
        for _ in 0..np {
            let mut px = self.cx;
            let mut py = self.hy();
            let mut xx = self.find_length(py);
            if xx == 0 {
                break;
            }
            let mut tried = false;
            let found = loop {
                let cp = self.plain_char(px, py).filter(|c| CLOSE.contains(c));
                match cp {
                    Some(c) => break Some(c),
                    None => {
                        if !self.set.vi {
                            if !tried && px > 0 {
                                px -= 1;
                                tried = true;
                                continue;
                            }
                            let ws: String = CLOSE.iter().collect();
                            self.cursor_previous_word(&ws, true);
                        }
                        break None;
                    }
                }
            };
            let Some(found) = found else {
                continue;
            };
            let start = OPEN[CLOSE.iter().position(|c| *c == found).unwrap_or(0)];
            let mut n = 1;
            let mut failed = false;
            loop {
                if px == 0 {
                    if py == 0 {
                        failed = true;
                        break;
                    }
                    loop {
                        py -= 1;
                        xx = self.find_length(py);
                        if xx != 0 || py == 0 {
                            break;
                        }
                    }
                    if xx == 0 && py == 0 {
                        failed = true;
                        break;
                    }
                    px = xx - 1;
                } else {
                    px -= 1;
                }
                match self.plain_char(px, py) {
                    Some(c) if c == found => n += 1,
                    Some(c) if c == start => n -= 1,
                    _ => {}
                }
                if n == 0 {
                    break;
                }
            }
            if !failed {
                self.scroll_to(px, py, false);
            }
        }
    }

    pub fn next_matching_bracket(&mut self, np: u32) {
        for _ in 0..np {
            let mut px = self.cx;
            let mut py = self.hy();
            let mut xx = self.find_length(py);
            let yy = self.hsize() + self.sy() - 1;
            if xx == 0 {
                break;
            }
            let mut tried = false;
            let found = loop {
                if let Some(c) = self.plain_char(px, py) {
                    if CLOSE.contains(&c) && self.set.vi {
                        // vi: on a closing bracket, go to its opening one (or stay).
                        let (sx, sy) = (self.cx, self.hy());
                        self.scroll_to(px, py, false);
                        self.previous_matching_bracket(1);
                        let (nx, ny) = (self.cx, self.hy());
                        if self.plain_char(nx, ny).is_some_and(|c| CLOSE.contains(&c)) {
                            self.scroll_to(sx, sy, false);
                        }
                        return;
                    }
                    if OPEN.contains(&c) {
                        break Some(c);
                    }
                }
                if !self.set.vi {
                    if !tried && px <= xx {
                        px += 1;
                        tried = true;
                        continue;
                    }
                    let ws: String = OPEN.iter().collect();
                    self.cursor_next_word_end(&ws, false);
                    break None;
                }
                // vi: on to the end of the line (and the lines it wraps onto).
                if px > xx {
                    if py == yy
                        || !self.backing.wrapped(py)
                        || self.backing.cellsize(py) > self.sx()
                    {
                        break None;
                    }
                    px = 0;
                    py += 1;
                    xx = self.find_length(py);
                } else {
                    px += 1;
                }
            };
            let Some(found) = found else {
                continue;
            };
            let end = CLOSE[OPEN.iter().position(|c| *c == found).unwrap_or(0)];
            let mut n = 1;
            let mut failed = false;
            loop {
                if px > xx {
                    if py == yy {
                        failed = true;
                        break;
                    }
                    px = 0;
                    py += 1;
                    xx = self.find_length(py);
                } else {
                    px += 1;
                }
                match self.plain_char(px, py) {
                    Some(c) if c == found => n += 1,
                    Some(c) if c == end => n -= 1,
                    _ => {}
                }
                if n == 0 {
                    break;
                }
            }
            if !failed {
                self.scroll_to(px, py, false);
            }
        }
    }

    /// A drag that selects began: its button went down at view cell (x, y) and is now at (nx, ny).
    pub fn start_drag(&mut self, x: usize, y: usize, nx: usize, ny: usize) {
        let (x, y) = (x.min(self.sx()), y.min(self.sy() - 1));
        let yg = self.hsize() + y - self.oy;
        if x < self.selrx || x > self.endselrx || yg != self.selry {
            self.selflag = SelFlag::Char;
        }
        match self.selflag {
            SelFlag::Word => {
                self.update_cursor(x, y);
                if !self.separators.is_empty() {
                    let separators = self.separators.clone();
                    let (px, py) = self.previous_word_pos(&separators);
                    let vy = (py + self.oy).saturating_sub(self.hsize());
                    self.update_cursor(px, vy);
                }
            }
            SelFlag::Line => self.update_cursor(0, y),
            SelFlag::Char => {
                self.update_cursor(x, y);
                self.start_selection();
            }
        }
        self.dragging = true;
        self.drag_update(nx, ny);
    }

    /// The mouse moved to view cell (x, y) while dragging: the selection follows; at the top or
    /// bottom row the view scrolls, and goes on scrolling (`drag_scrolling`: tmux's drag timer).
    pub fn drag_update(&mut self, x: usize, y: usize) {
        let (x, y) = (x.min(self.sx()), y.min(self.sy() - 1));
        self.drag_scrolling = false;
        let (old_cx, old_cy) = (self.cx, self.cy);
        self.update_cursor(x, y);
        self.update_selection(false);
        if old_cy != self.cy || old_cx == self.cx {
            if y == 0 {
                self.cursor_up(true);
                self.drag_scrolling = true;
            } else if y == self.sy() - 1 {
                self.cursor_down(true);
                self.drag_scrolling = true;
            }
        }
    }

    /// The drag timer fired (tmux's window_copy_scroll_timer): with the cursor still on the top or
    /// bottom row, one more line scrolls in and it goes on.
    pub fn drag_scroll(&mut self) {
        self.drag_scrolling = self.dragging && (self.cy == 0 || self.cy == self.sy() - 1);
        if !self.drag_scrolling {
            return;
        }
        if self.cy == 0 {
            self.cursor_up(true);
        } else {
            self.cursor_down(true);
        }
    }
}
