#!/usr/bin/env bash
# Installs what PlateWeb needs on Debian 12 and is safe to run again: it only calls apt when a
# package is missing, and checks for the .NET SDK.
set -euo pipefail

packages=(
  libtesseract5          # OCR engine, bound by src/PlateWeb.Recognition/Interop/Tesseract
  tesseract-ocr-eng      # fallback OCR model when tessdata/ has no plate model
  libgtk-3-0             # linked by OpenCvSharp's native library, with the three below
  libfreetype6
  libharfbuzz0b
  libatomic1
  libgomp1               # OpenMP runtime used by OpenCV and Tesseract
  ca-certificates
  python3-torch          # tools/plateweb_tools/chat: the chat model's training tools, run by the Chat tests
  python3-numpy
  python3-sentencepiece
  python3-matplotlib
  python3-pil            # tools/plateweb_tools/reader: the plate reader's training tool, run by the Recognition tests (--tiny)
  python3-onnx           # tools/plateweb_tools/reader/merge.py: readers side by side in one file, run by the Recognition tests
  fonts-dejavu-core      # fonts of tools/plateweb_tools/tessdata/fonts.txt (tools/plateweb_tools/reader/fonts.txt lists the synthetic plates' fonts)
  fonts-liberation2
  libopenblas0-pthread   # torch is ~15x slower without it
  ffmpeg                 # camera streams (RTSP, HTTP) are decoded by it; the camera tests serve videos with it
)
if [[ "${PLATEWEB_WITH_BROWSER:-0}" == "1" ]]; then
  packages+=(chromium)   # end-to-end tests drive Debian's Chromium
  packages+=(mosquitto)  # MQTT broker the alert tests start on a free port (tests/PlateWeb.Web.Tests/Alerts)
  # A real RTSP server the camera tests start on a free port: GStreamer's, through Python
  # (tests/PlateWeb.Web.Tests/Cameras/rtsp_server.py), sending the test's Motion-JPEG video as RTP (avidemux, rtpjpegpay).
  packages+=(python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good)
  packages+=(postgresql) # the Data tests run every query test on a throwaway cluster too (tests/PlateWeb.Data.Tests/PostgresCluster.cs)
  # RabbitMQ (erlang comes with it) for the queue tests: a throwaway node on free ports (tests/PlateWeb.Jobs.Tests/RabbitMqNode.cs)
  packages+=(rabbitmq-server)
  packages+=(redis-server) # the scale-out tests start a throwaway Redis (tests/PlateWeb.Web.EndToEndTests/RedisServer.cs)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if (( ${#missing[@]} > 0 )); then
  echo "plateweb: installing ${missing[*]}"
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "plateweb: the .NET 10 SDK is required (https://learn.microsoft.com/dotnet/core/install/linux-debian)." >&2
  exit 1
fi
