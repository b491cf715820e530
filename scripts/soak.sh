#!/usr/bin/env bash
# The kill/recover soak (crates/ccmux/tests/soak_lines.rs) with many cycles: a pane prints numbered
# lines, the server is SIGKILLed at random moments (alone: re-adoption; with the keeper: as a reboot),
# and every cycle checks that no line the WAL or the output ring held is missing. CI runs 6 cycles.
#   scripts/soak.sh [cycles=100] [seed]
set -euo pipefail
cd "$(dirname "$0")/.."
export CCMUX_SOAK_CYCLES="${1:-100}"
if [ -n "${2:-}" ]; then export CCMUX_SOAK_SEED="$2"; fi
exec cargo nextest run -p ccmux --test soak_lines --no-capture
