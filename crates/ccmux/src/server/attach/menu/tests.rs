use super::*;

fn k(name: &str) -> Key {
    Key::parse(name).unwrap()
}

fn text(rows: &[Vec<RenderCell>]) -> Vec<String> {
    rows.iter()
        .map(|r| r.iter().map(|c| c.c).collect())
        .collect()
}

fn menu() -> Menu {
    let mut spec = MenuSpec::new("#[align=centre]Title");
    spec.add(
        Some("First"),
        Some(k("f")),
        Action::Command("one".into()),
        80,
    );
    spec.add(None, None, Action::Command(String::new()), 80);
    spec.add(
        Some("-Off"),
        Some(k("o")),
        Action::Command("off".into()),
        80,
    );
    spec.add(
        Some("Second"),
        Some(k("s")),
        Action::Command("two".into()),
        80,
    );
    spec.add(Some(""), Some(k("e")), Action::Command("empty".into()), 80);
    Menu::new(spec)
}

#[test]
fn items_keys_and_moves_as_tmux() {
    let mut m = menu();
    assert_eq!(m.spec.items.len(), 4, "an empty name is no item");
    assert_eq!(m.spec.width, 10, "Second (s)");
    assert_eq!(m.choice, Some(0));
    // Down skips the separator and the disabled item.
    assert_eq!(m.key(k("Down")), Outcome::Stay);
    assert_eq!(m.choice, Some(3));
    assert_eq!(m.key(k("j")), Outcome::Stay);
    assert_eq!(m.choice, Some(0));
    assert_eq!(m.key(k("Up")), Outcome::Stay);
    assert_eq!(m.choice, Some(3));
    assert_eq!(
        m.key(k("Enter")),
        Outcome::Chosen(Action::Command("two".into()))
    );
    assert_eq!(
        m.key(k("o")),
        Outcome::Stay,
        "a disabled item's key does nothing"
    );
    assert_eq!(
        m.key(k("f")),
        Outcome::Chosen(Action::Command("one".into()))
    );
    assert_eq!(m.key(k("q")), Outcome::Close);
    // A press with the keyboard menu's mouse off closes it.
    assert_eq!(m.click(3, 3, 2, false), Outcome::Close);
}

#[test]
fn draws_a_box_with_title_separator_and_keys() {
    let m = menu();
    let mut screen = vec![vec![RenderCell::BLANK; 20]; 7];
    let mut rows: Vec<&mut [RenderCell]> = screen.iter_mut().map(|r| r.as_mut_slice()).collect();
    m.draw(&mut rows, &Style::default());
    assert_eq!(
        text(&screen),
        [
            "┌────Title───┐      ",
            "│ First  (f) │      ",
            "├────────────┤      ",
            "│ Off        │      ",
            "│ Second (s) │      ",
            "└────────────┘      ",
            "                    ",
        ]
    );
    assert_ne!(screen[3][2].attrs & attr::DIM, 0);
}
