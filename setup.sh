#!/usr/bin/env bash
# Set up everything on a fresh Debian/Ubuntu machine (Python 3.11+), then build the site.
# Installs Debian packages it needs when run as root or with sudo; the rest goes into .venv/
# and node_modules/ inside this folder, Python libraries at the versions requirements.txt pins.
# Safe to run again. `bash setup.sh --upgrade` moves requirements.txt to the newest versions.
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

missing=()
python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null \
  || missing+=(chromium)
command -v npm >/dev/null || missing+=(nodejs npm)
command -v java >/dev/null || missing+=(default-jre-headless)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  if ! { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
    echo "Could not install ${missing[*]} (no root or sudo): browser tests will be skipped." >&2
  fi
fi

pip=(.venv/bin/python -m pip install -q --disable-pip-version-check)
if [ "${1:-}" = --upgrade ]; then
  # The newest versions pyproject.toml allows, in a new .venv (so nothing left from the old versions
  # is listed), written to requirements.txt above its comment; then run the tests and commit it.
  python3 -m venv --clear .venv
  "${pip[@]}" --upgrade pip
  "${pip[@]}" -e '.[test,bench]'
  { sed -n '/^#/p' requirements.txt; .venv/bin/python -m pip freeze --exclude-editable --disable-pip-version-check; } \
    > requirements.txt.new
  mv requirements.txt.new requirements.txt
  echo "requirements.txt now pins the newest versions pyproject.toml allows: run the tests, then commit it."
else
  [ -x .venv/bin/python ] || python3 -m venv .venv
  "${pip[@]}" --upgrade pip
  "${pip[@]}" -c requirements.txt -e '.[test]'  # the versions the site is tested with
fi
# Bytecode for the package, as pip makes for installed ones: Python would write it on first
# import, but not where PYTHONDONTWRITEBYTECODE is set, and compiling took 0.09 s of each build.
.venv/bin/python -m compileall -q bakuclaims
if command -v npm >/dev/null && [ -f package.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

.venv/bin/python build.py
echo
echo "Preview:  .venv/bin/python build.py serve   then open http://127.0.0.1:8000/"
echo "Tests:    .venv/bin/python -m pytest"
