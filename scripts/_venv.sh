# Shared by scripts/demo, scripts/test and scripts/test-min-versions: make sure a virtual
# environment (VENV, default .venv) exists, uses Python >= 3.11 and has pip >= 25.1 (which
# installs PEP 735 dependency groups: `pip install --group dev`).
for candidate in python3.13 python3.12 python3.11 python3; do
  if command -v "$candidate" >/dev/null 2>&1 &&
     "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    BASE_PY=$candidate
    break
  fi
done
if [ -z "${BASE_PY:-}" ]; then
  echo "strengthmodel needs Python 3.11 or newer on PATH" >&2
  exit 1
fi
VENV=${VENV:-.venv}
if [ ! -x "$VENV/bin/python" ]; then
  "$BASE_PY" -m venv "$VENV"
fi
PY=$VENV/bin/python
if ! "$PY" -c 'import sys; from importlib.metadata import version
sys.exit(tuple(int(p) for p in version("pip").split(".")[:2]) < (25, 1))' 2>/dev/null; then
  "$PY" -m pip install --quiet --disable-pip-version-check --upgrade "pip>=25.1"
fi
