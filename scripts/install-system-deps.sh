#!/usr/bin/env bash
# Install the Debian/Ubuntu packages council-pipeline needs, only when something is missing.
# Usage: scripts/install-system-deps.sh [extra-package...]
set -euo pipefail

# Fonts and German text for `make channel` (scripts/channel.py renders text in them).
channel=(fonts-dejavu-core fonts-dejavu-extra fonts-liberation fonts-freefont-ttf fonts-urw-base35
  fonts-courier-prime fortunes-de)
packages=(tesseract-ocr tesseract-ocr-deu "${channel[@]}" "$@")
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "council-pipeline needs: ${missing[*]}. Install them with your system's package manager." >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "council-pipeline needs the packages: ${missing[*]}" >&2
  echo "Run as root (or with sudo): apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
