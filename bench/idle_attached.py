#!/usr/bin/env python3
"""Wake-ups of an idle server with a client attached (issue 12: nothing happens, nothing runs),
ccmux against tmux on the same machine in the same run.

Each multiplexer runs a server on a private socket (ccmux: CCMUX_TMPDIR, XDG_STATE_HOME and
XDG_CONFIG_HOME in a temp dir, default configuration; tmux: `tmux -L <unique> -f /dev/null`) with a
session of one idle shell, and a real client attached in an 80x24 PTY opened here. Once the screen is
drawn and 6 s have passed (ccmux settles in 4), the server's context switches (every thread, voluntary and involuntary:
each is a wake-up) and CPU time are counted over --seconds, and the bytes the client wrote to its
terminal, and the client process's own wake-ups. Both with the default status line (tmux: `status-interval` 15 s) and with `status off`.

usage: bench/idle_attached.py [--seconds 30] [--ccmux <binary>]
"""
import argparse
import fcntl
import glob
import os
import select
import shutil
import struct
import subprocess
import tempfile
import termios
import time

from build_path import release_binary

ap = argparse.ArgumentParser()
ap.add_argument("--seconds", type=float, default=30)
ap.add_argument("--ccmux", default=release_binary())
args = ap.parse_args()

work = tempfile.mkdtemp(prefix="ccmux-idle-")
env = dict(os.environ, CCMUX_TMPDIR=os.path.join(work, "run"), XDG_STATE_HOME=os.path.join(work, "state"),
           XDG_CONFIG_HOME=os.path.join(work, "config"), HOME=work, SHELL="/bin/sh", ENV="",
           TERM="xterm-256color")
for var in ("TMUX", "TMUX_PANE", "CCMUX", "CCMUX_PANE"):
    env.pop(var, None)
TICK = os.sysconf("SC_CLK_TCK")
BASES = {
    "ccmux": [os.path.abspath(args.ccmux)],
    "tmux": ["tmux", "-L", f"ccmux-idle-{os.getpid()}", "-f", "/dev/null"],
}


def run(base, *a):
    return subprocess.run(base + list(a), env=env, check=True, capture_output=True, text=True).stdout


def switches(pid):
    """Context switches so far of each of the server's threads, by thread id."""
    counts = {}
    for status in glob.glob(f"/proc/{pid}/task/*/status"):
        try:
            with open(status) as f:
                counts[status] = sum(int(line.split()[1]) for line in f if "ctxt_switches" in line)
        except OSError:
            pass
    return counts


def woken(before, after):
    """Wake-ups between two samples: threads that ended meanwhile are left out, new ones count whole."""
    return sum(n - before.get(t, 0) for t, n in after.items())


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def drain(master, seconds):
    """Reads the client's output for `seconds`; returns the bytes read."""
    n = 0
    end = time.time() + seconds
    while (left := end - time.time()) > 0:
        r, _, _ = select.select([master], [], [], left)
        if r:
            try:
                n += len(os.read(master, 65536))
            except OSError:
                break
    return n


def measure(name, status):
    base = BASES[name]
    run(base, "new-session", "-d", "-s", "idle", "-x", "80", "-y", "23")
    if not status:
        run(base, "set", "-g", "status", "off")
    server = int(run(base, "display", "-p", "#{pid}"))
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    client = subprocess.Popen(base + ["attach", "-t", "idle"], stdin=slave, stdout=slave, stderr=slave,
                              env=env, close_fds=True, start_new_session=True,
                              preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
    os.close(slave)
    try:
        # Settled: ccmux freezes the idle pane's emulator 2 s after its last output and lets go of
        # the code that ran 2 s after that (one wake-up each, once).
        drain(master, 6.0)
        s0, c0, k0 = switches(server), cpu_ticks(server), switches(client.pid)
        written = drain(master, args.seconds)
        s1, c1, k1 = switches(server), cpu_ticks(server), switches(client.pid)
    finally:
        client.kill()
        client.wait()
        os.close(master)
        subprocess.run(base + ["kill-server"], env=env, capture_output=True)
    return (woken(s0, s1) / args.seconds, (c1 - c0) / TICK * 1000 / args.seconds, written,
            woken(k0, k1) / args.seconds)


print(f"idle server, one client attached (80x24); {args.seconds:.0f} s windows; "
      "wake-ups = context switches of every server thread")
for status in (True, False):
    print(f"  status line {'on (default)' if status else 'off'}:")
    for name in ("ccmux", "tmux"):
        wakes, cpu, written, client_wakes = measure(name, status)
        print(f"    {name:6} {wakes:6.2f} wake-ups/s  {cpu:6.2f} ms CPU/s  {written:6d} bytes to the terminal"
              f"  client {client_wakes:5.2f} wake-ups/s")
shutil.rmtree(work, ignore_errors=True)
