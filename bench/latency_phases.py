#!/usr/bin/env python3
"""Where a keystroke's echo spends its time: bench/latency.py run under `perf record -a` (system
calls), each key cut into phases, ccmux against tmux 3.3a in the same run.

For each typed key (the bench's 1-byte write to the client's terminal):
  key -> server reads it      the terminal's flip buffer (a kworker), the server's wake-up
  server: key -> pane write   the server's own work on the key
  pane write -> cat reads     the pane's PTY, cat's wake-up
  cat: read -> write          cat
  cat write -> server reads   the pane's PTY back, the server's wake-up
  server: echo -> frame       the server's own work on the echo (emulate, draw, write the frame)
  frame -> bench wakes        the client terminal's PTY, the bench's wake-up
Only the two "server:" phases are the multiplexer's own time; the others are the kernel's PTYs and
scheduler and the other processes, the same for both. The report gives each phase's median, the median
total, and the floor: the ratio to tmux that a server taking no time at all would measure (tmux's total
less its own two phases, over tmux's total).

Needs root and perf (tracepoints raw_syscalls and sched); says so and exits 2 without them.
usage: bench/latency_phases.py [--rounds 2] [--keys 100] [--gap 50] [--ccmux <binary>] [--config <file>]
Build first: cargo build --release -p ccmux
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

from build_path import release_binary

ap = argparse.ArgumentParser()
ap.add_argument("--rounds", type=int, default=2)
ap.add_argument("--keys", type=int, default=100)
ap.add_argument("--gap", type=float, default=50, help="latency.py's --gap: ms of quiet before each key")
ap.add_argument("--ccmux", default=release_binary())
ap.add_argument("--config", help="config file for the ccmux server (e.g. persistence off)")
args = ap.parse_args()

if shutil.which("perf") is None or os.geteuid() != 0 or shutil.which("tmux") is None:
    print("latency_phases: skipped: needs root, perf and tmux", file=sys.stderr)
    sys.exit(2)

READ, WRITE, READV, WRITEV = 0, 1, 19, 20
# What the bench waits in for the echo (read, poll, select, epoll_wait, pselect6, ppoll).
WAITS = (0, 7, 23, 232, 270, 271)
PHASES = [
    ("key -> server reads it", "T0", "A"),
    ("server: key -> pane write", "A", "B"),
    ("pane write -> cat reads", "B", "C"),
    ("cat: read -> write", "C", "D"),
    ("cat write -> server reads", "D", "E"),
    ("server: echo -> frame", "E", "F"),
    ("frame -> bench wakes", "F", "G"),
]
OWN = ("server: key -> pane write", "server: echo -> frame")
LINE = re.compile(r"^\s*(.+?)\s+(\d+)/(\d+)\s+\[\d+\]\s+([\d.]+):\s+(\S+):\s*(.*)$")
ENTER = re.compile(r"NR (\d+) \(([^)]*)\)")
EXIT = re.compile(r"NR (\d+) = (-?\d+)")


def record(work):
    data = os.path.join(work, "perf.data")
    bench = [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "latency.py"),
             "--rounds", str(args.rounds), "--keys", str(args.keys), "--gap", str(args.gap), "--ccmux", args.ccmux]
    if args.config:
        bench += ["--config", args.config]
    subprocess.run(["perf", "record", "-q", "-a", "-e", "raw_syscalls:sys_enter,raw_syscalls:sys_exit",
                    "--exclude-perf", "-o", data, "--"] + bench, check=True, stdout=sys.stderr)
    out = subprocess.run(["perf", "script", "-i", data, "-F", "comm,pid,tid,cpu,time,event,trace"],
                         check=True, capture_output=True, text=True).stdout
    events = []
    for line in out.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        comm, pid, tid, t, ev, rest = m.groups()
        if ev == "raw_syscalls:sys_enter":
            e = ENTER.match(rest)
            if e:
                fields = [int(x, 16) for x in e.group(2).split(", ")]
                events.append((float(t) * 1e6, comm, int(pid), "enter", int(e.group(1)), fields))
        elif ev == "raw_syscalls:sys_exit":
            e = EXIT.match(rest)
            if e:
                events.append((float(t) * 1e6, comm, int(pid), "exit", int(e.group(1)), int(e.group(2))))
    return events


def phases(events, server_comm):
    """Each key's marks (T0..G) for the multiplexer whose server runs under `server_comm`."""
    keys = [i for i, e in enumerate(events)
            if e[1] == "python3" and e[3] == "enter" and e[4] == WRITE and e[5][2] == 1]
    found = []
    for k in keys:
        t0 = events[k][0]
        marks, step, server, pane_fd = {"T0": t0}, 0, None, None
        for t, comm, pid, kind, nr, val in events[k + 1:]:
            if t - t0 > 5000:
                break
            is_server = pid == server if server else comm == server_comm
            if step == 0 and is_server and kind == "exit" and nr in (READ, READV) and val == 1:
                marks["A"], server, step = t, pid, 1
            elif step == 1 and is_server and kind == "enter" and nr in (WRITE, WRITEV):
                if nr == WRITEV or val[2] == 1:
                    marks["B"], pane_fd, step = t, val[0], 2
            elif step == 2 and comm == "cat" and kind == "exit" and nr == READ and val >= 1:
                marks["C"], step = t, 3
            elif step == 3 and comm == "cat" and kind == "enter" and nr == WRITE:
                marks["D"], step = t, 4
            elif step == 4 and is_server and kind == "exit" and nr in (READ, READV) and val >= 1:
                marks["E"], step = t, 5
            elif step == 5 and is_server and kind == "enter" and nr in (WRITE, WRITEV):
                # The frame: not the pane, not an 8-byte eventfd wake-up.
                if nr == WRITEV or (val[0] != pane_fd and val[2] > 8):
                    marks["F"], step = t, 6
            elif step == 6 and comm == "python3" and kind == "exit" and nr in WAITS:
                marks["G"], step = t, 7
                break
        if step == 7:
            found.append(marks)
    return found


def report(name, keys):
    print(f"  {name} ({len(keys)} keys)")
    med = {}
    for label, a, b in PHASES:
        d = [m[b] - m[a] for m in keys]
        med[label] = statistics.median(d)
        own = "  (own)" if label in OWN else ""
        print(f"    {label:28} {med[label]:7.1f} us{own}")
    total = statistics.median([m["G"] - m["T0"] for m in keys])
    own = sum(med[p] for p in OWN)
    print(f"    {'total (median of totals)':28} {total:7.1f} us; own {own:.1f} us, the rest {total - own:.1f} us")
    return total, own


def main():
    with tempfile.TemporaryDirectory(prefix="ccmux-phases-") as work:
        events = record(work)
    ccmux_comm = os.path.basename(args.ccmux)[:15]
    cc, tm = phases(events, ccmux_comm), phases(events, "tmux: server")
    if len(cc) < 10 or len(tm) < 10:
        print(f"latency_phases: too few keys traced (ccmux {len(cc)}, tmux {len(tm)})", file=sys.stderr)
        sys.exit(1)
    print(f"keystroke-to-echo phases under perf (medians, microseconds; tracing adds a few each)")
    cc_total, cc_own = report("ccmux", cc)
    tm_total, tm_own = report("tmux", tm)
    print(f"  ccmux / tmux: total {cc_total / tm_total:.2f}x, own time {cc_own / tm_own:.2f}x")
    print(f"  floor: a server taking no time would measure {(tm_total - tm_own) / tm_total:.2f}x tmux")


main()
