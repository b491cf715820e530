use super::*;
use ccmux_model::keys::Mods;

fn server() -> Server {
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    Server::new(Default::default(), Default::default(), tx)
}

fn keys(p: &mut Prompt, srv: &mut Server, names: &[&str]) -> Vec<Input> {
    names
        .iter()
        .map(|n| p.key(srv, SessionId(0), Key::parse(n).expect(n)))
        .collect()
}

fn typed(p: &mut Prompt, srv: &mut Server, text: &str) {
    for c in text.chars() {
        p.key(srv, SessionId(0), Key::char(c));
    }
}

fn answer(text: &str) -> Input {
    Input::Answer {
        text: Some(text.into()),
        done: true,
        pass: false,
    }
}

#[test]
fn emacs_editing_as_tmux() {
    let mut srv = server();
    let mut p = Prompt::new(
        "(rename-window) ",
        "bash",
        Flags::default(),
        PromptType::COMMAND,
    );
    keys(&mut p, &mut srv, &["BSpace", "BSpace", "BSpace", "BSpace"]);
    typed(&mut p, &mut srv, "it's");
    keys(&mut p, &mut srv, &["Left"]);
    typed(&mut p, &mut srv, "x");
    assert_eq!(p.text(), "it'xs");
    assert_eq!(p.view(80), ("it'xs".to_string(), 4));
    // C-a, C-k; C-w cuts a word, C-y puts it back; C-t swaps.
    keys(&mut p, &mut srv, &["C-u"]);
    typed(&mut p, &mut srv, "one two-three");
    keys(&mut p, &mut srv, &["C-w"]);
    assert_eq!(p.text(), "one two-");
    keys(&mut p, &mut srv, &["C-a", "C-y"]);
    assert_eq!(p.text(), "threeone two-");
    // M-f stops before the separator '-' (tmux 3.3a's word-separators).
    keys(&mut p, &mut srv, &["M-f", "M-f"]);
    assert_eq!(p.pos, 12);
    // C-k cuts "-"; C-t at the end swaps the last two characters (checked on tmux 3.3a).
    keys(&mut p, &mut srv, &["C-k", "C-t"]);
    assert_eq!(p.text(), "threeone tow");
    // Meta keys type nothing.
    keys(&mut p, &mut srv, &["M-x"]);
    assert_eq!(p.text(), "threeone tow");
    assert_eq!(keys(&mut p, &mut srv, &["Enter"]), [answer("threeone tow")]);
    assert_eq!(
        keys(&mut p, &mut srv, &["Escape"]),
        [Input::Answer {
            text: None,
            done: true,
            pass: false
        }]
    );
}

#[test]
fn history_per_type_up_and_down() {
    let mut srv = server();
    for line in ["first", "second"] {
        let mut p = Prompt::new(":", "", Flags::default(), PromptType::COMMAND);
        typed(&mut p, &mut srv, line);
        keys(&mut p, &mut srv, &["Enter"]);
    }
    let mut s = Prompt::new("/", "", Flags::default(), PromptType::SEARCH);
    typed(&mut s, &mut srv, "pattern");
    keys(&mut s, &mut srv, &["Enter"]);
    assert_eq!(
        srv.prompt_history.list(PromptType::COMMAND),
        ["first", "second"]
    );
    let mut p = Prompt::new(":", "", Flags::default(), PromptType::COMMAND);
    typed(&mut p, &mut srv, "typed");
    keys(&mut p, &mut srv, &["Up"]);
    assert_eq!(p.text(), "second");
    keys(&mut p, &mut srv, &["C-p", "Up"]);
    assert_eq!(p.text(), "first");
    keys(&mut p, &mut srv, &["Down"]);
    assert_eq!(p.text(), "second");
    keys(&mut p, &mut srv, &["Down"]);
    assert_eq!(p.text(), "");
    let mut s = Prompt::new("/", "", Flags::default(), PromptType::SEARCH);
    keys(&mut s, &mut srv, &["Up"]);
    assert_eq!(s.text(), "pattern");
}

#[test]
fn vi_keys_as_tmux() {
    let mut srv = server();
    let scope = ccmux_model::OptionScope::GlobalSession;
    let def = ccmux_model::options::find("status-keys").unwrap();
    let value = ccmux_model::options::parse_value(def, Some("vi"), None, false).unwrap();
    srv.model
        .apply(&ccmux_model::Change::OptionSet {
            scope,
            name: "status-keys".into(),
            value: Some(value),
        })
        .unwrap();
    let mut p = Prompt::new(":", "", Flags::default(), PromptType::COMMAND);
    typed(&mut p, &mut srv, "abc def ghi");
    keys(&mut p, &mut srv, &["Escape"]);
    assert!(p.command_mode());
    // Command mode: b back a word, x deletes, 0 home, w forward, D kills to the end.
    keys(&mut p, &mut srv, &["b", "x"]);
    assert_eq!(p.text(), "abc def hi");
    keys(&mut p, &mut srv, &["0", "w", "D"]);
    assert_eq!(p.text(), "abc ");
    // a appends after the cursor: back to entry mode.
    keys(&mut p, &mut srv, &["h", "a"]);
    assert!(!p.command_mode());
    typed(&mut p, &mut srv, "X");
    assert_eq!(p.text(), "abc X");
    keys(&mut p, &mut srv, &["Escape", "S"]);
    assert_eq!(p.text(), "");
    assert!(!p.command_mode());
    assert_eq!(
        keys(&mut p, &mut srv, &["Escape", "q"])[1],
        Input::Answer {
            text: None,
            done: true,
            pass: false
        }
    );
}

#[test]
fn single_numeric_key_and_incremental() {
    let mut srv = server();
    let single = Flags {
        single: true,
        ..Flags::default()
    };
    let mut p = Prompt::new("(jump) ", "", single, PromptType::COMMAND);
    assert_eq!(keys(&mut p, &mut srv, &["x"]), [answer("x")]);
    // With an initial input, a typed key makes two characters: closed, no answer.
    let mut p = Prompt::new("? ", "y", single, PromptType::COMMAND);
    assert_eq!(keys(&mut p, &mut srv, &["n"]), [Input::Close]);
    let numeric = Flags {
        numeric: true,
        ..Flags::default()
    };
    let mut p = Prompt::new("(repeat) ", "1", numeric, PromptType::COMMAND);
    assert_eq!(keys(&mut p, &mut srv, &["5"]), [Input::Stay]);
    assert_eq!(
        keys(&mut p, &mut srv, &["j"]),
        [Input::Answer {
            text: Some("15".into()),
            done: true,
            pass: true
        }]
    );
    let key = Flags {
        key: true,
        ..Flags::default()
    };
    let mut p = Prompt::new("key ", "", key, PromptType::COMMAND);
    assert_eq!(
        p.key(&mut srv, SessionId(0), Key::new(KeyCode::Up, Mods::META)),
        answer("M-Up")
    );
    let inc = Flags {
        incremental: true,
        ..Flags::default()
    };
    let mut p = Prompt::new("(search up) ", "last", inc, PromptType::SEARCH);
    assert_eq!(p.text(), "");
    let changed = |t: &str| Input::Answer {
        text: Some(t.into()),
        done: false,
        pass: false,
    };
    assert_eq!(keys(&mut p, &mut srv, &["a"]), [changed("=a")]);
    assert_eq!(keys(&mut p, &mut srv, &["C-r"]), [changed("-a")]);
    assert_eq!(keys(&mut p, &mut srv, &["C-s"]), [changed("+a")]);
    keys(&mut p, &mut srv, &["C-u"]);
    assert_eq!(keys(&mut p, &mut srv, &["C-r"]), [changed("=last")]);
}

#[test]
fn tab_completes_command_names_and_long_input_scrolls() {
    let mut srv = server();
    let mut p = Prompt::new(":", "", Flags::default(), PromptType::COMMAND);
    typed(&mut p, &mut srv, "new-w");
    keys(&mut p, &mut srv, &["Tab"]);
    assert_eq!(p.text(), "new-window ");
    keys(&mut p, &mut srv, &["C-u"]);
    typed(&mut p, &mut srv, "list-p");
    keys(&mut p, &mut srv, &["Tab"]);
    assert_eq!(p.text(), "list-panes ");
    keys(&mut p, &mut srv, &["C-u"]);
    typed(&mut p, &mut srv, "0123456789");
    assert_eq!(p.view(5), ("6789".to_string(), 4));
    keys(&mut p, &mut srv, &["C-a"]);
    assert_eq!(p.view(5), ("0123456789".to_string(), 0));
}
