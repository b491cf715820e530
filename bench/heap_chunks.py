#!/usr/bin/env python3
"""What a running server's heap holds: walks glibc malloc's chunks in the main arena (the `[heap]`
mapping, read through /proc/PID/mem: root or the server's user) and prints the bytes in use by chunk
size, largest totals first. Chunks in a thread's cache (tcache) count as in use. Another arena (glibc
makes a second one for the pane threads, `M_ARENA_MAX` 2) is walked with `--mapping <its address>`.

It found the 2 MiB chunks of `bench/many_panes.py`'s RSS: each pane's vte parser reserves a 2 MiB
buffer, and glibc carved some of them out of free heap chunks whose pages were resident (BENCHMARKS.md,
2026-12-03).

usage: bench/heap_chunks.py <server pid> [--top 20] [--show <chunk size>]
  e.g. bench/heap_chunks.py $(ccmux display -p '#{pid}')
"""
import argparse
import collections
import re
import struct

ap = argparse.ArgumentParser()
ap.add_argument("pid", type=int)
ap.add_argument("--top", type=int, default=20)
ap.add_argument("--show", type=int, help="print the first bytes of a few in-use chunks of this size")
ap.add_argument("--mapping", help="walk the mapping starting at this hex address (another arena's heap, "
                "from /proc/PID/maps) instead of [heap]")
args = ap.parse_args()

maps = open(f"/proc/{args.pid}/maps").read()
if args.mapping:
    m = re.search(rf"^({args.mapping.lower().removeprefix('0x')})-([0-9a-f]+) rw-p ", maps, re.M)
else:
    m = re.search(r"^([0-9a-f]+)-([0-9a-f]+) rw-p \S+ \S+ \S+\s+\[heap\]", maps, re.M)
if not m:
    raise SystemExit("no such mapping" if args.mapping else "no [heap] mapping")
lo, hi = int(m.group(1), 16), int(m.group(2), 16)
with open(f"/proc/{args.pid}/mem", "rb") as f:
    f.seek(lo)
    data = f.read(hi - lo)


def size_at(off):
    return struct.unpack_from("<Q", data, off + 8)[0] & ~7


def walk(start):
    """The chunks from `start` to the end of the heap, or None when the sizes do not chain up."""
    chunks, off = [], start
    while off + 16 <= len(data):
        sz = size_at(off)
        if sz < 32 or sz % 16 or off + sz > len(data):
            return None
        chunks.append((off, sz))
        off += sz
        if len(data) - off < 32:
            return chunks
    return chunks


# A static binary's heap starts with the main thread's TLS block: find where the chunks begin.
chunks = None
for start in range(0, min(len(data), 1 << 20), 16):
    if size_at(start):
        chunks = walk(start)
        if chunks and len(chunks) > 10:
            break
if not chunks:
    raise SystemExit("could not find malloc's chunks in the heap")

in_use, count = collections.Counter(), collections.Counter()
for (off, sz), (next_off, _) in zip(chunks, chunks[1:]):
    if struct.unpack_from("<Q", data, next_off + 8)[0] & 1:  # the next chunk's PREV_INUSE bit
        in_use[sz] += sz
        count[sz] += 1
total = sum(in_use.values())
print(f"heap {len(data) / 1048576:.1f} MiB, {len(chunks)} chunks, in use {total / 1048576:.1f} MiB")
for sz, b in in_use.most_common(args.top):
    print(f"  {sz:9d} bytes x {count[sz]:6d} = {b / 1048576:7.2f} MiB")
if args.show:
    shown = 0
    for (off, sz), (next_off, _) in zip(chunks, chunks[1:]):
        if sz == args.show and struct.unpack_from("<Q", data, next_off + 8)[0] & 1:
            print(hex(lo + off), data[off + 16: off + 16 + 64].hex(" ", 8))
            shown += 1
            if shown == 4:
                break
