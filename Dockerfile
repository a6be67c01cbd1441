# syntax=docker/dockerfile:1
# Cappy Proxy images. Two runtime targets share one build stage:
#   gpu (default, last stage): NVIDIA CUDA 13 runtime + cuDNN 9 with the ASP.NET Core 10 runtime copied in.
#     docker build -t cappy-proxy:gpu .
#     docker run --rm --gpus all -p 8080:8080 -v $PWD/cappy-large-onnx:/models/cappy-large:ro \
#       -e CAPPY_MODEL=/models/cappy-large -e CAPPY_UPSTREAM=http://vllm:8000 cappy-proxy:gpu
#   cpu: the ASP.NET Core 10 image, without ONNX Runtime's CUDA and TensorRT provider libraries.
#     docker build --target cpu -t cappy-proxy:cpu .
# Publish arguments come from scripts/publish.sh, which the publish smoke test runs too.

ARG DOTNET_VERSION=10.0
# NOTE: ONNX Runtime 1.32's CUDA provider needs CUDA 13 and cuDNN 9 (it loads libcublasLt.so.13). The tag
# follows NVIDIA's CUDA 13 naming (VERSION-cudnn-runtime-ubuntu24.04); no image was pulled while writing this.
ARG CUDA_IMAGE=nvidia/cuda:13.0.2-cudnn-runtime-ubuntu24.04

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig Cappy.Proxy.sln ./
COPY scorer/Cappy.Scorer.csproj scorer/
COPY proxy/Cappy.Proxy.csproj proxy/
RUN dotnet restore proxy/Cappy.Proxy.csproj -r linux-x64
COPY scripts/publish.sh scripts/
COPY scorer/ scorer/
COPY proxy/ proxy/

FROM build AS publish-cpu
RUN scripts/publish.sh cpu /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS aspnet

# Settings shared by both targets are repeated in each, because ENV does not carry across FROM.
FROM aspnet AS cpu
WORKDIR /app
COPY --from=publish-cpu /app ./
COPY config/ /app/config/
# Every setting is an environment variable; see the command-line table in README.md for the rest.
ENV CAPPY_URLS=http://0.0.0.0:8080 \
    CAPPY_CONFIG=/app/config \
    CAPPY_DEVICE=cpu \
    CAPPY_HEALTHCHECK_URL=http://127.0.0.1:8080/readyz
# Mount scorer models under /models and point CAPPY_MODEL at one, e.g. /models/cappy-large.
RUN mkdir -p /models
EXPOSE 8080
USER $APP_UID
# start-period covers loading the model and its warm-up batch, before /readyz answers 200.
HEALTHCHECK --interval=30s --timeout=10s --start-period=120s --retries=3 CMD ["dotnet", "/app/cappy-proxy.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "/app/cappy-proxy.dll"]

# The gpu stages follow the cpu target, so a builder without BuildKit that builds every stage up to the target
# skips them for --target cpu.
FROM build AS publish-gpu
RUN scripts/publish.sh gpu /app --no-restore

FROM ${CUDA_IMAGE} AS gpu
# The .NET runtime's own dependencies on Ubuntu 24.04 (ICU for globalization, OpenSSL for HTTPS upstreams).
# DEBIAN_FRONTEND keeps tzdata's configuration from waiting for input during the build.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates libicu74 libssl3t64 tzdata \
    && rm -rf /var/lib/apt/lists/*
COPY --from=aspnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \
    && groupadd --gid 1654 app \
    && useradd --uid 1654 --gid app --no-create-home --shell /usr/sbin/nologin app \
    && mkdir -p /models
ENV DOTNET_ROOT=/usr/share/dotnet \
    DOTNET_RUNNING_IN_CONTAINER=true \
    APP_UID=1654
WORKDIR /app
COPY --from=publish-gpu /app ./
COPY config/ /app/config/
ENV CAPPY_URLS=http://0.0.0.0:8080 \
    CAPPY_CONFIG=/app/config \
    CAPPY_DEVICE=auto \
    CAPPY_HEALTHCHECK_URL=http://127.0.0.1:8080/readyz
EXPOSE 8080
USER $APP_UID
HEALTHCHECK --interval=30s --timeout=10s --start-period=120s --retries=3 CMD ["dotnet", "/app/cappy-proxy.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "/app/cappy-proxy.dll"]
