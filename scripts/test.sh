#!/usr/bin/env bash
# The test command: installs and builds what is needed (scripts/setup.sh), then runs every test project, one after
# another (libtorch's OpenMP threads slow down badly when several test processes share 2 cores), and prints what the
# run was (CPU model, cores, libtorch threads, device) at its start, each notebook's run time and each test project's
# total at its end, and one closing line "tests: N passed, N failed, N skipped". Extra arguments go to every `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The Jupyter kernel (dotnet-interactive, a global tool) must be on PATH for nbconvert's .net-csharp kernel.
export PATH="$PATH:$HOME/.dotnet/tools"
# The one place the test run's libtorch thread count is pinned: notebooks (their setup cell), metanb (--threads' default)
# and the unit tests read METANB_NUM_THREADS. A trained number is reproducible for one CPU and one thread count only.
export METANB_NUM_THREADS=${METANB_NUM_THREADS:-2}
# Tests run on the CPU: the floors were measured there (a GPU sums in another order and uses TF32).
export METANB_DEVICE=${METANB_DEVICE:-cpu}
echo "test run: $(date -u '+%Y-%m-%d %H:%M:%S UTC') | CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') | $(nproc) cores | METANB_NUM_THREADS=$METANB_NUM_THREADS | METANB_DEVICE=$METANB_DEVICE | commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"

results=$(mktemp -d)
log="$results/all.log"
status=0
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $project"
  start=$(date +%s)
  dotnet test "$project" -c Release --no-build -nologo --logger "trx;LogFileName=$results/$name.trx" "$@" 2>&1 | tee -a "$log" || status=1
  echo "$name $(( $(date +%s) - start ))" >> "$results/times"
done

python3 - "$results" <<'PY'
import glob, os, re, sys
import xml.etree.ElementTree as ET
results = sys.argv[1]
def seconds(duration):  # TRX durations are hh:mm:ss.fffffff
    h, m, s = duration.split(":")
    return 3600 * int(h) + 60 * int(m) + float(s)
notebooks = []
for trx in sorted(glob.glob(os.path.join(results, "*.trx"))):
    try:
        root = ET.parse(trx).getroot()
    except ET.ParseError as e:  # a test host that died leaves no or half a log: the counts below still come from dotnet test
        print(f"(could not read {os.path.basename(trx)}: {e})")
        continue
    for r in root.iter():
        if r.tag.endswith("UnitTestResult") and "Notebook_runs_in_the_quick_profile" in r.get("testName", ""):
            stdout = next((e.text or "" for e in r.iter() if e.tag.endswith("StdOut")), "")
            # The test writes "notebook: NAME" first: xunit shortens long arguments in the test's display name.
            named = re.search(r"^notebook: (.+)$", stdout, re.M)
            name = named.group(1) if named else r.get("testName")
            stdout = stdout.replace(named.group(0), "") if named else stdout
            notebooks.append((name, seconds(r.get("duration", "0:0:0")), r.get("outcome"), stdout))
notebooks.sort()
if notebooks:
    print("\nnotebooks (quick profile): run time, and what each measured (headline, results, checks against a floor):")
    for name, s, outcome, stdout in notebooks:
        print(f"  {name:<48} {s:7.1f} s  {outcome}")
        for line in stdout.splitlines():
            if line.strip():
                print(f"      {line.strip()}")
    print(f"  {'all notebooks':<48} {sum(n[1] for n in notebooks):7.1f} s")
print("\ntest projects, wall time:")
total = 0
for line in open(os.path.join(results, "times")):
    name, s = line.split()
    total += int(s)
    print(f"  {name:<48} {int(s):7d} s")
print(f"  {'all':<48} {total:7d} s")
passed = failed = skipped = 0
for line in open(os.path.join(results, "all.log"), encoding="utf-8", errors="replace"):
    m = re.search(r"Failed:\s*(\d+), Passed:\s*(\d+), Skipped:\s*(\d+)", line)
    if m:
        failed += int(m[1]); passed += int(m[2]); skipped += int(m[3])
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
PY
rm -rf "$results"
exit $status
