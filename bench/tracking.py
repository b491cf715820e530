#!/usr/bin/env python3
"""Cost of tracking what runs in each pane (issue 13): 200 panes (20 windows of 10), each running a
foreground program that prints a line every second (so the tracker looks at every pane every second:
its worst case short of a flood), and then all 200 at an idle prompt. Server (+ keeper) CPU as % of
one core, with the tracker on and off (CCMUX_BENCH_NO_TRACKING, a bench-only switch), tmux (which
also looks at each pane's foreground process, for automatic-rename) on the same load, alternating,
several rounds. Goal: the tracker's share under 0.5 % of one core.

usage: bench/tracking.py [--seconds 20] [--rounds 3] [--panes 200] [--ccmux <binary>]
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
ap.add_argument("--seconds", type=float, default=20)
ap.add_argument("--rounds", type=int, default=3)
ap.add_argument("--panes", type=int, default=200)
ap.add_argument("--ccmux", default=release_binary())
args = ap.parse_args()
TICK = os.sysconf("SC_CLK_TCK")
PROGRAM = "sh -c 'while :; do echo tick; sleep 1; done'"


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def cpu(pids, seconds):
    c0 = sum(cpu_ticks(p) for p in pids)
    time.sleep(seconds)
    return (sum(cpu_ticks(p) for p in pids) - c0) / TICK / seconds * 100


def one(kind, tracking):
    work = tempfile.mkdtemp(prefix="ccmux-track-")
    env = dict(os.environ, CCMUX_TMPDIR=os.path.join(work, "run"), XDG_STATE_HOME=os.path.join(work, "state"),
               XDG_CONFIG_HOME=os.path.join(work, "config"), HOME=work, SHELL="/bin/sh", ENV="")
    for v in ("TMUX", "CCMUX", "CCMUX_BENCH_NO_TRACKING"):
        env.pop(v, None)
    if kind == "ccmux" and not tracking:
        env["CCMUX_BENCH_NO_TRACKING"] = "1"
    socket = f"ccmux-track-{os.getpid()}-{os.path.basename(work)}"
    base = [os.path.abspath(args.ccmux)] if kind == "ccmux" else ["tmux", "-L", socket, "-f", "/dev/null"]

    def run(*a):
        r = subprocess.run(base + list(a), env=env, capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"{kind} {' '.join(a)}: {r.stderr.strip()}")
        return r.stdout

    try:
        run("new-session", "-d", "-s", "t", "-x", "200", "-y", "60")
        made = 1
        while made < args.panes:
            if made % 10 == 0:
                run("new-window", "-d", "-t", "t:")
            else:
                run("split-window", "-d", "-t", f"t:{made // 10}")
                run("select-layout", "-t", f"t:{made // 10}", "tiled")
            made += 1
        if kind == "ccmux":
            pids = [int(run("display", "-p", "#{pid}"))]
            keeper = run("display", "-p", "#{keeper_pid}").strip()
            pids += [int(keeper)] if keeper else []
        else:
            pids = [int(run("display", "-p", "#{pid}"))]
        panes = run("list-panes", "-a", "-F", "#{pane_id}").split()
        time.sleep(4)
        idle = cpu(pids, args.seconds)
        for p in panes:
            run("send-keys", "-t", p, PROGRAM, "Enter")
        time.sleep(3)
        busy = cpu(pids, args.seconds)
        return idle, busy
    finally:
        subprocess.run(base + ["kill-server"], env=env, capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


results = {"ccmux": [], "ccmux-untracked": [], "tmux": []}
for _ in range(args.rounds):
    results["ccmux"].append(one("ccmux", True))
    results["ccmux-untracked"].append(one("ccmux", False))
    results["tmux"].append(one("tmux", True))
print(f"{args.panes} panes; {args.seconds:.0f} s windows; {args.rounds} rounds; CPU % of one core (medians, then each round)")
med = {}
for name, rs in results.items():
    idle = statistics.median(r[0] for r in rs)
    busy = statistics.median(r[1] for r in rs)
    med[name] = (idle, busy)
    rounds = " ".join(f"{r[0]:.2f}/{r[1]:.2f}" for r in rs)
    print(f"  {name:16} idle {idle:5.2f}%  each printing 1 line/s {busy:5.2f}%   (idle/busy per round: {rounds})")
print(f"  tracking's share: idle {med['ccmux'][0] - med['ccmux-untracked'][0]:+.2f}%, "
      f"busy {med['ccmux'][1] - med['ccmux-untracked'][1]:+.2f}% of one core (goal < 0.5%)")
