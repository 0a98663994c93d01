"""gunicorn's configuration for production (`make serve`, deploy/cica-registry.service).

Every value can be changed from the environment: HOST and PORT, WEB_CONCURRENCY (workers),
GUNICORN_TIMEOUT; gunicorn itself reads FORWARDED_ALLOW_IPS and GUNICORN_CMD_ARGS.
"""

import multiprocessing
import os

from gunicorn.glogging import Logger

wsgi_app = "cica_site.wsgi:application"
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"

# Synchronous workers, two per core and one more: the pages are database-bound and short.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Long enough for an editor's bulk import and a full CSV/JSON download on a slow link.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so that a slow leak never grows.
max_requests = 2000
max_requests_jitter = 200

# Both logs to the standard streams (journald, Docker, a Procfile host collect them); the access
# log carries the request id also sent in the X-Request-ID header.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s" request_id=%({x-request-id}o)s'


class AccessLogWithoutHealthyPolls(Logger):
    """The access log without the load balancer's every-few-seconds "/healthz: 200"; a failing
    health check (503) is still logged."""

    def access(self, resp, req, environ, request_time):
        if environ.get("PATH_INFO") != "/healthz" or getattr(resp, "status_code", 0) != 200:
            super().access(resp, req, environ, request_time)


logger_class = AccessLogWithoutHealthyPolls

# No control socket: its default path is per user, so two servers on one host would share it.
control_socket_disable = True
