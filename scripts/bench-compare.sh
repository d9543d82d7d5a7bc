#!/usr/bin/env bash
# Times `metanb bench` and shared/bench/torch_reference.py alternately, ROUNDS times each (default 3), on THREADS
# threads (default 2), and prints per workload the median of each side's medians and the ratio ours/PyTorch.
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
print(f"{'workload':22} {'ours_ms':>10} {'pytorch_ms':>10} {'ratio':>7}   (median of {rounds} alternating runs)")
for name, vs in ours.items():
    o = statistics.median(vs)
    if name in ref:
        p = statistics.median(ref[name])
        print(f"{name:22} {o:10.1f} {p:10.1f} {o/p:7.3f}")
    else:
        print(f"{name:22} {o:10.2f}")
PY
