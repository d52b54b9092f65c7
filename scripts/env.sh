# Sourced by the scripts: one build cache outside the clone, shared by every checkout and by CI,
# so that RocksDB (about 13 minutes on 2 cores) is built once.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/readout/target}"
