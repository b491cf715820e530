//! The choosers (tmux's mode-tree.c and the modes on it): over a pane, a tree of items, each line
//! `(key) name: text`, the current one in `mode-style`, and below them a box previewing the current
//! item. The keys are mode-tree's: Up/Down, PageUp/PageDown, Home/End, Left/Right collapse and
//! expand, `t T C-t` tag, `O` and `r` sort, `f` filter, `/` search (`n` again), `v` the preview, a
//! line's key or Enter chooses, `q` leaves; and each mode's own (see `buffers.rs`, `tree.rs`,
//! `clients.rs`). Unlike tmux, the chooser belongs to the client that opened it, not to the pane.

mod buffers;
mod clients;
mod preview;
mod tree;

use super::draw;
use crate::server::format_ctx::Target;
use crate::server::prompt_history::PromptType;
use crate::server::state::Server;
use ccmux_model::keys::{Key, KeyCode, Mods};
use ccmux_model::options::Style;
use ccmux_model::{Current, OptionScope, PaneId, SessionId};
use ccmux_term::{attr, RenderCell};
use std::collections::{BTreeMap, HashMap};

/// tmux's default key format: lines 0 to 9, then M-a to M-z.
pub const DEFAULT_KEY_FORMAT: &str =
    "#{?#{e|<:#{line},10},#{line},#{?#{e|<:#{line},36},M-#{a:#{e|+:97,#{e|-:#{line},10}}},}}";

/// What a choose command asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec {
    pub kind: Kind,
    /// `None`: the mode's default command.
    pub template: Option<String>,
    pub format: Option<String>,
    pub key_format: Option<String>,
    pub filter: Option<String>,
    /// `-O`: a sort field by name (any case; an unknown one is ignored, as tmux).
    pub sort: Option<String>,
    pub reversed: bool,
    pub preview: bool,
    /// `-Z`: zoom the pane while choosing.
    pub zoom: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    Buffer,
    Client,
    Tree(tree::TreeSpec),
}

pub use tree::{Show, TreeSpec};

/// An item's identity across rebuilds (tmux's tag).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Tag {
    Session(SessionId),
    /// A window as linked in a session, at its index.
    Window(SessionId, u32),
    Pane(SessionId, u32, PaneId),
    Buffer(String),
    Client(u32),
}

/// An item a mode built: its line's name and text, and its children.
pub struct Entry {
    pub tag: Tag,
    pub name: String,
    pub text: Option<String>,
    /// Expanded at first (`None`: tmux's -1, expanded).
    pub expanded: Option<bool>,
    pub children: Vec<Entry>,
}

/// A question on the status line whose answer comes back to the chooser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ask {
    pub label: String,
    pub input: String,
    /// One key answers.
    pub single: bool,
    pub ptype: PromptType,
    pub what: AskKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AskKind {
    Search,
    Filter,
    /// A command for the tagged items (or the current one).
    Command,
    KillCurrent,
    KillTagged,
}

/// What a key did.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Stay,
    Exit,
    /// Run these commands (each for its target, if any), then leave if `exit`.
    Run {
        commands: Vec<(String, Option<Current>)>,
        exit: bool,
    },
    Ask(Ask),
    /// Show a menu (a right click).
    Menu(Box<super::menu::MenuSpec>),
}

/// A mouse event over the chooser's pane, at a cell of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Click {
    Down1,
    Down3,
    Double1,
    WheelUp,
    WheelDown,
}

struct Node {
    tag: Tag,
    name: String,
    text: Option<String>,
    parent: Option<usize>,
    children: Vec<usize>,
    expanded: bool,
    tagged: bool,
    line: usize,
    key: Option<Key>,
}

struct Line {
    node: usize,
    depth: usize,
    last: bool,
    flat: bool,
}

/// The sort order: a field of the mode's list, and reversed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sort {
    pub field: usize,
    pub reversed: bool,
}

/// Where a mode's items come from.
enum Mode {
    Buffer,
    Client,
    Tree(tree::Data),
}

pub struct Chooser {
    pub pane: PaneId,
    /// The client's session (format targets, the client's own items).
    session: SessionId,
    mode: Mode,
    template: String,
    format: String,
    key_format: String,
    sort: Sort,
    preview: bool,
    filter: Option<String>,
    search: Option<String>,
    no_matches: bool,
    nodes: Vec<Node>,
    roots: Vec<usize>,
    lines: Vec<Line>,
    current: usize,
    offset: usize,
    /// The pane's size and the list's height, as last built.
    sx: usize,
    sy: usize,
    height: usize,
    /// The current item when first built.
    initial: Option<Tag>,
    /// `-Z` zoomed the window: unzoomed when the chooser leaves.
    pub zoomed: bool,
}

impl Chooser {
    pub fn new(spec: Spec, pane: PaneId, session: SessionId) -> Chooser {
        let (mode, sorts, template, format) = match &spec.kind {
            Kind::Buffer => (
                Mode::Buffer,
                buffers::SORTS,
                buffers::TEMPLATE,
                buffers::FORMAT,
            ),
            Kind::Client => (
                Mode::Client,
                clients::SORTS,
                clients::TEMPLATE,
                clients::FORMAT,
            ),
            Kind::Tree(t) => (
                Mode::Tree(tree::Data::new(*t)),
                tree::SORTS,
                tree::TEMPLATE,
                tree::FORMAT,
            ),
        };
        let mut sort = Sort {
            field: 0,
            reversed: spec.reversed,
        };
        if let Some(name) = &spec.sort {
            if let Some(i) = sorts.iter().position(|s| s.eq_ignore_ascii_case(name)) {
                sort.field = i;
            }
        }
        let initial = match &spec.kind {
            Kind::Tree(t) => t.initial(),
            _ => None,
        };
        Chooser {
            pane,
            session,
            mode,
            template: spec.template.unwrap_or_else(|| template.to_string()),
            format: spec.format.unwrap_or_else(|| format.to_string()),
            key_format: (spec.key_format).unwrap_or_else(|| DEFAULT_KEY_FORMAT.to_string()),
            sort,
            preview: spec.preview,
            filter: spec.filter,
            search: None,
            no_matches: false,
            nodes: Vec::new(),
            roots: Vec::new(),
            lines: Vec::new(),
            current: 0,
            offset: 0,
            sx: 80,
            sy: 24,
            height: 24,
            initial,
            zoomed: false,
        }
    }

    fn sorts(&self) -> &'static [&'static str] {
        match self.mode {
            Mode::Buffer => buffers::SORTS,
            Mode::Client => clients::SORTS,
            Mode::Tree(_) => tree::SORTS,
        }
    }

    /// The mode's name, as tmux's `#{pane_mode}`.
    pub fn mode_name(&self) -> &'static str {
        match self.mode {
            Mode::Buffer => "buffer-mode",
            Mode::Client => "client-mode",
            Mode::Tree(_) => "tree-mode",
        }
    }

    /// Whether there is still something to choose from (tmux leaves the mode otherwise).
    pub fn alive(&self, srv: &Server) -> bool {
        match self.mode {
            Mode::Buffer => !srv.buffers.is_empty(),
            Mode::Client => !srv.clients.clients.is_empty(),
            Mode::Tree(_) => !srv.model.sessions.is_empty(),
        }
    }

    /// The items as the mode builds them now, with or without the filter.
    fn entries(&mut self, srv: &Server, filter: Option<&str>) -> Vec<Entry> {
        let (sort, format) = (self.sort, self.format.as_str());
        match &mut self.mode {
            Mode::Buffer => buffers::build(srv, self.session, self.pane, sort, format, filter),
            Mode::Client => clients::build(srv, sort, format, filter),
            Mode::Tree(d) => d.build(srv, sort, format, filter),
        }
    }

    /// tmux's mode_tree_build: the items again, the current one kept by its tag (and the view
    /// scrolled to it as tmux does when `reset`).
    fn build(&mut self, srv: &Server, reset: bool) {
        let keep = match self.lines.get(self.current) {
            Some(l) => Some(self.nodes[l.node].tag.clone()),
            None => self.initial.take(),
        };
        let filter = self.filter.clone();
        let mut entries = self.entries(srv, filter.as_deref());
        self.no_matches = entries.is_empty();
        if self.no_matches {
            entries = self.entries(srv, None);
        }
        let saved: HashMap<Tag, (bool, bool)> = (self.nodes.iter())
            .map(|n| (n.tag.clone(), (n.expanded, n.tagged)))
            .collect();
        self.nodes.clear();
        self.roots.clear();
        for e in entries {
            let i = self.add(e, None, &saved);
            self.roots.push(i);
        }
        self.build_lines(srv);
        let lost = keep.is_some();
        let found = keep.and_then(|t| self.find_line(&t));
        // As tmux's mode_tree_set_current: an item gone (killed) puts the first line current.
        if reset || (lost && found.is_none()) {
            self.set_current(found);
        } else {
            self.current = found.unwrap_or(self.current);
            self.current = self.current.min(self.lines.len().saturating_sub(1));
            if self.current < self.offset {
                self.offset = self.current;
            }
        }
        self.set_height();
        if self.current >= self.offset + self.height {
            self.offset = self.current + 1 - self.height;
        }
    }

    fn add(
        &mut self,
        e: Entry,
        parent: Option<usize>,
        saved: &HashMap<Tag, (bool, bool)>,
    ) -> usize {
        let i = self.nodes.len();
        let (expanded, tagged) = match saved.get(&e.tag) {
            Some((x, t)) => {
                let parent_open = parent.is_none_or(|p| self.nodes[p].expanded);
                (*x, *t && parent_open)
            }
            None => (e.expanded.unwrap_or(true), false),
        };
        self.nodes.push(Node {
            tag: e.tag,
            name: e.name,
            text: e.text,
            parent,
            children: Vec::new(),
            expanded,
            tagged,
            line: 0,
            key: None,
        });
        for c in e.children {
            let ci = self.add(c, Some(i), saved);
            self.nodes[i].children.push(ci);
        }
        i
    }

    fn build_lines(&mut self, srv: &Server) {
        self.lines.clear();
        let roots = self.roots.clone();
        self.lines_of(&roots, 0);
        let default_keys = self.key_format == DEFAULT_KEY_FORMAT;
        for l in 0..self.lines.len() {
            let node = self.lines[l].node;
            self.nodes[node].line = l;
            self.nodes[node].key = if default_keys {
                default_key(l)
            } else {
                let tag = self.nodes[node].tag.clone();
                self.key_for(srv, &tag, l)
            };
        }
    }

    fn lines_of(&mut self, list: &[usize], depth: usize) {
        let flat = list.iter().all(|i| self.nodes[*i].children.is_empty());
        for (n, &i) in list.iter().enumerate() {
            self.lines.push(Line {
                node: i,
                depth,
                last: n + 1 == list.len(),
                flat,
            });
            if self.nodes[i].expanded {
                let children = self.nodes[i].children.clone();
                self.lines_of(&children, depth + 1);
            }
        }
    }

    /// A line's key from the key format (`#{line}` is its number).
    fn key_for(&self, srv: &Server, tag: &Tag, line: usize) -> Option<Key> {
        let extra: BTreeMap<String, String> = [("line".to_string(), line.to_string())].into();
        let text = self
            .target(srv, tag)
            .with_formats(&extra)
            .expand(&self.key_format);
        Key::parse(&text).filter(|k| !matches!(k.code, KeyCode::NoKey | KeyCode::Any))
    }

    /// The format target of an item.
    fn target<'a>(&self, srv: &'a Server, tag: &Tag) -> Target<'a> {
        match tag {
            Tag::Session(s) => Target::session(srv, *s),
            Tag::Window(s, idx) => match tree::window_at(srv, *s, *idx) {
                Some(w) => Target::window(srv, Some(*s), w),
                None => Target::server(srv),
            },
            Tag::Pane(s, _, p) => Target::for_pane(srv, Some(*s), Some(*p)),
            Tag::Buffer(_) => Target::for_pane(srv, Some(self.session), Some(self.pane)),
            Tag::Client(id) => match srv.clients.clients.get(id) {
                Some(c) => Target::session(srv, c.session),
                None => Target::server(srv),
            },
        }
    }

    fn find_line(&self, tag: &Tag) -> Option<usize> {
        self.lines
            .iter()
            .position(|l| self.nodes[l.node].tag == *tag)
    }

    /// tmux's mode_tree_set_current.
    fn set_current(&mut self, line: Option<usize>) -> bool {
        match line {
            Some(l) => {
                self.current = l;
                self.offset = (l + 1).saturating_sub(self.height.max(1));
                true
            }
            None => {
                self.current = 0;
                self.offset = 0;
                false
            }
        }
    }

    /// tmux's mode_tree_set_height.
    fn set_height(&mut self) {
        let sy = self.sy.max(1);
        if !self.preview {
            self.height = sy;
            return;
        }
        let mut h = (sy / 3) * 2;
        if h > self.lines.len() {
            h = sy / 2;
        }
        if h < 10 || sy - h < 2 {
            h = sy;
        }
        self.height = h.max(1);
    }

    fn up(&mut self, wrap: bool) {
        if self.current == 0 {
            if wrap {
                self.current = self.lines.len().saturating_sub(1);
                if self.lines.len() >= self.height {
                    self.offset = self.lines.len() - self.height;
                }
            }
        } else {
            self.current -= 1;
            if self.current < self.offset {
                self.offset -= 1;
            }
        }
    }

    fn down(&mut self, wrap: bool) {
        if self.current + 1 >= self.lines.len() {
            if wrap {
                self.current = 0;
                self.offset = 0;
            }
        } else {
            self.current += 1;
            if self.current > self.offset + self.height - 1 {
                self.offset += 1;
            }
        }
    }

    fn current_node(&self) -> Option<usize> {
        self.lines.get(self.current).map(|l| l.node)
    }

    /// The current item's tag.
    fn current_tag(&self) -> Option<Tag> {
        self.current_node().map(|n| self.nodes[n].tag.clone())
    }

    /// The tagged items in line order (tmux's mode_tree_each_tagged), or the current one if none
    /// is tagged and `current`.
    fn tagged_or_current(&self, current: bool) -> Vec<Tag> {
        let tagged: Vec<Tag> = (self.lines.iter())
            .filter(|l| self.nodes[l.node].tagged)
            .map(|l| self.nodes[l.node].tag.clone())
            .collect();
        if tagged.is_empty() && current {
            return self.current_tag().into_iter().collect();
        }
        tagged
    }

    fn count_tagged(&self) -> usize {
        (self.lines.iter())
            .filter(|l| self.nodes[l.node].tagged)
            .count()
    }

    /// The size of the pane the chooser is drawn over (tmux's resize: built again).
    pub fn resize(&mut self, srv: &Server, cols: u16, rows: u16) {
        let (sx, sy) = (cols.max(1) as usize, rows.max(1) as usize);
        if (sx, sy) != (self.sx, self.sy) || self.lines.is_empty() {
            self.sx = sx;
            self.sy = sy;
            self.build(srv, true);
        }
    }

    /// A key (tmux's mode_tree_key, then the mode's own keys).
    pub fn key(&mut self, srv: &mut Server, key: Key) -> Outcome {
        self.key_from(srv, key, true)
    }

    /// A key chosen from the chooser's menu for a line (tmux's mode_tree_menu_callback).
    pub fn menu_key(&mut self, srv: &mut Server, key: Key, line: usize) -> Outcome {
        self.build(srv, false);
        if line >= self.lines.len() {
            return Outcome::Stay;
        }
        self.current = line;
        self.key_from(srv, key, false)
    }

    /// A key, typed (`typed`: tmux passes the key event, so `t` also moves down) or from the menu.
    fn key_from(&mut self, srv: &mut Server, key: Key, typed: bool) -> Outcome {
        self.build(srv, false);
        if self.lines.is_empty() {
            return Outcome::Exit;
        }
        let key = match self.tree_key(srv, key, typed) {
            Err(outcome) => return outcome,
            Ok(k) => k,
        };
        self.mode_key(srv, key)
    }

    /// mode_tree_key: `Err` when the key was the mode tree's own, else the key for the mode
    /// (`Enter` for a line's key).
    fn tree_key(&mut self, srv: &Server, key: Key, typed: bool) -> Result<Key, Outcome> {
        if let Some(i) =
            (0..self.lines.len()).find(|i| self.nodes[self.lines[*i].node].key == Some(key))
        {
            self.current = i;
            return Ok(Key::char('\r'));
        }
        let name = key.to_string();
        let Some(node) = self.current_node() else {
            return Err(Outcome::Exit);
        };
        let line_flat = self.lines[self.current].flat;
        let stay = Err(Outcome::Stay);
        match name.as_str() {
            "q" | "Escape" | "C-g" => return Err(Outcome::Exit),
            "Up" | "k" | "C-p" => self.up(true),
            "Down" | "j" | "C-n" => self.down(true),
            "PPage" | "C-b" => {
                for _ in 0..self.height {
                    if self.current == 0 {
                        break;
                    }
                    self.up(true);
                }
            }
            "NPage" | "C-f" => {
                for _ in 0..self.height {
                    if self.current + 1 == self.lines.len() {
                        break;
                    }
                    self.down(true);
                }
            }
            "g" | "Home" => {
                self.current = 0;
                self.offset = 0;
            }
            "G" | "End" => {
                self.current = self.lines.len() - 1;
                self.offset = (self.current + 1).saturating_sub(self.height);
            }
            "t" => {
                self.toggle_tag(node);
                if typed {
                    self.down(false);
                }
            }
            "T" => self
                .lines
                .iter()
                .for_each(|l| self.nodes[l.node].tagged = false),
            "C-t" => {
                for l in &self.lines {
                    let n = l.node;
                    self.nodes[n].tagged = self.nodes[n].parent.is_none();
                }
            }
            "O" => {
                self.sort.field = (self.sort.field + 1) % self.sorts().len().max(1);
                self.build(srv, true);
            }
            "r" => {
                self.sort.reversed = !self.sort.reversed;
                self.build(srv, true);
            }
            "Left" | "h" | "-" => {
                let target = if line_flat || !self.nodes[node].expanded {
                    self.nodes[node].parent
                } else {
                    Some(node)
                };
                match target {
                    None => self.up(false),
                    Some(t) => {
                        self.nodes[t].expanded = false;
                        self.current = self.nodes[t].line;
                        self.build(srv, true);
                    }
                }
            }
            "Right" | "l" | "+" => {
                if line_flat || self.nodes[node].expanded {
                    self.down(false);
                } else {
                    self.nodes[node].expanded = true;
                    self.build(srv, true);
                }
            }
            "M--" | "M-+" => {
                let open = name == "M-+";
                for r in self.roots.clone() {
                    self.nodes[r].expanded = open;
                }
                self.build(srv, true);
            }
            "?" | "/" | "C-s" => {
                return Err(Outcome::Ask(Ask {
                    label: "(search) ".into(),
                    input: String::new(),
                    single: false,
                    ptype: PromptType::SEARCH,
                    what: AskKind::Search,
                }))
            }
            "n" => self.search_next(srv),
            "f" => {
                return Err(Outcome::Ask(Ask {
                    label: "(filter) ".into(),
                    input: self.filter.clone().unwrap_or_default(),
                    single: false,
                    ptype: PromptType::SEARCH,
                    what: AskKind::Filter,
                }))
            }
            "v" => {
                self.preview = !self.preview;
                self.build(srv, true);
            }
            _ => return Ok(key),
        }
        stay
    }

    fn toggle_tag(&mut self, node: usize) {
        if self.nodes[node].tagged {
            self.nodes[node].tagged = false;
            return;
        }
        // Never a parent and its child both: untag the item's parents and children.
        let mut p = self.nodes[node].parent;
        while let Some(i) = p {
            self.nodes[i].tagged = false;
            p = self.nodes[i].parent;
        }
        let mut stack = self.nodes[node].children.clone();
        while let Some(c) = stack.pop() {
            self.nodes[c].tagged = false;
            stack.extend(self.nodes[c].children.iter().copied());
        }
        self.nodes[node].tagged = true;
    }

    /// The mode's own keys.
    fn mode_key(&mut self, srv: &mut Server, key: Key) -> Outcome {
        match &mut self.mode {
            Mode::Buffer => buffers::key(self, srv, key),
            Mode::Client => clients::key(self, srv, key),
            Mode::Tree(_) => tree::key(self, srv, key),
        }
    }

    /// The answer to a question the chooser asked (`None`: cancelled).
    pub fn answer(&mut self, srv: &mut Server, what: AskKind, text: Option<String>) -> Outcome {
        let text = text.filter(|t| !t.is_empty());
        match what {
            AskKind::Filter => {
                self.filter = text;
                self.build(srv, true);
                Outcome::Stay
            }
            AskKind::Search => {
                self.search = text;
                self.search_next(srv);
                Outcome::Stay
            }
            _ => {
                self.build(srv, false);
                match (&self.mode, text) {
                    (Mode::Tree(_), Some(t)) => tree::answer(self, srv, what, &t),
                    _ => Outcome::Stay,
                }
            }
        }
    }

    /// tmux's mode_tree_search_set: the next item (in tree order, wrapping) whose name (or the mode's
    /// own test) matches the search, its parents expanded.
    fn search_next(&mut self, srv: &Server) {
        let Some(search) = self.search.clone() else {
            return;
        };
        let order = self.tree_order();
        let Some(start) = self
            .current_node()
            .and_then(|c| order.iter().position(|n| *n == c))
        else {
            return;
        };
        let found = (1..order.len())
            .map(|i| order[(start + i) % order.len()])
            .find(|&n| self.matches(srv, n, &search));
        let Some(n) = found else {
            return;
        };
        let mut p = self.nodes[n].parent;
        while let Some(i) = p {
            self.nodes[i].expanded = true;
            p = self.nodes[i].parent;
        }
        let tag = self.nodes[n].tag.clone();
        self.build(srv, true);
        let line = self.find_line(&tag);
        self.set_current(line);
    }

    fn tree_order(&self) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.nodes.len());
        let mut stack: Vec<usize> = self.roots.iter().rev().copied().collect();
        while let Some(n) = stack.pop() {
            out.push(n);
            stack.extend(self.nodes[n].children.iter().rev().copied());
        }
        out
    }

    fn matches(&self, srv: &Server, node: usize, search: &str) -> bool {
        match &self.mode {
            Mode::Tree(_) => tree::search(srv, &self.nodes[node].tag, search),
            _ => self.nodes[node].name.contains(search),
        }
    }

    /// A mouse event at (x, y) in the pane (tmux's mode_tree_key for the mouse).
    pub fn click(&mut self, srv: &mut Server, click: Click, x: usize, y: usize) -> Outcome {
        self.build(srv, false);
        if self.lines.is_empty() {
            return Outcome::Exit;
        }
        // As tmux 3.3a: the wheel over a chooser does nothing.
        if matches!(click, Click::WheelUp | Click::WheelDown) {
            return Outcome::Stay;
        }
        let outside = x > self.sx || y > self.height;
        if click == Click::Down3 {
            let line = if self.offset + y < self.lines.len() && !outside {
                self.offset + y
            } else {
                self.current
            };
            if !outside {
                self.current = line;
            }
            return Outcome::Menu(Box::new(self.menu(line, outside, x, y)));
        }
        if outside {
            if self.preview {
                if let (Mode::Tree(_), Click::Down1) = (&self.mode, click) {
                    return tree::preview_click(self, srv, x);
                }
            }
            return Outcome::Stay;
        }
        if self.offset + y < self.lines.len() {
            self.current = self.offset + y;
            if click == Click::Double1 {
                return self.mode_key(srv, Key::char('\r'));
            }
        }
        Outcome::Stay
    }

    /// The right-click menu (tmux's mode_tree_display_menu): the mode's items for a line, or
    /// scrolling and cancel outside the list; placed at the click, as tmux does.
    fn menu(&self, line: usize, outside: bool, x: usize, y: usize) -> super::menu::MenuSpec {
        use super::menu::{Action, MenuSpec};
        const GENERIC: &[(&str, &str)] = &[
            ("Scroll Left", "<"),
            ("Scroll Right", ">"),
            ("", ""),
            ("Cancel", "q"),
        ];
        const TREE: &[(&str, &str)] = &[
            ("Select", "Enter"),
            ("Expand", "Right"),
            ("Mark", "m"),
            ("", ""),
            ("Tag", "t"),
            ("Tag All", "C-t"),
            ("Tag None", "T"),
            ("", ""),
            ("Kill", "x"),
            ("Kill Tagged", "X"),
            ("", ""),
            ("Cancel", "q"),
        ];
        const CLIENT: &[(&str, &str)] = &[
            ("Detach", "d"),
            ("Detach Tagged", "D"),
            ("", ""),
            ("Tag", "t"),
            ("Tag All", "C-t"),
            ("Tag None", "T"),
            ("", ""),
            ("Cancel", "q"),
        ];
        const BUFFER: &[(&str, &str)] = &[
            ("Paste", "p"),
            ("Paste Tagged", "P"),
            ("", ""),
            ("Tag", "t"),
            ("Tag All", "C-t"),
            ("Tag None", "T"),
            ("", ""),
            ("Delete", "d"),
            ("Delete Tagged", "D"),
            ("", ""),
            ("Cancel", "q"),
        ];
        let (items, title) = if outside {
            (GENERIC, String::new())
        } else {
            let items = match self.mode {
                Mode::Tree(_) => TREE,
                Mode::Client => CLIENT,
                Mode::Buffer => BUFFER,
            };
            let name = self
                .lines
                .get(line)
                .map_or("", |l| self.nodes[l.node].name.as_str());
            (items, format!("#[align=centre]{name}"))
        };
        let mut spec = MenuSpec::new(&title);
        for (name, key) in items {
            let key = Key::parse(key);
            let item = (!name.is_empty()).then_some(*name);
            let action = Action::ModeKey(key.unwrap_or(Key::char('q')), line);
            spec.add(item, key, action, self.sx.max(5));
        }
        let w = spec.width + 4;
        spec.x = x.saturating_sub(w / 2).min(u16::MAX as usize) as u16;
        if x < w / 2 {
            spec.x = 0;
        }
        spec.y = y.min(u16::MAX as usize) as u16;
        spec.mouse = true;
        spec
    }

    /// Unzooms when the chooser leaves, if `-Z` zoomed the window.
    pub fn leave_command(&self, srv: &Server) -> Option<String> {
        let zoomed = (srv.model.panes.get(&self.pane))
            .and_then(|p| srv.model.windows.get(&p.window))
            .is_some_and(|w| w.zoomed);
        (self.zoomed && zoomed).then(|| format!("resize-pane -Z -t {}", self.pane))
    }

    /// Draws the chooser `cols` x `rows` (tmux's mode_tree_draw).
    pub fn draw(&mut self, srv: &Server, cols: u16, rows: u16) -> Vec<Vec<RenderCell>> {
        let (sx, sy) = (cols.max(1) as usize, rows.max(1) as usize);
        if (sx, sy) != (self.sx, self.sy) || self.lines.is_empty() {
            self.sx = sx;
            self.sy = sy;
            self.build(srv, true);
        } else {
            self.build(srv, false);
        }
        let (w, h) = (sx, self.height);
        let plain = Style::default();
        let scope = match srv.model.panes.get(&self.pane) {
            Some(p) => OptionScope::Window(p.window),
            None => OptionScope::GlobalWindow,
        };
        let mode = Style::parse(&srv.model.option_text(scope, "mode-style")).unwrap_or_default();
        let keylen = (self.lines.iter())
            .filter_map(|l| self.nodes[l.node].key)
            .map(|k| k.to_string().len() + 3)
            .max()
            .unwrap_or(0);
        let mut out = Vec::with_capacity(sy);
        for i in self.offset..(self.offset + h).min(self.lines.len()) {
            let line = &self.lines[i];
            let node = &self.nodes[line.node];
            let key = match node.key {
                Some(k) => format!("({k})"),
                None => String::new(),
            };
            let head = format!(
                "{key:<keylen$}{}{}{}{}",
                self.tree_start(line),
                node.name,
                if node.tagged { "*" } else { "" },
                if node.text.is_some() { ": " } else { "" },
            );
            let base = if i == self.current { &mode } else { &plain };
            let text = node.text.as_deref().unwrap_or("");
            let mut row = draw::draw(&format!("{}{text}", head.replace('#', "##")), base, w);
            if node.tagged {
                row.iter_mut().for_each(|c| c.attrs ^= attr::BOLD);
            }
            out.push(row);
        }
        out.resize(h.min(sy), vec![RenderCell::BLANK; w]);
        if self.preview && sy > 4 && h > 4 && sy - h > 4 && w > 4 {
            self.draw_preview(srv, w, sy - h, &mode, &mut out);
        }
        out.resize(sy, vec![RenderCell::BLANK; w]);
        out
    }

    /// The tree's lines before an item's name: `├─> `, `└─> `, `│   ` and the `+`/`-` of an item
    /// with children.
    fn tree_start(&self, line: &Line) -> String {
        let node = &self.nodes[line.node];
        let symbol = if line.flat {
            ""
        } else if node.children.is_empty() {
            "  "
        } else if node.expanded {
            "- "
        } else {
            "+ "
        };
        if line.depth == 0 {
            return symbol.to_string();
        }
        let mut start = String::new();
        // As tmux: every level looks at the item's own parent.
        let parent_last = node
            .parent
            .is_some_and(|p| self.lines.get(self.nodes[p].line).is_some_and(|l| l.last));
        for _ in 1..line.depth {
            start.push_str(if parent_last { "    " } else { "│   " });
        }
        start.push_str(if line.last { "└─> " } else { "├─> " });
        start.push_str(symbol);
        start
    }

    /// The box under the list: the current item's name and the sort order, then the mode's preview.
    fn draw_preview(
        &mut self,
        srv: &Server,
        w: usize,
        height: usize,
        mode: &Style,
        out: &mut Vec<Vec<RenderCell>>,
    ) {
        let Some(node) = self.current_node() else {
            return;
        };
        let mut rows = preview::boxed(w, height);
        let name = self.nodes[node].name.clone();
        let sorts = self.sorts();
        let sort = sorts.get(self.sort.field).copied().unwrap_or("");
        let reversed = if self.sort.reversed { ", reversed" } else { "" };
        let title = format!(" {name} (sort: {sort}{reversed})");
        if w - 2 >= title.len() {
            let mut x = preview::put(&mut rows[0], 1, &title, &Style::default());
            let state = if self.no_matches {
                "no matches"
            } else {
                "active"
            };
            if self.filter.is_some() && w - 2 >= title.len() + 10 + state.len() + 2 {
                x = preview::put(&mut rows[0], x, " (filter: ", &Style::default());
                let st = if self.no_matches {
                    *mode
                } else {
                    Style::default()
                };
                x = preview::put(&mut rows[0], x, state, &st);
                preview::put(&mut rows[0], x, ") ", &Style::default());
            } else {
                preview::put(&mut rows[0], x, " ", &Style::default());
            }
        }
        let (bx, by) = (w - 4, height - 2);
        if bx != 0 && by != 0 {
            let tag = self.nodes[node].tag.clone();
            let cells = match &mut self.mode {
                Mode::Buffer => buffers::preview(srv, &tag, bx, by),
                Mode::Client => clients::preview(srv, &tag, bx, by),
                Mode::Tree(d) => d.preview(srv, &tag, bx, by),
            };
            for (r, cells) in cells.into_iter().enumerate().take(by) {
                let row = &mut rows[1 + r];
                for (c, cell) in cells.into_iter().enumerate().take(bx) {
                    row[2 + c] = cell;
                }
            }
        }
        out.extend(rows);
    }
}

/// tmux's default key of line `i`: `0`..`9`, then `M-a`..`M-z`.
fn default_key(i: usize) -> Option<Key> {
    match i {
        0..=9 => Some(Key::char(char::from(b'0' + i as u8))),
        10..=35 => Some(Key::new(
            KeyCode::Char(char::from(b'a' + (i - 10) as u8)),
            Mods::META,
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
