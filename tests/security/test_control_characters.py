"""A NUL byte or another control character in any URL parameter or query answers 404 or a form's message, never 500.

PostgreSQL refuses a NUL in text outright (the driver raises before the query is sent), so a code read from a URL
and handed to the database as it came is a server error there and not on SQLite: run this on both. The walk covers
every pattern of the URL conf (the admin's included), each parameter and each query parameter the app reads.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.security.test_access_matrix import objects  # noqa: F401 — the matrix's fixture

NASTY = ["\x00", "HC\x00", "\x1f", "%00"]
# Every query parameter a view or form of the app reads.
QUERY_NAMES = ["year", "month", "unit", "plan", "submitted", "format", "level", "action", "file_format", "page", "p"]
QUERY_NAMES += ["next", "q", "term", "code", "indicator", "o", "e", "_changelist_filters", "username", "period"]


def _patterns(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _fill(route: str, value: str, objects) -> list[str]:  # noqa: F811
    """The route with each of its parameters in turn set to ``value`` (the others to a real value)."""
    names = re.findall(r"<(?:(\w+):)?(\w+)>", route)
    real = {"int": "1", None: "HC", "str": "HC", "path": "x", "slug": "x"}
    if "^" in route or "(?P" in route:
        route = re.sub(r"\(\?P<(\w+)>[^)]*\)", "<\\1>", route).replace("^", "").replace("$", "").replace("\\", "")
        names = [(None, n) for n in re.findall(r"<(\w+)>", route)]
    urls = []
    for index in range(max(len(names), 1)):
        url = route
        for position, (converter, name) in enumerate(names):
            token = re.search(r"<(?:\w+:)?" + name + ">", url).group(0)
            url = url.replace(token, value if position == index else real.get(converter, "1"), 1)
        urls.append("/" + url)
    return urls


@pytest.fixture
def everyone(personas, make_user):

    return [personas["coordinator"], personas["own_staff"], personas["admin"], personas["viewer"]]


def test_no_url_parameter_with_a_control_character_is_a_server_error(client, everyone, objects):  # noqa: F811
    client.raise_request_exception = False  # a server error is a 500 to collect, not an exception ending the walk
    failures = []
    routes = sorted(set(_patterns(get_resolver().url_patterns)))
    for person in everyone:
        client.force_login(person)
        for route in routes:
            if "<" not in route and "(?P" not in route:
                continue
            for value in NASTY:
                for url in _fill(route, value, objects):
                    response = client.get(url)
                    if response.status_code >= 500:
                        failures.append((person.username, repr(url), response.status_code))
    assert failures == []


def test_no_query_parameter_with_a_control_character_is_a_server_error(client, personas, objects):  # noqa: F811
    client.raise_request_exception = False  # a server error is a 500 to collect, not an exception ending the walk
    failures = []
    routes = sorted(r for r in set(_patterns(get_resolver().url_patterns)) if "<" not in r and "(?P" not in r)
    for person in [personas["admin"]]:  # the superuser reaches every page there is
        client.force_login(person)
        for route in routes:
            for name in QUERY_NAMES:
                for value in ("HC\x00",):
                    response = client.get("/" + route, {name: value})
                    if response.status_code >= 500:
                        failures.append((person.username, route, name, repr(value), response.status_code))
    assert failures == []


def test_a_nul_in_a_code_answers_404_in_chinese(client, personas, plan):
    client.force_login(personas["coordinator"])
    for url in ("/dashboards/indicators/%00/", "/dashboards/indicators/%00/trend/", "/filings/2023/units/%00/"):
        response = client.get(url)
        assert response.status_code == 404, url
    response = client.get("/filings/2023/assessments/new/", {"unit": "\x00"})
    assert response.status_code in (200, 404)


def test_a_form_sent_with_a_nul_is_refused_without_a_server_error(client, personas, hc_return):
    client.raise_request_exception = False
    client.force_login(personas["own_staff"])
    response = client.post(f"/returns/{hc_return.pk}/edit/", {"version": "0", "note-1.1": "\x00"})
    assert response.status_code == 400
    response = client.post("/filings/2023/assessments/new/", {"unit": "\x00"})
    assert response.status_code < 500


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken", "django_language"])
def test_a_cookie_with_a_nul_is_as_if_none_was_sent(client, personas, cookie):
    client.raise_request_exception = False
    client.force_login(personas["own_staff"])
    client.cookies[cookie] = "\x00abcdefghijklmnop"
    response = client.get("/")
    assert response.status_code == 200
