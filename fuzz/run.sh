#!/usr/bin/env bash
# Runs each fuzz target for the given seconds (default 600) on stable Rust, without a sanitizer
# (the stable toolchain has none; panics, hangs and out-of-memory are what we look for), then
# minimises the corpus kept in fuzz/corpus. Findings land in fuzz/artifacts/<target>/.
#   bash fuzz/run.sh [seconds] [target ...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(read_articles extract)
tools="$HOME/.cache/readout/tools"
export PATH="$tools/bin:$PATH"
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz --root "$tools"
# Its own build cache: fuzz builds are instrumented and never share artifacts with the main one.
export CARGO_TARGET_DIR="$HOME/.cache/readout/fuzz-target"
for target in "${targets[@]}"; do
  echo "== fuzzing $target for ${seconds}s"
  cargo fuzz run -s none "$target" -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1
  cargo fuzz cmin -s none "$target"
done
