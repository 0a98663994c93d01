"""WSGI entry point.

Everything loaded with the application (Django, the apps, the URL and template machinery, about
100,000 objects) is moved out of the garbage collector's sight (`gc.freeze()`): they live as
long as the process, and each full collection walked them all, a pause of about 70 ms every so
many requests (the slowest repeated requests in benchmarks/search_latency.py were such pauses).
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cica_site.settings")
application = get_wsgi_application()
gc.freeze()
