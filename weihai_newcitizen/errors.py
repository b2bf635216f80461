"""Server errors that leave a trace, and a database outage that says so.

Every unhandled error gets a short id. The 500 page shows it, and the ``django.request`` log line carries it beside
the path, the person and the traceback, so a district can quote it on the phone and the administrator finds the line.
When the database cannot be reached the page says so with status 503, as ``/healthz`` does, instead of a generic 500.

Both pages are rendered without the request's context: the context processors would ask the database for the user,
and the database may be what failed.
"""

import logging
import secrets
import sys

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template import loader
from django.utils.functional import SimpleLazyObject, empty

# Said when even the template cannot be rendered; both languages, as the templates have.
FALLBACK = {
    500: "系统出错，错误编号 {id}。Server error, error id {id}.",
    503: "系统暂时无法使用，请一分钟后重试。Temporarily unavailable, try again in a minute.",
}


def error_id_for(request) -> str:
    """The request's error id, made on first use: the page and the log line ask in either order."""
    error_id = getattr(request, "error_id", None)
    if error_id is None:
        # 8 hex digits: short enough to read out on the phone, plenty for the errors of a year.
        error_id = request.error_id = secrets.token_hex(4).upper()
    return error_id


def database_unavailable(error: BaseException | None) -> bool:
    """Whether ``error`` means the database cannot be reached (not a deadlock or a bad query)."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    return connection.connection is None or not connection.is_usable()


def server_error(request) -> HttpResponse:
    """handler500: the error page with the error id, or the 503 page when the database is away."""
    error_id = error_id_for(request)
    status = 503 if database_unavailable(sys.exc_info()[1]) else 500
    try:
        body = loader.get_template(f"{status}.html").render({"error_id": error_id})
    except Exception:  # the error page must answer whatever else is broken
        body = FALLBACK[status].format(id=error_id)
    response = HttpResponse(body, status=status)
    if status == 503:
        response["Retry-After"] = "60"
    return response


def _username(request, record) -> str:
    user = getattr(request, "user", None)
    if user is None:
        return "-"
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        # Not loaded yet: loading it asks the database, which is no use when the database is what failed.
        if record.exc_info and isinstance(record.exc_info[1], OperationalError | InterfaceError):
            return "?"
        try:
            user.is_authenticated  # noqa: B018 (loads the user)
        except Exception:  # logging must not fail on the way to reporting a failure
            return "?"
    return user.get_username() if user.is_authenticated else "anonymous"


class RequestContextFilter(logging.Filter):
    """Gives ``django.request`` records the error id, method, path and person for the formatter."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        status = getattr(record, "status_code", None) or 0
        record.error_id = error_id_for(request) if request is not None and status >= 500 else "-"
        record.method = getattr(request, "method", "-") or "-"
        record.path = request.get_full_path() if request is not None else "-"
        record.username = _username(request, record) if request is not None else "-"
        return True
