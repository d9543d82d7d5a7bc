#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian 12 machine (run as root, or with sudo available),
# then builds the solution. Idempotent: a second run installs nothing and rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for p in libtorch-dev cmake g++ make libpng-dev chromium jupyter-nbconvert nodejs npm; do
  have_pkg "$p" || need+=("$p")
done
if [ "${#need[@]}" -gt 0 ]; then
  echo "setup: installing Debian packages: ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET SDK 10 is not installed. Install it (https://dot.net) and run this again." >&2
  exit 1
fi

if [ -f lib/MetaNotebooks.Interactive/package.json ] && [ ! -d lib/MetaNotebooks.Interactive/node_modules ]; then
  (cd lib/MetaNotebooks.Interactive && npm ci --no-audit --no-fund)
fi

dotnet build MetaNotebooks.sln -c Release -nologo -v q
