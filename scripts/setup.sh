#!/usr/bin/env bash
# Installs what readout and its tests need beyond the Rust toolchain. Safe to run again; only
# what is missing is installed. Needs root or sudo for apt.
#   - libclang (bindgen, for RocksDB inside Oxigraph) and Python 3 (the accuracy scorer);
#   - Graphviz (`readout dot --svg/--png`, and the tests that render every view);
#   - rdflib and pySHACL in a virtualenv (independent parsers and validator for the tests);
#   - the `oxigraph` server, same Oxigraph version as readout (the tests push to it and the
#     benchmark compares with its bulk load), from PyPI's prebuilt `oxigraph` wheel (the
#     oxigraph-cli binary) into the same virtualenv: compiling oxigraph-cli would build RocksDB a
#     second time (about 24 minutes on 2 cores). The demo does not need it.
set -euo pipefail
cd "$(dirname "$0")/.."
cache="$HOME/.cache/readout"
need=()
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
installed libclang-dev || need+=(libclang-dev)
installed graphviz || need+=(graphviz)
command -v python3 >/dev/null 2>&1 || need+=(python3)
python3 -c "import venv, ensurepip" >/dev/null 2>&1 || need+=(python3-venv)
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "setup: installing ${need[*]}" >&2
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi

# Python packages, pinned; reinstalled when tests/requirements.txt changes.
venv="$cache/venv"
stamp="$venv/.requirements"
if ! cmp -s tests/requirements.txt "$stamp"; then
  echo "setup: installing tests/requirements.txt into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/requirements.txt
  cp tests/requirements.txt "$stamp"
fi

# The Oxigraph server, the version in Cargo.lock, as PyPI's prebuilt wheel.
version=$(awk '/^name = "oxigraph"$/ { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
if ! "$venv/bin/oxigraph" --version 2>/dev/null | grep -q " $version\$"; then
  echo "setup: installing the oxigraph server $version (PyPI wheel) into $venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "oxigraph==$version"
fi
