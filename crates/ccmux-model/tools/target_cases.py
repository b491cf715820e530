#!/usr/bin/env python3
"""Regenerates crates/ccmux-model/src/target/tmux_cases.rs: resolves each target below with a real
tmux 3.3a on a private server (`-L tg`) holding the sessions, windows and panes that
`target::tests::fixture()` builds, and records what tmux resolved it to, for each kind of target:

  S  target-session (`list-windows -t T -F '#{session_name}'`, first line)
  W  target-window  (`list-panes -t T -F '#{session_name}:#{window_index}'`, first line)
  P  target-pane    (`capture-pane -p -t T` for the error, which has no CMD_FIND_CANFAIL, then
                     `display-message -p -t T '#{session_name}:#{window_index}.#{pane_index}'`)
  I  target-window with CMD_FIND_WINDOW_INDEX (`new-window -d -P -t T`, then the window is killed)

Each value is what tmux printed, or its error message. The current state is set with `TMUX_PANE`
(a client outside tmux with `TMUX_PANE=%N` resolves from the current window of that pane's session,
and its active pane), so every context names the active pane of its session's current window.

    python3 crates/ccmux-model/tools/target_cases.py
"""
import os, subprocess

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "target", "tmux_cases.rs")
SOCK = "tg"

# The fixture, in creation order (ids follow it). Keep it in step with target::tests::fixture().
SETUP = [
    ["new-session", "-d", "-s", "work", "-n", "editor", "-x", "80", "-y", "24"],  # $0 @0 %0
    ["split-window", "-h", "-d", "-t", "%0"],                                      # %1
    ["split-window", "-v", "-d", "-t", "%1"],                                      # %2
    ["new-window", "-d", "-t", "work:1", "-n", "logs"],                            # @1 %3
    ["new-window", "-d", "-t", "work:2", "-n", "log-archive"],                     # @2 %4
    ["new-window", "-d", "-t", "work:4", "-n", "vim"],                             # @3 %5
    ["new-window", "-d", "-t", "work:7", "-n", "build.x"],                         # @4 %6
    ["select-window", "-t", "work:2"],
    ["select-window", "-t", "work:0"],
    ["select-pane", "-t", "%2"],
    ["select-pane", "-t", "%0"],
    ["select-pane", "-t", "%1"],
    ["new-session", "-d", "-s", "workshop", "-n", "main", "-x", "80", "-y", "24"],  # $1 @5 %7
    ["split-window", "-h", "-d", "-t", "%7"],                                      # %8
    ["split-window", "-v", "-d", "-t", "%8"],                                      # %9
    ["select-pane", "-t", "%9"],
    ["select-pane", "-t", "%8"],
    ["select-pane", "-t", "%7"],
    ["set-option", "-g", "base-index", "1"],
    ["new-session", "-d", "-s", "play", "-n", "sh", "-x", "80", "-y", "24"],       # $2 @6 %10
    ["set-option", "-gu", "base-index"],
    ["set-option", "-t", "play", "base-index", "1"],
    ["new-window", "-d", "-t", "play:3", "-n", "sh"],                              # @7 %11
    ["new-window", "-d", "-t", "play:5", "-n", "music"],                           # @8 %12
    ["split-window", "-v", "-d", "-t", "%12"],                                     # %13
    ["set-option", "-w", "-t", "play:5", "pane-base-index", "1"],
    ["set-option", "-w", "-t", "play:5", "pane-border-status", "bottom"],
    ["select-window", "-t", "play:5"],
    ["new-session", "-d", "-s", "logs", "-n", "x*y", "-x", "80", "-y", "24"],      # $3 @9 %14
    ["split-window", "-v", "-d", "-t", "%14"],                                     # %15
    ["split-window", "-v", "-d", "-t", "%15"],                                     # %16
    ["set-option", "-w", "-t", "logs:0", "pane-border-status", "top"],
    ["select-pane", "-t", "%15"],
    ["new-session", "-d", "-s", "2", "-n", "two", "-x", "80", "-y", "24"],         # $4 @10 %17
]

# (context session, its current pane, whether %2 is marked).
CONTEXTS = [("work", "%1", True), ("workshop", "%7", True), ("play", "%12", False), ("logs", "%15", True)]

# Targets tried in every context.
COMMON = r"""
<empty>
work
wor
play
logs
2
1
0
3
5
:
.
:.
!
^
$
+
-
+2
-1
{start}
{end}
{last}
{next}
{previous}
{marked}
~
=
{mouse}
.0
.1
.2
.3
.!
.+
.-
.+2
.-5
.{top}
.{bottom}
.{left}
.{right}
.{top-left}
.{top-right}
.{bottom-left}
.{bottom-right}
.{up-of}
.{down-of}
.{left-of}
.{right-of}
.{last}
.{next}
.{previous}
{top}
{bottom}
{left}
{right}
{top-left}
{top-right}
{bottom-left}
{bottom-right}
{up-of}
{down-of}
{left-of}
{right-of}
top
Bottom
sh
music
editor
:1
:+
:$
:sh
:!
work:0.{right-of}
work:1.+
work:1.-
work:0.+
work:1.+3
play:5.+
play:music.-
"""

# Targets tried in the first context only.
WORK = r"""
=work
=wor
works
workshop
w*
*shop
p?ay
[lp]*
[[:digit:]]
[[:alpha:]]*
[!lpw]*
$0
$2
$9
$
$x
$ 1
$+1
$-0
$4294967296
nope
=:
work:
play:
2:
work:1
work:logs
work:log
work:lo
work:l
work:*arch*
work:*i*
work:?im
work:=vim
work:=vi
work:=1
work:=!
work:={end}
work:!
work:^
work:$
work:{start}
work:{end}
work:{last}
work:{next}
work:{previous}
work:+
work:-
work:+2
work:-2
work:+10
work:+abc
work:+-1
work:+ 1
work:-0
work:3
work:9
work: 4
work:4 
work:007
work:-1
work:+3
work:+2147483647
work:2147483647
work:2147483648
work:@1
work:@5
work:@99
work:%1
work:build
work:build.x
work:build.0
work:b*
work:editor.1
work:editor
work:e
:logs
:-
:^
:{end}
:=sh
:music
:5
:99
:@0
:@6
:.1
:.+
:.!
:2.1
log
vim
play.1
play.2
logs.0
logs.1
@0
@6
@99
@x
@
%0
%13
%99
%
%x
@6.0
@8.2
%1.0
$2.0
$2.
work.1
0.1
1.0
2.0
. 1
.%0
.%12
.+abc
.top
.TOP
.{TOP}
.{marked}
.{start}
.^
{TOP}
work:0.0
work:0.1
work:0.2
work:0.3
work:0.%2
work:0.%3
work:%2
work:.%2
work:.1
work:.{up-of}
work:1.{up-of}
work:.-1
work:0.
work:.
play:5.1
play:5.0
play:5.2
play:5.{bottom}
play:5.{top}
play:5.{top-right}
play:sh
play:=sh
play:s
play:3
play:{start}
play:-
play:+4
play:+2147483647
logs:x*y
logs:x
logs:*
logs:x\*y
logs:0.{top}
logs:0.{bottom}
logs:0.{up-of}
2:two
2:0
=play:=music.1
==play
=:1
work:==vim
a:b:c
work:0.1.2
work.x:1
 work
work 
wörk
日本
work:日本
*
?
[
[a-
\
work:[
work:0.1x
work:0.-0
work:0.+0
:.4294967296
"""


def tmux(args, env=None, check=True):
    return subprocess.run(["tmux", "-L", SOCK, "-f", "/dev/null", *args], check=check,
                          capture_output=True, text=True, timeout=10, env=env)


def first_line_or_error(r):
    if r.returncode != 0:
        return r.stderr.strip("\n").split("\n")[0]
    return r.stdout.split("\n")[0]


def resolve(kind, target, env):
    if kind == "S":
        return first_line_or_error(tmux(["list-windows", "-t", target, "-F", "#{session_name}"], env, False))
    if kind == "W":
        return first_line_or_error(
            tmux(["list-panes", "-t", target, "-F", "#{session_name}:#{window_index}"], env, False))
    if kind == "P":
        r = tmux(["capture-pane", "-p", "-S", "0", "-E", "0", "-t", target], env, False)
        if r.returncode != 0:
            return first_line_or_error(r)
        return first_line_or_error(tmux(
            ["display-message", "-p", "-t", target, "#{session_name}:#{window_index}.#{pane_index}"], env, False))
    r = tmux(["new-window", "-d", "-P", "-F", "#{session_name}:#{window_index} #{window_id}", "-t", target],
             env, False)
    if r.returncode != 0:
        return first_line_or_error(r)
    where, wid = r.stdout.strip("\n").split(" ")
    tmux(["kill-window", "-t", wid], env)
    return where


def rust_str(s):
    out = '"'
    for c in s:
        if c in '"\\':
            out += '\\' + c
        elif ord(c) < 0x20:
            out += '\\u{%x}' % ord(c)
        else:
            out += c
    return out + '"'


def lines(block):
    return [("" if t == "<empty>" else t) for t in block.strip("\n").split("\n")]


def main():
    tmux(["kill-server"], check=False)
    for cmd in SETUP:
        tmux(cmd)
    geometry = tmux(["list-panes", "-a", "-F",
                     "#{session_name}:#{window_index}.#{pane_index} #{pane_id} "
                     "#{pane_left},#{pane_top} #{pane_width}x#{pane_height}"]).stdout
    cases = []
    for session, pane, marked in CONTEXTS:
        tmux(["select-pane", "-M", "-t", "%2"])
        if marked:
            tmux(["select-pane", "-m", "-t", "%2"])
        env = dict(os.environ, TMUX_PANE=pane)
        env.pop("TMUX", None)
        current = tmux(["display-message", "-p", "#{pane_id}"], env).stdout.strip()
        assert current == pane, (session, current)
        targets = lines(COMMON) + (lines(WORK) if session == "work" else [])
        for t in targets:
            cases.append((session, t, [resolve(k, t, env) for k in "SWPI"]))
    tmux(["kill-server"], check=False)

    with open(OUT, "w") as o:
        o.write("// Generated by crates/ccmux-model/tools/target_cases.py from tmux 3.3a: do not edit.\n\n")
        o.write("/// `list-panes -a`: pane, id, position and size (the fixture's layout in tmux).\n")
        o.write("#[rustfmt::skip]\npub(super) const GEOMETRY: &[&str] = &[\n")
        for line in geometry.strip("\n").split("\n"):
            o.write("    %s,\n" % rust_str(line))
        o.write("];\n\n")
        o.write("/// (context session, target, [session, window, pane, window index]): what tmux resolved\n")
        o.write("/// the target to as each kind of target, or its error.\n")
        o.write("#[rustfmt::skip]\npub(super) const CASES: &[(&str, &str, [&str; 4])] = &[\n")
        for session, t, got in cases:
            o.write("    (%s, %s, [%s]),\n" % (rust_str(session), rust_str(t), ", ".join(rust_str(g) for g in got)))
        o.write("];\n")
    print("wrote %d cases to %s" % (len(cases), OUT))


if __name__ == "__main__":
    main()
