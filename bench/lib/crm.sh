# The authenticated CRM scenarios of ./bench/run: a workspace seeded through the API with 2,000
# companies, then wrk on the list, one company, a create and /me; then 198,000 more companies
# written straight to the database, and the list again. Sourced by bench/run (uses wrk_row, log).

# crm_row NAME URL [wrk options] -> "| name | req/s | p50 | p99 | floor just before | vs that floor |".
# This machine's speed drifts over minutes, so each scenario is compared with a floor run made
# right before it (same duration, wrk -c64 as in the first table) rather than the first table's.
# The scenario itself runs WARMUP seconds (5) unmeasured first: connections open, statements get
# prepared, caches fill, as in a server that has been up for a while.
crm_row() {
  local name="$1" url="$2" floor
  shift 2
  wrk -t2 -c64 -d"${DURATION}s" "http://127.0.0.1:18088/" | awk '/Requests\/sec/ {print $2}' > "$WORK/adjacent_floor"
  floor="$(cat "$WORK/adjacent_floor")"
  wrk -t2 -c"$CONNECTIONS" -d"${WARMUP:-5}s" "$@" "$url" > /dev/null
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
  [ "$engine" = postgres ] && psql -q "$url" -c "DO \$\$ DECLARE t record; BEGIN
      FOR t IN SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace LOOP
        EXECUTE format('ALTER TABLE public.%I SET (autovacuum_enabled = false)', t.relname); END LOOP; END \$\$"

  token="$(curl -fs -X POST "$base/api/v1/auth/register" -H 'content-type: application/json' \
    -d '{"email":"bench@example.com","password":"bench-password","name":"Bench","workspaceName":"Bench"}' |
    grep -o '"accessToken":"[^"]*"' | cut -d'"' -f4)"
  [ -n "$token" ] || { log "registration failed on $engine"; return 1; }
  log "seeding 2,000 companies through the API ($engine)"
  seq 2000 | xargs -P 4 -I{} curl -fs -o /dev/null -X POST "$base/api/v1/companies" \
    -H "authorization: Bearer $token" -H 'content-type: application/json' \
    -d '{"name":"Company {}","domain":"company{}.com","industry":"Technology","employeeRange":"11-50"}'
  id="$(curl -fs "$base/api/v1/companies?limit=1" -H "authorization: Bearer $token" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)"

  cat > "$dir/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
wrk.body = '{"name":"Bench Co","industry":"Retail","employeeRange":"1-10"}'
LUA
  local auth="Authorization: Bearer $token"
  # Each scenario twice: as a new deployment meets it, before anything analyzed the tables
  # (autovacuum is held off for that part on PostgreSQL, which would otherwise analyze them
  # within a minute of the load, at a moment of its choosing), then after ANALYZE.
  local stats
  for stats in "no statistics" "after ANALYZE"; do
    if [ "$stats" = "after ANALYZE" ]; then
      if [ "$engine" = sqlite ]; then sqlite3 "${url#sqlite:}" "ANALYZE"; else psql -q "$url" -c "ANALYZE" >/dev/null; fi
    fi
    crm_row "$engine: GET /api/v1/companies?limit=20, $stats" "$base/api/v1/companies?limit=20" -H "$auth"
    [ "$stats" = "no statistics" ] && p50_ms > "$WORK/crm_${engine}_p50_small"
    crm_row "$engine: GET /api/v1/companies/:id, $stats" "$base/api/v1/companies/$id" -H "$auth"
    crm_row "$engine: GET /api/v1/me, $stats" "$base/api/v1/me" -H "$auth"
    crm_row "$engine: POST /api/v1/companies, $stats" "$base/api/v1/companies" -s "$dir/post.lua"
    # (back to the 2,000 the next round reads; on PostgreSQL vacuumed too, as autovacuum soon
    # would, or the next round's list walks the tens of thousands of dead index entries the
    # create scenario left at the top of the newest-first order)
    delete_created="DELETE FROM companies WHERE name = 'Bench Co'"
    if [ "$engine" = sqlite ]; then sqlite3 "${url#sqlite:}" "$delete_created"
    else psql -q "$url" -c "$delete_created" -c "VACUUM companies"; fi
  done
  interleaved_ratio "$base/api/v1/companies/$id" -H "$auth" > "$WORK/crm_${engine}_interleaved"

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
             now() - make_interval(secs => i), now() FROM generate_series(1, 198000) i"
  fi
  # Statistics now describe 2,000 rows, not 200,000 (as after a bulk load autovacuum has not seen
  # yet); then analyzed again.
  crm_row "$engine: GET /api/v1/companies?limit=20 at 200,000, statistics of 2,000" "$base/api/v1/companies?limit=20" -H "$auth"
  p50_ms > "$WORK/crm_${engine}_p50_large"
  if [ "$engine" = sqlite ]; then sqlite3 "${url#sqlite:}" "ANALYZE"; else psql -q "$url" -c "ANALYZE" >/dev/null; fi
  crm_row "$engine: GET /api/v1/companies?limit=20 at 200,000, after ANALYZE" "$base/api/v1/companies?limit=20" -H "$auth"
  p50_ms > "$WORK/crm_${engine}_p50_large_analyzed"
  kill "${pids[-1]}" 2>/dev/null || true
}
