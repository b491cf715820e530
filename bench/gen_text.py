#!/usr/bin/env python3
"""Writes N megabytes of typical terminal text: source code, `ls -l` lines, SGR-coloured log lines.

Deterministic (fixed seed), so every run and every multiplexer gets the same bytes.
usage: gen_text.py OUT [MEGABYTES=100]
"""
import random
import sys

out = sys.argv[1]
size = int(sys.argv[2] if len(sys.argv) > 2 else 100) * 1000 * 1000
rng = random.Random(16)
words = ("fn let mut self match Some None Ok Err return impl pub struct enum use crate "
         "buffer pane window session render cursor offset length index value result").split()
perms = ["-rw-r--r--", "drwxr-xr-x", "-rwxr-xr-x", "lrwxrwxrwx"]
colours = [31, 32, 33, 34, 35, 36, 91, 92, 93, 94]


def code_line():
    indent = " " * (4 * rng.randint(0, 4))
    body = " ".join(rng.choice(words) for _ in range(rng.randint(2, 14)))
    return f"{indent}{body}{rng.choice([';', ' {', '', ',', ' }'])}\n"


def ls_line():
    name = "_".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
    return (f"{rng.choice(perms)} 1 user group {rng.randint(0, 10**7):>9} "
            f"Nov {rng.randint(1, 30):>2} {rng.randint(0, 23):02}:{rng.randint(0, 59):02} {name}.rs\n")


def log_line():
    c = rng.choice(colours)
    level = rng.choice(["INFO", "WARN", "DEBUG", "ERROR"])
    msg = " ".join(rng.choice(words) for _ in range(rng.randint(3, 20)))
    return f"\x1b[2m2026-11-25T21:{rng.randint(0, 59):02}:{rng.randint(0, 59):02}Z\x1b[0m \x1b[1;{c}m{level:5}\x1b[0m {msg}\n"


makers = [code_line] * 5 + [ls_line] * 3 + [log_line] * 2
written = 0
with open(out, "w") as f:
    chunk = []
    while written < size:
        line = rng.choice(makers)()
        chunk.append(line)
        written += len(line)
        if len(chunk) >= 4096:
            f.write("".join(chunk))
            chunk = []
    f.write("".join(chunk))
