#!/usr/bin/env bash
# `make prod`: the production stack on this machine, with the variables of .env (same names as a real host):
# PostgreSQL, Redis, gunicorn (portal.settings.production), the import worker and scheduled publishing.
# Ctrl+C stops the three processes this script started. See docs/deploy.md for a real host's topology.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

if [ ! -f .env ]; then
  key=$($PY -c 'import secrets; print(secrets.token_urlsafe(64))')
  sed "s|^DJANGO_SECRET_KEY=.*|DJANGO_SECRET_KEY=${key}|" .env.example > .env
  echo "Created .env from .env.example (random DJANGO_SECRET_KEY)."
fi
set -a
# shellcheck disable=SC1091
. ./.env
set +a

echo "== PostgreSQL and Redis"
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save '' --appendonly no
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
fi
db_name=$($PY -c 'import os, dj_database_url; print(dj_database_url.parse(os.environ["DATABASE_URL"])["NAME"])')
psql "${DATABASE_URL%/*}/postgres" -tc "SELECT 1 FROM pg_database WHERE datname = '${db_name}'" | grep -q 1 \
  || psql "${DATABASE_URL%/*}/postgres" -c "CREATE DATABASE \"${db_name}\""

echo "== migrate, static files, seeds, roles, baked error pages"
$PY manage.py migrate --noinput
$PY manage.py collectstatic --noinput -v0
$PY manage.py load_seeds
$PY manage.py setup_city_roles
$PY manage.py bake_error_pages
$PY manage.py purge_page_cache

pids=()
stop() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop EXIT
trap 'exit 130' INT TERM

echo "== web (gunicorn on ${TSUNAGU_BIND}), import worker, scheduled publishing"
.venv/bin/gunicorn portal.wsgi:application -c gunicorn.conf.py & pids+=($!)
$PY manage.py worker --backend imports & pids+=($!)
# Scheduled publishing once a minute (the cron line in docs/editors.md); the search-log and import-file retention
# once a day.
(
  minute=0
  while true; do
    $PY manage.py publish_scheduled >/dev/null || true
    if [ $((minute % 1440)) -eq 0 ]; then
      $PY manage.py searchpromotions_garbage_collect >/dev/null || true
      $PY manage.py prune_import_files >/dev/null || true
    fi
    minute=$((minute + 1))
    sleep 60
  done
) & pids+=($!)
echo "Portal: http://${TSUNAGU_BIND}/   health: http://${TSUNAGU_BIND}/healthz   (Ctrl+C stops)"
wait -n "${pids[@]}"
