#!/usr/bin/env bash
# Accuracy regression gate: scores `readout extract` with ../shared/eval/score.py (gold files in
# shared/eval/GOLD-FORMAT.md) on
#   fixtures  tests/fixtures      the team's focused articles, one phenomenon each;
#   news      tests/news          the team's articles in the manner of real outlets, several
#                                 phenomena each, with cross-article disagreements;
#   dev       ../shared/eval/dev  the first development set (when present);
#   dev2      ../shared/eval/dev2 real coverage rewritten (when present);
# and, for the sets with a conflicts.gold.json, `readout conflicts` after ingesting the set.
# Fails when a figure falls below its floor (or a count of false disagreements rises above its
# ceiling) in tests/accuracy-floors.txt. The scorer lives in ../shared: without it, the gate
# skips with a message.
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
check() { # name, gold dir (inputs: its *.txt)
  local name=$1 gold=$2
  "$readout" extract --format json "$gold"/*.txt >"$tmp/$name.jsonl"
  python3 "$scorer" "$tmp/$name.jsonl" "$gold" --json >"$tmp/$name.json"
  python3 "$scorer" "$tmp/$name.jsonl" "$gold" | tail -1 | sed "s/^/accuracy gate: $name: /"
  if [ -f "$gold/conflicts.gold.json" ]; then
    "$readout" --store "$tmp/$name.store" ingest "$gold" >/dev/null 2>&1
    "$readout" --store "$tmp/$name.store" conflicts --format json >"$tmp/$name.conflicts.jsonl"
    python3 "$scorer" --conflicts "$tmp/$name.conflicts.jsonl" "$gold/conflicts.gold.json" \
      | tee "$tmp/$name.conflicts.txt" | sed "s/^/accuracy gate: $name: /"
  fi
  python3 - "$name" "$tmp/$name.json" "$tmp/$name.conflicts.txt" tests/accuracy-floors.txt <<'PY' || status=1
import json, os, re, sys
name, result, conflicts, floors = sys.argv[1], json.load(open(sys.argv[2])), sys.argv[3], sys.argv[4]
figures = {
    "events-f1": result["events"]["f1"], "events-p": result["events"]["p"],
    "events-r": result["events"]["r"], "main-recall": result["main_event_recall"],
    "date": result["date_accuracy"], "initiator-f1": result["initiator"]["f1"],
    "people-f1": result["people"]["f1"], "clustering-f1": result["event_clustering"]["f1"],
    "published": result["published_accuracy"],
}
if os.path.exists(conflicts):
    m = re.search(r"recall ([0-9.]+) .*?(\d+) reported conflicts match no gold", open(conflicts).read())
    figures["conflicts-recall"], figures["conflicts-false"] = float(m.group(1)), int(m.group(2))
failed = False
for line in open(floors):
    parts = line.split("#")[0].split()
    if len(parts) == 3 and parts[0] == name:
        value, bound = figures[parts[1]], float(parts[2])
        if parts[1] == "conflicts-false":  # a ceiling: false disagreements must not grow
            if value > bound:
                print(f"accuracy gate: {name} {parts[1]} rose to {value}, above its ceiling {parts[2]}")
                failed = True
        elif value + 1e-9 < bound:
            print(f"accuracy gate: {name} {parts[1]} fell to {value:.3f}, below its floor {parts[2]}")
            failed = True
sys.exit(1 if failed else 0)
PY
}
check fixtures tests/fixtures
check news tests/news
for set in dev dev2; do
  if [ -d "../shared/eval/$set" ]; then
    check "$set" "../shared/eval/$set"
  else
    echo "accuracy gate: $set skipped, ../shared/eval/$set not found"
  fi
done
if [ $status -eq 0 ]; then echo "accuracy: 1 passed, 0 failed"; else echo "accuracy: 0 passed, 1 failed"; fi
exit $status
