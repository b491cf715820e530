#!/usr/bin/env bash
# Runs every fuzz target for N inputs each (default 1,000,000), optimised with overflow checks on
# (the `fuzz` profile), and prints inputs per second for each. Exits non-zero if a target fails; the
# failing input is saved (the message names the file) and replays with CCMUX_FUZZ_REPLAY=<file>.
#
#   crates/ccmux-fuzz/run.sh                    # 10^6 inputs per target, a new seed
#   crates/ccmux-fuzz/run.sh -n 20000 -s 42     # fewer inputs, a given seed (a run is reproducible)
#   crates/ccmux-fuzz/run.sh -t key_names       # one target (a test name; several -t allowed)
#
# Targets: the library crates' in crates/ccmux-fuzz/src/targets/ (tests/targets.rs runs them), the
# binary's getopt and command-line parsers in crates/ccmux/src/fuzz_targets.rs. `cargo test` runs every
# target for 2000 inputs (CI does); this script is the long run. Failing inputs go to
# $CCMUX_FUZZ_FAILURES (default: fuzz-failures/ at the top of the repository). A target that kills the
# process (a stack overflow) is run again with CCMUX_FUZZ_TRACE=1, which leaves the input it died on
# in <target>.current there.
set -uo pipefail
cd "$(dirname "$0")/../.."

inputs=1000000
seed=$(( $(date +%s) * 1000003 % 1000000007 ))
targets=()
while getopts "n:s:t:h" opt; do
    case $opt in
        n) inputs=$OPTARG ;;
        s) seed=$OPTARG ;;
        t) targets+=("$OPTARG") ;;
        *) sed -n '2,16p' "$0"; exit 2 ;;
    esac
done

cargo=${CARGO:-cargo}
command -v cargo-serial >/dev/null 2>&1 && cargo=cargo-serial
export CCMUX_FUZZ_INPUTS=$inputs CCMUX_FUZZ_SEED=$seed
export CCMUX_FUZZ_FAILURES=${CCMUX_FUZZ_FAILURES:-$PWD/fuzz-failures}
echo "fuzz: $inputs inputs per target, seed $seed, failures to $CCMUX_FUZZ_FAILURES"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Each cargo test invocation: the test binary, and the tests in it that are fuzz targets.
runs=(
    "-p ccmux-fuzz --test targets|"
    "-p ccmux --bin ccmux|fuzz_targets::"
)
failed=0
for entry in "${runs[@]}"; do
    run=${entry%|*}
    filter=()
    if [ ${#targets[@]} -gt 0 ]; then
        filter=("${targets[@]}")
    elif [ -n "${entry#*|}" ]; then
        filter=("${entry#*|}")
    fi
    # shellcheck disable=SC2086
    $cargo test --profile fuzz $run -- --test-threads=1 --nocapture "${filter[@]}" 2>&1 | tee -a "$log" |
        grep -E '^fuzz |panicked|failed|saved to|error(\[|:)|signal' 
    status=${PIPESTATUS[0]}
    if [ "$status" -ne 0 ]; then
        failed=1
        if grep -q 'signal:' "$log"; then
            echo "fuzz: a target killed the process; running again with CCMUX_FUZZ_TRACE=1"
            # shellcheck disable=SC2086
            CCMUX_FUZZ_TRACE=1 $cargo test --profile fuzz $run -- --test-threads=1 --nocapture "${filter[@]}" 2>&1 |
                grep -E '^fuzz |panicked|signal'
            echo "fuzz: the input each target ran last is in $CCMUX_FUZZ_FAILURES/<target>.current"
        fi
    fi
done

echo
echo "target                      inputs   seconds   inputs/s"
grep -E '^fuzz [a-z_]+: [0-9]+ inputs' "$log" |
    sed -E 's/^fuzz ([a-z_]+): ([0-9]+) inputs in ([0-9.]+)s \(([0-9]+) inputs\/s.*/\1 \2 \3 \4/' |
    awk '{ printf "%-24s %9d %9.1f %10d\n", $1, $2, $3, $4 }'
if [ $failed -ne 0 ]; then
    echo "fuzz: FAILED (see above; inputs saved under $CCMUX_FUZZ_FAILURES)"
    exit 1
fi
echo "fuzz: all targets passed"
