#!/usr/bin/env bash
# Starts the platform on the embedded SQLite database with demo data (called by `make run`).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
PORT=${PORT:-8000}
export FAZHI_DEMO=${FAZHI_DEMO:-1}
export DJANGO_SETTINGS_MODULE=fazhi.settings

"$BIN/python" manage.py migrate --noinput -v 0
"$BIN/python" manage.py collectstatic --noinput -v 0
"$BIN/python" manage.py seed_demo --if-empty

# Background tasks (imports, exports, drafting, PDF, batch review, maintenance) run in a worker
# beside the web server: the configured backend's worker (database by default).
"$BIN/python" manage.py run_worker &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM

cat <<MSG

法治政府建设平台已启动: http://127.0.0.1:${PORT}
演示账号（乡镇 n = 1、2、3）:
  admin      系统管理员          secadmin   安全管理员          auditor    审计管理员
  county     县级督导            city       市级督导（只读）    province   省级督导（只读）
  clerk{n}   乡镇台账填报员      reviewer{n} 司法所审核员        leader{n}  乡镇领导
演示密码: $("$BIN/python" -c 'from django.conf import settings; import django; django.setup(); print(settings.FAZHI_DEMO_PASSWORD)')

MSG
"$BIN/gunicorn" fazhi.wsgi:application --bind "127.0.0.1:${PORT}" --workers "${WEB_CONCURRENCY:-2}" --threads 4 --access-logfile - --log-level warning
