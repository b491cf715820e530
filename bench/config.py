#!/usr/bin/env python3
"""Parse and run a 200-line tmux config (options, user options, bindings, hooks, %if blocks) with
`source-file`, in ccmux and in tmux 3.3a, alternating, N rounds each; median per source-file call (which
includes starting the client process, as a user's `tmux source ~/.tmux.conf` does). With --start, also
the time to start a server with the config (`-f FILE new -d` until it returns).

usage: bench/config.py [--rounds 50] [--ccmux <binary>] [--start]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time

from build_path import release_binary

ap = argparse.ArgumentParser()
ap.add_argument("--rounds", type=int, default=50)
ap.add_argument("--start", action="store_true")
ap.add_argument("--persistence-off-too", action="store_true",
                help="also a ccmux server with persistence off: the parse+run cost without the fsync")
ap.add_argument("--ccmux", default=release_binary())
args = ap.parse_args()
work = tempfile.mkdtemp(prefix="ccmux-cfg-")
env = dict(os.environ, CCMUX_TMPDIR=os.path.join(work, "run"), XDG_STATE_HOME=os.path.join(work, "state"),
           XDG_CONFIG_HOME=os.path.join(work, "config"), HOME=work, SHELL="/bin/sh")
env.pop("TMUX", None)
env.pop("CCMUX", None)


def config_lines():
    """200 lines of what real configs hold."""
    lines = ["# generated: options, user options, bindings, hooks, conditionals"]
    options = [
        "set -g base-index 1", "setw -g pane-base-index 1", "set -g mouse on", "set -g history-limit 20000",
        "set -g status-style 'bg=colour235,fg=colour136'", "set -g status-left '#[fg=green]#S #[default]'",
        "set -g status-right '#H %H:%M %d-%b-%y'", "setw -g mode-keys vi", "set -g escape-time 10",
        "set -g renumber-windows on", "set -g set-titles on", "setw -g automatic-rename on",
        "set -g display-time 2000", "set -g focus-events on", "set -sg default-terminal tmux-256color",
        "set -g status-interval 5", "setw -g monitor-activity on", "set -g visual-activity off",
        "set -g pane-border-style fg=colour238", "set -g pane-active-border-style fg=colour51",
    ]
    lines += options
    i = 0
    while len(lines) < 150:
        key = "abcdefghijklmnopqrstuvwxyz"[i % 26]
        lines.append(f"bind-key -T user{i % 7} {key} split-window -h -c \"#{{pane_current_path}}\"")
        lines.append(f"set -g @user-option-{i} 'value number {i} with #{{session_name}}'")
        i += 1
    while len(lines) < 180:
        lines.append(f"set-hook -g -a after-new-window 'set -g @hooked-{len(lines)} yes'")
    while len(lines) < 196:
        lines.append("%if \"#{==:#{host},no-such-host}\"")
        lines.append("set -g status-style bg=red")
        lines.append("%else")
        lines.append("set -g status-style bg=blue")
        lines.append("%endif")
    return lines[:200]


conf = os.path.join(work, "bench.conf")
with open(conf, "w") as f:
    f.write("\n".join(config_lines()) + "\n")
cc = [os.path.abspath(args.ccmux)]
tm = ["tmux", "-L", "ccmux-cfg"]
off_toml = os.path.join(work, "off.toml")
with open(off_toml, "w") as f:
    f.write("[persistence]\nenabled = false\n")
off = cc + ["-L", "ccmux-cfg-off"]
subprocess.run(cc + ["-f/dev/null", "new-session", "-d", "-s", "c"], env=env, check=True)
if args.persistence_off_too:
    subprocess.run(off + ["-f", off_toml, "new-session", "-d", "-s", "c"], env=env, check=True)
subprocess.run(tm + ["-f/dev/null", "new-session", "-d", "-s", "c"], env=env, check=True)


def timed(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


results = {"ccmux": [], "tmux": []}
if args.persistence_off_too:
    results["ccmux, persistence off"] = []
for _ in range(args.rounds):
    results["ccmux"].append(timed(cc + ["source-file", conf]))
    results["tmux"].append(timed(tm + ["source-file", conf]))
    if args.persistence_off_too:
        results["ccmux, persistence off"].append(timed(off + ["source-file", conf]))
subprocess.run(cc + ["kill-server"], env=env, capture_output=True)
subprocess.run(off + ["kill-server"], env=env, capture_output=True)
subprocess.run(tm + ["kill-server"], env=env, capture_output=True)
print(f"source-file of a 200-line config, {args.rounds} rounds each, alternating")
for name, ts in results.items():
    ts = sorted(ts)
    print(f"  {name:22} median {statistics.median(ts) * 1000:7.2f} ms  p90 {ts[int(len(ts) * 0.9)] * 1000:7.2f} ms")
print(f"  ccmux / tmux = {statistics.median(results['ccmux']) / statistics.median(results['tmux']):.2f}")
if args.persistence_off_too:
    r = statistics.median(results["ccmux, persistence off"]) / statistics.median(results["tmux"])
    print(f"  ccmux (persistence off) / tmux = {r:.2f}")

if args.start:
    starts = {"ccmux": [], "tmux": []}
    for _ in range(max(3, args.rounds // 10)):
        starts["ccmux"].append(timed(cc + ["-f", conf, "new-session", "-d", "-s", "s"]))
        subprocess.run(cc + ["kill-server"], env=env, capture_output=True)
        starts["tmux"].append(timed(tm + ["-f", conf, "new-session", "-d", "-s", "s"]))
        subprocess.run(tm + ["kill-server"], env=env, capture_output=True)
    print("server start with the config (`-f FILE new -d`)")
    for name, ts in starts.items():
        print(f"  {name:6} median {statistics.median(ts) * 1000:7.2f} ms")
    print(f"  ccmux / tmux = {statistics.median(starts['ccmux']) / statistics.median(starts['tmux']):.2f}")
shutil.rmtree(work, ignore_errors=True)
