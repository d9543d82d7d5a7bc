#!/usr/bin/env bash
# The spread of a notebook's headline over training seeds and libtorch thread counts, so that its floor can sit below the
# worst of them. Each run is `metanb train <method>` in the quick profile (the notebooks' own training: the same config,
# seed and episodes), scored on the course's 600 fixed 5-way 1-shot test episodes; `--eval "..."` adds a `metanb eval`
# of the checkpoint (e.g. MANN's 5-way 5-shot and its accuracy by instance).
#
#   bash scripts/spread.sh gnn                                   # seeds 0 1 2 x threads 1 2
#   bash scripts/spread.sh reptile --seeds "0 1 2 3" --threads 1
#   bash scripts/spread.sh mann --eval "--ways 5 --shots 5"
#   bash scripts/spread.sh fomaml --train "--steps 200"          # extra `metanb train` options (a notebook's overrides)
#
# Writes artifacts/spread/<method>.tsv (one row per run: seed, threads, best validation, test accuracy, its interval, CPU
# and wall seconds, the eval lines) and prints the table with the lowest and highest test accuracy. Needs the build
# (`bash scripts/setup.sh`) and the Omniglot zips ($METANB_DATA, else ../shared/data/omniglot).
set -euo pipefail
cd "$(dirname "$0")/.."

method=${1:?usage: bash scripts/spread.sh METHOD [--seeds "0 1 2"] [--threads "1 2"] [--parallel 2] [--train "..."] [--eval "..."]}
shift
seeds="0 1 2"; threads="1 2"; parallel=$(nproc); train_args=""; eval_args=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) seeds=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --parallel) parallel=$2; shift 2 ;;
    --train) train_args=$2; shift 2 ;;
    --eval) eval_args=$2; shift 2 ;;
    *) echo "spread: unknown option $1" >&2; exit 2 ;;
  esac
done

metanb=artifacts/bin/metanb.dll
[ -f "$metanb" ] || { echo "spread: $metanb is missing; run bash scripts/setup.sh first" >&2; exit 1; }
export METANB_DATA=${METANB_DATA:-$(realpath ../shared/data/omniglot)}
export METANB_CACHE=${METANB_CACHE:-$PWD/data/cache}
export METANB_PROFILE=quick
out=artifacts/spread; work=$out/$method.runs
mkdir -p "$work"

one() {  # seed threads: trains, scores, writes $work/<seed>-<threads>.row
  local seed=$1 t=$2 log=$work/$1-$2.log ckpt=$work/$1-$2.ckpt
  # shellcheck disable=SC2086
  /usr/bin/time -f "%U %S %e" -o "$work/$seed-$t.time" \
    dotnet "$metanb" train "$method" --seed "$seed" --threads "$t" --out "$ckpt" $train_args > "$log" 2>&1
  if [ -n "$eval_args" ]; then
    # shellcheck disable=SC2086
    dotnet "$metanb" eval "$ckpt" --threads "$t" $eval_args >> "$log" 2>&1
  fi
  python3 - "$seed" "$t" "$log" "$work/$seed-$t.time" > "$work/$seed-$t.row" <<'PY'
import re, sys
seed, threads, log, timing = sys.argv[1:]
text = re.sub(r"\x1b\[[0-9;]*m", "", open(log, encoding="utf-8", errors="replace").read())
val = re.findall(r"Best validation accuracy ([0-9.]+)%", text)
test = re.findall(r"Test \(best model\): .*?: ([0-9.]+)% ± ([0-9.]+)%", text)
evals = [" ".join(m) for m in re.findall(r"(\d+-way \d+-shot)\s*│\s*([0-9.]+%)", text)]
instance = re.findall(r"│\s*10\s*│\s*([0-9.]+)%", text)
user, system, wall = open(timing).read().split()[-3:]
print("\t".join([seed, threads, val[-1] if val else "-", test[-1][0] if test else "-", test[-1][1] if test else "-",
                 f"{float(user) + float(system):.0f}", f"{float(wall):.0f}", "; ".join(evals + [f"10th instance {i}%" for i in instance])]))
PY
}

# The one-thread runs go two at a time, the two-thread runs one at a time (so no run waits for a core): --parallel is
# the cores to fill.
for t in $threads; do
  slots=$(( parallel / t )); [ "$slots" -ge 1 ] || slots=1
  running=0
  for seed in $seeds; do
    one "$seed" "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$slots" ]; then wait -n; running=$((running - 1)); fi
  done
  wait
done

{
  printf 'seed\tthreads\tvalidation %%\ttest 5w1s %%\t95%% ci\tCPU s\twall s\teval\n'
  for seed in $seeds; do for t in $threads; do cat "$work/$seed-$t.row"; done; done
} > "$out/$method.tsv"
column -t -s $'\t' "$out/$method.tsv"
python3 - "$out/$method.tsv" "$method" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])][1:]
tests = [float(r[3]) for r in rows if r[3] != "-"]
if tests:
    print(f"{sys.argv[2]}: test 5-way 1-shot over {len(tests)} runs: lowest {min(tests):.2f}%, highest {max(tests):.2f}%, spread {max(tests) - min(tests):.2f} points")
PY
