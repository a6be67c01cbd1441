# Cappy Proxy, CPU image (first version; the CUDA image comes with the container work).
# Build: docker build -t cappy-proxy .
# Run:   docker run --rm -p 8080:8080 cappy-proxy --upstream http://host.docker.internal:8000
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig Cappy.Proxy.sln ./
COPY scorer/Cappy.Scorer.csproj scorer/
COPY proxy/Cappy.Proxy.csproj proxy/
RUN dotnet restore proxy/Cappy.Proxy.csproj -r linux-x64
COPY scorer/ scorer/
COPY proxy/ proxy/
RUN dotnet publish proxy/Cappy.Proxy.csproj -c Release -r linux-x64 --self-contained false --no-restore -o /app \
    # The ONNX Runtime GPU package also ships Windows libraries; a Linux image has no use for them.
    && rm -f /app/onnxruntime*.dll

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
COPY config/ ./config/
# Listen on every interface inside the container; route files are read from /app/config (mount your own there).
ENV CAPPY_URLS=http://0.0.0.0:8080 \
    CAPPY_CONFIG=/app/config
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "cappy-proxy.dll"]
