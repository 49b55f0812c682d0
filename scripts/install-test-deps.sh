#!/usr/bin/env bash
# System packages the tests use: Debian's Chromium for the browser tests of the HTML view.
# Installs them when running as root and they are missing; otherwise says what is skipped.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${need[*]} (Debian packages) for the browser tests..."
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "Note: ${need[*]} not installed and not root; the browser tests will be skipped." >&2
fi
