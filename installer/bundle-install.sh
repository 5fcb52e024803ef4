#!/usr/bin/env bash
# Scanner Station: install from this offline bundle, with no network at all.
#   ./install.sh [--prefix DIR] [--service] [--no-launcher]   install, or upgrade in place
#   ./install.sh --uninstall [--prefix DIR] [--purge-data]    remove (the workspace stays unless --purge-data)
# Root (or sudo) is needed only when Debian packages are missing. The default prefix is
# /opt/scanner-station for root, ~/.local/share/scanner-station-app for a user. The workspace
# (records, scans, database) is never touched by an upgrade; the database's schema is migrated
# on the first start after it, with a backup copy beside it first.
set -euo pipefail
bundle=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" -eq 0 ]; then prefix=/opt/scanner-station; else prefix="$HOME/.local/share/scanner-station-app"; fi
service=0 launcher=1 uninstall=0 purge=0
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=$2; shift 2 ;;
    --service) service=1; shift ;;
    --no-launcher) launcher=0; shift ;;
    --uninstall) uninstall=1; shift ;;
    --purge-data) purge=1; shift ;;
    -h|--help) sed -n 2,8p "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
app="$prefix/app"
if [ "$(id -u)" -eq 0 ]; then apps_dir=/usr/share/applications; else apps_dir="$HOME/.local/share/applications"; fi
unit_dir="$HOME/.config/systemd/user"

if [ $uninstall -eq 1 ]; then
  if [ $purge -eq 1 ] && [ -x "$app/.venv/bin/python" ]; then
    ws=$("$app/.venv/bin/python" -c 'from scanner_station.storage.workspace import default_workspace; print(default_workspace())')
    echo "==> removing the workspace $ws (--purge-data)"
    rm -rf "$ws"
  fi
  command -v systemctl >/dev/null && systemctl --user disable --now scanner-station-watch.service 2>/dev/null || true
  rm -f "$unit_dir/scanner-station-watch.service" "$apps_dir/scanner-station.desktop"
  rm -rf "$app"
  echo "Scanner Station removed from $prefix$([ $purge -eq 1 ] || echo '; the workspace (records and scans) is kept')."
  exit 0
fi

echo "==> checking the bundle's files (SHA256SUMS)"
(cd "$bundle" && sha256sum --quiet -c SHA256SUMS) || { echo "install.sh: the bundle is damaged: copy it again" >&2; exit 3; }

# 1. Debian packages: only when one of the required ones is missing (an upgrade is quick)
missing=()
while read -r p; do
  [ -n "$p" ] || continue
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done < "$bundle/debs/REQUIRED"
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing Debian packages from the bundle (missing: ${missing[*]})"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd=sudo
  # apt, with the bundle as its only source (a local repository: no network, the system's own
  # sources untouched), resolves, orders and configures them
  lists=$(mktemp -d)
  mkdir -p "$lists/state/partial" "$lists/parts"
  echo "deb [trusted=yes] file:$bundle/debs ./" > "$lists/bundle.list"
  apt_opts=(-o "Dir::Etc::SourceList=$lists/bundle.list" -o "Dir::Etc::SourceParts=$lists/parts"
            -o "Dir::State::Lists=$lists/state" -o "Acquire::Languages=none" -o "APT::Sandbox::User=root")
  $sudo_cmd apt-get "${apt_opts[@]}" update -qq
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
  rm -rf "$lists"
fi

# 2. the application (upgrade in place: the old code is replaced, its .venv and model cache kept)
echo "==> installing the application into $app"
mkdir -p "$app"
find "$app" -mindepth 1 -maxdepth 1 ! -name .venv ! -name ocr_models -exec rm -rf {} +
rm -rf "$app/ocr_models"/manifest.toml "$app/ocr_models"/ppocrv4_det
cp -a "$bundle/app/." "$app/"
[ -x "$app/.venv/bin/python" ] || /usr/bin/python3 -m venv "$app/.venv"
pip=("$app/.venv/bin/python" -m pip install -q --no-index --find-links "$bundle/wheels")
log="$prefix/install.log"
{ "${pip[@]}" --upgrade pip 'setuptools>=77' && "${pip[@]}" --no-build-isolation -e "$app"; } > "$log" 2>&1 \
  || { cat "$log" >&2; echo "install.sh: installing the Python packages failed (above)" >&2; exit 4; }

# 3. model files against the manifest (nothing is downloaded)
echo "==> checking OCR model files"
"$app/.venv/bin/scanner-station" models check --prepare >/dev/null

# 4. a launcher in the desktop menu, and the headless watcher as a user service if asked
if [ $launcher -eq 1 ]; then
  mkdir -p "$apps_dir"
  cat > "$apps_dir/scanner-station.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=Trạm số hoá hồ sơ
Name[en]=Scanner Station
Comment=Số hoá sổ hộ tịch, giấy chứng nhận và kết quả thủ tục hành chính
Comment[en]=Digitise civil-status books, land certificates and procedure results
Exec=$app/.venv/bin/scanner-station gui
Icon=$app/installer/scanner-station.svg
Terminal=false
Categories=Office;Scanning;
DESKTOP
fi
if [ $service -eq 1 ]; then
  mkdir -p "$unit_dir"
  cat > "$unit_dir/scanner-station-watch.service" <<UNIT
[Unit]
Description=Scanner Station inbox watcher (headless)

[Service]
ExecStart=$app/.venv/bin/scanner-station watch --quiet
Restart=on-failure

[Install]
WantedBy=default.target
UNIT
  if command -v systemctl >/dev/null && systemctl --user daemon-reload 2>/dev/null; then
    systemctl --user enable --now scanner-station-watch.service || true
  else
    echo "    (no systemd user session here: enable it later with systemctl --user enable --now scanner-station-watch)"
  fi
fi

# 5. an existing workspace: its database is migrated now (a backup copy is made first)
"$app/.venv/bin/scanner-station" doctor >/dev/null 2>&1 || true
echo "Scanner Station installed in $app. Start it from the menu (Trạm số hoá hồ sơ) or: $app/.venv/bin/scanner-station gui"
