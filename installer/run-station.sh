#!/usr/bin/env bash
# Install what is missing, then start the station on the embedded default workspace
# (SQLite under the user's data folder). Extra arguments go to `scanner-station`.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/installer/install.sh"
if [ $# -eq 0 ]; then
  "$top/.venv/bin/scanner-station" init >/dev/null
  exec "$top/.venv/bin/scanner-station" watch
fi
exec "$top/.venv/bin/scanner-station" "$@"
