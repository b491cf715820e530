#!/usr/bin/env python3
"""Throughput: a 200x50 pane runs `cat` of a 100 MB file of terminal text, in ccmux and in tmux.

Alternates ccmux, tmux and a raw PTY drain (`script -q -c 'cat FILE' /dev/null`, the ceiling), N runs each,
and prints each one's median MB/s and the ratios. The pane times its own `cat`: cat can only finish once
the multiplexer has read (and emulated) all but the last few KiB, so this is the multiplexer's drain rate.

With --attached, a real client (`ccmux attach -t bench` / `tmux attach -t bench`) runs during each ccmux
and tmux run in a 200x51 PTY opened here (one extra row for the status line, so the session is 200x50),
TERM=xterm-256color, its output drained by a background thread; the pane waits until the client has drawn
and the window is 200x50 before it starts its cat. The figures are then "with a client attached"; the
bytes the client wrote to its terminal are reported too.

With --against <binary>, a second ccmux build runs too (persistence on, alternating with the others),
and its ratio is printed: two builds compared in one run.

usage: bench/throughput.py [--runs 5] [--mb 100] [--ccmux <binary>] [--persistence-off-too]
                           [--attached] [--against <binary>]
e.g.:  python3 bench/throughput.py --attached --runs 3 --mb 50
Build first: cargo build --release
"""
import argparse
import fcntl
import os
import shutil
import statistics
import subprocess
import struct
import sys
import tempfile
import termios
import threading
import time

from build_path import release_binary

ap = argparse.ArgumentParser()
ap.add_argument("--runs", type=int, default=5)
ap.add_argument("--mb", type=int, default=100)
ap.add_argument("--ccmux", default=release_binary())
ap.add_argument("--persistence-off-too", action="store_true",
                help="also measure ccmux with persistence off (for the on/off ratio)")
ap.add_argument("--attached", action="store_true",
                help="attach a client (200x51 PTY, output drained) during each ccmux and tmux run")
ap.add_argument("--against", help="a second ccmux build, measured too (persistence on)")
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
    # The pane measures its own cat and writes start/end times. Attached, it first waits for the go file.
    wait = f"while [ ! -e {result}.go ]; do sleep 0.02; done; " if args.attached else ""
    return (wait + f"s=$(date +%s.%N); cat {data}; e=$(date +%s.%N); "
            f"echo \"$s $e\" > {result}.tmp; mv {result}.tmp {result}")


class Client:
    """The real attach client in a 200x51 PTY opened here; a thread drains (and counts) its output."""

    def __init__(self, argv):
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 51, 200, 0, 0))
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, close_fds=True,
                                     env=dict(env, TERM="xterm-256color"), start_new_session=True,
                                     preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
        os.close(slave)
        self.bytes = 0
        self.head = bytearray()  # the first output, for error messages
        self.thread = threading.Thread(target=self.drain, daemon=True)
        self.thread.start()

    def drain(self):
        while True:
            try:
                chunk = os.read(self.master, 1 << 16)
            except OSError:  # EIO: the client exited and the PTY's last slave closed
                return
            if not chunk:
                return
            self.bytes += len(chunk)
            if len(self.head) < 4096:
                self.head += chunk

    def wait_ready(self, base):
        """Waits until the client has drawn and the window is 200x50."""
        deadline = time.time() + 20
        size = ""
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"attach client exited: {bytes(self.head)!r}")
            size = subprocess.run(base + ["display-message", "-p", "-t", "bench",
                                          "#{window_width}x#{window_height}"],
                                  env=env, capture_output=True, text=True).stdout.strip()
            if size == "200x50" and self.bytes > 0:
                time.sleep(0.2)  # let the first frame finish
                return
            time.sleep(0.02)
        raise RuntimeError(f"client not ready: window {size!r}, output {bytes(self.head)[:300]!r}")

    def close(self):
        """Detaches (prefix + d), kills the client if it lingers; returns the bytes it wrote."""
        try:
            os.write(self.master, b"\x02d")
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        self.thread.join(timeout=10)
        os.close(self.master)
        return self.bytes


client_bytes = {}
# CPU seconds per run: the server's (all its threads, ended ones included) and the whole machine's
# (everything busy, cat, kernel threads and the disk's work included), from the session's start to
# the end of the cat. Steadier than MB/s on a noisy machine, where the same build's rate moves with
# where the scheduler puts cat and the pane's reader.
server_cpu = {}
machine_cpu = {}
TICK = os.sysconf("SC_CLK_TCK")


def busy_ticks():
    """Busy CPU ticks of the whole machine so far (/proc/stat: all but idle and iowait)."""
    fields = list(map(int, open("/proc/stat").readline().split()[1:]))
    return sum(fields) - fields[3] - fields[4]


def process_cpu(pid):
    """CPU seconds of process `pid` (all its threads, ended ones included)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def run_pane(name, base, result):
    """Starts the session; attached, runs a client while the pane cats. Returns MB/s."""
    machine0 = busy_ticks()
    subprocess.run(base + ["new-session", "-d", "-s", "bench", "-x", "200", "-y", "50",
                           pane_script(result) + "; sleep 1"], env=env, check=True)
    pid = subprocess.run(base + ["display-message", "-p", "-t", "bench", "#{pid}"], env=env,
                         capture_output=True, text=True).stdout.strip()
    client = None
    try:
        if args.attached:
            client = Client(base + ["attach", "-t", "bench"])
            client.wait_ready(base)
            open(result + ".go", "w").close()
        rate = wait_result(result)
        machine_cpu.setdefault(name, []).append((busy_ticks() - machine0) / TICK)
        if pid.isdigit():
            server_cpu.setdefault(name, []).append(process_cpu(pid))
    finally:
        if client:
            client_bytes.setdefault(name, []).append(client.close())
        subprocess.run(base + ["kill-server"], env=env, capture_output=True)
    return rate


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


def run_ccmux(i, conf=on_conf, tag="ccmux", binary=args.ccmux):
    return run_pane(tag, [os.path.abspath(binary), "-f", conf], os.path.join(work, f"{tag}.{i}"))


def run_tmux(i):
    return run_pane("tmux", ["tmux", "-L", "ccmux-bench", "-f", tmux_conf], os.path.join(work, f"tmux.{i}"))


def run_raw(i):
    start = time.time()
    subprocess.run(["script", "-q", "-c", f"cat {data}", "/dev/null"], stdout=subprocess.DEVNULL, check=True)
    return size / (time.time() - start) / 1e6


runners = {"ccmux": run_ccmux, "tmux": run_tmux, "raw pty": run_raw}
if args.persistence_off_too:
    runners["ccmux-off"] = lambda i: run_ccmux(i, off_conf, "ccmux-off")
if args.against:
    runners["against"] = lambda i: run_ccmux(i, tag="against", binary=args.against)
if not shutil.which("tmux"):
    print("tmux not found: measuring ccmux and the raw PTY only", file=sys.stderr)
    del runners["tmux"]
rates = {name: [] for name in runners}
for i in range(args.runs):
    for name, fn in runners.items():
        rates[name].append(fn(i))
attached = ", a client attached (200x51 PTY, drained) for ccmux and tmux" if args.attached else ", no client"
print(f"file: {size / 1e6:.0f} MB, pane 200x50{attached}, {args.runs} runs each, alternating; "
      "MB/s (median, all runs)")
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
if "against" in medians:
    print(f"  ccmux / against = {medians['ccmux'] / medians['against']:.2f}x")
print("CPU seconds per run (median, all runs): the server's, and the whole machine's while it ran")
for name in server_cpu:
    print(f"  {name:8} server {statistics.median(server_cpu[name]):5.2f} s "
          f"[{', '.join(f'{c:.2f}' for c in server_cpu[name])}]   "
          f"machine {statistics.median(machine_cpu[name]):5.2f} s "
          f"[{', '.join(f'{c:.2f}' for c in machine_cpu[name])}]")
if "tmux" in server_cpu:
    print(f"  server CPU ccmux / tmux = {statistics.median(server_cpu['ccmux']) / statistics.median(server_cpu['tmux']):.2f}")
if "against" in server_cpu:
    print(f"  server CPU ccmux / against = {statistics.median(server_cpu['ccmux']) / statistics.median(server_cpu['against']):.2f}")
if "ccmux-off" in server_cpu:
    on, off = (statistics.median(server_cpu[n]) for n in ("ccmux", "ccmux-off"))
    mon, moff = (statistics.median(machine_cpu[n]) for n in ("ccmux", "ccmux-off"))
    print(f"  CPU persistence on / off: server {on / off:.2f}, machine {mon / moff:.2f}")
for name, bs in client_bytes.items():
    print(f"  {name} client wrote {statistics.median(bs) / 1e6:.1f} MB to its terminal (median per run)")
shutil.rmtree(work, ignore_errors=True)
