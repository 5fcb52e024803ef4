#!/usr/bin/env bash
# Install what is missing (with the test extras), then run the whole test suite.
# Extra arguments go to pytest (e.g. -m "not slow").
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/installer/install.sh" --test
cd "$top"
export QT_QPA_PLATFORM=offscreen
exec "$top/.venv/bin/python" -m pytest "$@"
