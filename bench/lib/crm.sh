# The authenticated CRM scenarios of ./bench/run: a workspace seeded through the API with 2,000
# companies, then wrk on the list, one company, a create and /me; then 198,000 more companies
# written straight to the database, and the list again. Sourced by bench/run (uses wrk_row, log).

# crm_row NAME URL [wrk options] -> "| name | req/s | p50 | p99 | floor just before | vs that floor |".
# This machine's speed drifts over minutes, so each scenario is compared with a floor run made
# right before it (same duration, wrk -c64 as in the first table) rather than the first table's.
crm_row() {
  local name="$1" url="$2" floor
  shift 2
  wrk -t2 -c64 -d"${DURATION}s" "http://127.0.0.1:18088/" | awk '/Requests\/sec/ {print $2}' > "$WORK/adjacent_floor"
  floor="$(cat "$WORK/adjacent_floor")"
  wrk_row "$name" "$url" "$@"
  printf ' %.0f | %s |\n' "$floor" "$(ratio "$(cat "$WORK/rps")" "$floor")"
}

# interleaved_ratio URL [wrk options] -> "median X % (range A–B %)" of 5 pairs of 4 s runs, the floor
# then the scenario, each pair's ratio taken on its own: the spread shows how much the machine moved.
interleaved_ratio() {
  local url="$1" floor scenario
  shift
  : > "$WORK/pairs"
  for _ in 1 2 3 4 5; do
    floor="$(wrk -t2 -c64 -d4s "http://127.0.0.1:18088/" | awk '/Requests\/sec/ {print $2}')"
    scenario="$(wrk -t2 -c32 -d4s "$@" "$url" | awk '/Requests\/sec/ {print $2}')"
    awk -v a="$scenario" -v b="$floor" 'BEGIN { printf "%.1f\n", 100 * a / b }' >> "$WORK/pairs"
  done
  sort -n "$WORK/pairs" | awk '{ v[NR] = $1 } END { printf "median %.0f %% (range %.0f–%.0f %%)", v[3], v[1], v[5] }'
}

# crm_scenarios ENGINE DATABASE_URL PORT -> table rows on stdout; the list's p50 at 2,000 and at
# 200,000 companies go to $WORK/crm_<engine>_p50_small and _large (milliseconds).
crm_scenarios() {
  local engine="$1" url="$2" port="$3" base="http://127.0.0.1:$3" token id dir
  local CONNECTIONS=32  # the CRM targets are stated at 32 connections
  dir="$WORK/crm-$engine"
  mkdir -p "$dir"
  (cd "$dir" && exec env PORT="$port" HOST=127.0.0.1 CREST_ENV=production CREST_ALLOW_RLS_BYPASS=true DATABASE_URL="$url" \
    JWT_SECRET="$(head -c 48 /dev/urandom | base64)" CREST_THREADS="$SERVER_THREADS" CREST_LOG_FORMAT=json \
    CREST_LOGIN_RATE_LIMIT=1000000 "$BUILD/crest" serve --migrate > "$dir/crest.log") & pids+=($!)
  wait_ready "$base/health/ready" || { log "crest ($engine) did not start"; return 1; }

  token="$(curl -fs -X POST "$base/api/v1/auth/register" -H 'content-type: application/json' \
    -d '{"email":"bench@example.com","password":"bench-password","name":"Bench","workspaceName":"Bench"}' |
    grep -o '"accessToken":"[^"]*"' | cut -d'"' -f4)"
  [ -n "$token" ] || { log "registration failed on $engine"; return 1; }
  log "seeding 2,000 companies through the API ($engine)"
  seq 2000 | xargs -P 4 -I{} curl -fs -o /dev/null -X POST "$base/api/v1/companies" \
    -H "authorization: Bearer $token" -H 'content-type: application/json' \
    -d '{"name":"Company {}","domain":"company{}.com","industry":"Technology","employeeRange":"11-50"}'
  # Planner statistics as autovacuum would have them a minute after a bulk load (measured without
  # them, the list's plan, and its speed, depended on whether autovacuum had run yet).
  [ "$engine" = postgres ] && psql -q "$url" -c "ANALYZE" >/dev/null
  id="$(curl -fs "$base/api/v1/companies?limit=1" -H "authorization: Bearer $token" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)"

  cat > "$dir/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
wrk.body = '{"name":"Bench Co","industry":"Retail","employeeRange":"1-10"}'
LUA
  local auth="Authorization: Bearer $token"
  crm_row "$engine: GET /api/v1/companies?limit=20" "$base/api/v1/companies?limit=20" -H "$auth"
  p50_ms > "$WORK/crm_${engine}_p50_small"
  crm_row "$engine: GET /api/v1/companies/:id" "$base/api/v1/companies/$id" -H "$auth"
  interleaved_ratio "$base/api/v1/companies/$id" -H "$auth" > "$WORK/crm_${engine}_interleaved"
  crm_row "$engine: GET /api/v1/me" "$base/api/v1/me" -H "$auth"
  crm_row "$engine: POST /api/v1/companies" "$base/api/v1/companies" -s "$dir/post.lua"

  log "adding 198,000 companies straight to the database ($engine)"
  local workspace
  workspace="$(curl -fs "$base/api/v1/workspaces/current" -H "$auth" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)"
  if [ "$engine" = sqlite ]; then
    sqlite3 "${url#sqlite:}" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 198000)
      INSERT INTO companies (id, workspace_id, name, industry, employee_range, status, created_at, updated_at)
      SELECT printf('00000000-0000-4000-8000-%012d', i), '$workspace', 'Bulk ' || i, 'Other', '1-10', 'Active',
             strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || i || ' seconds'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM n;"
  else
    psql -q "$url" -c "INSERT INTO companies (id, workspace_id, name, industry, employee_range, status, created_at, updated_at)
      SELECT '00000000-0000-4000-8000-' || lpad(i::text, 12, '0'), '$workspace', 'Bulk ' || i, 'Other', '1-10', 'Active',
             now() - make_interval(secs => i), now() FROM generate_series(1, 198000) i; ANALYZE companies;"
  fi
  crm_row "$engine: GET /api/v1/companies?limit=20 at 200,000" "$base/api/v1/companies?limit=20" -H "$auth"
  p50_ms > "$WORK/crm_${engine}_p50_large"
  kill "${pids[-1]}" 2>/dev/null || true
}
