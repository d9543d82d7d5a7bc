#!/usr/bin/env bash
# Times `metanb bench` and shared/bench/torch_reference.py alternately, ROUNDS times each (default 3), on THREADS
# threads (default 2), and prints per workload the median of each side's medians and the ratio ours/PyTorch,
# and the same for each side's fastest run (the least disturbed by other load).
# Machines are noisy: alternating the two in one session is what makes the ratio meaningful.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-3}; threads=${THREADS:-2}
ref=${REFERENCE:-../shared/bench/torch_reference.py}
cli=lib/MetaNotebooks.Cli/bin/Release/net10.0/metanb.dll
[ -f "$cli" ] || dotnet build lib/MetaNotebooks.Cli -c Release -nologo -v q
out=$(mktemp -d)
for r in $(seq "$rounds"); do
  dotnet "$cli" bench --threads "$threads" > "$out/ours.$r"
  /usr/bin/python3 "$ref" "$threads" > "$out/ref.$r"
done
python3 - "$out" "$rounds" <<'PY'
import sys, statistics, glob
out, rounds = sys.argv[1], int(sys.argv[2])
def load(side):
    d = {}
    for f in sorted(glob.glob(f"{out}/{side}.*")):
        for line in open(f):
            name, v = line.split()
            d.setdefault(name, []).append(float(v))
    return d
ours, ref = load("ours"), load("ref")
print(f"{'workload':22} {'ours_ms':>9} {'torch_ms':>9} {'ratio':>6}   {'ours_min':>9} {'torch_min':>9} {'ratio':>6}")
print(f"{'':22} {'(median of ' + str(rounds) + ' alternating runs)':>26}   {'(fastest run: least disturbed by noise)':>26}")
for name, vs in ours.items():
    o, ob = statistics.median(vs), min(vs)
    if name in ref:
        p, pb = statistics.median(ref[name]), min(ref[name])
        print(f"{name:22} {o:9.1f} {p:9.1f} {o/p:6.3f}   {ob:9.1f} {pb:9.1f} {ob/pb:6.3f}")
    else:
        print(f"{name:22} {o:9.2f}")
PY
