#!/usr/bin/env python3
"""Regenerate crates/ccmux/symbol-order.txt: the order in which the linker lays out ccmux's functions.

Why: the kernel maps a binary's code 64 KiB at a time (fault-around), so an idle server's RSS is the number
of 64 KiB windows its code touches, not the size of that code. With the functions that an idle server
runs placed side by side, they fill a few windows instead of touching most of the binary
(BENCHMARKS.md: "Idle RSS is code pages"). crates/ccmux/build.rs hands the file to the linker (lld's
--symbol-ordering-file) for release builds.

How: builds ccmux with LLVM's profile instrumentation (-C profile-generate, in its own target directory),
runs workloads on a private server, one phase after another, and lists the functions each phase ran
(llvm-profdata from the toolchain's llvm-tools component: `rustup component add llvm-tools`). The file
lists, in this order:
  1. what an idle server runs: a server with a session whose prompt has been drawn, stopped after 3 s of
     nothing (its pane's emulator is compacted at 2 s) (twice without persistence, then what persistence adds, twice with it); then what its
     keeper and the client that started it run;
  2. commands: the CLI commands scripts run most (new-window, send-keys, capture-pane, list-*, ...);
  3. attach: a client attached in a PTY, typing, splitting, copy mode, detach;
  4. recovery: a server killed with SIGKILL and its panes re-adopted; a restore without the keeper.
Each function is listed once, where it first ran. Rust's standard library and glibc are not instrumented:
their functions that phase 1 runs are found by a page trace instead (as root: the plain release build
runs from a loop device with read-ahead off, and mincore says which of its pages the processes touched;
every function on such a page is listed, after phase 1's own). Each trace round rebuilds the release
build with the file so far; later rounds pick up what the last layout still left outside and drop the
listed functions that were only neighbours (their pages, now among the listed ones, went untouched).
Functions no phase ran keep the compiler's order, after these.

Symbol names carry a hash of the compiler version and the crates' versions, so the file goes stale with a
new toolchain or new dependencies; and the standard library's functions that LTO copies into the binary
as local symbols carry a number (`write_str.8245`) that changes with any change of the code. Nothing
breaks (the linker skips names it does not find); what moved out of place costs page faults and RSS
again (after the timers and relocation changes of 2026-12-02, 62 names were gone, `ccmux -V` took 0.63x
tmux's time instead of 0.56x). Rerun this script after changes to what an idle server or a command runs.
`--check <binary>` says how many of the file's names a build has.

usage: scripts/symbol_order.py [--instrumented-only] | --check <binary>
(As root for the page trace. About 20 minutes: an instrumented build, then a release build per round.)
"""
import argparse
import ctypes
import fcntl
import glob
import os
import pty
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from build_path import release_binary  # noqa: E402

ORDER = os.path.join(ROOT, "crates", "ccmux", "symbol-order.txt")

ap = argparse.ArgumentParser()
ap.add_argument("--check", metavar="BINARY", help="count the file's names that BINARY has")
ap.add_argument("--target-dir", default=os.path.join(tempfile.gettempdir(), "ccmux-symbol-order-target"))
ap.add_argument("--instrumented", metavar="BINARY", help="an instrumented build to use instead of building one")
ap.add_argument("--rounds", type=int, default=3, help="rounds of the page trace (each one a release build)")
ap.add_argument("--trace-pages", nargs=2, metavar=("PLAIN", "OUT"), help=argparse.SUPPRESS)
ap.add_argument("--instrumented-only", action="store_true",
                help="skip the page trace of the standard library's and glibc's functions (needs root)")
args = ap.parse_args()


def host_tuple():
    out = subprocess.run(["rustc", "-vV"], capture_output=True, text=True, check=True).stdout
    return next(line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("host: "))


def llvm_tool(name):
    sysroot = subprocess.run(["rustc", "--print", "sysroot"], capture_output=True, text=True,
                             check=True).stdout.strip()
    path = os.path.join(sysroot, "lib", "rustlib", host_tuple(), "bin", name)
    if not os.path.exists(path):
        sys.exit(f"{path} is missing: `rustup component add llvm-tools` installs it")
    return path


def text_symbols(path):
    """(address, size, name) of the functions in `path`, by address."""
    out = subprocess.run([llvm_tool("llvm-nm"), "-n", "-S", "--defined-only", path], capture_output=True,
                         text=True, check=True).stdout
    return [(int(p[0], 16), int(p[1], 16), p[3]) for p in (line.split() for line in out.splitlines())
            if len(p) == 4 and p[2] in "tTwW"]


if args.check:
    names = [n for n in open(ORDER).read().splitlines() if n and not n.startswith("#")]
    have = {name for _, _, name in text_symbols(args.check)}
    found = sum(1 for n in names if n in have)
    print(f"{found} of {len(names)} names in {ORDER} are symbols of {args.check}")
    sys.exit(0)

# The instrumented build: a target directory of its own, so that it does not replace the release build.
# Where the profiles go is set at run time (LLVM_PROFILE_FILE); the path given here is a fixed default so
# that a second run reuses the build.
profiles = tempfile.mkdtemp(prefix="ccmux-symbol-order-")
if args.trace_pages:
    binary = None  # the plain build, set by trace_pages
elif args.instrumented:
    binary = args.instrumented
else:
    flags = "-C target-feature=+crt-static" if "linux-gnu" in host_tuple() else ""
    default_dir = os.path.join(args.target_dir, "profiles")
    env_build = dict(os.environ, CARGO_TARGET_DIR=args.target_dir,
                     RUSTFLAGS=f"{flags} -C profile-generate={default_dir}".strip())
    subprocess.run(["cargo", "build", "--release", "-p", "ccmux"], cwd=ROOT, env=env_build, check=True)
    binary = os.path.join(args.target_dir, host_tuple(), "release", "ccmux")

work = tempfile.mkdtemp(prefix="ccmux-symbol-order-run-")
base_env = dict(os.environ, CCMUX_TMPDIR=os.path.join(work, "run"), XDG_STATE_HOME=os.path.join(work, "state"),
                XDG_CONFIG_HOME=os.path.join(work, "config"), SHELL="/bin/sh", TERM="xterm-256color")
for var in ("TMUX", "CCMUX"):
    base_env.pop(var, None)
off_conf = os.path.join(work, "off.toml")
with open(off_conf, "w") as f:
    f.write("[persistence]\nenabled = false\n")
phase_env = {}


def ccmux(*argv, check=True, config=None):
    cmd = [binary, "-L", "order"] + (["-f", config] if config else []) + list(argv)
    return subprocess.run(cmd, env=phase_env, capture_output=True, text=True, check=check, timeout=60)


def wait_for(pred, timeout=10.0):
    end = time.time() + timeout
    while time.time() < end:
        if pred():
            return True
        time.sleep(0.05)
    return False


def server_pid():
    out = ccmux("display-message", "-p", "#{pid}", check=False)
    return int(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip() else None


def stop_server():
    ccmux("kill-server", check=False)
    wait_for(lambda: ccmux("ls", check=False).returncode != 0)
    time.sleep(0.5)  # the keeper and the server write their profiles as they exit


def phase_server(server_started):
    """Idle servers, twice without persistence, then twice with it (what runs varies a little from run to
    run); `server_started` hears each server's pid."""
    for config in (off_conf, off_conf, None, None):
        ccmux("new-session", "-d", "-s", "idle", "-x", "200", "-y", "50", config=config)
        # The shell's prompt has come and been drawn: the server idles from here on, and compacts the
        # pane's emulator 2 s after its last output (part of being idle).
        wait_for(lambda: ccmux("capture-pane", "-p", "-t", "idle", check=False).stdout.strip() != "")
        time.sleep(3)
        server_started(server_pid())
        stop_server()


def phase_commands():
    ccmux("new-session", "-d", "-s", "w", "-x", "120", "-y", "40")
    for _ in range(3):
        ccmux("new-window", "-d", "-t", "w")
        ccmux("send-keys", "-t", "w:1", "echo hi", "Enter")
        ccmux("split-window", "-d", "-t", "w:1")
        ccmux("select-pane", "-t", "w:1.1")
        ccmux("resize-pane", "-t", "w:1.1", "-y", "10")
        ccmux("capture-pane", "-p", "-t", "w:1.0")
        ccmux("list-sessions")
        ccmux("list-windows", "-a")
        ccmux("list-panes", "-a", "-F", "#{pane_id} #{pane_pid} #{pane_current_command}")
        ccmux("display-message", "-p", "#{session_name}:#{window_index}")
        ccmux("has-session", "-t", "w")
        ccmux("set-option", "-g", "status-left", "[#S]")
        ccmux("show-options", "-g")
        ccmux("bind-key", "-n", "F5", "new-window")
        ccmux("list-keys")
        ccmux("set-buffer", "hello")
        ccmux("paste-buffer", "-t", "w:1.0")
        ccmux("rename-window", "-t", "w:1", "work")
        ccmux("kill-window", "-t", "w:1")
        ccmux("-V")
    stop_server()


def attached(session_args, keys):
    """Runs `ccmux attach` in an 80x24 PTY, sends each of `keys` after the screen went quiet."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(binary, [binary, "-L", "order"] + session_args, phase_env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))

    def drain(quiet):
        end = time.time() + 10
        while time.time() < end:
            ready, _, _ = select.select([fd], [], [], quiet)
            if not ready:
                return
            try:
                if not os.read(fd, 65536):
                    return
            except OSError:
                return

    drain(0.5)
    for key in keys:
        os.write(fd, key)
        drain(0.2)
    try:
        os.waitpid(pid, 0)
    finally:
        os.close(fd)


def phase_attach():
    ccmux("new-session", "-d", "-s", "a", "-x", "80", "-y", "24")
    typing = [c.encode() for c in "echo hello world"] + [b"\r", b"ls -l /\r"]
    keys = typing + [b"\x02%", b"\x02\"", b"\x02o", b"\x02c", b"\x02n", b"\x02[", b"k", b"k", b"q",
                     b"\x02:", b"list-windows\r", b"\x02z", b"\x02z", b"exit\r", b"\x02d"]
    attached(["attach", "-t", "a"], keys)
    attached(["new-session", "-s", "b"], typing + [b"\x02d"])
    stop_server()


def phase_recovery():
    ccmux("new-session", "-d", "-s", "r")
    for _ in range(3):
        ccmux("new-window", "-d", "-t", "r")
    ccmux("send-keys", "-t", "r:0", "seq 1 2000", "Enter")
    time.sleep(1)
    pid = server_pid()
    os.kill(pid, 9)  # its profile is lost; the next server's is what counts
    wait_for(lambda: ccmux("ls", check=False).returncode == 0)
    ccmux("capture-pane", "-p", "-t", "r:0")
    ccmux("persistence", "status", check=False)
    # Without the keeper too: the panes come back from the log (a reboot, as far as ccmux can tell).
    keeper = subprocess.run(["pgrep", "-f", f"{binary} __keeper"], capture_output=True, text=True).stdout.split()
    pid = server_pid()
    for p in keeper:
        os.kill(int(p), 9)
    os.kill(pid, 9)
    time.sleep(0.5)
    wait_for(lambda: ccmux("ls", check=False).returncode == 0)
    ccmux("capture-pane", "-p", "-t", "r:0")
    stop_server()


PHASES = [("commands", phase_commands), ("attach", phase_attach), ("recovery", phase_recovery)]


def functions_ran(raw_files, merged):
    """The functions with a count in these raw profiles, and every function the profiles know."""
    subprocess.run([PROFDATA, "merge", "-o", merged] + raw_files, check=True)
    listing = subprocess.run([PROFDATA, "show", "--all-functions", "--counts", merged], capture_output=True,
                             text=True, check=True).stdout
    # "  <name>:" then "    Hash: ...", "    Counters: ...", "    Block counts: [n, ...]". A function ran if
    # any of its counters is not zero (the counters sit on the edges off a spanning tree of its flow
    # graph, so a run always moves one of them). A function with internal linkage is named
    # "<codegen unit>;<symbol>".
    ran, known = [], set()
    current = None
    for line in listing.splitlines():
        if line.startswith("  ") and not line.startswith("    ") and line.rstrip().endswith(":"):
            current = line.strip()[:-1].rsplit(";", 1)[-1]
            known.add(current)
        elif line.strip().startswith("Block counts:") and current:
            counts = line.split("[", 1)[1].rstrip("]").split(",")
            if any(c.strip() not in ("", "0") for c in counts):
                ran.append(current)
            current = None
    return ran, known


def process_exes():
    for pid in os.listdir("/proc"):
        try:
            yield os.readlink(f"/proc/{pid}/exe")
        except OSError:
            pass


def cached_pages(path):
    """The pages of `path` in the page cache (mincore)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mmap.restype = ctypes.c_void_p
    libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                          ctypes.c_long]
    libc.mincore.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p]
    fd = os.open(path, os.O_RDONLY)
    size = os.fstat(fd).st_size
    addr = libc.mmap(None, size, 1, 1, fd, 0)  # PROT_READ, MAP_SHARED
    os.close(fd)
    pages = (size + 4095) // 4096
    vec = (ctypes.c_ubyte * pages)()
    if libc.mincore(ctypes.c_void_p(addr), ctypes.c_size_t(size), vec) != 0:
        sys.exit(f"mincore: errno {ctypes.get_errno()}")
    return {i for i in range(pages) if vec[i] & 1}


def trace_pages(plain, out):
    """Runs the server phase with `plain` from a file system with read-ahead off and writes the pages of
    the file that came into the page cache to `out`. Run in a mount namespace of its own (the caller's
    `unshare`), so that the mount goes away with it."""
    mnt = tempfile.mkdtemp(prefix="ccmux-symbol-order-mnt-")
    image = mnt + ".img"
    size_mb = os.path.getsize(plain) * 3 // (1 << 20) + 16
    subprocess.run(["truncate", "-s", f"{size_mb}M", image], check=True)
    subprocess.run(["mkfs.ext4", "-q", "-b", "4096", image], check=True)
    subprocess.run(["mount", "-o", "loop", image, mnt], check=True)
    os.unlink(image)
    loop = subprocess.run(["findmnt", "-n", "-o", "SOURCE", mnt], capture_output=True, text=True,
                          check=True).stdout.strip()
    with open(f"/sys/block/{os.path.basename(loop)}/queue/read_ahead_kb", "w") as f:
        f.write("0")
    copy = os.path.join(mnt, "ccmux")
    shutil.copy(plain, copy)
    fd = os.open(copy, os.O_RDONLY)
    os.fsync(fd)
    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    os.close(fd)
    if cached_pages(copy):
        sys.exit("the copy's pages stayed in the page cache")
    global binary, phase_env
    binary, phase_env = copy, dict(base_env)
    phase_server(lambda pid: None)
    with open(out, "w") as f:
        f.write(" ".join(str(p) for p in sorted(cached_pages(copy))))


def traced_functions(plain):
    """The functions of the plain (uninstrumented) build `plain` whose pages the server phase touched:
    Rust's standard library and glibc are not instrumented, so the profile cannot name theirs.

    The binary runs from a file system of its own on a loop device with read-ahead off, so that each page
    comes into the page cache only when a process touches it, and mincore says which did. Pages, not
    functions: every function on a touched page counts. Needs root (unshare, mount)."""
    out = os.path.join(work, "pages")
    subprocess.run(["unshare", "--mount", "--propagation", "private", sys.executable, __file__,
                    "--trace-pages", plain, out], check=True)
    pages = [int(p) for p in open(out).read().split()]
    # File pages to addresses: the program headers say where each loaded segment's bytes sit.
    headers = subprocess.run(["readelf", "-lW", plain], capture_output=True, text=True, check=True).stdout
    segments = [(int(p[1], 16), int(p[2], 16), int(p[4], 16)) for p in (line.split() for line in
                headers.splitlines()) if p and p[0] == "LOAD"]
    touched = set()
    for page in pages:
        for offset, vaddr, filesz in segments:
            if offset <= page * 4096 < offset + filesz:
                start = vaddr + page * 4096 - offset
                touched.update(range(start // 4096 * 4096, start + 4096, 4096))
    return [name for addr, size, name in text_symbols(plain)
            if any(p in touched for p in range(addr // 4096 * 4096, addr + max(size, 1), 4096))]


if args.trace_pages:
    trace_pages(*args.trace_pages)
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(profiles, ignore_errors=True)
    sys.exit(0)

PROFDATA = llvm_tool("llvm-profdata")
order = []  # (section title, names)
seen = set()


def add(title, names):
    fresh = [n for n in names if n not in seen]
    seen.update(fresh)
    order.append((title, fresh))
    print(f"{title}: {len(names)} functions, {len(fresh)} new", file=sys.stderr)


# Phase 1, by process: the server's functions first (without persistence, then what persistence adds),
# the keeper's and the client's after them.
raw = os.path.join(profiles, "server")
os.makedirs(raw)
phase_env = dict(base_env, LLVM_PROFILE_FILE=os.path.join(raw, "%p.profraw"))
servers = []
phase_server(servers.append)
all_raw = glob.glob(os.path.join(raw, "*.profraw"))
server_raw = [os.path.join(raw, f"{pid}.profraw") for pid in servers]
ran_off, known = functions_ran(server_raw[:2], os.path.join(profiles, "server-off.profdata"))
ran_on, known_on = functions_ran(server_raw[2:], os.path.join(profiles, "server-on.profdata"))
add("idle server", ran_off)
add("idle server: the standard library and glibc, by page", [])  # filled in by the page trace below
add("idle server with persistence", ran_on)
ran, _ = functions_ran([f for f in all_raw if f not in server_raw], os.path.join(profiles, "others.profdata"))
add("keeper and client", ran)

for name, run in PHASES:
    raw = os.path.join(profiles, name)
    os.makedirs(raw)
    phase_env = dict(base_env, LLVM_PROFILE_FILE=os.path.join(raw, "%p.profraw"))
    run()
    ran, _ = functions_ran(glob.glob(os.path.join(raw, "*.profraw")), os.path.join(profiles, name + ".profdata"))
    add(name, ran)


def write_order():
    with open(ORDER, "w") as out:
        out.write("# Generated by scripts/symbol_order.py: the functions each phase ran, phase by phase.\n")
        for title, names in order:
            out.write(f"# {title}\n")
            out.writelines(n + "\n" for n in names)


write_order()
release = release_binary()
if os.geteuid() != 0 or args.instrumented_only:
    print("not root or --instrumented-only: the standard library's and glibc's functions keep their places",
          file=sys.stderr)
else:
    # The page trace runs the plain build, laid out by the file so far. Its first round takes only the
    # functions the profile does not know (the standard library's, glibc's): a page holds many functions,
    # and the profile says which of its own did not run. What the first round moved leaves fewer
    # functions on the pages the server touches outside the ordered ones; each later round moves all of
    # those (what ran among them, with its neighbours).
    build = dict(os.environ)
    build.pop("RUSTFLAGS", None)
    for round in range(args.rounds):
        subprocess.run(["cargo", "build", "--release", "-p", "ccmux"], cwd=ROOT, env=build, check=True)
        traced = traced_functions(release)
        skip = seen | known | known_on if round == 0 else seen
        fresh = [n for n in traced if n not in skip]
        # The traced functions sit together now, so a page of theirs that no process touched holds only
        # functions that did not run: they leave the list (they were on a touched page of the last
        # layout only as neighbours).
        touched = set(traced)
        dropped = [n for n in order[1][1] if n not in touched] if round > 0 else []
        order[1][1][:] = [n for n in order[1][1] if n in touched or round == 0] + fresh
        seen.difference_update(dropped)
        seen.update(fresh)
        print(f"page trace, round {round + 1}: {len(fresh)} functions more, {len(dropped)} fewer",
              file=sys.stderr)
        write_order()
print(f"wrote {ORDER}; rebuild (cargo build --release) and check with "
      f"scripts/symbol_order.py --check {release}", file=sys.stderr)
shutil.rmtree(work, ignore_errors=True)
shutil.rmtree(profiles, ignore_errors=True)
