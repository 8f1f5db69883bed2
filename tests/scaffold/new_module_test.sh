#!/usr/bin/env bash
# `crest new-module`, proven the way a user meets it: scaffold a module into a copy of this source
# tree, build the copy (warnings as errors) and run the module's generated unit and end-to-end
# tests, on both engines when scripts/test provides PostgreSQL.
# Usage: new_module_test.sh SOURCE_DIR MAIN_BUILD_DIR CREST_BINARY
set -euo pipefail
src=$1 main_build=$2 crest=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/crest-scaffold.XXXXXX")
trap 'rm -rf "$work"' EXIT
tree=$work/tree build=$work/tree/build/test  # the depth of the main build, for ccache
fail() { echo "FAIL: $*" >&2; exit 1; }

# The copy: tracked files and new ones not ignored, as they are in the working tree.
mkdir -p "$tree"
git -C "$src" ls-files -z --cached --others --exclude-standard |
  (cd "$src" && while IFS= read -r -d '' f; do [ -f "$f" ] && printf '%s\0' "$f"; done) |
  tar -C "$src" --null -T - -cf - | tar -C "$tree" -xf -

"$crest" new-module support_tickets --root "$tree" | tee "$work/out.txt"
grep -q "wrote  src/modules/support_tickets/support_tickets_service.cpp" "$work/out.txt" || fail "no service written"
grep -q "wrote  migrations/postgres/[0-9]\{4\}_support_tickets.sql" "$work/out.txt" || fail "no migration written"
grep -q 'modules::SupportTicketsModule' "$tree/src/app/modules.cpp" || fail "module not registered"

# Refusals change nothing: an existing module, a bad name, a tree that is not crest's.
before=$(cd "$tree" && find . -path ./build -prune -o -type f -print0 | sort -z | xargs -0 md5sum | md5sum)
if "$crest" new-module support_tickets --root "$tree" 2>"$work/err.txt"; then fail "second scaffold accepted"; fi
grep -q "exists already" "$work/err.txt" || fail "no clear refusal: $(cat "$work/err.txt")"
if "$crest" new-module Bad-Name --root "$tree" 2>/dev/null; then fail "bad name accepted"; fi
if "$crest" new-module widgets --root "$work" 2>/dev/null; then fail "scaffolded outside a crest tree"; fi
after=$(cd "$tree" && find . -path ./build -prune -o -type f -print0 | sort -z | xargs -0 md5sum | md5sum)
[ "$before" = "$after" ] || fail "a refused scaffold changed the tree"

# Build the copy like CI does. Swagger UI comes from the main build rather than npm again; ccache
# reuses the main build's objects when paths are made relative to each tree.
mkdir -p "$build"
[ -d "$main_build/_npm" ] && cp -a "$main_build/_npm" "$build/_npm"
export CCACHE_SLOPPINESS=pch_defines,time_macros CCACHE_BASEDIR="$tree" CCACHE_NOHASHDIR=true
cmake -S "$tree" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCREST_WERROR=ON -DCREST_NODE_TESTS=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target crest crest_unit_tests crest_e2e_tests crest_fixture_server

# The generated tests (the schema's unit tests, the end-to-end ones on both engines), and the
# generic isolation and role-matrix tests, which now walk the new routes too.
ctest --test-dir "$build" -j "$(nproc)" --no-tests=error --output-on-failure \
  -R 'SupportTicketSchema|/SupportTickets\.|/Isolation\.|/RoleMatrix\.EveryRoute' \
  | tee "$work/ctest.txt"
count=$(grep -c "Test *#[0-9]*: .*SupportTicket.* Passed" "$work/ctest.txt" || true)
[ "$count" -ge 10 ] || fail "expected the generated tests to run and pass, saw $count"
echo "scaffolded module built; $count generated tests passed"
