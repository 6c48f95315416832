"""gunicorn settings for the dashboard: threaded workers on 127.0.0.1.

    CLAIMCHECK_STORE=/srv/claimcheck.sqlite \
        gunicorn -c dashboard/gunicorn_conf.py 'dashboard.app:server'

Why threads: a page view is a few small requests, most answered from the per-state cache, and
SQLite reads release the GIL; "gthread" workers keep a slow client from holding a whole
process (with 2 sync workers, 50 clients queue behind each other). Two processes use the
machine's two cores. Override with $GUNICORN_WORKERS / $GUNICORN_THREADS / $PORT.
"""

import os

bind = f"127.0.0.1:{os.environ.get('PORT', '8050')}"
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "16"))
keepalive = 5
backlog = 2048
timeout = 60
# The app (and its warmed cache) is built once, before the workers fork.
preload_app = True
accesslog = None
