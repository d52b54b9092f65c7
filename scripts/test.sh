#!/usr/bin/env bash
# Runs the whole test suite: unit tests, golden extraction tests, end-to-end CLI tests, and the
# accuracy regression gate over the team's fixture articles (scored by shared/eval/score.py).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. scripts/env.sh
cargo test --quiet
bash scripts/accuracy-gate.sh
