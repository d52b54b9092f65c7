#!/usr/bin/env bash
# Runs the whole test suite: unit tests, golden extraction tests, end-to-end CLI tests, and the
# accuracy regression gate over the team's fixture articles (scored by shared/eval/score.py).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. scripts/env.sh
# Installed above: a missing checker fails the tests instead of skipping them.
READOUT_REQUIRE_TOOLS=1 cargo test --quiet
bash scripts/accuracy-gate.sh
