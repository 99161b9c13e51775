#!/usr/bin/env bash
# One-shot setup for a fresh Debian/Ubuntu machine with Node 20:
# system packages (where we have the rights), pnpm, the workspace, a build.
# Usage: bash tools/setup.sh [--ci] [--with-peers]
#   --with-peers: also Debian's python3-torch (with OpenBLAS), so `nnlab bench` (peers auto) includes PyTorch.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.8
# Debian packages nnlab uses: Fashion-MNIST data (tests, `--dataset fashion-mnist`);
# oneDNN and a C++ toolchain for @nnlab/backend-native's addon (built by `pnpm install`).
# redis-server: the real Redis the `nnlab sweep --queue` / `nnlab worker` tests start.
# chromium: headless browser for the demo's browser tests and `nnlab bench --browser` (driven by playwright-core).
APT_PACKAGES=(dataset-fashion-mnist libdnnl-dev g++ make python3 python3-onnx redis-server chromium)
for arg in "$@"; do
  # PyTorch for the bench's peer (a few hundred MB): only when asked for.
  # libopenblas0-pthread: python3-torch only needs some libblas.so.3, and with Debian's reference BLAS
  # alone its GEMMs run at ~4 GFLOPS (measured 3.7 against 31-78 with OpenBLAS), a peer far from its best.
  if [ "$arg" = "--with-peers" ]; then APT_PACKAGES+=(python3-torch libopenblas0-pthread); fi
done

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing ${missing[*]} with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: optional system packages missing: ${missing[*]}"
    echo "setup: run this once as root to get them: apt-get install ${missing[*]}"
  fi
fi

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "setup: installing pnpm@$PNPM_VERSION"
  npm install -g --silent "pnpm@$PNPM_VERSION" >/dev/null 2>&1 || {
    corepack enable && corepack prepare "pnpm@$PNPM_VERSION" --activate
  }
fi

pnpm install --frozen-lockfile --reporter=append-only | tail -n 3
pnpm build --output-logs=errors-only
echo "setup: done. Try: pnpm nnlab backends"
