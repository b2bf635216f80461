import re

from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.utils.translation import gettext as _


class ChineseFirstMiddleware:
    """Serve Simplified Chinese unless the person chose another language with the switch.

    Office PCs in the bureau often run English-language browsers; the shipped language of a Chinese government
    system should not depend on that. The switch stores the choice in the language cookie, which still wins.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class ControlCharactersMiddleware:
    """Refuse a control character in the path, a query or a form before any view hands it to the database.

    No code, id, filter or field of the app has one, and PostgreSQL refuses a NUL in text outright: a code such as
    ``/dashboards/indicators/%00/`` passed on as it came is a server error there (and not on SQLite). A path or
    query answers 404, as any unknown code does; a form sent with one answers 400. Tabs and line breaks, which a
    note may hold, pass.
    """

    CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

    def __init__(self, get_response):
        self.get_response = get_response

    def _carries(self, data) -> bool:
        return any(self.CONTROL.search(key) or any(self.CONTROL.search(v) for v in values) for key, values in data.lists())

    def __call__(self, request):
        if self.CONTROL.search(request.path) or self._carries(request.GET):
            raise Http404(_("No such page."))
        if request.method == "POST" and request.content_type in _FORM_TYPES and self._carries(request.POST):
            raise SuspiciousOperation("a control character in a form field")
        return self.get_response(request)


_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class ControlCharacterCookiesMiddleware:
    """Forget a cookie holding a control character, before the session middleware looks its key up.

    The cookie parser turns ``sessionid="\\000…"`` into a real NUL, and the session store would hand it to
    PostgreSQL (a server error for anyone who sends it). No cookie of ours holds one: it is as if none was sent.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name in [n for n, v in request.COOKIES.items() if ControlCharactersMiddleware.CONTROL.search(n + v)]:
            del request.COOKIES[name]
        return self.get_response(request)
