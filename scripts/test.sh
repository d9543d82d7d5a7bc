#!/usr/bin/env bash
# The test command: installs and builds what is needed, then runs every test project.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet test MetaNotebooks.sln -c Release --no-build -nologo "$@"
