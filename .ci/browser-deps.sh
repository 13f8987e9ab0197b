#!/usr/bin/env bash
# Installs what heed's browser tests need: the system Chromium (Debian's
# package) and axe-core (the npm package) in .ci/node_modules, where the
# tests look for axe.min.js. Safe to run again: it installs only what is
# missing. Called by .ci/run; developers run it once by hand.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
chromium --version 2>/dev/null || chromium-browser --version

if [ ! -f node_modules/axe-core/axe.min.js ]; then
  npm install --prefix . --no-save --no-package-lock --no-audit --no-fund --loglevel=error axe-core@4 >/dev/null
fi
node -e 'console.log("axe-core " + require("./node_modules/axe-core/package.json").version)'
