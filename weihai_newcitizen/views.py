import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.templatetags.static import static
from django.utils.translation import gettext as _
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


API_PREFIX = "/api/"


def _api_error(request, message: str, status: int) -> JsonResponse | None:
    """Under /api/ an error is JSON, as its description says (dashboards/openapi.py), not a page for people."""
    if not request.path_info.startswith(API_PREFIX):
        return None
    return JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})


def not_found(request, exception=None):
    """handler404: Django's page, or JSON for the API (an unknown path, a control character in a query)."""
    answer = _api_error(request, _("No such page."), 404)
    return answer if answer is not None else defaults.page_not_found(request, exception)


def bad_request(request, exception=None):
    """400, except for a form sent with more text than the server accepts: say so plainly (413), and how to recover.

    Django refuses such a body before any view sees it (DATA_UPLOAD_MAX_MEMORY_SIZE), so nothing was saved; the
    browser still holds what was typed one step back.
    """
    if isinstance(exception, RequestDataTooBig):
        limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return render(request, "413.html", {"limit": limit}, status=413)
    answer = _api_error(request, _("Bad request"), 400)
    return answer if answer is not None else defaults.bad_request(request, exception)


def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's): send them to ours, not to a 404.

    Resolved per request: the static files manifest exists only once collectstatic has run."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
