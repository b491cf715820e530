#!/usr/bin/env python3
"""Keystroke-to-echo latency through an attached client: ccmux against tmux on the same machine.

Each multiplexer runs a server on a private socket (ccmux: CCMUX_TMPDIR, XDG_STATE_HOME and XDG_CONFIG_HOME
in a temp dir, default configuration; tmux: `tmux -L <unique> -f /dev/null`) with a detached session `lat`
whose pane runs `stty raw -echo; exec cat`, which writes back each byte as soon as it arrives. The real
client (`ccmux attach -t lat` / `tmux attach -t lat`) runs in an 80x24 PTY opened here (TERM=xterm-256color).
Once the screen is drawn, printable characters are typed one at a time; each is timed from the write of the
key to the PTY master until the read of the client's output that contains that character outside any escape
sequence. Characters are drawn from those not on the screen at attach time (no digits, so a status-line
clock cannot match); a carriage return (untimed) every 60 keys keeps the echo on one line, so nothing
scrolls, and each key differs from the character already in its cell. Before each key the client's output
must have been quiet for --gap ms (default 50, a fast typist's pace), so a late frame cannot be taken for
the echo; --gap 5 types back to back.

Rounds alternate ccmux and tmux (a fresh client each round; the servers live for the whole run); the
report gives median, p90, p99 and max in ms for each, and the ratios ccmux/tmux.

--against <binary> puts a second ccmux build (its own server, -L) in tmux's place, for two builds in one
run; --config / --against-config give each ccmux server a config file (e.g. persistence off).

usage: bench/latency.py [--rounds 3] [--keys 100] [--gap 50] [--ccmux <binary>] [--config <file>]
                        [--against <binary>] [--against-config <file>]
e.g.:  python3 bench/latency.py            (3 rounds x 100 keys = 300 keys per multiplexer)
       python3 bench/latency.py --ccmux new --against old        (ratio: new / old)
Build first: cargo build --release -p ccmux
"""
import argparse
import fcntl
import math
import os
import select
import shutil
import statistics
import string
import struct
import subprocess
import sys
import tempfile
import termios
import time

from build_path import release_binary

ap = argparse.ArgumentParser()
ap.add_argument("--rounds", type=int, default=3)
ap.add_argument("--keys", type=int, default=100, help="timed keys per round and multiplexer")
ap.add_argument("--gap", type=float, default=50,
                help="ms the client's output must have been quiet before each key (typing pace)")
ap.add_argument("--ccmux", default=release_binary())
ap.add_argument("--config", help="config file for the ccmux server")
ap.add_argument("--against", help="a second ccmux build measured in tmux's place")
ap.add_argument("--against-config", help="config file for the --against server")
args = ap.parse_args()

SESSION = "lat"
PANE_CMD = "stty raw -echo; exec cat"
COLS, ROWS = 80, 24
KEY_TIMEOUT = 5.0
LINE = 60  # keys per line
WARMUP = 10  # untimed keys per round

work = tempfile.mkdtemp(prefix="ccmux-lat-")
env = dict(os.environ, CCMUX_TMPDIR=os.path.join(work, "run"), XDG_STATE_HOME=os.path.join(work, "state"),
           XDG_CONFIG_HOME=os.path.join(work, "config"), SHELL="/bin/sh", TERM="xterm-256color")
for var in ("TMUX", "TMUX_PANE", "CCMUX", "CCMUX_PANE"):
    env.pop(var, None)
ccmux = [os.path.abspath(args.ccmux)] + (["-f", os.path.abspath(args.config)] if args.config else [])
# What ccmux is measured against: tmux, or a second ccmux build (--against).
if args.against:
    OTHER = "other"
    other = [os.path.abspath(args.against), "-L", "against"] + (
        ["-f", os.path.abspath(args.against_config)] if args.against_config else [])
else:
    OTHER = "tmux"
    other = ["tmux", "-L", f"ccmux-lat-{os.getpid()}", "-f", "/dev/null"]
HAVE_OTHER = bool(args.against) or shutil.which("tmux") is not None


class Stripper:
    """Feeds terminal output through a small escape-sequence parser; returns the printable ASCII outside
    escape sequences (CSI, OSC/DCS/APC strings, charset designations). State carries across chunks."""

    def __init__(self):
        self.state = "ground"

    def feed(self, data):
        out = []
        for b in data:
            s = self.state
            if s == "ground":
                if b == 0x1B:
                    self.state = "esc"
                elif 0x20 <= b < 0x7F:
                    out.append(b)
            elif s == "esc":
                if b == 0x5B:  # [
                    self.state = "csi"
                elif b in (0x5D, 0x50, 0x5F, 0x5E, 0x58):  # ] P _ ^ X
                    self.state = "str"
                elif 0x20 <= b <= 0x2F:  # intermediates, e.g. ESC ( B
                    self.state = "escint"
                else:
                    self.state = "ground"
            elif s == "escint":
                if not 0x20 <= b <= 0x2F:
                    self.state = "ground"
            elif s == "csi":
                if 0x40 <= b <= 0x7E:
                    self.state = "ground"
            elif s == "str":
                if b == 0x07:
                    self.state = "ground"
                elif b == 0x1B:
                    self.state = "strend"
            elif s == "strend":
                self.state = "ground" if b == 0x5C else "str"
        return bytes(out)


class Client:
    """The real attach client in a PTY of COLS x ROWS opened here."""

    def __init__(self, argv):
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        # A new session with the PTY as its controlling terminal, like a terminal emulator does.
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
                                     start_new_session=True,
                                     preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
        os.close(slave)
        self.strip = Stripper()
        self.text = bytearray()  # printable text seen so far (only kept until the screen is drawn)

    def read(self, timeout):
        """One read of the client's output; returns (bytes or None on timeout, time of the read)."""
        r, _, _ = select.select([self.master], [], [], timeout)
        if not r:
            return None, time.perf_counter()
        try:
            data = os.read(self.master, 65536)
        except OSError:
            data = b""
        now = time.perf_counter()
        if not data:
            raise RuntimeError(f"attach client exited: {self.proc.poll()}; output: {bytes(self.text)[-500:]!r}")
        return data, now

    def wait_drawn(self, needle, timeout=10.0):
        """Waits until `needle` has been drawn and the client has been quiet for 300 ms."""
        deadline = time.time() + timeout
        while needle not in self.text:
            if time.time() > deadline:
                raise RuntimeError(f"screen not drawn; got {bytes(self.text)[-500:]!r}")
            data, _ = self.read(0.5)
            if data:
                self.text += self.strip.feed(data)
        self.quiet(0.3)

    def quiet(self, period):
        """Reads until nothing has come for `period` seconds."""
        while True:
            data, _ = self.read(period)
            if data is None:
                return
            self.strip.feed(data)

    def key(self, ch):
        """Types one character; returns seconds until it shows in the client's output."""
        self.quiet(args.gap / 1000)
        want = ord(ch)
        start = time.perf_counter()
        os.write(self.master, ch.encode())
        while True:
            data, now = self.read(KEY_TIMEOUT)
            if data is None:
                raise RuntimeError(f"no echo of {ch!r} within {KEY_TIMEOUT} s")
            if want in self.strip.feed(data):
                return now - start

    def untimed(self, data):
        os.write(self.master, data)
        self.quiet(0.05)

    def close(self, detach=b"\x02d"):
        """Detaches (prefix + d), then closes the PTY; kills the client if it lingers."""
        try:
            os.write(self.master, detach)
            deadline = time.time() + 5
            while self.proc.poll() is None and time.time() < deadline:
                try:
                    self.read(0.1)
                except RuntimeError:
                    break
        except OSError:
            pass
        os.close(self.master)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


PROBES = string.ascii_letters + "!#$%&()+,./;<=>?@^_{|}~"


def measure(name, base, n, line):
    """One round: attaches a client, types WARMUP + n keys; returns the n latencies. `line` is what this
    multiplexer's pane shows on its first line (kept from round to round)."""
    client = Client(base + ["attach", "-t", SESSION])
    try:
        client.wait_drawn(f"[{SESSION}]".encode())
        # Probes: characters on the screen at attach time only because earlier rounds typed them are fine.
        screen = bytes(client.text)
        chars = [c for c in PROBES if c.encode() not in screen or c in line]
        if len(chars) < 10:
            raise RuntimeError(f"{name}: too few characters usable as probes: {chars}")
        # The echo stays on the pane's first line: a carriage return every LINE keys, and each key differs
        # from what is already in its cell (else a diffing renderer rightly draws nothing).
        client.untimed(b"\r")
        col = 0
        nxt = 0
        times = []
        for i in range(WARMUP + n):
            if col == LINE:
                client.untimed(b"\r")
                col = 0
            while chars[nxt % len(chars)] == line[col]:
                nxt += 1
            ch = chars[nxt % len(chars)]
            nxt += 1
            t = client.key(ch)
            line[col] = ch
            col += 1
            if i >= WARMUP:
                times.append(t)
        return times
    finally:
        client.close()


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, math.ceil(p / 100 * len(xs)) - 1))]  # nearest rank


def main():
    subprocess.run(ccmux + ["new-session", "-d", "-s", SESSION, "-x", str(COLS), "-y", str(ROWS), PANE_CMD],
                   env=env, check=True)
    runners = {"ccmux": ccmux}
    if HAVE_OTHER:
        subprocess.run(other + ["new-session", "-d", "-s", SESSION, "-x", str(COLS), "-y", str(ROWS), PANE_CMD],
                       env=env, check=True)
        runners[OTHER] = other
    else:
        print("tmux not found: measuring ccmux only", file=sys.stderr)
    time.sleep(0.3)  # let the panes run stty
    results = {name: [] for name in runners}
    lines = {name: [None] * LINE for name in runners}
    for _ in range(args.rounds):
        for name, base in runners.items():
            results[name] += measure(name, base, args.keys, lines[name])
    if args.against:
        ver = f"other = {args.against}"
    else:
        ver = subprocess.run(["tmux", "-V"], capture_output=True, text=True).stdout.strip() if "tmux" in runners else ""
    print(f"keystroke-to-echo latency, attached client in an {COLS}x{ROWS} PTY, pane `{PANE_CMD}`; "
          f"{args.rounds} rounds x {args.keys} keys each, alternating, {args.gap:g} ms quiet before each key ({ver})")
    print(f"  {'':8} {'median':>8} {'p90':>8} {'p99':>8} {'max':>8} {'mean':>8}  (ms)")
    stats = {}
    for name, ts in results.items():
        ms = [t * 1000 for t in ts]
        stats[name] = (statistics.median(ms), pct(ms, 90), pct(ms, 99), max(ms), statistics.mean(ms))
        print(f"  {name:8} " + " ".join(f"{v:8.3f}" for v in stats[name]))
    if OTHER in stats:
        c, t = stats["ccmux"], stats[OTHER]
        print(f"  ccmux / {OTHER}: median {c[0] / t[0]:.2f}x, p99 {c[2] / t[2]:.2f}x")


try:
    main()
finally:
    subprocess.run(ccmux + ["kill-server"], env=env, capture_output=True)
    if HAVE_OTHER:
        subprocess.run(other + ["kill-server"], env=env, capture_output=True)
    shutil.rmtree(work, ignore_errors=True)
