#!/usr/bin/env python3
"""Memory of a full 10,000-line scrollback: one 200x50 pane, in ccmux and in tmux.

Each server gets a session whose pane prints 12,000 lines of 200 columns of typical terminal text
(so the 10,000-line history is full), then its RSS is read from /proc and compared with the same server
holding an idle pane. Prints KiB per history line and the RSS of each. The idle server is read 1 s after
its session started, at 3.5 s and at 6 s, settled (ccmux freezes an emulator 2 s after its last output and
lets go of the code that ran 2 s after that); the full server 5 s after its output ended.

usage: bench/memory.py [--ccmux <binary>]
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
args = ap.parse_args()

work = tempfile.mkdtemp(prefix="ccmux-mem-")
data = os.path.join(work, "lines.txt")
subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "gen_text.py"), os.path.join(work, "raw.txt"), "20"], check=True)
with open(os.path.join(work, "raw.txt")) as src, open(data, "w") as out:
    n = 0
    for line in src:
        line = line.rstrip("\n")
        while len(line) < 200:
            line = line + " " + line
        out.write(line[:200] + "\n")  # 200 bytes incl. escapes: wide, typical text
        n += 1
        if n == 12000:
            break
env = dict(os.environ, CCMUX_TMPDIR=os.path.join(work, "run"), XDG_STATE_HOME=os.path.join(work, "state"),
           XDG_CONFIG_HOME=os.path.join(work, "config"), SHELL="/bin/sh")
conf = os.path.join(work, "ccmux.toml")
with open(conf, "w") as f:
    f.write("history_limit = 10000\n[persistence]\nenabled = false\n")
tconf = os.path.join(work, "tmux.conf")
with open(tconf, "w") as f:
    f.write("set -g history-limit 10000\n")


def rss_kib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def measure(base, pid_cmd, name):
    done = os.path.join(work, name + ".done")
    subprocess.run(base + ["new-session", "-d", "-s", "idle", "-x", "200", "-y", "50"], env=env, check=True)
    pid = int(subprocess.run(base + pid_cmd, env=env, capture_output=True, text=True).stdout.strip())
    time.sleep(1)
    idle = rss_kib(pid)
    time.sleep(2.5)  # ccmux freezes an emulator after 2 s without output
    early = rss_kib(pid)
    time.sleep(2.5)  # settled: the code the freezing ran went 2 s later
    settled = rss_kib(pid)
    subprocess.run(base + ["new-session", "-d", "-s", "full", "-x", "200", "-y", "50",
                           f"cat {data}; touch {done}; sleep 600"], env=env, check=True)
    while not os.path.exists(done):
        time.sleep(0.05)
    time.sleep(5)  # settled, as above
    full = rss_kib(pid)
    subprocess.run(base + ["kill-server"], env=env, capture_output=True)
    return idle, early, settled, full


results = {}
results["ccmux"] = measure([args.ccmux, "-f", conf], ["display-message", "-p", "#{pid}"], "ccmux")
if shutil.which("tmux"):
    results["tmux"] = measure(["tmux", "-L", "ccmux-mem", "-f", tconf], ["display-message", "-p", "#{pid}"], "tmux")
print("one 200x50 pane with a full 10,000-line history of 200-column lines")
for name, (idle, early, settled, full) in results.items():
    per_line = (full - settled) / 10000
    print(f"  {name:6} RSS idle {idle / 1024:6.1f} MiB (after 1 s), {early / 1024:6.1f} MiB (3.5 s), "
          f"{settled / 1024:6.1f} MiB (6 s), "
          f"full {full / 1024:6.1f} MiB, +{(full - settled) / 1024:5.1f} MiB = {per_line:.2f} KiB per line")
shutil.rmtree(work, ignore_errors=True)
