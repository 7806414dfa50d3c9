#!/usr/bin/env bash
# Restores a backup made by backup.sh into an existing, empty database, then checks the schema history.
#   createdb -h db.example.org -U liftwatch liftwatch_restored
#   deploy/restore.sh liftwatch-2026-11-23.dump postgresql://liftwatch@db.example.org:5432/liftwatch_restored
# With TimescaleDB the extension's own restore mode is switched on around the load, as it requires.
# The dump carries the grants to the liftwatch_* roles, which belong to the cluster, not the database: on a
# new cluster create them first (`liftwatch db roles`, docs/audit-and-access.md).
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 <file> <database URL of an empty database>" >&2
  exit 2
fi
file=$1
target=$2
# The dump holds the rollups and their pending marks: the telemetry tables' triggers must not mark again
# what they load (the marks would collide with the dump's own).
export PGOPTIONS="${PGOPTIONS:-} -c liftwatch.restoring=on"
# The dump's table of contents goes to a file before it is searched: under pipefail, `pg_restore --list |
# grep -q` fails with 141 when grep stops reading early, and the TimescaleDB branch would be skipped.
contents=$(mktemp)
trap 'rm -f "$contents"' EXIT
pg_restore --list "$file" >"$contents"
dumped_timescale=$(grep -c 'EXTENSION - timescaledb' "$contents" || true)
available=$(psql "$target" -tAc "SELECT count(*) FROM pg_available_extensions WHERE name = 'timescaledb'")
if [ "$dumped_timescale" != "0" ]; then
  if [ "$available" != "1" ]; then
    echo "$file holds a TimescaleDB database but the target server has no timescaledb extension: install it first" >&2
    exit 1
  fi
  echo "restoring a TimescaleDB dump (timescaledb_pre_restore … timescaledb_post_restore)"
  psql "$target" -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION IF NOT EXISTS timescaledb" \
       -c "SELECT timescaledb_pre_restore()" >/dev/null
  pg_restore --no-owner --exit-on-error --dbname="$target" "$file"
  psql "$target" -q -v ON_ERROR_STOP=1 -c "SELECT timescaledb_post_restore()" >/dev/null
else
  pg_restore --no-owner --exit-on-error --jobs=2 --dbname="$target" "$file"
fi
psql "$target" -tAc "SELECT 'restored: schema version ' || max(version::int) || ', ' || (SELECT count(*) FROM lift) || ' lifts'
                     FROM flyway_schema_history WHERE success"
