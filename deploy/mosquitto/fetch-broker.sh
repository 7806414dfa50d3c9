#!/usr/bin/env bash
# Puts Mosquitto 2.0.13 or later in ~/.cache/liftwatch/mosquitto/ (or $LIFTWATCH_MOSQUITTO_HOME), for the
# tests and benchmarks to start, without touching the system's packages or its running broker.
#
# Why: Debian 12 ships Mosquitto 2.0.11. Once a subscriber's Receive Maximum has been reached and the
# broker has queued for it, 2.0.11 refills the whole window on every acknowledgement of an early message,
# so the window stops bounding anything; in the alarm benchmark it then held ~8,000 acknowledged messages
# a second in memory as if still in flight (upstream "various fixes around inflight quota", 2.0.13).
# The release's backports suite ships 2.0.21; Debian 13 ships it in its own suite (then install the
# package and skip this: the script sees the system's broker is new enough and does nothing).
#
# Where from: the machine's own package sources (/etc/apt/sources.list and sources.list.d/*.list,
# *.sources), read at run time: the entries of this release's suite, with the same archives, keys and
# components, plus its "-backports" suite, in a private apt state folder; apt's signed indexes vouch for
# the packages. No archive is named here.
#
# The broker binary needs the libraries of Debian's own mosquitto package (install that first); the one
# it adds, libwebsockets17, is unpacked beside it. Idempotent: does nothing when a fixed broker is there.
set -euo pipefail

target=${LIFTWATCH_MOSQUITTO_HOME:-$HOME/.cache/liftwatch/mosquitto}
sources_dir=${LIFTWATCH_APT_SOURCES_DIR:-/etc/apt} # another folder only to test the parsing

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
if [ -z "${LIFTWATCH_MOSQUITTO_HOME:-}" ] && [ -x /usr/sbin/mosquitto ] && fixed "$(version /usr/sbin/mosquitto)"; then
  echo "the system's $(version /usr/sbin/mosquitto) is new enough; nothing to fetch"
  exit 0
fi

. /etc/os-release
release=${VERSION_CODENAME:?/etc/os-release names no release codename}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/debs" "$work/root"

# The configured "deb" entries as "uri<TAB>suite<TAB>signed-by" lines, one per URI and suite, from both
# the one-line format (*.list) and deb822 (*.sources). Disabled stanzas (Enabled: no) are skipped.
configured_entries() {
  local list
  for list in "$sources_dir/sources.list" "$sources_dir"/sources.list.d/*.list; do
    [ -f "$list" ] || continue
    awk '
      /^[[:space:]]*deb[[:space:]]/ {
        signed = ""; n = 2
        if ($2 ~ /^\[/) {
          for (n = 2; n <= NF; n++) {
            option = $n; gsub(/[][]/, "", option)
            if (option ~ /^signed-by=/) signed = substr(option, 11)
            if ($n ~ /\]$/) { n++; break }
          }
        }
        printf "%s\t%s\t%s\n", $n, $(n + 1), signed
      }' "$list"
  done
  for list in "$sources_dir"/sources.list.d/*.sources; do
    [ -f "$list" ] || continue
    awk '
      function flush(   i, j, u, s) {
        if (types ~ /(^| )deb( |$)/ && enabled != "no") {
          split(uris, u, " "); split(suites, s, " ")
          for (i in u) for (j in s) if (u[i] != "" && s[j] != "") printf "%s\t%s\t%s\n", u[i], s[j], signed
        }
        types = uris = suites = signed = ""; enabled = "yes"
      }
      BEGIN { enabled = "yes" }
      /^[[:space:]]*#/ { next }
      /^[[:space:]]*$/ { flush(); next }
      {
        field = tolower($1); sub(/:$/, "", field); value = $0; sub(/^[^:]*:[[:space:]]*/, "", value)
        if (field == "types") types = value
        else if (field == "uris") uris = value
        else if (field == "suites") suites = value
        else if (field == "signed-by") signed = value
        else if (field == "enabled") enabled = tolower(value)
      }
      END { flush() }' "$list"
  done
}

# A private sources file: for every archive that serves this release's own suite, that suite and its
# backports, main component, with the same key.
private_sources() {
  local uri suite signed found=no
  while IFS=$'\t' read -r uri suite signed; do
    [ "$suite" = "$release" ] || continue
    found=yes
    printf 'Types: deb\nURIs: %s\nSuites: %s %s-backports\nComponents: main\n' "$uri" "$release" "$release"
    [ -z "$signed" ] || printf 'Signed-By: %s\n' "$signed"
    printf '\n'
  done < <(configured_entries | sort -u)
  [ "$found" = yes ] || { echo "no package source for '$release' in $sources_dir" >&2; return 1; }
}

state=$work/apt
mkdir -p "$state/sources.list.d" "$state/lists/partial" "$state/cache/archives/partial"
private_sources >"$state/sources.list.d/liftwatch.sources"
if [ -n "${LIFTWATCH_FETCH_BROKER_PRINT_SOURCES:-}" ]; then
  cat "$state/sources.list.d/liftwatch.sources"
  exit 0
fi
options=(-o Dir::Etc::sourcelist=/dev/null -o Dir::Etc::sourceparts="$state/sources.list.d"
  -o Dir::State::Lists="$state/lists" -o Dir::Cache="$state/cache" -o APT::Sandbox::User=root)
apt-get "${options[@]}" -qq update
(cd "$work/debs" && apt-get "${options[@]}" -qq download "mosquitto/$release-backports" libwebsockets17)
for deb in "$work"/debs/*.deb; do
  dpkg-deb -x "$deb" "$work/root"
done

rm -rf "$target"
mkdir -p "$target/lib"
cp -a "$work/root/usr/sbin/mosquitto" "$target/mosquitto.bin"
cp -a "$work/root"/usr/lib/*-linux-gnu*/. "$target/lib/"
cat >"$target/mosquitto" <<EOF
#!/bin/sh
LD_LIBRARY_PATH="$target/lib\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}" exec "$target/mosquitto.bin" "\$@"
EOF
chmod 755 "$target" "$target/mosquitto" "$target/mosquitto.bin"
installed=$(version "$target/mosquitto")
fixed "$installed" || { echo "fetched '$installed', which is older than 2.0.13" >&2; exit 1; }
echo "$installed in $target"
