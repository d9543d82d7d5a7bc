#!/usr/bin/env bash
# The GPU kit's script (scripts/gpu-kit.sh copies it into the kit as run.sh). On a Linux machine with an NVIDIA GPU and
# a CUDA build of PyTorch (pip), without .NET or network: unpacks the kit's .NET runtime, metanb and Omniglot next to
# itself, points METANB_LIBTORCH at PyTorch's torch/lib, and runs, each step under its own time limit (timeout: SIGTERM,
# which metanb train answers by saving its checkpoint, then SIGKILL two minutes later), every log under out/:
#   info   nvidia-smi, PyTorch's version and GPU, `metanb info` (the device, and where libtorch was mapped from)
#   bench  `metanb bench --device cuda` and torch_cuda_reference.py (the same workload names), then out/bench-ratio.txt
#   smoke  20 training steps of every method (metanb's own list) on the GPU
#   full   the full-budget runs (`metanb train <m> --profile full`, KIT_FULL_METHODS: protonet maml by default; "all"
#          for every method), each stopped at its time limit with its checkpoint saved, then `metanb eval` on it
# nvidia-smi samples GPU memory every 500 ms during each step (peak in out/steps.tsv). out/summary.txt gathers it all.
#   bash run.sh [info] [bench] [smoke] [full]   the stages to run (default: all four; info always runs)
#   bash run.sh --cpu-smoke                     a quick check on the CPU (what scripts/gpu-kit.sh --cpu-smoke runs here)
# Time limits in seconds: KIT_BENCH_S (300 per bench run), KIT_SMOKE_S (120 per method), KIT_FULL_S (240 per full run;
# KIT_FULL_S_<method>, e.g. KIT_FULL_S_protonet=150, overrides it), KIT_EVAL_S (300). KIT_BENCH_ROUNDS (1): bench rounds,
# alternating TorchSharp and PyTorch. METANB_LIBTORCH (default: python3's torch/lib), KIT_DATA (default: the kit's
# Omniglot), KIT_OUT (default: out/ beside this script).
set -uo pipefail
kit=$(cd "$(dirname "$0")" && pwd)
out=${KIT_OUT:-$kit/out}

cpu_smoke=0
stages=()
for a in "$@"; do
  case "$a" in
    --cpu-smoke) cpu_smoke=1 ;;
    info | bench | smoke | full) stages+=("$a") ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$a' (stages: info bench smoke full; or --cpu-smoke)" >&2; exit 2 ;;
  esac
done
[ "${#stages[@]}" -eq 0 ] && stages=(info bench smoke full)
want() { local s; for s in "${stages[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }

mkdir -p "$out/checkpoints"

# Unpack the runtime, metanb and the data once (a marker file says an unpack finished).
unpack() {
  local archive=$1 dir=$2
  [ -f "$dir/.unpacked" ] && return 0
  rm -rf "$dir" && mkdir -p "$dir" && tar -xJf "$kit/$archive" -C "$dir" && touch "$dir/.unpacked" \
    || { echo "run.sh: could not unpack $archive into $dir" >&2; exit 1; }
}
unpack dotnet-runtime.tar.xz "$kit/dotnet"
unpack metanb.tar.xz "$kit/metanb"
unpack omniglot.tar.xz "$kit/data"

export DOTNET_ROOT="$kit/dotnet" DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 NO_COLOR=1
unset DOTNET_ROOT_X64 DOTNET_HOST_PATH
metanb=("$kit/dotnet/dotnet" "$kit/metanb/metanb.dll")
export METANB_DATA=${KIT_DATA:-$kit/data/omniglot}
export METANB_CACHE=$kit/data/omniglot
if [ -z "${METANB_LIBTORCH:-}" ]; then
  METANB_LIBTORCH=$(python3 -c "import torch, os; print(os.path.dirname(torch.__file__) + '/lib')" 2>/dev/null) || METANB_LIBTORCH=""
fi
if [ -z "$METANB_LIBTORCH" ]; then
  echo "run.sh: no METANB_LIBTORCH, and python3 cannot import torch: install PyTorch (a CUDA build) or set METANB_LIBTORCH to its torch/lib" >&2
  exit 1
fi
export METANB_LIBTORCH
if [ "$cpu_smoke" = 1 ]; then
  device=cpu
  export METANB_NUM_THREADS=${METANB_NUM_THREADS:-1}
else
  device=${KIT_DEVICE:-cuda}
fi
# Both ways: the variable, and --device where this metanb's command has it.
export METANB_DEVICE=$device
has_device() { "${metanb[@]}" "$1" --help 2>/dev/null | grep -q -- '--device'; }
train_device=(); has_device train && train_device=(--device "$device")
eval_device=(); has_device eval && eval_device=(--device "$device")
bench_device=(); has_device bench && bench_device=(--device "$device")

have_smi=0
command -v nvidia-smi >/dev/null 2>&1 && [ "$device" != cpu ] && have_smi=1
commit=$(head -1 "$kit/COMMIT" 2>/dev/null || echo "commit unknown")
steps="$out/steps.tsv"
[ -f "$steps" ] || printf 'step\texit\tseconds\tpeak_gpu_mib\tcommand\n' > "$steps"
failed=0

# step NAME LIMIT_S COMMAND...: runs it under `timeout`, logs to out/NAME.log, samples GPU memory, records a steps.tsv line.
step() {
  local name=$1 limit=$2
  shift 2
  local log="$out/$name.log" mem="$out/$name.gpumem" start sampler="" rc peak secs
  echo "== $name (limit ${limit}s): $*"
  { echo "\$ $*"; echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ), kit $commit, METANB_DEVICE=$METANB_DEVICE, METANB_LIBTORCH=$METANB_LIBTORCH"; } > "$log"
  if [ "$have_smi" = 1 ]; then
    nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 500 > "$mem" 2>/dev/null &
    sampler=$!
  fi
  start=$(date +%s)
  timeout -s TERM -k 120 "$limit" "$@" >> "$log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - start ))
  if [ -n "$sampler" ]; then kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null; fi
  peak=-
  [ -s "$mem" ] && peak=$(sort -n "$mem" | tail -1)
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$rc" "$secs" "$peak" "$*" >> "$steps"
  tail -n 4 "$log" | sed 's/^/   /'
  echo "   -> exit $rc$([ "$rc" = 124 ] && echo ' (time limit)'), ${secs}s, peak GPU memory ${peak} MiB"
  [ "$rc" = 0 ] || failed=$((failed + 1))
  return 0
}

# The bench lines of a log: "name median_ms".
bench_lines() { grep -E '^[a-z0-9_]+ [0-9]+(\.[0-9]+)?$' "$1" 2>/dev/null; }

if [ "$cpu_smoke" = 1 ]; then
  step info 120 "${metanb[@]}" info
  # The check this mode exists for: libtorch mapped from METANB_LIBTORCH, the runtime from the kit.
  if grep -q "^mapped: $METANB_LIBTORCH/libtorch_cpu.so$" "$out/info.log" && grep -q "^runtime: .*($kit/dotnet/" "$out/info.log" \
     && ! grep -E '^mapped: ' "$out/info.log" | grep -v "^mapped: $METANB_LIBTORCH/" | grep -qv 'libLibTorchSharp.so$'; then
    echo "   libtorch mapped from $METANB_LIBTORCH only; .NET runtime from $kit/dotnet"
  else
    echo "   FAILED: libtorch or the runtime came from elsewhere (see $out/info.log)"
    failed=$((failed + 1))
  fi
  step bench 300 "${metanb[@]}" bench "${bench_device[@]}" --only protonet_5w1s15q small_op_add_us
  step train-protonet 300 "${metanb[@]}" train protonet --steps 2 "${train_device[@]}" --test-episodes 10 --out "$out/checkpoints/protonet-smoke.ckpt"
  step eval-protonet 300 "${metanb[@]}" eval "$out/checkpoints/protonet-smoke.ckpt" "${eval_device[@]}" --ways 5 --shots 1 --episodes 20
  echo "run.sh --cpu-smoke: $failed step(s) failed; logs in $out"
  [ "$failed" = 0 ]
  exit $?
fi

# info: the machine, PyTorch, and what metanb loaded.
if [ "$have_smi" = 1 ]; then
  step nvidia-smi 60 nvidia-smi
  gpu=$(timeout 30 nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null | head -1)
else
  gpu="no nvidia-smi"
fi
step pytorch 120 python3 -c "import torch; print('torch', torch.__version__, 'cuda', torch.version.cuda, 'available', torch.cuda.is_available(), torch.cuda.get_device_name(0) if torch.cuda.is_available() else '')"
step info 120 "${metanb[@]}" info

if want bench; then
  rounds=${KIT_BENCH_ROUNDS:-1}
  for r in $(seq 1 "$rounds"); do
    step "bench-torchsharp-$r" "${KIT_BENCH_S:-300}" "${metanb[@]}" bench "${bench_device[@]}"
    step "bench-pytorch-$r" "${KIT_BENCH_S:-300}" python3 "$kit/torch_cuda_reference.py" "$device"
  done
  {
    echo "# TorchSharp / PyTorch, median ms per step on $gpu (kit $commit), per round"
    printf '%-26s %6s %12s %12s %8s\n' workload round torchsharp pytorch ratio
    for r in $(seq 1 "$rounds"); do
      bench_lines "$out/bench-pytorch-$r.log" | while read -r name ms; do
        ours=$(bench_lines "$out/bench-torchsharp-$r.log" | awk -v n="$name" '$1 == n { print $2 }')
        [ -n "$ours" ] && awk -v n="$name" -v r="$r" -v a="$ours" -v b="$ms" 'BEGIN { printf "%-26s %6s %12.1f %12.1f %8.2f\n", n, r, a, b, (b > 0 ? a / b : 0) }'
      done
    done
  } > "$out/bench-ratio.txt"
  cat "$out/bench-ratio.txt"
fi

methods=$("${metanb[@]}" train no-such-method 2>&1 | sed -n 's/.*Known methods: \(.*\)\./\1/p' | tr -d ',')
[ -n "$methods" ] || methods="protonet pretrain maml fomaml anil metasgd reptile siamese matching relation gnn mann metanet hypernet lstm-meta"

if want smoke; then
  for m in $methods; do
    step "smoke-$m" "${KIT_SMOKE_S:-120}" "${metanb[@]}" train "$m" --steps 20 "${train_device[@]}" --test-episodes 20 --out "$out/checkpoints/$m-smoke.ckpt"
  done
  step smoke-maml-rl "${KIT_SMOKE_S:-120}" "${metanb[@]}" train maml-rl --env navigation --steps 3 "${train_device[@]}" --out "$out/checkpoints/maml-rl-smoke.ckpt"
fi

if want full; then
  full=${KIT_FULL_METHODS:-protonet maml}
  [ "$full" = all ] && full="protonet maml $(echo "$methods" | tr ' ' '\n' | grep -vx -e protonet -e maml | tr '\n' ' ')"
  for m in $full; do
    var="KIT_FULL_S_${m//-/_}"
    limit=${!var:-${KIT_FULL_S:-240}}
    ckpt="$out/checkpoints/$m-full.ckpt"
    step "full-$m" "$limit" "${metanb[@]}" train "$m" --profile full "${train_device[@]}" --test-episodes 0 --out "$ckpt"
    if [ -f "$ckpt" ]; then
      step "eval-$m" "${KIT_EVAL_S:-300}" "${metanb[@]}" eval "$ckpt" "${eval_device[@]}"
    else
      echo "   no checkpoint $ckpt: eval-$m skipped"
    fi
  done
fi

{
  echo "MetaNotebooks GPU kit run, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "kit: $commit"
  echo "gpu: $gpu"
  echo "pytorch: $(grep '^torch ' "$out/pytorch.log" 2>/dev/null)"
  echo "METANB_LIBTORCH=$METANB_LIBTORCH METANB_DEVICE=$METANB_DEVICE"
  echo
  echo "steps (exit 124: stopped at its time limit; checkpoints are saved on SIGTERM):"
  column -t -s "$(printf '\t')" "$steps" 2>/dev/null || cat "$steps"
  [ -f "$out/bench-ratio.txt" ] && { echo; cat "$out/bench-ratio.txt"; }
  # The last lines of each log of a stage: the full runs' last progress, the evaluations' tables.
  last_lines() {
    for f in "$out"/"$1"-*.log; do
      [ -f "$f" ] || continue
      echo
      echo "== $(basename "$f" .log)$2"
      grep -v '^\s*$' "$f" | tail -n "$3"
    done
  }
  last_lines full ": last progress" 3
  last_lines eval "" 12
} > "$out/summary.txt"
echo
echo "run.sh: done, $failed step(s) with a nonzero exit (124: time limit). Summary: $out/summary.txt"
