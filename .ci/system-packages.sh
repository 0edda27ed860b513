#!/usr/bin/env bash
# Install the Debian packages Qt needs (even offscreen), plus Xvfb for screenshots, and
# PostgreSQL 15 (the server binaries only: the tests start a server of their own, no service).
# As root it installs what is missing; otherwise it prints the exact command and fails.
set -euo pipefail

packages=(
  libegl1 libgl1 libglib2.0-0 libdbus-1-3 libfontconfig1 libxkbcommon0 fonts-dejavu-core
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0
  libxcb-image0 libxcb-xinerama0 libxkbcommon-x11-0 xvfb xauth x11-apps poppler-utils
  tesseract-ocr tesseract-ocr-eng libnss3-tools
  libenchant-2-2 hunspell-en-us hunspell-en-med
  espeak-ng  # synthetic dictations for the transcription tests and bench/dictation_bench.py
  postgresql-15 postgresql-client-15  # tests/postgres_server.py: initdb and pg_ctl in /usr/lib/postgresql/15/bin
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

command="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "These system packages are missing: ${missing[*]}" >&2
  echo "Install them, then run make again:" >&2
  echo "  sudo apt-get update && sudo $command" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if [[ " ${missing[*]} " == *" postgresql-15 "* ]] && [ ! -e /etc/postgresql-common/createcluster.conf ]; then
  # The tests start a server of their own: no system cluster (and no service) is wanted.
  mkdir -p /etc/postgresql-common
  echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
fi
apt-get update -qq
$command -qq
