# Shared by scripts/run and scripts/test: install what is missing (apt, quiet when nothing is),
# then configure and build with CMake + Ninja (+ ccache).
set -euo pipefail

CREST_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

BUILD_PACKAGES=(build-essential cmake ninja-build ccache pkg-config git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libpq-dev libsqlite3-dev libhiredis-dev libjwt-dev libsodium-dev
  libfmt-dev libssl-dev libcurl4-openssl-dev libjemalloc-dev libre2-dev
  libgtest-dev libgmock-dev libbenchmark-dev libhowardhinnant-date-dev libmsgpuck-dev tzdata)
TEST_PACKAGES=(postgresql-15 postgresql-15-partman redis-server sqlite3 prometheus chromium wrk curl python3-aiosmtpd)

# ccache: precompiled headers are cacheable only with this sloppiness; paths relative to the tree
# and no working directory in the hash let a copy of the tree (the scaffold test) reuse objects.
export CCACHE_SLOPPINESS=pch_defines,time_macros CCACHE_BASEDIR="$CREST_ROOT" CCACHE_NOHASHDIR=true

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the named Debian packages that are not installed yet; silent when none are missing.
ensure_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

# Node.js and npm fetch Swagger UI at build time and drive the browser/contract tests. Some
# images ship node with npm bundled (nodesource); Debian's come as two packages.
ensure_node() {
  command -v npm >/dev/null 2>&1 && return 0
  ensure_packages nodejs npm
}

# build_tree DIR [cmake args...]: configure once, then build everything.
build_tree() {
  local dir="$1"; shift
  local jobs; jobs="$(nproc)"
  if [ ! -f "$dir/build.ninja" ]; then
    log "configuring $dir"
    cmake -S "$CREST_ROOT" -B "$dir" -G Ninja "$@" >/dev/null
  fi
  log "building $dir"
  cmake --build "$dir" -j "$jobs"
}
