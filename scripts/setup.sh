#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian 12 machine (run as root, or with sudo available),
# then builds the solution. Idempotent: a second run installs nothing and rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for p in chromium jupyter-nbconvert nodejs npm; do
  have_pkg "$p" && continue
  # node and npm may come from another packaging of Node.js (e.g. nodejs with npm built in, which
  # conflicts with Debian's npm package): a working command is enough.
  case "$p" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
  need+=("$p")
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

# artifacts/bin: the one stable folder notebooks reference (`#r "../artifacts/bin/MetaNotebooks.Interactive.dll"`),
# filled from the metanb build output: every library, its dependencies and native libraries.
rm -rf artifacts/bin.new
mkdir -p artifacts
cp -a lib/MetaNotebooks.Cli/bin/Release/net10.0/. artifacts/bin.new/
rm -rf artifacts/bin
mv artifacts/bin.new artifacts/bin
