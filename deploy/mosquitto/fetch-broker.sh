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
# it adds, libwebsockets17, is unpacked beside it. Idempotent: does nothing when a fixed broker is there.
set -euo pipefail

target=${LIFTWATCH_MOSQUITTO_HOME:-$HOME/.cache/liftwatch/mosquitto}

# "mosquitto version X.Y.Z" of a binary, or nothing (-h exits non-zero after printing).
version() { "$1" -h 2>/dev/null | sed -n 1p || true; }
# Whether a version line names 2.0.13 or later.
fixed() {
  [[ $1 =~ ([0-9]+)\.([0-9]+)\.([0-9]+) ]] || return 1
  local major=${BASH_REMATCH[1]} minor=${BASH_REMATCH[2]} patch=${BASH_REMATCH[3]}
  ((major > 2 || (major == 2 && (minor > 0 || patch >= 13))))
}

if [ -x "$target/mosquitto" ] && fixed "$(version "$target/mosquitto")"; then
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/debs" "$work/root"

# The pinned builds, checked against their checksums.
pinned() {
  local pool=http://deb.debian.org/debian/pool/main entry url sha file
  for entry in \
    "$pool/m/mosquitto/mosquitto_2.0.21-1~bpo12+1_amd64.deb d547a8c0c347748ac6819ad358165fa429cae9ca1dbfaf70f96433ba8817a38a" \
    "$pool/libw/libwebsockets/libwebsockets17_4.1.6-3_amd64.deb 05aee1f168ab131b37f03a4e1060fb4d17263dad6e74ab2e9ecb052d35881916"; do
    read -r url sha <<<"$entry"
    file="$work/debs/$(basename "$url")"
    curl -fsSL --retry 3 -o "$file" "$url" || return 1
    echo "$sha  $file" | sha256sum -c --quiet - || return 1
  done
}

# Whatever bookworm-backports holds now (a pinned build leaves the archive when a newer one arrives),
# through apt with a private state folder, so its signed indexes vouch for the packages.
from_backports() {
  local state=$work/apt
  mkdir -p "$state/lists/partial" "$state/cache/archives/partial"
  printf '%s\n' "deb http://deb.debian.org/debian bookworm main" \
    "deb http://deb.debian.org/debian bookworm-backports main" >"$state/sources.list"
  local options=(-o Dir::Etc::sourcelist="$state/sources.list" -o Dir::Etc::sourceparts=-
    -o Dir::State::Lists="$state/lists" -o Dir::Cache="$state/cache" -o APT::Sandbox::User=root)
  apt-get "${options[@]}" -qq update
  (cd "$work/debs" && apt-get "${options[@]}" -qq download mosquitto/bookworm-backports libwebsockets17)
}

if ! pinned; then
  echo "the pinned Mosquitto build is not in the archive any more: taking bookworm-backports' current one" >&2
  rm -f "$work"/debs/*
  from_backports
fi
for deb in "$work"/debs/*.deb; do
  dpkg-deb -x "$deb" "$work/root"
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
installed=$(version "$target/mosquitto")
fixed "$installed" || { echo "fetched '$installed', which is older than 2.0.13" >&2; exit 1; }
echo "$installed in $target"
