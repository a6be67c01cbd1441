#!/usr/bin/env sh
# Publishes the proxy for a Linux container: the single source of the publish arguments, used by the
# Dockerfile and by the publish smoke test.
#
# Usage: scripts/publish.sh gpu|cpu OUTPUT_DIR [extra dotnet publish arguments, e.g. --no-restore]
#   gpu  keeps ONNX Runtime's CUDA and TensorRT provider libraries (for the CUDA 13 + cuDNN 9 image).
#   cpu  removes them, so the image carries only the CPU provider.
# Both remove the Windows .dll natives that the ONNX Runtime GPU package ships next to the Linux ones, and both
# leave out LibTorch (CappyIncludeLibTorch=false): serving does not need it, and only `train --mode full` does.
set -eu

if [ "$#" -lt 2 ]; then
    echo "usage: $0 gpu|cpu OUTPUT_DIR [dotnet publish arguments]" >&2
    exit 2
fi

target="$1"
output="$2"
shift 2
case "$target" in
    gpu|cpu) ;;
    *) echo "invalid target '$target': expected gpu or cpu" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "$0")/.." && pwd)"
dotnet publish "$root/proxy/Cappy.Proxy.csproj" \
    -c Release \
    -r linux-x64 \
    --self-contained false \
    -p:DebugType=none \
    -p:GenerateDocumentationFile=false \
    -p:CappyIncludeLibTorch=false \
    -o "$output" \
    "$@"

rm -f "$output"/onnxruntime*.dll "$output"/onnxruntime_providers_*.dll
if [ "$target" = cpu ]; then
    rm -f "$output"/libonnxruntime_providers_cuda.so "$output"/libonnxruntime_providers_tensorrt.so
fi
