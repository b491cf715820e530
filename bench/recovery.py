#!/usr/bin/env python3
"""Recovery: 100 panes with 10,000 lines of scrollback each and ~60 MB of WAL since the checkpoint, recovered
after SIGKILL, against tmux creating 100 panes by script on the same machine.

Two ccmux modes: "respawn" (server and keeper both SIGKILLed, as after a reboot: the pane processes are
gone, recovery starts 100 new shells with their saved scrollback) and "re-adopt" (only the server is
killed: the keeper kept the 100 processes alive and the new server takes them back).

ccmux: 10 sessions x 10 windows (200x50). Every pane prints 10,000 lines, a checkpoint is taken (the
scrollback goes to scrollback/), then every pane prints 9,000 lines more: ~60 MB of WAL since the
checkpoint (`max_wal_size_mb = 200`, so that no checkpoint at half the bound takes them away in some
runs and not others; the WAL since the checkpoint is printed for every run). The server is killed with SIGKILL, and `ccmux list-sessions` is timed: it starts a server,
which recovers (checkpoint, WAL replay, 100 shells respawned with their scrollback) before answering.
tmux: `tmux new-session -d` and 99 `tmux new-window -d`, one command each, timed end to end.
Runs are alternated; medians are printed.

usage: bench/recovery.py [--runs 3] [--ccmux <binary>]
"""
import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

from build_path import release_binary

ap = argparse.ArgumentParser()
ap.add_argument("--runs", type=int, default=3)
ap.add_argument("--verbose", action="store_true", help="print the recovering server's phase timings")
ap.add_argument("--ccmux", default=release_binary())
args = ap.parse_args()
ccmux = os.path.abspath(args.ccmux)
work = tempfile.mkdtemp(prefix="ccmux-recovery-")
env = dict(os.environ, CCMUX_TMPDIR=os.path.join(work, "run"), XDG_STATE_HOME=os.path.join(work, "state"),
           XDG_CONFIG_HOME=os.path.join(work, "config"), SHELL="/bin/sh", HOME=os.path.join(work, "home"))
env.pop("TMUX", None)
env.pop("CCMUX", None)
os.makedirs(env["HOME"])
with open(os.path.join(env["HOME"], ".profile"), "w") as f:
    f.write("PS1='$ '\n")
confs = {}
for mode, keep in [("respawn", "true"), ("re-adopt", "true")]:
    confs[mode] = os.path.join(work, f"{mode}.toml")
    with open(confs[mode], "w") as f:
        f.write(f"keep_processes = {keep}\n[persistence]\nmax_wal_size_mb = 200\ncheckpoint_interval_secs = 3600\n")
conf = confs["respawn"]
raw = os.path.join(work, "raw.txt")
subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "gen_text.py"), raw, "3"], check=True)
lines = open(raw).read().splitlines()
first = os.path.join(work, "first.txt")
second = os.path.join(work, "second.txt")
with open(first, "w") as f:
    f.write("\n".join(lines[:10000]) + "\nEND1\n")
with open(second, "w") as f:
    f.write("\n".join(lines[10000:19000]) + "\nEND2\n")


def cc(*a, check=True):
    r = subprocess.run([ccmux, "-f", conf, *a], env=env, capture_output=True, text=True)
    if check and r.returncode != 0:
        raise RuntimeError(f"ccmux {' '.join(a)} failed: {r.stderr}")
    return r


def keeper_pid():
    out = cc("display-message", "-p", "#{keeper_pid}", check=False).stdout.strip()
    return int(out) if out else None


def panes():
    return [f"s{s}:{w}" for s in range(10) for w in range(10)]


def wait_all(marker):
    pending = set(panes())
    while pending:
        for p in list(pending):
            if marker in cc("capture-pane", "-p", "-t", p).stdout:
                pending.discard(p)
        time.sleep(0.1)


def prepare(kill_keeper):
    for s in range(10):
        cc("new-session", "-d", "-s", f"s{s}", "-x", "200", "-y", "50")
        for _ in range(9):
            cc("new-window", "-d", "-t", f"s{s}")
    for p in panes():
        cc("send-keys", "-t", p, f"cat {first}", "Enter")
    wait_all("END1")
    cc("persistence", "checkpoint")
    for p in panes():
        cc("send-keys", "-t", p, f"cat {second}", "Enter")
    wait_all("END2")
    status = cc("persistence", "status").stdout
    pid = int(cc("display-message", "-p", "#{pid}").stdout)
    keeper = keeper_pid()
    os.kill(pid, signal.SIGKILL)
    if kill_keeper and keeper:
        os.kill(keeper, signal.SIGKILL)
    while os.path.exists(f"/proc/{pid}") or (kill_keeper and keeper and os.path.exists(f"/proc/{keeper}")):
        time.sleep(0.01)
    return status, keeper


def recover():
    global start_wall
    start_wall = time.time()
    start = time.perf_counter()
    out = cc("list-sessions").stdout
    elapsed = time.perf_counter() - start
    assert out.count("windows") == 10, out
    history = cc("display-message", "-p", "-t", "s3:4", "#{history_size}").stdout.strip()
    log = open(os.path.join(env["XDG_STATE_HOME"], "ccmux", "default", "server.log")).read().splitlines()
    if args.verbose:
        print(f"client started {start_wall:.3f}")
        print("\n".join(log[-8:]))
    cc("kill-server", check=False)
    time.sleep(0.5)
    return elapsed, history


def tmux_create():
    base = ["tmux", "-L", "ccmux-recovery", "-f", "/dev/null"]
    subprocess.run(base + ["kill-server"], env=env, capture_output=True)
    start = time.perf_counter()
    subprocess.run(base + ["new-session", "-d", "-s", "t", "-x", "200", "-y", "50"], env=env, check=True)
    for _ in range(99):
        subprocess.run(base + ["new-window", "-d", "-t", "t:"], env=env, check=True)
    elapsed = time.perf_counter() - start
    subprocess.run(base + ["kill-server"], env=env, capture_output=True)
    return elapsed


times = {"ccmux respawn": [], "ccmux re-adopt": [], "tmux create": []}
wal_mb = {"respawn": [], "re-adopt": []}
for i in range(args.runs):
    for mode in ["respawn", "re-adopt"]:
        conf = confs[mode]
        status, keeper = prepare(kill_keeper=(mode == "respawn"))
        since = [l for l in status.splitlines() if l.startswith("wal:")]
        wal_mb[mode].append(int(since[0].split(", ")[1].split()[0]) / 1e6 if since else 0)
        t, history = recover()
        if mode == "re-adopt":
            assert keeper is not None, "no keeper"
        times[f"ccmux {mode}"].append(t)
    if shutil.which("tmux"):
        times["tmux create"].append(tmux_create())
wal_line = [l for l in status.splitlines() if l.startswith("wal:")]
print("100 panes (10 sessions x 10 windows, 200x50), 10,000 lines of scrollback each;", wal_line[0] if wal_line else "")
print(f"recovered pane history after restart: {history} lines")
for mode, mbs in wal_mb.items():
    print(f"  WAL since the checkpoint, {mode} runs: {', '.join(f'{m:.0f} MB' for m in mbs)}")
for name, ts in times.items():
    if ts:
        print(f"  {name:15} median {statistics.median(ts) * 1000:7.0f} ms   [{', '.join(f'{t * 1000:.0f}' for t in ts)}]")
med = {k: statistics.median(v) for k, v in times.items() if v}
if "tmux create" in med:
    print(f"  ccmux respawn / tmux create = {med['ccmux respawn'] / med['tmux create']:.2f}")
print(f"  ccmux re-adopt / ccmux respawn = {med['ccmux re-adopt'] / med['ccmux respawn']:.2f}")
shutil.rmtree(work, ignore_errors=True)
