#!/usr/bin/env bash
# The main job: installs and builds what is needed, then executes the whole course and writes artifacts/course/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet lib/MetaNotebooks.Cli/bin/Release/net10.0/metanb.dll run "$@"
