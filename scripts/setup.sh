#!/usr/bin/env bash
# Installs what RobustGrid needs on a fresh Debian 12 machine with the .NET 10 SDK, then builds it.
# Idempotent: installs only what is missing. Needs root or sudo for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

# libjemalloc2: the allocator the CLI and silo restart on (see NativeAllocator.cs, docs/operations.md "Native memory: jemalloc").
# Arguments name more packages; one written ?NAME is optional: where it cannot be installed, setup warns and goes on.
apt_packages=(dataset-fashion-mnist libjemalloc2)
optional=()
for p in "$@"; do
  if [ "${p#\?}" != "$p" ]; then optional+=("${p#\?}"); else apt_packages+=("$p"); fi
done
missing=()
for p in "${apt_packages[@]}" "${optional[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  for p in "${missing[@]}"; do
    if DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$p" >/dev/null; then
      continue
    fi
    case " ${optional[*]} " in
      *" $p "*) echo "warning: optional package $p could not be installed; the tests that need it are skipped" ;;
      *) exit 1 ;;
    esac
  done
fi
dotnet build RobustGrid.sln -c Release -v q -nologo
