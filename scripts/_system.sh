# Sourced by scripts/test and .ci/run: the system programs the tests use are the real ones.
# require_programs PROGRAM PACKAGE [PROGRAM PACKAGE ...] installs the Debian packages of the
# missing programs when it can (root with apt-get), otherwise stops with one line naming them.

require_programs() {
  local missing=() packages=() i
  while [ $# -ge 2 ]; do
    command -v "$1" >/dev/null 2>&1 || { missing+=("$1"); packages+=("$2"); }
    shift 2
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${packages[*]} (Debian packages) ..." >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends "${packages[@]}"; } >/dev/null 2>&1 || true
  fi
  for i in "${!missing[@]}"; do
    if ! command -v "${missing[$i]}" >/dev/null 2>&1; then
      echo "the tests need ${missing[$i]}: install Debian's '${packages[$i]}' package (apt-get install ${packages[$i]})" >&2
      exit 1
    fi
  done
}

# promtool: the monitor's export and alert rules; chromium: the web pages, driven by Playwright;
# keytool: the Java form of DNs; openssl: the reference for every DN string; pg_ctlcluster: the
# PostgreSQL server programs the monitor's tests start a throwaway server with (Debian keeps
# pg_ctl and initdb off the PATH, under /usr/lib/postgresql/*/bin); man: the man pages render;
# bash, zsh, fish: shell completion is tested in each shell.
TEST_PROGRAMS=(
  openssl openssl promtool prometheus chromium chromium keytool default-jre-headless
  pg_ctlcluster postgresql
  man man-db bash bash zsh zsh fish fish
)
