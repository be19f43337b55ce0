#!/usr/bin/env bash
# Installs renacer's build and test dependencies with apt-get, only those
# that are missing. Safe to run again; works as root on a bare Debian 12.
# pandoc generates the man pages from spec/; man-db, bash-completion and zsh
# are what the install test renders the pages and loads the completions with.
set -euo pipefail

PACKAGES=(
  cmake make gcc clang pkg-config gawk
  libzstd-dev libdw-dev libelf-dev libjansson-dev libsqlite3-dev libcriterion-dev
  libclang-rt-14-dev libdebuginfod-dev
  libbpf-dev bpftool llvm
  strace jq python3 binutils file procps time curl apache2-utils
  dwz  # the hostile-input test builds a supplementary debug file
  pandoc man-db bash-completion zsh
  zstd  # the pack test reads a pack with the zstd and tar tools
  # libc's debug info: the guide's -k stacks and the report tests show libc
  # frames with their lines, as on a developer's machine
  libc6-dbg
  # headless browser for the HTML report's rendering test (about 350 MB
  # installed with chromium-common; about 30 s to install from a Debian mirror)
  chromium
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all dependencies present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
