#!/usr/bin/env bash
# Makes PostgreSQL answer on 127.0.0.1:5432 with a database `test`, for the
# collector suite: starts the installed cluster when it is down, installs
# Debian's postgresql when it is missing (as root). Sourced by .ci/env.
pg_ready() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }

ensure_postgres() {
  if [ -n "${TEST_DATABASE_URL:-}" ]; then return 0; fi
  if pg_ready; then ensure_test_database; return 0; fi
  if [ "$(id -u)" -ne 0 ]; then
    log "PostgreSQL is not answering on 127.0.0.1:5432: start it (or install postgresql) and run again"
    return 1
  fi
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    log "installing PostgreSQL from Debian's packages"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
  fi
  log "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start >&2 || true
  for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
  pg_ready || { log "PostgreSQL did not start"; return 1; }
  # Trust for local TCP connections from this machine, as the tests connect as postgres without a password.
  if ! psql -h 127.0.0.1 -U postgres -d postgres -c 'select 1' >/dev/null 2>&1; then
    hba="$(ls /etc/postgresql/*/main/pg_hba.conf | sort -V | tail -1)"
    sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main reload >&2
  fi
  ensure_test_database
}

ensure_test_database() {
  psql -h 127.0.0.1 -U postgres -d postgres -tAc "select 1 from pg_database where datname = 'test'" 2>/dev/null | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -d postgres -c 'create database test' >&2 || true
}
