#!/usr/bin/env bash
# The longer CPU runs behind results/: each method of Learners.All trained on one libtorch thread for a few times its
# quick budget (capped at 240 s for the first nine runs, 200 s after: `timeout -s TERM` stops the run after the current step
# and saves, as Ctrl+C
# does), then scored by `metanb eval --results results/`, which writes one JSON file per setting with the provenance
# (both command lines, steps, training time, device, threads, seed, commit, date, per-episode accuracies).
#
#   bash scripts/results-runs.sh train [method...]   # train (checkpoints/longer/<method>.ckpt)
#   bash scripts/results-runs.sh eval [method...]    # score them into results/longer (and, with no method named, pixelnn)
#   bash scripts/results-runs.sh seeds               # quick profile over training seeds 0-2 (fomaml, anil, protonet)
#   dotnet artifacts/bin/metanb.dll results            # then regenerate the README's tables and results/README.md
#
# METANB_BIN names the metanb.dll to use (default artifacts/bin/metanb.dll); CAP the time limit per run (default 200s).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${METANB_BIN:-artifacts/bin/metanb.dll}
cap=${CAP:-200s}
phase=${1:?train, eval or seeds}; shift || true

# Steps: twice the quick budget for the first seven methods, 1.5 times for the rest (pretrain, whose quick run is
# already 1,000 steps, and Meta-SGD were resumed to these after a first capped run stopped short; the cap makes the
# steps actually done, which each results file records, the smaller of these and what fits in the time).
declare -A steps=(
  [protonet]=600 [pretrain]=1500 [maml]=400 [fomaml]=400 [anil]=400 [metasgd]=300 [reptile]=600 [siamese]=800
  [matching]=600 [relation]=2400 [gnn]=450 [mann]=700 [metanet]=450 [hypernet]=450 [lstm-meta]=300
)
# Test settings: all four for ProtoNet (and the pixel baseline); 5-way 1- and 5-shot for most, to fit the CPU time (the
# fixed heads are scored at their training ways, 5, anyway); 5-way 1-shot alone for the four scored last, when the
# shared machine was slowest. `eval <checkpoint>` alone scores all four.
declare -A evalopts=([protonet]=" " [hypernet]="--ways 5 --shots 1" [lstm-meta]="--ways 5 --shots 1" [mann]="--ways 5 --shots 1" [siamese]="--ways 5 --shots 1")
order=(protonet pretrain maml fomaml anil metasgd reptile siamese matching relation gnn mann metanet hypernet lstm-meta)
methods=("$@"); [ ${#methods[@]} -gt 0 ] || methods=("${order[@]}")

mkdir -p checkpoints/longer checkpoints/seeds results
case "$phase" in
  train)
    for m in "${methods[@]}"; do
      echo "== $(date -u +%FT%TZ) train $m --steps ${steps[$m]} (cap $cap)"
      # An existing checkpoint is trained on (resumed exactly) to the target.
      from=(); [ -f "checkpoints/longer/$m.ckpt" ] && from=(--resume "checkpoints/longer/$m.ckpt")
      timeout -s TERM "$cap" dotnet "$bin" train "$m" "${from[@]}" --steps "${steps[$m]}" --threads 1 --test-episodes 0 --out "checkpoints/longer/$m.ckpt" || echo "(exit $?)"
    done ;;
  eval)
    if [ $# -eq 0 ] || [ "$1" = pixelnn ]; then
      echo "== $(date -u +%FT%TZ) eval pixelnn"
      dotnet "$bin" eval pixelnn --threads 1 --results results/longer
    fi
    for m in "${methods[@]}"; do
      [ "$m" = pixelnn ] && continue
      echo "== $(date -u +%FT%TZ) eval $m"
      # shellcheck disable=SC2086
      dotnet "$bin" eval "checkpoints/longer/$m.ckpt" ${evalopts[$m]:---ways 5} --threads 1 --results results/longer
    done ;;
  seeds)
    for m in fomaml anil protonet; do
      for s in 0 1 2; do
        echo "== $(date -u +%FT%TZ) seed $s $m"
        dotnet "$bin" train "$m" --seed "$s" --threads 1 --test-episodes 0 --out "checkpoints/seeds/$m-s$s.ckpt"
        dotnet "$bin" eval "checkpoints/seeds/$m-s$s.ckpt" --ways 5 --shots 1 --threads 1 --results results/seeds
      done
    done ;;
  *) echo "unknown phase $phase: train, eval or seeds" >&2; exit 2 ;;
esac
