# Throwaway PostgreSQL 15, Redis, an SMTP server (aiosmtpd) and an S3-compatible server (s3rver
# behind a front that checks signatures with the AWS SDK's signer, tests/node/s3_server.mjs) for
# the test suite: loopback only, ports of their own, data under /tmp, stopped when the calling
# script exits. Exports CREST_TEST_DATABASE_URL, CREST_TEST_REDIS_URL, CREST_TEST_SMTP_URL,
# CREST_TEST_SMTP_MAILDIR (where the SMTP server saves what it receives), CREST_TEST_S3_URL,
# CREST_TEST_S3_ACCESS_KEY and CREST_TEST_S3_SECRET_KEY for the tests. The S3 server runs from the
# node tools of build/test (npm ci at configure time), so start_services comes after that build.

# take_port VAR: a free port below Linux's ephemeral range (32768-60999 by default: a port in it
# can be the local end of some outgoing connection at the moment a server binds it, which then
# fails), never one handed out before. Run in this shell, not in $(...): a command substitution's
# subshell draws from a copy of $RANDOM, so two of them can draw the same port (one run gave
# PostgreSQL and the SMTP server the same one).
CREST_PORTS_TAKEN=" "
take_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 12000))
    case "$CREST_PORTS_TAKEN" in *" $port "*) continue ;; esac
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
    CREST_PORTS_TAKEN+="$port "
    printf -v "$1" '%s' "$port"
    return 0
  done
}

run_as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_services() {
  [ -n "${CREST_SERVICES_DIR:-}" ] || return 0
  if [ -f "$CREST_SERVICES_DIR/pg/postmaster.pid" ]; then
    run_as_postgres "$PG_BIN/pg_ctl" -D "$CREST_SERVICES_DIR/pg" -m immediate stop >/dev/null 2>&1 || true
  fi
  if [ -f "$CREST_SERVICES_DIR/redis.pid" ]; then
    kill "$(cat "$CREST_SERVICES_DIR/redis.pid")" 2>/dev/null || true
  fi
  local service
  for service in smtp s3; do
    if [ -f "$CREST_SERVICES_DIR/$service.pid" ]; then
      kill "$(cat "$CREST_SERVICES_DIR/$service.pid")" 2>/dev/null || true
    fi
  done
  rm -rf "$CREST_SERVICES_DIR"
}

start_services() {
  PG_BIN=/usr/lib/postgresql/15/bin
  CREST_SERVICES_DIR="$(mktemp -d /tmp/crest-test.XXXXXX)"
  chmod 755 "$CREST_SERVICES_DIR"
  trap stop_services EXIT
  local pg_port redis_port smtp_port s3_port
  take_port pg_port
  take_port redis_port
  take_port smtp_port
  take_port s3_port
  mkdir -p "$CREST_SERVICES_DIR/pg"
  [ "$(id -u)" -eq 0 ] && chown postgres "$CREST_SERVICES_DIR" "$CREST_SERVICES_DIR/pg"
  log "starting PostgreSQL on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port, SMTP on 127.0.0.1:$smtp_port, S3 on 127.0.0.1:$s3_port"
  run_as_postgres "$PG_BIN/initdb" -D "$CREST_SERVICES_DIR/pg" -A trust -U postgres >/dev/null
  run_as_postgres "$PG_BIN/pg_ctl" -D "$CREST_SERVICES_DIR/pg" -l "$CREST_SERVICES_DIR/pg.log" -w \
    -o "-p $pg_port -k $CREST_SERVICES_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --pidfile "$CREST_SERVICES_DIR/redis.pid" --dir "$CREST_SERVICES_DIR" \
    --logfile "$CREST_SERVICES_DIR/redis.log"
  # Debian's python3 (a pyenv shim on PATH would not see python3-aiosmtpd).
  /usr/bin/python3 "$CREST_ROOT/scripts/lib/smtp_server.py" "$smtp_port" "$CREST_SERVICES_DIR/smtp-mail" \
    >"$CREST_SERVICES_DIR/smtp.log" 2>&1 &
  echo $! >"$CREST_SERVICES_DIR/smtp.pid"
  # s3rver knows one access key, S3RVER (and checks no V4 signature); the front checks the secret.
  local s3_key="S3RVER" s3_secret
  s3_secret="$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')"
  node "$CREST_ROOT/build/test/node-tools/s3_server.mjs" "$s3_port" "$CREST_SERVICES_DIR/s3" crest-test \
    "$s3_key" "$s3_secret" >"$CREST_SERVICES_DIR/s3.log" 2>&1 &
  echo $! >"$CREST_SERVICES_DIR/s3.pid"
  export CREST_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/postgres"
  export CREST_TEST_REDIS_URL="redis://127.0.0.1:$redis_port/0"
  export CREST_TEST_SMTP_URL="smtp://127.0.0.1:$smtp_port"
  export CREST_TEST_SMTP_MAILDIR="$CREST_SERVICES_DIR/smtp-mail"
  export CREST_TEST_S3_URL="s3://crest-test?endpoint=http://127.0.0.1:$s3_port&path_style=1&region=us-east-1"
  export CREST_TEST_S3_ACCESS_KEY="$s3_key" CREST_TEST_S3_SECRET_KEY="$s3_secret"
  local redis_up=""
  for _ in $(seq 50); do
    redis-cli -p "$redis_port" ping >/dev/null 2>&1 && { redis_up=1; break; }
    sleep 0.1
  done
  [ -n "$redis_up" ] || { echo "redis-server did not start:" >&2; cat "$CREST_SERVICES_DIR/redis.log" >&2; return 1; }
  wait_for_port "$smtp_port" "the SMTP test server" "$CREST_SERVICES_DIR/smtp.log" &&
    wait_for_port "$s3_port" "the S3 test server" "$CREST_SERVICES_DIR/s3.log"
}

# wait_for_port PORT NAME LOG: up to 10 s for a listener, else the log and failure.
wait_for_port() {
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "$2 did not start:" >&2
  cat "$3" >&2
  return 1
}
