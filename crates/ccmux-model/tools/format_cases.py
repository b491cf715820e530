#!/usr/bin/env python3
"""Regenerates crates/ccmux-model/src/format/tmux_cases.rs: runs each format below through a real
tmux 3.3a (`display-message -p`, i.e. format_expand_time) on a private server with known sessions,
windows, panes and user options, and records what it printed.

    LANG=C.UTF-8 python3 crates/ccmux-model/tools/format_cases.py
"""
import os, subprocess, sys, time

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "format", "tmux_cases.rs")
SOCK = "fmcases"

# Not here: a character tmux cannot measure (such as U+0085 in @ctl) makes `#{=-N:...}` and `#{w:...}` loop
# forever in tmux 3.3a's format_width().
VARS = [
    ("@x", "hello world"), ("@n", "42"), ("@one", "1"), ("@zero", "0"), ("@e", ""),
    ("@u", "héllo 世界"), ("@p", "/usr/local/bin/"), ("@p2", "a//b//"), ("@slash", "//"),
    ("@root", "/"), ("@q", "a'b\"c$d e#f%g*h|&;<>()`\\?[="), ("@self", "#{E:@self}x"),
    ("@fmt", "#{@x}!"), ("@t", "1445765102"), ("@h", "##ab#c"), ("@br", "a[]b\\c"),
    ("@sty", "#[fg=red]abc#[default]def"), ("@tfmt", "%%H:%%M=#{@n}"), ("@tab", "a\tb"),
    ("@wide", "世界世界"), ("@cond", "#{?@one,yes,no}"), ("@neg", "-7"), ("@f", "5.5"),
    ("@col", "colour200"), ("@hashes", "###[x]y##z"), ("@unterminated", "ab#[fg=red"),
    ("@comb", "e\u0301e\u0301"), ("@ctl", "a\u0085b"), ("@list", "a,b,c"),
    ("@star", "*"), ("@ab", "abABab"), ("@num", "0012"), ("@hexn", "0x10"), ("@sp", " 5"),
]

FORMATS = r"""
plain text
#{@x}
#{@nope}|
#{session_name}:#{window_index}:#{window_name}:#{pane_index}
#S #I #W #P
#X#Y#a#Z#q#1#é
## #, #} #: #[fg=red]x
##[a ###[a ####[a
abc#
abc#{
abc#{@x
x#{?@one}y
x#(echo
#{
#{}
a#{:}b
a#{:@x}b
a#{l;}b
a#{;}b
#{?@one,a,b}
#{?@zero,a,b}
#{?@e,a,b}
#{?@nope,a,b}
#{?@x,a,b}
#{?1,a,b}
#{?0,a,b}
#{?,a,b}
#{?@one,a}
#{?@one,a,b,c}
#{?@zero,a,b,c}
#{?@zero,a,?@one,b,c}
#{?@one,a#,b,c}
#{?@one,#{@x},c}
#{?#{@one},a,b}
#{?#{@zero},a,b}
#{?#{@nope}x,a,b}
#{?@one#{@n},a,b}
#{?@one,#{?@zero,a,b},c}
#{?#{==:#{@n},42},yes,no}
#{?session_name,s,n}
#{?pane_index,A,B}
#{?window_active,A,B}
#{b:?@one,a,b}
#{E:?@one,#{@x},b}
#{==:a,a}|#{==:a,b}|#{!=:a,b}|#{!=:a,a}
#{<:a,b}|#{>:a,b}|#{<=:a,a}|#{>=:a,b}|#{<:B,a}|#{<:é,z}
#{||:0,1}|#{||:0,0}|#{||:,}|#{||:0,00}|#{&&:1,1}|#{&&:1,}|#{&&:x,y}
#{==:#{@x},hello world}
#{==:@x,@x}
#{==:a}
q#{==:a}r
#{==:a,b,c}
#{==:a#,b,a#,b}
#{!:1}|#{!!:1}
#{m:*wor*,#{@x}}|#{m:*WOR*,#{@x}}|#{m/i:*WOR*,#{@x}}
#{m/r:^h.*d$,#{@x}}|#{m/ri:^H,#{@x}}|#{m/r:(,#{@x}}
#{m:a?b,a/b}|#{m:[!a]*,bcd}|#{m:[^a]*,bcd}|#{m:\*,*}|#{m:\*,a}
#{m:[a-c]x,bx}|#{m:[[:digit:]]x,5x}|#{m:[z-a]x,bx}|#{m:[,[}|#{m:[a,[a}|#{m:[a,a}
#{m:[]a],]}|#{m:[]a],a}|#{m:[!]a],b}|#{m:a\,a}|#{m:*,}|#{m:,}|#{m:?,}
#{m:é?,éa}|#{m/i:ÉT*,été}|#{m:?t?,été}|#{m:[é]t,ét}|#{m:[[:alpha:]]*,été}
#{m:[[:foo:]],a}|#{m:[[:ALPHA:]],a}|#{m:[a-],-}|#{m:[\]],]}
#{m/r:[]a],]}|#{m/r:a\|b,a|b}|#{m/r:a|ab,ab}|#{m/r:[[:upper:]],abC}|#{m/r:,x}
#{m/r:a{2},caab}|#{m/r:x),x)}|#{m/r:[\],\}|#{m/r:\.,a}|#{m/r:\.,.}
#{s/o/0/:@x}
#{s/O/0/i:@x}
#{s/(l+)/<\1>/:@x}
#{s/^h/H/:@x}
#{s/^/X/:@x}
#{s/x*/-/:@x}
#{s/$/!/:@x}
#{s/$/X/:@e}
#{s/\b/|/:@x}
#{s/a(.)/\1x/i:@ab}
#{s/(a)|b/[\1]/:#{l:ab}}
#{s/l/\\/:@x}
#{s/l/\n/:@x}
#{s/(l)/\2\0/:@x}
#{s/l/x\/:@x}
#{s/o/x\/:@x}Z
#{s/./-/:@u}
#{s/é/e/:@u}
#{s/#{@n}/x/:#{l:a42b}}
#{s/^h/#{@n}/:@x}
#{s/[.]/!/:#{l:a.b}}|#{s/\./!/:#{l:a.b}}
#{s/[\]/!/:@br}|#{s/b\\/!/:@br}
#{s/l/L:@x}|#{s/l:@x}|#{s:@x}
#{s/l/L/;s/o/O/:@x}
#{s/(/x/:@x}
#{s/o/0/;=3:@x}|#{=3;s/o/0/:@x}
#{=5:@x}|#{=-5:@x}|#{=/5/...:@x}|#{=/-5/...:@x}|#{=/20/...:@x}
#{=3:@u}|#{=-3:@u}|#{=2:@u}|#{=-2:@u}|#{=/2/…:@u}|#{=7:@u}
#{=3:@wide}|#{=-3:@wide}|#{=1:@wide}
#{=:@x}|#{=x:@x}|#{=0:@x}|#{=//:@x}|#{=/3:@x}|#{=/3/:@x}|#{=/3/#{@n}:@x}
#{=#{@n}:#{l:abc}}|#{=-#{@one}:#{l:abc}}
#{=2:#{@x}}|#{=2:hello}|#{=2;l:hello}|#{l;=2:hello}
#{=3:@sty}|#{=-3:@sty}|#{=4:@sty}|#{=/2/>:@sty}
#{=1:@h}|#{=2:@h}|#{=-1:@h}|#{=-2:@h}|#{=3:@hashes}|#{=-3:@hashes}
#{=5:@unterminated}|#{=-5:@unterminated}|#{w:@unterminated}
#{=2:@tab}|#{=3:@tab}|#{=2:@ctl}|#{=1:@comb}|#{=-1:@comb}
#{=/2/#{@n}:@x}|#{=/2/#[fg=red]:@x}
#{=/-2:@x}|#{=/-2/:@x}|#{=-2/x:@x}
#{=2147483648:@x}|#{=-2147483648:@x}|#{=-2147483647:@x}
#{p10:@x}|
#{p-15:@x}|
#{p15:@x}|
#{p-12:@u}|
#{p12:@u}|
#{p5:@sty}|#{p-30:@sty}|
#{p:@x}|#{px:@x}|#{p0:@x}|
#{p#{@one}0:#{l:abc}}|
#{=7;p9:@x}|
#{n:@x}|#{n:@u}|#{n:@e}|#{n:@nope}|#{n:#{@x}}|#{n;=3:@x}
#{w:@x}|#{w:@u}|#{w:@wide}|#{w:@sty}|#{w:@h}|#{w:@hashes}|#{w:@tab}|#{w:@comb}|#{w;=3:@x}
#{b:@p}|#{d:@p}|#{b:@x}|#{d:@x}|#{b:@e}|#{d:@e}
#{b:@p2}|#{d:@p2}|#{b:@n}|#{d:@n}|#{b:@slash}|#{d:@slash}|#{b:@root}|#{d:@root}
#{b:}|#{d:}|#{b:#{@p}}|#{b;d:@p}
#{q:@q}
#{q/h:@q}|#{q/e:@h}|#{q/x:@h}|#{q:@h}
#{q:#{@x}}
#{l:#{?@one,yes,no}}
#{l:a#:b#,c#}d}
#{l:a#{b}c}
#{l:%%}
#{E;l:#{@x}}|#{n;l:abc}
#{E:@fmt}|#{@fmt}|#{T:@fmt}|#{E:@cond}|#{E:@x}|#{E:@nope}|
#{E:@self}
#{T:@tfmt}|#{E:@tfmt}
#{t:@t}|#{t/p:@t}|#{t:@x}|#{t:@nope}|#{t:@zero}|#{t:0}
#{t/f/%%%%Y-%%%%m-%%%%d %%%%H#:%%%%M:@t}
#{t/f/%%%%H#:%%%%M;=2:@t}
#{t/p:@recent}|#{t/p:@days}|#{t/p:@months}|#{t/p:@future}
#{e|+|:1,2}|#{e|+|f|:1,2}|#{e|*|f|4:5.5,3}|#{e|/|:7,2}|#{e|/|:-7,2}|#{e|m|:-7,3}
#{e|/|:7,0}|#{e|/|f:7,0}|#{e|/|f:-7,0}|#{e|m|:7,0}|#{e|m|f:7,0}
#{e|%%|:7,3}|#{e|m|:7,3}|#{e|m|f:7.5,2}|#{e|x|:7,3}|#{e|+|:a,3}|#{e|+|:1}
#{e|+|:#{@n},1}|#{e|+|: 1,2}|#{e|+|:1 ,2}|#{e|+|:0x10,1}|#{e|+|:1e3,1}|#{e|+|:,1}
#{e|-|:1.9,0.5}|#{e|-|f|0:1.9,0.5}|#{e|*|f|-1:1.9,0.5}|#{e|<|:1,2}|#{e|<|f:1,2}|#{e|==|:1.2,1.4}
#{e|+|x|3:1,2}|#{e|+|f|x:1,2}|#{e|+|f|3|9:1,2}|#{e|+:1,2}|#{e:1,2}|#{e|+|:1,2,3}
#{e|+|:inf,1}|#{e|+|f:nan,1}|#{e|+|f:-nan,1}|#{e|+|f:inf,1}|#{e|-|f:-inf,1}
#{e|>|:2,1}|#{e|>=|:1,1}|#{e|<=|:2,1}|#{e|!=|:1,2}|#{e|==|f|3:1,1}
#{e|+|f|1:.5,1.}|#{e|+|f|1:0x1p3,0}|#{e|+|:@n,1}|#{e|*|:@n,2}
#{e|+|:1e400,0}|#{e|+|f|0:1e300,1e300}|#{e|*|f|0:1e300,1e300}
#{e|/|f|20:1,3}
#{a:98}|#{a:31}|#{a:126}|#{a:127}|#{a:#{@n}}|#{a:0x41}|#{a: 65}|#{a:65x}|#{a:}
#{c:red}|#{c:colour1}|#{c:#ff0000}|#{c:brightred}|#{c:91}|#{c:7}|#{c:colour200}|#{c:color16}
#{c:colour256}|#{c:default}|#{c:terminal}|#{c:DarkOrange}|#{c:dark orange}|#{c:grey50}|#{c:gray}|#{c:grey100}|#{c:grey101}
#{c:RED}|#{c:#FFaa00}|#{c:#ffaa0}|#{c:nosuch}|#{c:#{@col}}|#{c:COLOUR5}|#{c:@col}
#{N:zero}|#{N/w:two}|#{N/ws:two}|#{N/s:two}|#{N/s:alpha}|#{N/x:two}|#{N:#{@nope}}|#{N:#{window_name}}
#{S:[#{session_name}]}
#{S:#S,*#S}
#{W:#I,*#I}
#{W:#I:#W }
#{W:#I,*#I,x}
#{W:#I#,}
#{W:%%%%}
#{P:#{pane_index},*#{pane_index}}
#{P:#{pane_index}}
#{W:#{P:#{pane_index}}/}
#{S:#{W:#{session_name}.#{window_index} }}
#{W:#{?window_active,[#W],#W} }
#{W:#{E:@cond}}
#{?@one,%%,}|#{?@one,%%%%,}|#{l:%%}|100%%|#{@x}%%
#{=5;l:#{@x}abcdef}|#{l;s/a/b/:aaa}|#{l;n:abc}|#{l;p5:ab}|
#{E;s/o/0/:@fmt}|#{T;=5:@fmt}
#{=3;E:@fmt}|#{n;E:@fmt}
#{q;E:@fmt}|#{b;E:@p}
#{=3:#{=5:@x}}|#{#{@x}}|#{@x#{@n}}
#{?@one,#{=3:@x},#{=-3:@x}}
#{m:#{@star},anything}|#{m:a*,#{@ab}}|#{==:#{@list},a}
#{s/,/;/:@list}|#{=2:@list}
#{@list}|#{?@list,y,n}
#{p3;=1:@x}|#{=1;p-3:@x}|
#{e|+|:#{e|*|:2,3},1}|#{e|+|f|#{@one}:1,1}
#{C:xyz-not-there-123}|#{C/r:xyz}
#{=/3/…;=2:@x}|#{=2;=4:@x}|#{p3;p-5:@n}|#{=-3;=/4/!:@x}
#{==:?a,?a}|#{m;=1:*,x}|#{==;m:a*,abc}|#{m;==:a*,abc}|#{<;>:a,b}
#{l;a:98}|#{a;c:98}|#{c;a:red}|#{S;W:#{window_index}}|#{W;S:#{session_name}}|#{N;N/s:alpha}
#{S/r:x}|#{W/r:x}|#{P/x:x}|#{!=:a,b}
#{t:?@t,a,b}|#{=3;t:@t}|#{t;=-4:@t}|#{b:@t}|#{t/p;p8:@t}|
#{E;T:@tfmt}|#{T;E:@tfmt}
#{q;b:@p}|#{b;q:@q}|#{d;q/h:@h}
#{n;w:@u}|#{w;n:@u}|#{n;p20:@u}
#{e|+|;=2:1,9999}|#{=2;e|+|:1,9999}|#{e|+|;p6:1,2}|
#{s/#,/./:#{@list}}|#{s/[,]/./:@list}
#{?#{m:*o*,#{@x}},#{s/o/0/:@x},none}
#{W:#{?window_active,#{E:@cond},#{=1:window_name}}|}
#{P:#{?pane_active,*,}#{pane_index}#{?#{e|<|:#{pane_index},1},+,}}
#{@x}#{?@zero,,#{?@one,#{=-3:@x},}}#{n:#{S:xx}}
""".strip("\n").split("\n")


def tmux(*args, check=True):
    return subprocess.run(["tmux", "-L", SOCK, "-f", "/dev/null", *args], check=check,
                          capture_output=True, text=True, timeout=10).stdout


def rust_str(s):
    out = '"'
    for c in s:
        if c == '"' or c == '\\':
            out += '\\' + c
        elif c == '\t':
            out += '\\t'
        elif ord(c) < 0x20 or 0x7f <= ord(c) < 0xa0:
            out += '\\u{%x}' % ord(c)
        else:
            out += c
    return out + '"'


def main():
    os.environ["TZ"] = "UTC"
    tmux("kill-server", check=False)
    tmux("new-session", "-d", "-s", "work", "-n", "zero", "-x", "80", "-y", "24")
    tmux("new-window", "-d", "-t", "work:1", "-n", "two")
    tmux("new-window", "-d", "-t", "work:2", "-n", "three")
    tmux("split-window", "-d", "-t", "work:0")
    tmux("new-session", "-d", "-s", "beta", "-n", "b0")
    tmux("new-session", "-d", "-s", "alpha", "-n", "a0")
    now = int(time.time())
    times = [("@recent", now - 3600), ("@days", now - 5 * 86400), ("@months", now - 100 * 86400),
             ("@future", now + 7200)]
    allvars = VARS + [(k, str(v)) for k, v in times]
    for k, v in allvars:
        tmux("set", "-g", k, v)
    panes = tmux("list-panes", "-a", "-F",
                 "#{session_name}\t#{window_index}\t#{window_name}\t#{window_active}\t#{pane_index}\t#{pane_id}\t#{pane_active}")
    cases = []
    for f in FORMATS:
        out = tmux("display-message", "-t", "work:0.0", "-p", f)
        assert out.endswith("\n"), f
        cases.append((f, out[:-1]))
    tmux("kill-server", check=False)

    with open(OUT, "w") as o:
        o.write("// Generated by crates/ccmux-model/tools/format_cases.py from tmux 3.3a's output: do not edit.\n\n")
        o.write("/// When the cases were generated (the `now` of `t/p:`).\n")
        o.write("pub(super) const NOW: i64 = %d;\n\n" % now)
        o.write("/// Global user options.\npub(super) const VARS: &[(&str, &str)] = &[\n")
        for k, v in allvars:
            o.write("    (%s, %s),\n" % (rust_str(k), rust_str(v)))
        o.write("];\n\n")
        o.write("/// session, window index, window name, window active, pane index, pane id, pane active.\n")
        o.write("pub(super) const PANES: &[(&str, &str, &str, &str, &str, &str, &str)] = &[\n")
        for line in panes.strip("\n").split("\n"):
            o.write("    (%s),\n" % ", ".join(rust_str(x) for x in line.split("\t")))
        o.write("];\n\n")
        o.write("/// (format, what `display-message -t work:0.0 -p` printed).\n")
        o.write("pub(super) const CASES: &[(&str, &str)] = &[\n")
        for f, out in cases:
            o.write("    (%s, %s),\n" % (rust_str(f), rust_str(out)))
        o.write("];\n")
    print("wrote %d cases to %s" % (len(cases), OUT))


if __name__ == "__main__":
    main()
