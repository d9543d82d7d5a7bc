#!/usr/bin/env bash
# The test command: installs and builds what is needed (scripts/setup.sh), then runs every test project, one after
# another (libtorch's OpenMP threads slow down badly when several test processes share 2 cores), and prints one
# closing line "tests: N passed, N failed, N skipped". Extra arguments go to every `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The Jupyter kernel (dotnet-interactive, a global tool) must be on PATH for nbconvert's .net-csharp kernel.
export PATH="$PATH:$HOME/.dotnet/tools"

log=$(mktemp)
status=0
for project in tests/*/*.Tests.csproj; do
  echo "== $project"
  dotnet test "$project" -c Release --no-build -nologo "$@" 2>&1 | tee -a "$log" || status=1
done

python3 - "$log" <<'PY'
import re, sys
passed = failed = skipped = 0
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    m = re.search(r"Failed:\s*(\d+), Passed:\s*(\d+), Skipped:\s*(\d+)", line)
    if m:
        failed += int(m[1]); passed += int(m[2]); skipped += int(m[3])
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
PY
rm -f "$log"
exit $status
