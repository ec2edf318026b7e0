"""gunicorn settings for `make prod` and real hosts (docs/deploy.md). Every value can be overridden by env."""

import os

bind = os.environ.get("TSUNAGU_BIND", "127.0.0.1:8000")
# Pre-fork workers share the memory-mapped Sudachi dictionary and the imported code (preload_app).
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1))))
# Threads per worker: requests waiting on PostgreSQL or Redis do not hold a whole process. The psycopg pool per
# process (DATABASE_POOL_MAX_SIZE) should be at least this many.
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
preload_app = True
# A request that takes longer than this is killed: the statement timeout (15 s) ends slow queries first.
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# The longest request line gunicorn allows; a resident's over-long search is truncated by the app, not refused.
limit_request_line = 8190
# Recycle workers now and then: bounded memory growth, no restart needed.
max_requests = 5000
max_requests_jitter = 500
# Access logs cost CPU under load; the reverse proxy or CDN keeps them in production.
accesslog = os.environ.get("WEB_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("WEB_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
