#!/usr/bin/env bash
# A throwaway PostgreSQL for the cohort store tests, on 127.0.0.1 only.
# Installs Debian's postgresql if missing, makes a cluster in a new folder (initdb + pg_ctl, run as
# the `postgres` user: CI runs as root), creates a database, and prints one line to eval:
#     eval "$(bash .ci/postgres.sh)"   # exports SOCIAL_LAB_TEST_POSTGRES_URL
#     bash .ci/postgres.sh stop DIR    # stops that cluster and removes DIR
# The folder is $SLL_POSTGRES_ROOT if set (an empty folder the caller made, so it can stop the
# cluster even if this script fails half-way), else a new /tmp/sll-postgres-XXXXXX.
# Progress goes to stderr; stdout carries only the export line. PGPORT picks a fixed port.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

say() { echo "postgres.sh: $*" >&2; }

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

if [ "${1:-}" = "stop" ]; then
    root="${2:?usage: postgres.sh stop DIR}"
    if [ -f "$root/data/postmaster.pid" ]; then
        as=()
        if [ "$(id -u)" = "0" ]; then as=(runuser -u postgres --); fi
        "${as[@]}" "$(bindir)/pg_ctl" -D "$root/data" -m fast -w -t 60 stop >/dev/null \
            || say "could not stop the cluster in $root/data (see $root/server.log)"
    fi
    rm -rf "$root"
    exit 0
fi

if [ -z "$(bindir)" ] || [ ! -x "$(bindir)/initdb" ]; then
    say "installing Debian's postgresql"
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >/dev/null
fi
BIN="$(bindir)"
RUN_AS=(runuser -u postgres --)
if [ "$(id -u)" != "0" ]; then
    RUN_AS=()  # not root: run the cluster as ourselves
fi

port="${PGPORT:-}"
if [ -z "$port" ]; then
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
fi
root="${SLL_POSTGRES_ROOT:-}"
if [ -z "$root" ]; then root="$(mktemp -d /tmp/sll-postgres-XXXXXX)"; fi
password="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
printf '%s\n' "$password" >"$root/pwfile"
if [ "${#RUN_AS[@]}" -gt 0 ]; then chown -R postgres:postgres "$root"; fi
chmod 700 "$root"

say "initdb in $root/data"
"${RUN_AS[@]}" "$BIN/initdb" -D "$root/data" -U postgres --pwfile="$root/pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$root/initdb.log" 2>&1 \
    || { cat "$root/initdb.log" >&2; exit 1; }
rm -f "$root/pwfile"
say "starting on 127.0.0.1:$port"
"${RUN_AS[@]}" "$BIN/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $root -c fsync=off -c max_connections=200" start >&2 \
    || { cat "$root/server.log" >&2; exit 1; }
PGPASSWORD="$password" "$BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -q -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE social_lab_test" postgres >&2
say "ready (stop and remove with: bash .ci/postgres.sh stop $root)"
echo "export SOCIAL_LAB_TEST_POSTGRES_URL='postgresql+psycopg://postgres:${password}@127.0.0.1:${port}/social_lab_test'"
