#!/usr/bin/env bash
# Runs the scorer benchmark on an NVIDIA GPU and prints its tables.
#
# Usage: scripts/gpu-bench.sh [--device cuda:N] [--fp16-model DIR] [--out DIR] [other bench scorer options]
#
# It builds the proxy in Release, checks the GPU with nvidia-smi, and runs `bench scorer --device cuda` on the
# generated Cappy-large-sized float32 model (or on --model DIR when given). With --fp16-model DIR (or
# CAPPY_BENCH_FP16_MODEL) it runs a second time on that float16 export. The scorer loads such an export only
# when its inputs stay int64 and its logits output stays float32. The JSON files and SVG charts go to --out
# (default: bench-results).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
device="cuda"
out="$repo/bench-results"
fp16_model="${CAPPY_BENCH_FP16_MODEL:-}"
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --device) device="$2"; shift 2 ;;
    --fp16-model) fp16_model="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) extra+=("$1"); shift ;;
  esac
done

if ! command -v nvidia-smi > /dev/null; then
  echo "nvidia-smi not found: this benchmark needs an NVIDIA GPU with its driver installed." >&2
  exit 1
fi
if ! nvidia-smi --query-gpu=index,name,driver_version,memory.total --format=csv,noheader; then
  echo "nvidia-smi failed: no usable NVIDIA GPU." >&2
  exit 1
fi
if [[ -n "$fp16_model" && ! -f "$fp16_model/model.onnx" ]]; then
  echo "--fp16-model $fp16_model has no model.onnx." >&2
  exit 1
fi

dotnet build "$repo/proxy" -c Release
mkdir -p "$out"

bench() {
  local name="$1"
  shift
  echo
  echo "== $name =="
  dotnet run -c Release --no-build --project "$repo/proxy" -- \
    bench scorer --device "$device" --json "$out/$name.json" "$@"
}

bench "bench-cuda-fp32" ${extra[@]+"${extra[@]}"}
if [[ -n "$fp16_model" ]]; then
  bench "bench-cuda-fp16" --model "$fp16_model" ${extra[@]+"${extra[@]}"}
fi
