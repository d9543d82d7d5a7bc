#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian 12 machine (run as root, or with sudo available),
# then builds the solution. Idempotent: a second run installs nothing and rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for p in chromium jupyter-nbconvert jupyter-client nodejs npm; do
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

# npm packages (plotly.js, KaTeX, highlight.js): installed again whenever package-lock.json changed since the last npm ci.
npm_dir=lib/MetaNotebooks.Interactive
if [ -f "$npm_dir/package-lock.json" ] && { [ ! -f "$npm_dir/node_modules/.package-lock.json" ] || [ "$npm_dir/package-lock.json" -nt "$npm_dir/node_modules/.package-lock.json" ]; }; then
  (cd "$npm_dir" && npm ci --no-audit --no-fund)
fi

# The .NET Interactive kernel for Jupyter (the `.net-csharp` kernelspec), as a learner installs it; CI executes
# notebooks 00 and 01 through `jupyter nbconvert --execute` with it.
export PATH="$PATH:$HOME/.dotnet/tools"
if ! dotnet tool list -g | grep -qi '^microsoft.dotnet-interactive '; then
  dotnet tool install -g Microsoft.dotnet-interactive --version 1.0.712001
fi
if [ ! -f "$HOME/.local/share/jupyter/kernels/.net-csharp/kernel.json" ]; then
  mkdir -p "$HOME/.local/share/jupyter/kernels"
  dotnet interactive jupyter install
fi

dotnet build MetaNotebooks.sln -c Release -nologo -v q

# artifacts/bin: the one stable folder notebooks reference (`#r "../artifacts/bin/MetaNotebooks.Interactive.dll"`),
# filled from the metanb build output: every library, its dependencies and native libraries.
rm -rf artifacts/bin.new
mkdir -p artifacts
cp -a lib/MetaNotebooks.Cli/bin/Release/net10.0/. artifacts/bin.new/
rm -rf artifacts/bin
mv artifacts/bin.new artifacts/bin
