//! A typical ~/.tmux.conf (tests/sample.tmux.conf). The expected lines and printed commands are
//! tmux 3.3a's `source -nv` output for the same file, except that tmux prints full command names
//! (`set-option` for `set`) because it has resolved them, which this parser leaves to later.

mod common;

use ccmux_lang::{print_commands_with, PrintStyle};
use common::{parse_in, TestEnv};

#[test]
fn sample_configuration() {
    let text = include_str!("sample.tmux.conf");
    let mut env = TestEnv::new()
        .format("#{==:#{host},foo}", "0")
        .format("#{==:#{host},bar}", "0");
    let cmds = parse_in(text, &mut env).unwrap();

    let style = PrintStyle {
        escaped: false,
        groups: true,
    };
    let got: Vec<(u32, String)> = cmds
        .iter()
        .map(|c| (c.line, print_commands_with(std::slice::from_ref(c), style)))
        .collect();
    let want = [
        (2, "set -g prefix C-a"),
        (3, "unbind C-b"),
        (4, "bind C-a send-prefix"),
        (5, "set -g mouse on"),
        (6, "set -g base-index 1"),
        (7, "set -sg escape-time 10"),
        (8, "bind | split-window -h -c \"#{pane_current_path}\""),
        (9, "bind - split-window -v -c \"#{pane_current_path}\""),
        (10, "set -g status-right \"#H %H:%M\""),
        (11, "set -g status-left \"[#S] \""),
        (12, "bind-key -T copy-mode-vi v send -X begin-selection"),
        (13, "bind-key -T copy-mode-vi y send-keys -X copy-pipe-and-cancel \"xclip -in -selection clipboard\""),
        (14, "bind r source-file /home/me/.tmux.conf \\; display Reloaded!"),
        (15, "if-shell \"test -n \\\"\\$SSH_CLIENT\\\"\" \"set -g status-bg red\""),
        // Ended by a comment, so it gets the next line's number.
        (22, "set -g status-style bg=black"),
        (23, "set -g @plugin tmux-plugins/tpm"),
        // tmux -v shows 29 here: building the block leaves its last line in the counter -v prints.
        (30, "bind x { confirm-before -p \"kill #P? (y/n)\" { kill-pane } ;; display gone }"),
        (32, "set -g default-command /bin/sh"),
        (33, "run \\~/.tmux/plugins/tpm/tpm"),
    ];
    let want: Vec<(u32, String)> = want.iter().map(|(l, s)| (*l, s.to_string())).collect();
    assert_eq!(got, want);

    assert_eq!(env.asked, ["#{==:#{host},foo}", "#{==:#{host},bar}"]);
    assert_eq!(env.set, [("EDITOR".to_string(), "vim".to_string(), false)]);
}

#[test]
fn sample_configuration_other_branches() {
    let text = include_str!("sample.tmux.conf");
    let style_of = |env: &mut TestEnv| {
        let cmds = parse_in(text, env).unwrap();
        cmds.iter()
            .filter(|c| c.args.first().and_then(|a| a.as_word()) == Some("-g"))
            .filter_map(|c| c.args.get(2).and_then(|a| a.as_word()).map(str::to_string))
            .find(|v| v.starts_with("bg="))
    };
    let mut foo = TestEnv::new().format("#{==:#{host},foo}", "1");
    assert_eq!(style_of(&mut foo).as_deref(), Some("bg=green"));
    let mut bar = TestEnv::new()
        .format("#{==:#{host},foo}", "0")
        .format("#{==:#{host},bar}", "1");
    assert_eq!(style_of(&mut bar).as_deref(), Some("bg=blue"));
}
