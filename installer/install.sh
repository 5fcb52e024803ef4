#!/usr/bin/env bash
# Idempotent set-up of Scanner Station on Debian 12: apt packages, .venv with the
# project and its extras, and a check of every OCR model file's SHA-256.
# usage: installer/install.sh [--test]   (run as root, or as a user with sudo)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
extras=""
[ "${1:-}" = "--test" ] && extras="[test]"

sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install.sh: run as root or install sudo" >&2; exit 1; }
  sudo_cmd="sudo"
fi

# 1. apt packages (only the missing ones, so a second run is quick and offline-safe)
mapfile -t pkgs < <(grep -vE '^\s*(#|$)' "$here/apt-packages.txt")
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing ${#missing[@]} Debian package(s): ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. the virtual environment (Debian's python3; pip from PyPI)
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3)
if [ ! -x "$top/.venv/bin/python" ]; then
  echo "==> creating $top/.venv"
  "$py" -m venv "$top/.venv"
fi
stamp="$top/.venv/.scanner-station-installed$extras"
full="$top/.venv/.scanner-station-installed[test]"
# an install with the test extras also satisfies a plain one
[ -z "$extras" ] && [ -f "$full" ] && ! [ "$top/pyproject.toml" -nt "$full" ] && stamp="$full"
if [ ! -f "$stamp" ] || [ "$top/pyproject.toml" -nt "$stamp" ]; then
  echo "==> installing the project into .venv$extras"
  "$top/.venv/bin/python" -m pip install -q --upgrade pip
  "$top/.venv/bin/python" -m pip install -q -e "$top$extras"
  touch "$stamp"
fi

# 3. model files: present and unaltered (nothing is downloaded at run time)
echo "==> checking OCR model files"
"$top/.venv/bin/scanner-station" models check --prepare
