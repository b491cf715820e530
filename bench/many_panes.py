#!/usr/bin/env python3
"""Many panes (issue 12): 200 panes in 20 windows, 20 of them printing a line every 10 ms, the others
idle: server CPU (user+sys, % of one core) and RSS over a window, ccmux (server + keeper) against
tmux on the same load in the same run; then everything idle: CPU and wake-ups per second (context
switches of every thread of the server process, voluntary + involuntary). Threads: of the server (and
keeper) at the end of each window.

usage: bench/many_panes.py [--seconds 10] [--panes 200] [--busy 20] [--ccmux <binary>]
"""
import argparse
import glob
import os
import shutil
import subprocess
import tempfile
import time

from build_path import release_binary

ap = argparse.ArgumentParser()
ap.add_argument("--seconds", type=float, default=10)
ap.add_argument("--panes", type=int, default=200)
ap.add_argument("--busy", type=int, default=20)
ap.add_argument("--ccmux", default=release_binary())
args = ap.parse_args()
work = tempfile.mkdtemp(prefix="ccmux-many-")
env = dict(os.environ, CCMUX_TMPDIR=os.path.join(work, "run"), XDG_STATE_HOME=os.path.join(work, "state"),
           XDG_CONFIG_HOME=os.path.join(work, "config"), HOME=work, SHELL="/bin/sh", ENV="")
env.pop("TMUX", None)
env.pop("CCMUX", None)
cc = [os.path.abspath(args.ccmux)]
tm = ["tmux", "-L", "ccmux-many", "-f", "/dev/null"]
TICK = os.sysconf("SC_CLK_TCK")
PRINTER = "while :; do echo line $RANDOM; sleep 0.01; done"


def run(base, *a):
    return subprocess.run(base + list(a), env=env, check=True, capture_output=True, text=True).stdout


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def switches(pid):
    """Context switches by thread (voluntary + involuntary)."""
    by_thread = {}
    for status in glob.glob(f"/proc/{pid}/task/*/status"):
        try:
            with open(status) as f:
                by_thread[status] = sum(int(line.split()[1]) for line in f if "ctxt_switches" in line)
        except OSError:
            pass
    return by_thread


def woken(before, after):
    """Wake-ups between two samples: threads that ended meanwhile are left out (a runtime's idle
    thread ending), threads that started count whole."""
    return sum(n - before.get(t, 0) for t, n in after.items())


def measure(pids, seconds):
    c0 = sum(cpu_ticks(p) for p in pids)
    s0 = [switches(p) for p in pids]
    time.sleep(seconds)
    c1 = sum(cpu_ticks(p) for p in pids)
    s1 = [switches(p) for p in pids]
    woke = sum(woken(b, a) for b, a in zip(s0, s1))
    threads = sum(len(glob.glob(f"/proc/{p}/task/*")) for p in pids)
    return (c1 - c0) / TICK / seconds * 100, sum(rss_kib(p) for p in pids) / 1024, woke / seconds, threads


def setup(base):
    run(base, "new-session", "-d", "-s", "m", "-x", "200", "-y", "60")
    per_window = 10
    made = 1
    while made < args.panes:
        if made % per_window == 0:
            run(base, "new-window", "-d", "-t", "m")
        else:
            run(base, "split-window", "-d", "-t", f"m:{made // per_window}")
            run(base, "select-layout", "-t", f"m:{made // per_window}", "tiled")
        made += 1
    panes = run(base, "list-panes", "-a", "-F", "#{pane_id}").split()
    return panes


def scenario(name, base, server_pids):
    panes = setup(base)
    # Asked before the settle: a command's end is activity too (ccmux lets go of the code it ran
    # 2 s later).
    pids = server_pids()
    # Settled: ccmux freezes an idle pane's emulator 2 s after its last output, and lets go of the
    # code that ran 2 s after that.
    time.sleep(6)
    idle = measure(pids, args.seconds)
    for p in panes[: args.busy]:
        run(base, "send-keys", "-t", p, PRINTER, "Enter")
    time.sleep(1)
    busy = measure(pids, args.seconds)
    for p in panes[: args.busy]:
        run(base, "send-keys", "-t", p, "C-c")
    subprocess.run(base + ["kill-server"], env=env, capture_output=True)
    return len(panes), idle, busy


def ccmux_pids():
    server = int(run(cc, "display", "-p", "#{pid}"))
    keeper = run(cc, "display", "-p", "#{keeper_pid}").strip()
    return [server] + ([int(keeper)] if keeper else [])


def tmux_pids():
    return [int(run(tm, "display", "-p", "#{pid}"))]


res = {"ccmux": scenario("ccmux", cc, ccmux_pids), "tmux": scenario("tmux", tm, tmux_pids)}
print(f"{args.panes} panes, {args.busy} printing a line every 10 ms; {args.seconds:.0f} s windows")
for name, (n, idle, busy) in res.items():
    print(f"  {name:6} panes {n}: idle CPU {idle[0]:5.2f}%  RSS {idle[1]:6.1f} MiB  wake-ups {idle[2]:6.1f}/s  "
          f"threads {idle[3]} | busy CPU {busy[0]:5.1f}%  RSS {busy[1]:6.1f} MiB  wake-ups {busy[2]:7.1f}/s  "
          f"threads {busy[3]}")
print(f"  busy CPU ccmux/tmux = {res['ccmux'][2][0] / max(res['tmux'][2][0], 0.01):.2f}  "
      f"busy RSS ccmux/tmux = {res['ccmux'][2][1] / res['tmux'][2][1]:.2f}")
shutil.rmtree(work, ignore_errors=True)
