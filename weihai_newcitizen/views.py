import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.templatetags.static import static
from django.views import defaults
from django.views.decorators.cache import never_cache

logger = logging.getLogger("newcitizen")


@never_cache
def health(request):
    """For the load balancer and monitoring: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy; the reason goes to the log, not the probe
        logger.exception("health check: database unavailable")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def bad_request(request, exception=None):
    """400, except for a form sent with more text than the server accepts: say so plainly (413), and how to recover.

    Django refuses such a body before any view sees it (DATA_UPLOAD_MAX_MEMORY_SIZE), so nothing was saved; the
    browser still holds what was typed one step back.
    """
    if isinstance(exception, RequestDataTooBig):
        limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return render(request, "413.html", {"limit": limit}, status=413)
    return defaults.bad_request(request, exception)


def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's): send them to ours, not to a 404.

    Resolved per request: the static files manifest exists only once collectstatic has run."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
