#!/usr/bin/env bash
# Builds readout and runs its main job on the bundled example articles: ingest into a fresh
# store, then who initiated each contact and where the sources disagree.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. scripts/env.sh
cargo build --quiet
readout="$CARGO_TARGET_DIR/debug/readout"
store="${READOUT_DEMO_STORE:-$CARGO_TARGET_DIR/demo-store}"
rm -rf "$store"
"$readout" --store "$store" ingest examples/articles
echo
echo "== Who initiated each contact (readout query initiators)"
"$readout" --store "$store" query initiators
echo
echo "== Where the sources disagree (readout conflicts)"
"$readout" --store "$store" conflicts
