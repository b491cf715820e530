//! Drawing expanded format text with `#[style]` markup into a row of cells (tmux's format_draw, for the
//! status line and messages): styles change as the text goes, `#[align=left|centre|right]` puts text in
//! that part of the line, `#[list=on]` marks the window list (drawn where its alignment says; the
//! `<`/`>` markers tmux shows when the list is cut are left out), `#[fill=colour]` fills the line.

use ccmux_model::options::{Align, Attrs, Colour, List, Range, Style};
use ccmux_term::{attr, RenderCell, RenderColor};
use unicode_width::UnicodeWidthChar;

/// A colour of the options as a renderer's colour.
pub fn colour(c: Colour) -> RenderColor {
    match c {
        Colour::Ansi(n) => RenderColor::Named(n.min(7)),
        Colour::Bright(n) => RenderColor::Named(8 + n.min(7)),
        Colour::Indexed(n) => RenderColor::Indexed(n),
        Colour::Rgb(r, g, b) => RenderColor::Rgb(r, g, b),
        Colour::Default | Colour::None | Colour::Terminal => RenderColor::Default,
    }
}

/// Style attributes as a renderer's attribute bits.
pub fn attrs(a: Attrs) -> u16 {
    let map = [
        (Attrs::BRIGHT, attr::BOLD),
        (Attrs::DIM, attr::DIM),
        (Attrs::UNDERSCORE, attr::UNDERLINE),
        (Attrs::REVERSE, attr::INVERSE),
        (Attrs::HIDDEN, attr::HIDDEN),
        (Attrs::ITALICS, attr::ITALIC),
        (Attrs::STRIKETHROUGH, attr::STRIKE),
        (Attrs::DOUBLE_UNDERSCORE, attr::DOUBLE_UNDERLINE),
        (Attrs::CURLY_UNDERSCORE, attr::CURLY_UNDERLINE),
        (Attrs::DOTTED_UNDERSCORE, attr::DOTTED_UNDERLINE),
        (Attrs::DASHED_UNDERSCORE, attr::DASHED_UNDERLINE),
    ];
    map.iter()
        .filter(|(a2, _)| a.0 & a2.0 != 0)
        .fold(0, |acc, (_, bit)| acc | bit)
}

/// A cell in `style` (its default colours are `base`'s).
fn cell(c: char, style: &Style, base: &Style) -> RenderCell {
    let fg = if style.fg == Colour::Default {
        base.fg
    } else {
        style.fg
    };
    let bg = if style.bg == Colour::Default {
        base.bg
    } else {
        style.bg
    };
    RenderCell::styled(c, colour(fg), colour(bg), attrs(style.attrs))
}

/// Which part of the line a run of text goes to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Left,
    Centre,
    Right,
    List,
}

/// Draws `text` into a row `cols` wide over `base` (the line's style).
pub fn draw(text: &str, base: &Style, cols: usize) -> Vec<RenderCell> {
    draw_ranges(text, base, cols).0
}

/// [`draw`], and where each `#[range=...]` ended up: (range, first column, column after it).
pub fn draw_ranges(
    text: &str,
    base: &Style,
    cols: usize,
) -> (Vec<RenderCell>, Vec<(Range, usize, usize)>) {
    let row = layout(text, base, cols);
    let mut ranges: Vec<(Range, usize, usize)> = Vec::new();
    for (x, (_, r, _)) in row.iter().enumerate() {
        if *r == Range::None {
            continue;
        }
        match ranges.last_mut() {
            Some((last, _, end)) if last == r && *end == x => *end = x + 1,
            _ => ranges.push((*r, x, x + 1)),
        }
    }
    (row.into_iter().map(|(c, _, _)| c).collect(), ranges)
}

/// Draws `text` over `row` from column `x` in `cols` columns, writing only the cells the text takes
/// (tmux's format_draw onto a screen: what is around stays, as a box's border under its title).
pub fn draw_over(row: &mut [RenderCell], x: usize, text: &str, base: &Style, cols: usize) {
    for (i, (cell, _, drawn)) in layout(text, base, cols).into_iter().enumerate() {
        if let (true, Some(slot)) = (drawn, row.get_mut(x + i)) {
            *slot = cell;
        }
    }
}

/// Lays `text` out in `cols` cells: each cell, its range, and whether the text drew it.
fn layout(text: &str, base: &Style, cols: usize) -> Vec<(RenderCell, Range, bool)> {
    let mut parts: [Vec<(RenderCell, Range)>; 4] = Default::default();
    let mut list_align = Align::Left;
    let mut style = *base;
    let mut stack: Vec<Style> = Vec::new();
    let mut part = Part::Left;
    let mut fill = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '#' {
            match chars.peek().map(|(_, n)| *n) {
                Some('#') => {
                    chars.next();
                    push(&mut parts, part, cell('#', &style, base), style.range);
                    continue;
                }
                Some('[') => {
                    let rest = text.get(i + 2..).unwrap_or("");
                    if let Some(end) = rest.find(']') {
                        let spec = rest.get(..end).unwrap_or("");
                        for _ in 0..spec.chars().count() + 2 {
                            chars.next();
                        }
                        let before_list = style.list;
                        if apply(&mut style, spec, base, &mut stack) {
                            if style.fill != Colour::Default {
                                fill = Some(style.fill);
                            }
                            part = match (style.list, style.align) {
                                (List::On | List::Focus, _) => {
                                    if before_list == List::Off {
                                        list_align = style.align;
                                    }
                                    Part::List
                                }
                                (List::LeftMarker | List::RightMarker, _) => Part::List,
                                (_, Align::Centre) => Part::Centre,
                                (_, Align::Right) => Part::Right,
                                _ => Part::Left,
                            };
                            if matches!(style.list, List::LeftMarker | List::RightMarker) {
                                // Markers are only drawn when the list is cut: skip their text.
                                skip_marker(&mut chars, text);
                            }
                        }
                        continue;
                    }
                }
                _ => {}
            }
        }
        push(&mut parts, part, cell(c, &style, base), style.range);
    }
    let bg = fill.unwrap_or(base.bg);
    let blank = RenderCell::styled(' ', colour(base.fg), colour(bg), 0);
    let mut row = vec![(blank, Range::None, false); cols];
    let [left, centre, right, list] = parts;
    let lw = left.len().min(cols);
    blit(&mut row, 0, &left[..lw]);
    let rw = right.len().min(cols.saturating_sub(lw));
    blit(&mut row, cols - rw, &right[right.len() - rw..]);
    let room = cols.saturating_sub(lw + rw);
    let cw = centre.len().min(room);
    // tmux's format_draw_none: halfway between the left and right parts, less half the centre.
    blit(&mut row, lw + room / 2 - cw / 2, &centre[..cw]);
    let lsw = list.len().min(room);
    // tmux's format_draw_centre: from the middle of the room less half the list;
    // format_draw_absolute_centre: the middle of the whole line.
    let at = match list_align {
        Align::Right => cols - rw - lsw,
        Align::Centre => lw + room / 2 - lsw / 2,
        Align::AbsoluteCentre => (cols - lsw) / 2,
        _ => lw,
    };
    blit(&mut row, at, &list[..lsw]);
    row
}

fn push(parts: &mut [Vec<(RenderCell, Range)>; 4], part: Part, c: RenderCell, range: Range) {
    let w = c.c.width().unwrap_or(0);
    if w == 0 {
        return;
    }
    let i = part as usize;
    if let Some(v) = parts.get_mut(i) {
        v.push((
            RenderCell {
                width: w as u8,
                ..c.clone()
            },
            range,
        ));
        if w == 2 {
            v.push((RenderCell { width: 0, ..c }, range));
        }
    }
}

fn blit(row: &mut [(RenderCell, Range, bool)], at: usize, cells: &[(RenderCell, Range)]) {
    for (i, (c, r)) in cells.iter().enumerate() {
        let cut_wide = c.width == 2 && i + 1 >= cells.len();
        let cut_tail = c.width == 0 && i == 0;
        if let Some(slot) = row.get_mut(at + i) {
            let cell = if cut_wide || cut_tail {
                RenderCell {
                    c: ' ',
                    width: 1,
                    ..c.clone()
                }
            } else {
                c.clone()
            };
            *slot = (cell, *r, true);
        }
    }
}

/// Applies one `#[...]` block; `push-default`/`pop-default` and `default` work on `stack`.
fn apply(style: &mut Style, spec: &str, base: &Style, stack: &mut Vec<Style>) -> bool {
    for item in spec.split([',', ' ']).filter(|s| !s.is_empty()) {
        match item {
            "push-default" => stack.push(*style),
            "pop-default" => {
                stack.pop();
            }
            "default" => {
                // As tmux's style_parse: colours and attributes only (the range stays).
                let keep = (style.align, style.list, style.fill, style.range);
                *style = stack.last().copied().unwrap_or(*base);
                (style.align, style.list, style.fill, style.range) = keep;
            }
            other => {
                if style.apply(other).is_err() {
                    return false;
                }
            }
        }
    }
    true
}

/// Skips a list marker's text (up to the next `#[`).
fn skip_marker(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>, text: &str) {
    while let Some((i, c)) = chars.peek().copied() {
        if c == '#' && text.get(i + 1..i + 2) == Some("[") {
            break;
        }
        chars.next();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(row: &[RenderCell]) -> String {
        row.iter().filter(|c| c.width > 0).map(|c| c.c).collect()
    }

    #[test]
    fn styles_and_alignment() {
        let base = Style::parse("bg=green,fg=black").unwrap();
        let row = draw("#[align=left]L#[align=right]R#[align=centre]C", &base, 9);
        assert_eq!(plain(&row), "L   C   R");
        let row = draw("a#[fg=red,bold]b#[default]c ## #[bogus", &base, 12);
        assert_eq!(plain(&row), "abc # #[bogu");
        assert_eq!(row[1].fg, RenderColor::Named(1));
        assert_eq!(row[1].attrs & attr::BOLD, attr::BOLD);
        assert_eq!(row[2].fg, RenderColor::Named(0));
        let row = draw(
            "#[list=on align=right]list#[list=left-marker]<#[list=right-marker]>#[list=on]",
            &base,
            8,
        );
        assert_eq!(plain(&row), "    list");
        // Wide characters and text wider than the line never panic.
        assert_eq!(plain(&draw("日本語テキスト", &base, 5)), "日本 ");
        let _ = draw("#[", &base, 3);
        let _ = draw("#[fg=", &base, 0);
    }
}

#[cfg(test)]
mod range_tests {
    use super::*;

    #[test]
    fn ranges_land_where_drawn() {
        let base = Style::default();
        let text = "#[range=left]L#[norange]#[list=on align=left]#[range=window|0]a:x#[norange] #[range=window|1 list=focus]b:y#[norange]#[nolist align=right]R";
        let (row, ranges) = draw_ranges(text, &base, 12);
        let s: String = row.iter().map(|c| c.c).collect();
        assert_eq!(s, "La:x b:y   R");
        assert_eq!(
            ranges,
            [
                (Range::Left, 0, 1),
                (Range::Window(0), 1, 4),
                (Range::Window(1), 5, 8)
            ]
        );
    }
}
