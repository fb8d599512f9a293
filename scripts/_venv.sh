# Shared by scripts/demo and scripts/test: make sure .venv exists and uses Python >= 3.11.
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
if [ ! -x .venv/bin/python ]; then
  "$BASE_PY" -m venv .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
fi
PY=.venv/bin/python
