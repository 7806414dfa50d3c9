#!/usr/bin/env bash
# Backs up a LiftWatch database to one file (pg_dump's custom format: compressed, restorable in parallel).
#   deploy/backup.sh postgresql://liftwatch@db.example.org:5432/liftwatch liftwatch-$(date +%F).dump
# The password comes from PGPASSWORD or ~/.pgpass. Safe while the services run: pg_dump reads one
# consistent snapshot.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 <database URL> <file>" >&2
  exit 2
fi
pg_dump --format=custom --compress=6 --no-owner --file="$2" "$1"
echo "backed up $1 to $2 ($(du -h "$2" | cut -f1))"
