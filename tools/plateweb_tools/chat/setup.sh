#!/usr/bin/env bash
# Installs what the chat tools (tools/plateweb_tools/chat) need on Debian 12 (Debian's own PyTorch, no pip) and is safe to run
# again: apt is called only when a package is missing. Run the tools with /usr/bin/python3.
set -euo pipefail

packages=(
  python3-torch          # PyTorch 1.13 (CPU)
  python3-numpy
  python3-sentencepiece  # tokenizer training and encoding
  python3-matplotlib     # loss curves
  libopenblas0-pthread   # without it torch falls back to a reference BLAS about 15x slower
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if (( ${#missing[@]} > 0 )); then
  echo "chat tools: installing ${missing[*]}"
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

/usr/bin/python3 -c 'import torch, numpy, sentencepiece, matplotlib' \
  || { echo "chat tools: the Python packages do not import; see the messages above." >&2; exit 1; }
