#!/usr/bin/env python3
"""Throughput: a 200x50 pane runs `cat` of a 100 MB file of terminal text, in ccmux and in tmux.

Alternates ccmux, tmux and a raw PTY drain (`script -q -c 'cat FILE' /dev/null`, the ceiling), N runs each,
and prints each one's median MB/s and the ratios. The pane times its own `cat`: cat can only finish once
the multiplexer has read (and emulated) all but the last few KiB, so this is the multiplexer's drain rate.

usage: bench/throughput.py [--runs 5] [--mb 100] [--ccmux target/release/ccmux] [--persistence-off-too]
Build first: cargo build --release
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ap = argparse.ArgumentParser()
ap.add_argument("--runs", type=int, default=5)
ap.add_argument("--mb", type=int, default=100)
ap.add_argument("--ccmux", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "ccmux"))
ap.add_argument("--persistence-off-too", action="store_true",
                help="also measure ccmux with persistence off (for the on/off ratio)")
args = ap.parse_args()

work = tempfile.mkdtemp(prefix="ccmux-bench-")
data = os.path.join(work, "data.txt")
subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "gen_text.py"), data, str(args.mb)], check=True)
size = os.path.getsize(data)
env = dict(os.environ, CCMUX_TMPDIR=os.path.join(work, "run"), XDG_STATE_HOME=os.path.join(work, "state"),
           XDG_CONFIG_HOME=os.path.join(work, "config"), SHELL="/bin/sh")
env.pop("TMUX", None)
env.pop("CCMUX", None)
tmux_conf = os.path.join(work, "tmux.conf")
with open(tmux_conf, "w") as f:
    f.write("set -g history-limit 10000\n")


def pane_script(result):
    # The pane measures its own cat and writes start/end times.
    return f"s=$(date +%s.%N); cat {data}; e=$(date +%s.%N); echo \"$s $e\" > {result}.tmp; mv {result}.tmp {result}"


def wait_result(result, timeout=600):
    start = time.time()
    while not os.path.exists(result):
        if time.time() - start > timeout:
            raise RuntimeError("benchmark run did not finish")
        time.sleep(0.01)
    s, e = open(result).read().split()
    os.remove(result)
    return size / (float(e) - float(s)) / 1e6


off_conf = os.path.join(work, "off.toml")
with open(off_conf, "w") as f:
    f.write("[persistence]\nenabled = false\n")
on_conf = os.path.join(work, "on.toml")
with open(on_conf, "w") as f:
    f.write("[persistence]\nenabled = true\n")


def run_ccmux(i, conf=on_conf, tag="ccmux"):
    result = os.path.join(work, f"{tag}.{i}")
    cmd = [args.ccmux, "-f", conf]
    subprocess.run(cmd + ["new-session", "-d", "-s", "bench", "-x", "200", "-y", "50",
                          pane_script(result) + "; sleep 1"], env=env, check=True)
    rate = wait_result(result)
    subprocess.run(cmd + ["kill-server"], env=env, capture_output=True)
    return rate


def run_tmux(i):
    result = os.path.join(work, f"tmux.{i}")
    base = ["tmux", "-L", "ccmux-bench", "-f", tmux_conf]
    subprocess.run(base + ["new-session", "-d", "-s", "bench", "-x", "200", "-y", "50",
                           pane_script(result) + "; sleep 1"], env=env, check=True)
    rate = wait_result(result)
    subprocess.run(base + ["kill-server"], env=env, capture_output=True)
    return rate


def run_raw(i):
    start = time.time()
    subprocess.run(["script", "-q", "-c", f"cat {data}", "/dev/null"], stdout=subprocess.DEVNULL, check=True)
    return size / (time.time() - start) / 1e6


runners = {"ccmux": run_ccmux, "tmux": run_tmux, "raw pty": run_raw}
if args.persistence_off_too:
    runners["ccmux-off"] = lambda i: run_ccmux(i, off_conf, "ccmux-off")
if not shutil.which("tmux"):
    print("tmux not found: measuring ccmux and the raw PTY only", file=sys.stderr)
    del runners["tmux"]
rates = {name: [] for name in runners}
for i in range(args.runs):
    for name, fn in runners.items():
        rates[name].append(fn(i))
print(f"file: {size / 1e6:.0f} MB, pane 200x50, {args.runs} runs each, alternating; MB/s (median, all runs)")
medians = {}
for name, rs in rates.items():
    medians[name] = statistics.median(rs)
    print(f"  {name:8} {medians[name]:7.1f}   [{', '.join(f'{r:.1f}' for r in rs)}]")
if "tmux" in medians:
    print(f"  ccmux / tmux    = {medians['ccmux'] / medians['tmux']:.2f}x")
    print(f"  tmux / raw pty  = {medians['tmux'] / medians['raw pty']:.2f}")
print(f"  ccmux / raw pty = {medians['ccmux'] / medians['raw pty']:.2f}")
if "ccmux-off" in medians:
    print(f"  persistence on / off = {medians['ccmux'] / medians['ccmux-off']:.2f}")
    if "tmux" in medians:
        print(f"  ccmux (persistence off) / tmux = {medians['ccmux-off'] / medians['tmux']:.2f}x")
shutil.rmtree(work, ignore_errors=True)
