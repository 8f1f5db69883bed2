#!/usr/bin/env bash
# Keeps the build fast: Beast, Asio (beyond awaitable.hpp) and libpq may appear only in the few
# .cpp files of src/core that own them, never in a header and never in a module.
set -euo pipefail
src="$1"
heavy='#include *[<"](boost/beast|boost/asio\.hpp|boost/asio/(ip|io_context|strand|steady_timer|signal_set|co_spawn)|libpq-fe\.h)'
# Headers under a detail/ folder are private to the engine .cpp files beside them.
offenders="$(grep -rEl "$heavy" "$src" --include='*.hpp' | grep -v '/detail/' || true)"
offenders+="$(grep -rEl "$heavy" "$src/modules" "$src/app" || true)"
if [ -n "$offenders" ]; then
  echo "heavy networking/database headers outside their .cpp files:"
  echo "$offenders"
  exit 1
fi
echo "header hygiene: ok"
