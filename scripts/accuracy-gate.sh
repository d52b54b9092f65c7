#!/usr/bin/env bash
# Accuracy regression gate: scores `readout extract` on the team's fixture articles
# (tests/fixtures, gold files in shared/eval/GOLD-FORMAT.md) and, when present, on the
# development set in ../shared/eval/dev, with ../shared/eval/score.py; fails when a figure falls
# below its floor in tests/accuracy-floors.txt. Skips (with a message) when ../shared is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
scorer=../shared/eval/score.py
if [ ! -f "$scorer" ]; then
  echo "accuracy gate: skipped, $scorer not found (clone with ../shared beside the project)"
  exit 0
fi
cargo build --quiet
readout="$CARGO_TARGET_DIR/debug/readout"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
check() { # name, gold dir, inputs...
  local name=$1 gold=$2
  shift 2
  "$readout" extract --format json "$@" >"$tmp/$name.jsonl"
  python3 "$scorer" "$tmp/$name.jsonl" "$gold" --json >"$tmp/$name.json"
  python3 "$scorer" "$tmp/$name.jsonl" "$gold" | tail -1 | sed "s/^/accuracy gate: $name: /"
  python3 - "$name" "$tmp/$name.json" tests/accuracy-floors.txt <<'PY' || status=1
import json, sys
name, result, floors = sys.argv[1], json.load(open(sys.argv[2])), sys.argv[3]
figures = {
    "events-f1": result["events"]["f1"], "date": result["date_accuracy"],
    "initiator-f1": result["initiator"]["f1"], "people-f1": result["people"]["f1"],
    "clustering-f1": result["event_clustering"]["f1"], "published": result["published_accuracy"],
}
failed = False
for line in open(floors):
    parts = line.split("#")[0].split()
    if len(parts) == 3 and parts[0] == name:
        value = figures[parts[1]]
        if value + 1e-9 < float(parts[2]):
            print(f"accuracy gate: {name} {parts[1]} fell to {value:.3f}, below its floor {parts[2]}")
            failed = True
sys.exit(1 if failed else 0)
PY
}
check fixtures tests/fixtures tests/fixtures/*.txt
if [ -d ../shared/eval/dev ]; then
  check dev ../shared/eval/dev ../shared/eval/dev/*.txt
  "$readout" --store "$tmp/store" ingest ../shared/eval/dev >/dev/null 2>&1
  "$readout" --store "$tmp/store" conflicts --format json >"$tmp/conflicts.jsonl"
  python3 "$scorer" --conflicts "$tmp/conflicts.jsonl" ../shared/eval/dev/conflicts.gold.json | sed 's/^/accuracy gate: dev /'
  grep -q "recall 1.000" <(python3 "$scorer" --conflicts "$tmp/conflicts.jsonl" ../shared/eval/dev/conflicts.gold.json) \
    || { echo "accuracy gate: dev conflicts recall fell below 1.0"; status=1; }
fi
if [ $status -eq 0 ]; then echo "accuracy: 1 passed, 0 failed"; else echo "accuracy: 0 passed, 1 failed"; fi
exit $status
