#!/usr/bin/env bash
# Puts Mosquitto 2.0.21 (Debian 12's bookworm-backports build) in ~/.cache/liftwatch/mosquitto/, for the
# tests and benchmarks to start, without touching the system's packages or its running broker.
#
# Why: Debian 12 ships Mosquitto 2.0.11. Once a subscriber's Receive Maximum has been reached and the
# broker has queued for it, 2.0.11 refills the whole window on every acknowledgement of an early message,
# so the window stops bounding anything; in the alarm benchmark it then held ~8,000 acknowledged messages
# a second in memory as if still in flight (upstream "various fixes around inflight quota", 2.0.13).
# Debian 13 and bookworm-backports ship 2.0.21: there, install the package instead and skip this.
#
# The broker binary needs the libraries of Debian's own mosquitto package (install that first); the one
# it adds, libwebsockets17, is unpacked beside it. Idempotent: does nothing when the broker is there.
set -euo pipefail

target=${LIFTWATCH_MOSQUITTO_HOME:-$HOME/.cache/liftwatch/mosquitto}
version() { "$1" -h 2>/dev/null | sed -n 1p || true; }   # -h exits non-zero after printing
if [ -x "$target/mosquitto" ] && [ "$(version "$target/mosquitto")" = "mosquitto version 2.0.21" ]; then
  exit 0
fi

pool=http://deb.debian.org/debian/pool/main
packages=(
  "$pool/m/mosquitto/mosquitto_2.0.21-1~bpo12+1_amd64.deb d547a8c0c347748ac6819ad358165fa429cae9ca1dbfaf70f96433ba8817a38a"
  "$pool/libw/libwebsockets/libwebsockets17_4.1.6-3_amd64.deb 05aee1f168ab131b37f03a4e1060fb4d17263dad6e74ab2e9ecb052d35881916"
)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root"
for entry in "${packages[@]}"; do
  read -r url sha <<<"$entry"
  file="$work/$(basename "$url")"
  curl -fsSL --retry 3 -o "$file" "$url"
  echo "$sha  $file" | sha256sum -c --quiet -
  dpkg-deb -x "$file" "$work/root"
done

rm -rf "$target"
mkdir -p "$target/lib"
cp -a "$work/root/usr/sbin/mosquitto" "$target/mosquitto.bin"
cp -a "$work/root/usr/lib/x86_64-linux-gnu/." "$target/lib/"
cat >"$target/mosquitto" <<EOF
#!/bin/sh
LD_LIBRARY_PATH="$target/lib\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}" exec "$target/mosquitto.bin" "\$@"
EOF
chmod 755 "$target" "$target/mosquitto" "$target/mosquitto.bin"
version "$target/mosquitto"
