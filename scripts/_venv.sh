# Sourced by scripts/demo and scripts/test: make .venv exist and hold certkit, installing only when
# pyproject.toml (or the requested extra) changed since the last install.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

find_python() {
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3 python; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  echo "certkit needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)" >&2
  return 1
}

ensure_venv() {
  local extra="$1" spec stamp wanted
  if [ ! -x "$VENV/bin/python" ]; then
    "$(find_python)" -m venv "$VENV"
  fi
  spec="$ROOT"
  [ -n "$extra" ] && spec="$ROOT[$extra]"
  wanted="$(cat "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)-$extra"
  stamp="$VENV/.certkit-installed"
  if [ -f "$stamp" ] && grep -qx -- "$wanted" "$stamp"; then
    return 0
  fi
  # A test install also satisfies a plain one.
  if [ -z "$extra" ] && [ -f "$stamp" ] && grep -qx -- "${wanted}test" "$stamp"; then
    return 0
  fi
  echo "Installing certkit into .venv ..." >&2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
  if ! "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$spec" \
    >"$VENV/pip-install.log" 2>&1; then
    grep -v "^WARNING: Location" "$VENV/pip-install.log" >&2 || true
    echo "certkit failed to install (log: $VENV/pip-install.log)" >&2
    return 1
  fi
  echo "$wanted" >>"$stamp"
}
