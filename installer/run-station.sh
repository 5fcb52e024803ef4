#!/usr/bin/env bash
# Install what is missing, then start the station on the embedded default workspace
# (SQLite under the user's data folder). With a screen: the desktop app (which also watches
# the inbox and processes pages). Without one (a server, a container): the headless
# watcher. Extra arguments go to `scanner-station`.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/installer/install.sh"
if [ $# -eq 0 ]; then
  "$top/.venv/bin/scanner-station" init >/dev/null
  if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    exec "$top/.venv/bin/scanner-station" gui --demo
  fi
  echo "No screen found (DISPLAY is not set): running the headless inbox watcher." >&2
  echo "For the desktop app run: $top/.venv/bin/scanner-station gui" >&2
  exec "$top/.venv/bin/scanner-station" watch
fi
exec "$top/.venv/bin/scanner-station" "$@"
