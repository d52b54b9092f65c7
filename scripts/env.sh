# Sourced by the scripts: one build cache outside the clone, shared by every checkout and by CI,
# so that RocksDB (about 13 minutes on 2 cores) is built once.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/readout/target}"
# Where scripts/setup.sh puts the programs the tests check readout against.
export READOUT_PYTHON="${READOUT_PYTHON:-$HOME/.cache/readout/venv/bin/python}"
export READOUT_OXIGRAPH="${READOUT_OXIGRAPH:-$HOME/.cache/readout/venv/bin/oxigraph}"
