#!/usr/bin/env bash
# Fetches the third-party reference data some tests compare against, from upstream releases at pinned versions,
# and checks every file's SHA-256. Nothing of it is kept in the source tree.
#
#   scripts/fetch-testdata.sh [DIR]      # default DIR: target/testdata under the project root
#
# What and from where (Debian's archive, through apt, the only channel that carries both here):
#   geoip/     MaxMind DB test databases and the JSON they are built from: the maxmind/MaxMind-DB repository as
#              pinned (a git submodule at tests/data) by the python-maxminddb 2.2.0 release; its upstream tarball
#              is Debian's source package python-maxminddb 2.2.0-1 (orig tarball). Licence: CC BY-SA 3.0.
#   uap-core/  ua-parser reference cases test_ua.yaml, test_os.yaml, test_device.yaml of the uap-core 0.16.0
#              release: Debian's binary package uap-core 1:0.16.0-1 (/usr/share/uap-core/tests). Licence: Apache-2.0.
#
# Tests look for the data in -Dclickstream.testdata.dir, then ../shared/testdata, then DIR's default.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/target/testdata}"

MAXMIND_SRC_PACKAGE="python-maxminddb=2.2.0-1"
MAXMIND_TARBALL="python-maxminddb_2.2.0.orig.tar.gz"
MAXMIND_TARBALL_SHA256="ebbd10e56df55ecc6ae82a6754461e70a0fcb8cc7953cb93c81800c42690362f"
MAXMIND_DIR="python-maxminddb-2.2.0/tests/data"
UAP_PACKAGE="uap-core=1:0.16.0-1"
UAP_DEB_SHA256="a4a0083299d7d27b2ce560b3c8f589fa2bc4c583e8229fb8ac642694fe230f4e"

# target file (below $out) | path inside the upstream archive | SHA-256
FILES="
geoip/GeoIP2-City-Test.mmdb|$MAXMIND_DIR/test-data/GeoIP2-City-Test.mmdb|c84b25061772f274d456dbfd5df9ac5060d7dbbdc53d1e54b9ed65c339342a00
geoip/GeoLite2-City-Test.mmdb|$MAXMIND_DIR/test-data/GeoLite2-City-Test.mmdb|82bb992250b8e1ac75b7c414fed8ab9990c7e5ae90c6c1c3283f8b1c42c4104a
geoip/GeoLite2-ASN-Test.mmdb|$MAXMIND_DIR/test-data/GeoLite2-ASN-Test.mmdb|e9cecf8c1013615e44872322d0dc12bc602497a07b77f7b216236bddbe54a23d
geoip/GeoIP2-City-Test.json|$MAXMIND_DIR/source-data/GeoIP2-City-Test.json|0667094414bc3c9b10ad1ffa1190d22c808bf3fd9d17e19377693e8c4ccdd057
geoip/GeoLite2-City-Test.json|$MAXMIND_DIR/source-data/GeoLite2-City-Test.json|ac4145542f91c32b547e48a6593cdf8cbd14b2aacee37ccc770fc523ef196af7
geoip/LICENSE|$MAXMIND_DIR/LICENSE|bfee06753068397e716bd0c2b168d0962ee347c2baf6151f22cdbb5dd0e09175
uap-core/test_ua.yaml|./usr/share/uap-core/tests/test_ua.yaml|cd848ca173856f12d4bf9522bf77a6f087b5da91d90de4fbe465e576e07a1c71
uap-core/test_os.yaml|./usr/share/uap-core/tests/test_os.yaml|8c5cb4e7440815ac583c060b2879acca10f0bdcc9408c43ccfda660dd56a5e8b
uap-core/test_device.yaml|./usr/share/uap-core/tests/test_device.yaml|4180b5fe9d19d7e9e3090cd475612b90398cb9ecf6fe35859f8b6b3f33e0beae
uap-core/copyright|./usr/share/doc/uap-core/copyright|877fadae8e7476a38f84f576ccb813d094e9420d15df0c824090cb01e6e6361d
"

all_present() {
  local target sha
  while IFS='|' read -r target _ sha; do
    [ -n "$target" ] || continue
    [ -f "$out/$target" ] || return 1
    echo "$sha  $out/$target" | sha256sum --quiet -c - >/dev/null 2>&1 || return 1
  done <<< "$FILES"
}

if all_present; then
  echo "fetch-testdata: $out is complete and verified"
  exit 0
fi

for tool in apt-get dpkg-deb sha256sum tar; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "fetch-testdata: needs $tool (a Debian machine); elsewhere copy the files listed in this script into $out" >&2
    echo "  or pass -Dclickstream.testdata.dir=DIR to the tests" >&2
    exit 1
  fi
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Source packages need deb-src entries: the machine's own apt sources, turned into deb-src, in a private list
# directory (the system's apt state is left as it is).
mkdir -p "$work/etc" "$work/lists/partial" "$work/dl"
found_sources=0
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  sed -E 's/^Types:.*$/Types: deb-src/' "$f" > "$work/etc/$(basename "$f")"
  found_sources=1
done
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] || continue
  grep -E '^deb ' "$f" | sed -E 's/^deb /deb-src /' > "$work/etc/$(basename "$f").list" || true
  found_sources=1
done
if [ "$found_sources" = 0 ]; then
  echo "fetch-testdata: no apt sources found under /etc/apt" >&2
  exit 1
fi
apt_opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$work/etc"
          -o "Dir::State::Lists=$work/lists" -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root")
apt-get "${apt_opts[@]}" update -qq >/dev/null
(cd "$work/dl" && apt-get "${apt_opts[@]}" source --download-only --tar-only "$MAXMIND_SRC_PACKAGE" >/dev/null)
# The binary package comes through the machine's ordinary lists (apt-get update first on a fresh machine).
(cd "$work/dl" && { apt-get -o "APT::Sandbox::User=root" download "$UAP_PACKAGE" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && apt-get -o "APT::Sandbox::User=root" download "$UAP_PACKAGE" >/dev/null; }; })

check() { # file sha256
  if ! echo "$2  $1" | sha256sum --quiet -c - >/dev/null 2>&1; then
    echo "fetch-testdata: SHA-256 mismatch for $(basename "$1") (expected $2, got $(sha256sum "$1" | cut -d' ' -f1))" >&2
    exit 1
  fi
}
check "$work/dl/$MAXMIND_TARBALL" "$MAXMIND_TARBALL_SHA256"
deb="$(ls "$work"/dl/uap-core_*_all.deb)"
check "$deb" "$UAP_DEB_SHA256"

mkdir -p "$work/x"
tar -xzf "$work/dl/$MAXMIND_TARBALL" -C "$work/x" "$MAXMIND_DIR"
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work/x" ./usr/share/uap-core/tests ./usr/share/doc/uap-core/copyright

while IFS='|' read -r target source sha; do
  [ -n "$target" ] || continue
  check "$work/x/$source" "$sha"
  mkdir -p "$(dirname "$out/$target")"
  cp "$work/x/$source" "$out/$target"
done <<< "$FILES"
echo "fetch-testdata: wrote and verified $(grep -c '|' <<< "$FILES") files under $out"
