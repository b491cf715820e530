#!/usr/bin/env python3
"""Differential test against the real tmux (3.3a): random configuration text is parsed by tmux
(`source-file -nv`, which prints each command group with its line number without running it) and
by ccmux-lang (examples/verbose_source, which prints the same), and the outputs are compared.

    cargo build -p ccmux-lang --example verbose_source
    tools/tmux_diff.py target/debug/examples/verbose_source [CASES [SEED]]

It runs a tmux server on the socket named by $TMUX_DIFF_SOCKET (default ccmux-lang-diff) and
kills it at the end. Mismatching inputs are kept in a temporary directory and shown.

Known differences, left out of the generator: octal escapes that make bytes which are not UTF-8
(tmux keeps the bytes, a Rust string gets U+FFFD) and formats beyond "#{...} expands to nothing".
Counted apart rather than as mismatches: words tmux prints in single quotes with escapes inside,
which ccmux-lang double-quotes so that they parse back (outputs equal once quotes and backslashes
are removed).
"""
import os, random, re, subprocess, sys, tempfile

OURS = sys.argv[1]
N = int(sys.argv[2]) if len(sys.argv) > 2 else 500
SEED = int(sys.argv[3]) if len(sys.argv) > 3 else 1
SOCKET = os.environ.get('TMUX_DIFF_SOCKET', 'ccmux-lang-diff')
WORK = tempfile.mkdtemp(prefix='tmux-diff-')
random.seed(SEED)

WORDS = ['q', 'z1', '12', 'é', 'a#b', 'q;', 'q\\;', '\\;', ';', '%1', '%%', '%q', '%if', '%endif',
  'A=1', '"A=1"', 'Z_=x', '=q', '~', '~/p', '~root', '~root/x', 'x~', '"~"', "'~'", '"a"~', 'a"~"',
  '$HOME', '${HOME}', '$ZZNOPE', '${ZZNOPE}', '$', '$1', '"$"', '${', '${a-b}', '"${HOME}x"',
  '"a b"', "'c d'", '"x\ny"', "'x\n  # c\n y'", '"x\n #{y}\n#\nq"', '"\\n\\t\\e\\001\\u00e9\\U0001F600"',
  '"\\8"', '"\\4"', '"\\01"', '"\\uZZ"', '"\\uD800"', '\\\\', '\\"', "\\'", '"a\\"b"', "'a\"b'",
  '"a\'b"', 'q\\\nz', '\\\n', '"#{x}"', '#{x}', 'x#{y}', '#c', '# comment', '{', '}', 'a{b', 'q}b',
  '"}"', "'{'", '""', "''", 'q"r s"t', "q'r'", '\t', '"unterminated', "'unterm", '\\', '\\x',
  '"\\', '\\u00e9', '\\000', '"\\000x"', '\r', '"\\303\\251"', '"a$"', '$é', '"\\$HOME"',
  '"a\tb"', '"-x"', '\\~', '"\\a\\b\\f\\v\\s\\r"', "'a\\\nb'", '"a\\\\\nb"', 'x\\\\', '$HOME\\\\\nq']
CONDS = ['1', '0', '""', '"1"', '#{zz}', '"#{zz}"', '#{x', 'A=1', '', "'0'", '#{a}b', '"0"', '#x']
SEPS = [' ', ' ', ' ', '\t', '  ', ' \\\n ']

def sep():
    return random.choice(SEPS)

def words(n):
    return sep().join(random.choice(WORDS) for _ in range(n))

def block(depth):
    parts = ['{']
    for _ in range(random.randint(0, 3)):
        parts.append(statement(depth + 1, True))
        parts.append(random.choice(['\n', ' ; ', '\n\n', ' ', '\n  ']))
    parts.append('}')
    return sep().join(parts) if random.random() < 0.5 else ''.join(parts)

def command(depth, inblock):
    if not inblock:
        out = ['bind-key', 'x']
        for _ in range(random.randint(0, 4)):
            out.append(block(depth) if depth < 4 and random.random() < 0.3 else random.choice(WORDS))
        return sep().join(out)
    if depth < 4 and random.random() < 0.3:
        out = ['if-shell', 'q', block(depth)]
        if random.random() < 0.5:
            out.append(block(depth))
        return sep().join(out)
    return 'send-keys k ' + words(random.randint(0, 4))

def condition(depth, inblock):
    lines = ['%if ' + random.choice(CONDS)]
    for _ in range(random.randint(0, 2)):
        lines.append(statement(depth + 1, inblock))
    if random.random() < 0.4:
        lines.append('%elif ' + random.choice(CONDS))
        lines.append(statement(depth + 1, inblock))
    if random.random() < 0.4:
        lines.append('%else')
        lines.append(statement(depth + 1, inblock))
    if random.random() < 0.9:
        lines.append('%endif')
    return '\n'.join(lines)

def inline_condition(depth, inblock):
    out = ['%if', random.choice(CONDS), command(depth, inblock)]
    if random.random() < 0.3:
        out += ['%elif', random.choice(CONDS), command(depth, inblock)]
    if random.random() < 0.3:
        out += ['%else', command(depth, inblock)]
    if random.random() < 0.9:
        out.append('%endif')
    return sep().join(out)

def statement(depth, inblock):
    r = random.random()
    if depth > 5:
        return command(depth, inblock)
    if r < 0.45:
        s = command(depth, inblock)
        while random.random() < 0.2:
            s += random.choice([' ; ', ';', ' \\; ', ' ;; ']) + command(depth, inblock)
        if random.random() < 0.1:
            s += ' # trailing'
        return s
    if r < 0.55:
        return condition(depth, inblock)
    if r < 0.62:
        return inline_condition(depth, inblock)
    if r < 0.67:
        return random.choice(['ZQ=1', '%hidden ZQ=2', 'ZQ=1 ' + command(depth, inblock), '%hidden q', 'ZQ="a b"'])
    if r < 0.72:
        return random.choice(['# comment', '#', '  # x \\\n continued', ''])
    if r < 0.8:
        return words(random.randint(1, 4))
    return command(depth, inblock)

SOUP = ['{', '}', ';', ' ', ' ', '\n', '\\', '"', "'", '#', '%', '$', '~', '=', 'z', 'A', '1', 'é', '\t',
  'bind-key x ', 'send-keys k ', '%if ', '%endif', '%else', '%elif ', '%hidden ', 'if-shell q ', '#{', 'u', '0', 'n']

def soup():
    return ''.join(random.choice(SOUP) for _ in range(random.randint(1, 40)))

def generate():
    if random.random() < 0.3:
        return soup()
    lines = [statement(0, False) for _ in range(random.randint(1, 6))]
    text = '\n'.join(lines)
    if random.random() < 0.8:
        text += '\n'
    return text

def tmux_out(path):
    p = subprocess.run(['tmux', '-L', SOCKET, 'source', '-nv', path], capture_output=True)
    out = (p.stdout + p.stderr).decode('utf-8', 'replace')
    out = re.sub(r'ambiguous command: (.*?), could be: .*', r'unknown command: \1', out)
    return out

def our_out(path):
    p = subprocess.run([OURS, path], capture_output=True)
    return (p.stdout + p.stderr).decode('utf-8', 'replace')

subprocess.run(['tmux', '-L', SOCKET, 'kill-server'], capture_output=True)
subprocess.run(['tmux', '-L', SOCKET, '-f', '/dev/null', 'new', '-d'], check=True)
fails = 0
quoting = 0

def unquoted(out):
    return re.sub(r'[\'"\\]', '', out)

try:
    for i in range(N):
        text = generate()
        path = os.path.join(WORK, 'case.conf')
        with open(path, 'w') as f:
            f.write(text)
        a, b = tmux_out(path), our_out(path)
        if a != b and "'" in a and unquoted(a) == unquoted(b):
            quoting += 1
        elif a != b:
            fails += 1
            fpath = os.path.join(WORK, 'fail%d.conf' % fails)
            with open(fpath, 'w') as f:
                f.write(text)
            print('=== MISMATCH %s' % fpath)
            print('--- tmux:\n' + a + '--- ours:\n' + b)
            if fails >= 5:
                break
finally:
    subprocess.run(['tmux', '-L', SOCKET, 'kill-server'], capture_output=True)
print('cases=%d mismatches=%d quoting-differences=%d' % (i + 1, fails, quoting))
