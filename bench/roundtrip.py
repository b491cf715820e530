#!/usr/bin/env python3
"""A durable `new-window -d` + `kill-window` round trip in ccmux (each change fsynced before its reply)
against the same two commands in tmux (not durable), alternating, N rounds each; median per round trip.

usage: bench/roundtrip.py [--rounds 200] [--ccmux <binary>]
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
ap.add_argument("--rounds", type=int, default=200)
ap.add_argument("--ccmux", default=release_binary())
args = ap.parse_args()
work = tempfile.mkdtemp(prefix="ccmux-rt-")
env = dict(os.environ, CCMUX_TMPDIR=os.path.join(work, "run"), XDG_STATE_HOME=os.path.join(work, "state"),
           XDG_CONFIG_HOME=os.path.join(work, "config"), SHELL="/bin/sh")
env.pop("TMUX", None)
env.pop("CCMUX", None)
cc = [os.path.abspath(args.ccmux)]
tm = ["tmux", "-L", "ccmux-rt", "-f", "/dev/null"]
subprocess.run(cc + ["new-session", "-d", "-s", "rt"], env=env, check=True)
subprocess.run(tm + ["new-session", "-d", "-s", "rt"], env=env, check=True)


def round_trip(base):
    start = time.perf_counter()
    subprocess.run(base + ["new-window", "-d", "-t", "rt:9"], env=env, check=True)
    subprocess.run(base + ["kill-window", "-t", "rt:9"], env=env, check=True)
    return time.perf_counter() - start


results = {"ccmux": [], "tmux": []}
for _ in range(args.rounds):
    results["ccmux"].append(round_trip(cc))
    results["tmux"].append(round_trip(tm))
status = subprocess.run(cc + ["persistence", "status"], env=env, capture_output=True, text=True).stdout
subprocess.run(cc + ["kill-server"], env=env, capture_output=True)
subprocess.run(tm + ["kill-server"], env=env, capture_output=True)
print(f"new-window -d + kill-window, {args.rounds} rounds each, alternating")
for name, ts in results.items():
    ts = sorted(ts)
    print(f"  {name:6} median {statistics.median(ts) * 1000:6.2f} ms  p90 {ts[int(len(ts) * 0.9)] * 1000:6.2f} ms")
print(f"  ccmux / tmux = {statistics.median(results['ccmux']) / statistics.median(results['tmux']):.2f}")
print("  " + "\n  ".join(l for l in status.splitlines() if l.startswith(("fsync", "state"))))
shutil.rmtree(work, ignore_errors=True)
