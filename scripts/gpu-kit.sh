#!/usr/bin/env bash
# Writes artifacts/gpu-kit/ (git-ignored): what a Linux machine with an NVIDIA GPU and a pip PyTorch, but no .NET and
# no network, needs to run the course's GPU checks (scripts/gpu-kit/run.sh, copied in as run.sh):
#   dotnet-runtime.tar.xz  the .NET shared runtime (Microsoft.NETCore.App) and the dotnet host, from this machine's install
#   metanb.tar.xz          a framework-dependent publish of metanb built with -p:TorchBackend=external: no libtorch, but
#                          TorchSharp's libLibTorchSharp.so (with the build's libstdc++ fix, when it applied here);
#                          libtorch comes from the machine's PyTorch through METANB_LIBTORCH
#   omniglot.tar.xz        Omniglot as the course's 28x28 tensor cache (about 5.5 MB), or the two zips when no cache is found
#   torch_cuda_reference.py  the PyTorch side of `metanb bench --device cuda` (../shared/bench)
#   run.sh, README.txt, COMMIT
# Then it checks the kit's size (at most KIT_LIMIT_MB, 60 by default) and prints it.
#   bash scripts/gpu-kit.sh              build the kit
#   bash scripts/gpu-kit.sh --cpu-smoke  build it, then run it here on the CPU (run.sh --cpu-smoke, with a copy of this
#                                        build's CPU libtorch as METANB_LIBTORCH and the kit's own .NET runtime)
#   bash scripts/gpu-kit.sh --cpu-smoke --reuse   the same on the kit already built
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
kit=artifacts/gpu-kit
limit_mb=${KIT_LIMIT_MB:-60}
shared=${METANB_SHARED:-$repo/../shared}
smoke=0
reuse=0
for a in "$@"; do
  case "$a" in
    --cpu-smoke) smoke=1 ;;
    --reuse) reuse=1 ;;
    *) echo "gpu-kit.sh: unknown argument '$a' (--cpu-smoke, --reuse)" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d "${TMPDIR:-/tmp}/metanb-gpu-kit.XXXXXX")
trap 'rm -rf "$work"' EXIT

build() {
rm -rf "$kit"
mkdir -p "$kit"

# 1. metanb without libtorch, built from a copy of the working tree (tracked and untracked, not ignored) so that this
#    checkout's own build outputs, built with the CPU libtorch, stay as they are.
echo "gpu-kit: publishing metanb (-p:TorchBackend=external) from a copy of the working tree"
mkdir -p "$work/src"
git ls-files -z --cached --others --exclude-standard | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$work/src"
ln -s "$repo/lib/MetaNotebooks.Interactive/node_modules" "$work/src/lib/MetaNotebooks.Interactive/node_modules"
dotnet publish "$work/src/lib/MetaNotebooks.Cli/MetaNotebooks.Cli.csproj" -c Release -p:TorchBackend=external \
  -o "$work/metanb" -nologo -v q
# The notebook runner's browser (Playwright's driver, for chart PNGs) and the debugging files are not needed to train.
rm -rf "$work/metanb/.playwright"
find "$work/metanb" -maxdepth 1 \( -name '*.pdb' -o -name '*.xml' \) -delete
if ls "$work/metanb" | grep -Eq '^lib(torch|c10)'; then
  echo "gpu-kit: the publish carries a libtorch ($(ls "$work/metanb" | grep -E '^lib(torch|c10)' | tr '\n' ' ')); it must not" >&2
  exit 1
fi
[ -f "$work/metanb/libLibTorchSharp.so" ] || { echo "gpu-kit: libLibTorchSharp.so is missing from the publish" >&2; exit 1; }
tar -C "$work/metanb" -cf - . | xz -T2 -6 > "$kit/metanb.tar.xz"

# 2. The .NET runtime metanb needs (its runtimeconfig's framework), with the host that starts it.
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
grep -q '"Microsoft.NETCore.App"' "$work/metanb/metanb.runtimeconfig.json" \
  || { echo "gpu-kit: metanb.runtimeconfig.json names no Microsoft.NETCore.App framework" >&2; exit 1; }
runtime=$(dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" && $2 ~ /^10\./ { v = $2 } END { print v }')
fxr=$(ls "$dotnet_root/host/fxr" | sort -V | tail -1)
[ -n "$runtime" ] || { echo "gpu-kit: no Microsoft.NETCore.App 10.x in 'dotnet --list-runtimes'" >&2; exit 1; }
echo "gpu-kit: packing .NET runtime $runtime (host fxr $fxr) from $dotnet_root"
extras=()
for f in LICENSE.txt ThirdPartyNotices.txt; do [ -f "$dotnet_root/$f" ] && extras+=("$f"); done
tar -C "$dotnet_root" -cf - dotnet "host/fxr/$fxr" "shared/Microsoft.NETCore.App/$runtime" "${extras[@]}" | xz -T2 -6 > "$kit/dotnet-runtime.tar.xz"

# 3. Omniglot: the course's tensor cache (the loader uses it when the zips are absent), else the zips.
data_dir=${METANB_DATA:-$repo/data/omniglot}
cache=""
for d in "${METANB_CACHE:-}" "$data_dir" "$repo/data/omniglot" "$repo/data/cache"; do
  [ -n "$d" ] && [ -f "$d/omniglot-28px-v2.tensors" ] && { cache="$d/omniglot-28px-v2.tensors"; break; }
done
mkdir -p "$work/data/omniglot"
if [ -n "$cache" ]; then
  echo "gpu-kit: Omniglot from the cache $cache"
  cp "$cache" "$work/data/omniglot/"
elif [ -f "$data_dir/images_background.zip" ] && [ -f "$data_dir/images_evaluation.zip" ]; then
  echo "gpu-kit: Omniglot from the zips in $data_dir (no cache found)"
  cp "$data_dir/images_background.zip" "$data_dir/images_evaluation.zip" "$work/data/omniglot/"
else
  echo "gpu-kit: no Omniglot cache or zips found (METANB_CACHE, METANB_DATA, data/omniglot): run a notebook or metanb train once, or set METANB_DATA" >&2
  exit 1
fi
[ -f "$data_dir/LICENSE" ] && cp "$data_dir/LICENSE" "$work/data/omniglot/LICENSE"
tar -C "$work/data" -cf - omniglot | xz -T2 -6 > "$kit/omniglot.tar.xz"

# 4. The PyTorch reference, the script that runs there, and what the kit was built from.
cp "$shared/bench/torch_cuda_reference.py" "$kit/"
cp scripts/gpu-kit/run.sh "$kit/run.sh"
chmod +x "$kit/run.sh"
{
  echo "commit $(git rev-parse HEAD)$(git diff --quiet HEAD -- lib build Directory.Build.props Directory.Packages.props || echo ' (with uncommitted changes)')"
  echo "built $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -srm)"
  echo "dotnet runtime $runtime"
  echo "libLibTorchSharp.so sha256 $(sha256sum "$work/metanb/libLibTorchSharp.so" | cut -d' ' -f1)"
} > "$kit/COMMIT"
cat > "$kit/README.txt" <<'EOF'
MetaNotebooks GPU kit: runs metanb on an NVIDIA GPU with the machine's own PyTorch (pip install torch, a CUDA build),
without .NET or network. Copy this folder there, then:
  bash run.sh                 every stage: info, bench (TorchSharp and PyTorch), smoke (20 steps of every method),
                              full (full-budget training runs, each with a time limit, then metanb eval)
  bash run.sh bench smoke     only these stages (info always runs first)
  bash run.sh --cpu-smoke     a quick check on the CPU (METANB_LIBTORCH must name a CPU or CUDA libtorch folder)
Everything lands in out/ (one log per step, steps.tsv with each step's exit code, seconds and peak GPU memory,
bench-ratio.txt, summary.txt). Time limits: KIT_BENCH_S, KIT_SMOKE_S, KIT_FULL_S (seconds per step); see run.sh.
METANB_LIBTORCH defaults to python3's torch/lib; METANB_DATA to the kit's Omniglot.
EOF

}
if [ "$reuse" = 1 ] && [ -f "$kit/run.sh" ]; then
  echo "gpu-kit: reusing $kit"
  cp scripts/gpu-kit/run.sh "$kit/run.sh"
else
  build
fi

size=$(du -cb "$kit"/* | tail -1 | cut -f1)
size_mb=$(awk -v b="$size" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "gpu-kit: $kit"
ls -la "$kit" | tail -n +2
echo "gpu-kit: $size_mb MB in all (limit $limit_mb MB)"
if awk -v b="$size" -v l="$limit_mb" 'BEGIN { exit !(b > l * 1048576) }'; then
  echo "gpu-kit: the kit is $size_mb MB, over the $limit_mb MB limit" >&2
  exit 1
fi

if [ "$smoke" = 1 ]; then
  # A copy of this build's CPU libtorch stands in for the GPU machine's PyTorch (hard links where possible: cheap).
  lt="$work/libtorch"
  mkdir -p "$lt"
  src=lib/MetaNotebooks.Cli/bin/Release/net10.0
  [ -f "$src/libtorch.so" ] || src=artifacts/bin
  for f in libc10.so libtorch_cpu.so libtorch.so libgomp-*.so.1; do cp -l "$src/"$f "$lt/" 2>/dev/null || cp "$src/"$f "$lt/"; done
  run_dir="$work/run"
  cp -r "$kit" "$run_dir"
  rc=0
  METANB_LIBTORCH="$lt" bash "$run_dir/run.sh" --cpu-smoke || rc=$?
  rm -rf "$kit-smoke-out"
  cp -r "$run_dir/out" "$kit-smoke-out"
  echo "gpu-kit: CPU smoke $([ "$rc" = 0 ] && echo passed || echo FAILED); its logs: $kit-smoke-out"
  exit "$rc"
fi
