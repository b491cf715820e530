#!/usr/bin/env python3
"""Binary size and start-up time: `ccmux -V` and `ccmux ls` (a server running, one session) against
`tmux -V` and `tmux ls`, alternating, N runs each; medians.

usage: bench/startup.py [--runs 200] [--ccmux <binary>]
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
ap.add_argument("--runs", type=int, default=200)
ap.add_argument("--ccmux", default=release_binary())
args = ap.parse_args()
work = tempfile.mkdtemp(prefix="ccmux-start-")
env = dict(os.environ, CCMUX_TMPDIR=os.path.join(work, "run"), XDG_STATE_HOME=os.path.join(work, "state"),
           XDG_CONFIG_HOME=os.path.join(work, "config"), HOME=work, SHELL="/bin/sh")
env.pop("TMUX", None)
env.pop("CCMUX", None)
cc = [os.path.abspath(args.ccmux)]
tm = ["tmux", "-L", "ccmux-start", "-f", "/dev/null"]
subprocess.run(cc + ["new-session", "-d", "-s", "s"], env=env, check=True)
subprocess.run(tm + ["new-session", "-d", "-s", "s"], env=env, check=True)


def timed(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t


res = {k: [] for k in ("ccmux -V", "tmux -V", "ccmux ls", "tmux ls")}
for _ in range(args.runs):
    res["ccmux -V"].append(timed(cc + ["-V"]))
    res["tmux -V"].append(timed(tm + ["-V"]))
    res["ccmux ls"].append(timed(cc + ["ls"]))
    res["tmux ls"].append(timed(tm + ["ls"]))
subprocess.run(cc + ["kill-server"], env=env, capture_output=True)
subprocess.run(tm + ["kill-server"], env=env, capture_output=True)
tmux_path = shutil.which("tmux")
print(f"size: ccmux {os.path.getsize(cc[0]) / 1e6:.1f} MB, tmux {os.path.getsize(tmux_path) / 1e6:.1f} MB ({tmux_path})")
for k, v in res.items():
    print(f"  {k:9} median {statistics.median(v) * 1000:6.2f} ms")
print(f"  -V ccmux/tmux = {statistics.median(res['ccmux -V']) / statistics.median(res['tmux -V']):.2f}"
      f"  ls ccmux/tmux = {statistics.median(res['ccmux ls']) / statistics.median(res['tmux ls']):.2f}")
shutil.rmtree(work, ignore_errors=True)
