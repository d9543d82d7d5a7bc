#!/usr/bin/env bash
# The longer CPU runs behind results/: each method of Learners.All trained on one libtorch thread for a few times its
# quick budget (capped at a few minutes: `timeout -s TERM` stops the run after the current step and saves, as Ctrl+C
# does), then scored by `metanb eval --results results/`, which writes one JSON file per setting with the provenance
# (both command lines, steps, training time, device, threads, seed, commit, date, per-episode accuracies).
#
#   bash scripts/results-runs.sh train [method...]   # train (checkpoints/longer/<method>.ckpt)
#   bash scripts/results-runs.sh eval [method...]    # score them into results/
#   bash scripts/results-runs.sh seeds               # quick profile over training seeds 0-2 (protonet, matching, metanet)
#
# METANB_BIN names the metanb.dll to use (default artifacts/bin/metanb.dll); CAP the time limit per run (default 240s).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${METANB_BIN:-artifacts/bin/metanb.dll}
cap=${CAP:-240s}
phase=${1:?train, eval or seeds}; shift || true

# Steps: about twice the quick budget (1.5x for pretrain, whose quick run is already 1,000 steps).
declare -A steps=(
  [protonet]=600 [pretrain]=1500 [maml]=400 [fomaml]=400 [anil]=400 [metasgd]=400 [reptile]=600 [siamese]=800
  [matching]=600 [relation]=3200 [gnn]=600 [mann]=900 [metanet]=600 [hypernet]=600 [lstm-meta]=400
)
order=(protonet pretrain maml fomaml anil metasgd reptile siamese matching relation gnn mann metanet hypernet lstm-meta)
methods=("$@"); [ ${#methods[@]} -gt 0 ] || methods=("${order[@]}")

mkdir -p checkpoints/longer checkpoints/seeds results
case "$phase" in
  train)
    for m in "${methods[@]}"; do
      echo "== $(date -u +%FT%TZ) train $m --steps ${steps[$m]} (cap $cap)"
      timeout -s TERM "$cap" dotnet "$bin" train "$m" --steps "${steps[$m]}" --threads 1 --test-episodes 0 --out "checkpoints/longer/$m.ckpt" || echo "(exit $?)"
    done ;;
  eval)
    for m in "${methods[@]}"; do
      echo "== $(date -u +%FT%TZ) eval $m"
      dotnet "$bin" eval "checkpoints/longer/$m.ckpt" --threads 1 --results results/longer
    done ;;
  seeds)
    for m in protonet matching metanet; do
      for s in 0 1 2; do
        echo "== $(date -u +%FT%TZ) seed $s $m"
        dotnet "$bin" train "$m" --seed "$s" --threads 1 --test-episodes 0 --out "checkpoints/seeds/$m-s$s.ckpt"
        dotnet "$bin" eval "checkpoints/seeds/$m-s$s.ckpt" --ways 5 --shots 1 --threads 1 --results results/seeds
      done
    done ;;
  *) echo "unknown phase $phase: train, eval or seeds" >&2; exit 2 ;;
esac
