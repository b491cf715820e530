#!/usr/bin/env python3
"""How long another client waits for `list-sessions` while the server is busy creating panes and
checkpointing (issue 8.9: no IO under the state lock). A background load, per round: 20 `new-window -d`
run at once, then `persistence checkpoint` (ccmux) and the 20 windows killed; meanwhile the main thread
runs `list-sessions` every 5 ms and records its latency. The same load on tmux (without the checkpoint,
which tmux has not) in the same run, and each server's idle figure for reference. Last, ccmux alone:
list-sessions while a new-window waits for a keeper stopped for 2 s.

usage: bench/lock_latency.py [--rounds 10] [--ccmux <binary>]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import threading
import time

from build_path import release_binary

ap = argparse.ArgumentParser()
ap.add_argument("--rounds", type=int, default=10)
ap.add_argument("--ccmux", default=release_binary())
args = ap.parse_args()
work = tempfile.mkdtemp(prefix="ccmux-lock-")
env = dict(os.environ, CCMUX_TMPDIR=os.path.join(work, "run"), XDG_STATE_HOME=os.path.join(work, "state"),
           XDG_CONFIG_HOME=os.path.join(work, "config"), HOME=work, SHELL="/bin/sh")
env.pop("TMUX", None)
env.pop("CCMUX", None)
os.makedirs(os.path.join(work, "config"), exist_ok=True)
cc = [os.path.abspath(args.ccmux)]
tm = ["tmux", "-L", "ccmux-lock", "-f", "/dev/null"]


def run(base, *a):
    subprocess.run(base + list(a), env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def load(base, durable, stop):
    n = 0
    while not stop.is_set() and n < args.rounds:
        procs = [subprocess.Popen(base + ["new-window", "-d", "-t", f"bench:{10 + i}"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for i in range(20)]
        for p in procs:
            p.wait()
        if durable:
            run(base, "persistence", "checkpoint")
        for i in range(20):
            subprocess.run(base + ["kill-window", "-t", f"bench:{10 + i}"], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        n += 1
    stop.set()


def probe(base, stop, limit=None):
    lat = []
    while not stop.is_set() and (limit is None or len(lat) < limit):
        t = time.perf_counter()
        subprocess.run(base + ["list-sessions"], env=env, stdout=subprocess.DEVNULL, check=True)
        lat.append(time.perf_counter() - t)
        time.sleep(0.005)
    return lat


def measure(name, base, durable):
    run(base, "new-session", "-d", "-s", "bench")
    idle = probe(base, threading.Event(), limit=100)
    stop = threading.Event()
    th = threading.Thread(target=load, args=(base, durable, stop))
    th.start()
    busy = probe(base, stop)
    th.join()
    subprocess.run(base + ["kill-server"], env=env, capture_output=True)
    return idle, busy


def fmt(ts):
    ts = sorted(ts)
    return (f"median {statistics.median(ts) * 1000:6.2f} ms  p99 {ts[int(len(ts) * 0.99)] * 1000:7.2f} ms  "
            f"max {ts[-1] * 1000:7.2f} ms  (n={len(ts)})")


def stalled_keeper():
    """list-sessions while a new-window waits 2 s for a stopped keeper (a slow or stuck keeper)."""
    import signal
    run(cc, "new-session", "-d", "-s", "bench")
    keeper = int(subprocess.run(cc + ["display", "-p", "#{keeper_pid}"], env=env, capture_output=True,
                                text=True, check=True).stdout)
    os.kill(keeper, signal.SIGSTOP)
    nw = subprocess.Popen(cc + ["new-window", "-d"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.1)
    threading.Timer(2.0, os.kill, (keeper, signal.SIGCONT)).start()
    t = time.perf_counter()
    subprocess.run(cc + ["list-sessions"], env=env, stdout=subprocess.DEVNULL, check=True)
    waited = time.perf_counter() - t
    nw.wait()
    time.sleep(2.1)
    subprocess.run(cc + ["kill-server"], env=env, capture_output=True)
    return waited


res = {"ccmux": measure("ccmux", cc, True), "tmux": measure("tmux", tm, False)}
stall = stalled_keeper()
print(f"list-sessions latency from another client, {args.rounds} rounds of 20 concurrent new-window -d"
      " (+ checkpoint for ccmux)")
for name, (idle, busy) in res.items():
    print(f"  {name:6} idle {fmt(idle)}")
    print(f"  {name:6} busy {fmt(busy)}")
print(f"  busy median ccmux/tmux = {statistics.median(res['ccmux'][1]) / statistics.median(res['tmux'][1]):.2f}"
      f"  p99 ccmux/tmux = {sorted(res['ccmux'][1])[int(len(res['ccmux'][1]) * 0.99)] / sorted(res['tmux'][1])[int(len(res['tmux'][1]) * 0.99)]:.2f}")
print(f"  ccmux  list-sessions while a new-window waits 2 s for a stopped keeper: {stall * 1000:.1f} ms")
shutil.rmtree(work, ignore_errors=True)
