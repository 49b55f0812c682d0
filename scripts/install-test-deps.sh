#!/usr/bin/env bash
# System packages the tests use: Debian's Chromium for the browser tests of the HTML view, and
# Virtuoso (virtuoso-opensource) for the remote-store tests, which start their own private
# instance. Installs them when running as root and they are missing; otherwise says what is skipped.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource)
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)  # GEXF export checked against its schema
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${need[*]} (Debian packages) for the browser and Virtuoso tests..."
  # keep package scripts from starting system services (Virtuoso's); the tests run their own
  made_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
    made_policy=1
  fi
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null || status=$?
  [ -n "$made_policy" ] && rm -f /usr/sbin/policy-rc.d
  exit "${status:-0}"
else
  echo "Note: ${need[*]} not installed and not root; the browser/Virtuoso tests will be skipped." >&2
fi
