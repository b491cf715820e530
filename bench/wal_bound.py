#!/usr/bin/env python3
"""Bounded WAL: the peak size of the WAL on disk while a pane floods, against `max_wal_size_mb`.

A server with `[persistence] max_wal_size_mb = BOUND` (and the default 300 s checkpoint interval, so
only the bound triggers checkpoints) runs `cat` of a FLOOD-megabyte text file (bench/gen_text.py) in a
pane. Every 20 ms the script sums the sizes of the files in the state directory's `wal/` (apparent
sizes, which include the preallocated space; `du` would count the same), and prints the peak, the
final size and the bound. Exits 1 when the peak passes the bound.

usage: bench/wal_bound.py [--ccmux <binary>] [--bound 100] [--flood 1000]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

from build_path import release_binary

ap = argparse.ArgumentParser()
ap.add_argument("--ccmux", default=release_binary())
ap.add_argument("--bound", type=int, default=100, help="max_wal_size_mb")
ap.add_argument("--flood", type=int, default=1000, help="megabytes to cat")
ap.add_argument("--keep", action="store_true", help="keep the scratch directory")
args = ap.parse_args()
ccmux = os.path.abspath(args.ccmux)
work = tempfile.mkdtemp(prefix="ccmux-walbound-")
env = dict(os.environ, CCMUX_TMPDIR=os.path.join(work, "run"), XDG_STATE_HOME=os.path.join(work, "state"),
           XDG_CONFIG_HOME=os.path.join(work, "config"), SHELL="/bin/sh", HOME=os.path.join(work, "home"))
env.pop("TMUX", None)
env.pop("CCMUX", None)
os.makedirs(env["HOME"])
with open(os.path.join(env["HOME"], ".profile"), "w") as f:
    f.write("PS1='$ '\n")
conf = os.path.join(work, "config.toml")
with open(conf, "w") as f:
    f.write(f"[persistence]\nmax_wal_size_mb = {args.bound}\n")
flood = os.path.join(work, "flood.txt")
subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "gen_text.py"), flood,
                str(args.flood)], check=True)
wal = os.path.join(work, "state", "ccmux", "default", "wal")


def cc(*a):
    return subprocess.run([ccmux, "-f", conf, *a], env=env, capture_output=True, text=True, check=True).stdout


def wal_bytes():
    total = 0
    try:
        for name in os.listdir(wal):
            try:
                total += os.stat(os.path.join(wal, name)).st_size
            except FileNotFoundError:
                pass
    except FileNotFoundError:
        pass
    return total


try:
    cc("new-session", "-d", "-s", "f", "-x", "200", "-y", "50")
    time.sleep(0.5)
    cc("send-keys", "-t", "f", f"cat {flood}; echo FLOOD-DONE", "Enter")
    started = time.monotonic()
    peak = 0
    done = False
    while not done:
        peak = max(peak, wal_bytes())
        time.sleep(0.02)
        if time.monotonic() - started > 1:
            done = "FLOOD-DONE" in cc("capture-pane", "-p", "-t", "f")
    # A little longer: the last output is logged, the last checkpoint lands.
    end = time.monotonic() + 3
    while time.monotonic() < end:
        peak = max(peak, wal_bytes())
        time.sleep(0.02)
    final = wal_bytes()
    status = cc("persistence", "status")
    bound = args.bound << 20
    mib = 1 << 20
    print(f"flood: {args.flood} MB of text, cat in a pane, {time.monotonic() - started:.1f} s")
    print(f"bound (max_wal_size_mb): {args.bound} MiB = {bound} bytes")
    print(f"peak WAL on disk: {peak} bytes ({peak / mib:.1f} MiB)")
    print(f"WAL on disk at the end: {final} bytes ({final / mib:.1f} MiB)")
    for line in status.splitlines():
        if line.startswith(("wal on disk", "checkpoints:", "state:")):
            print(f"status: {line}")
    cc("kill-server")
    sys.exit(0 if peak <= bound else 1)
finally:
    if args.keep:
        print(f"kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
