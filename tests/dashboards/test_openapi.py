"""/api/v1/openapi.json: a valid OpenAPI 3.1 description of every API URL, which the real answers keep to."""

import json

import pytest
import schemathesis
from django.core.exceptions import SuspiciousOperation
from django.urls import URLPattern, URLResolver, get_resolver
from jsonschema import Draft202012Validator
from openapi_spec_validator import OpenAPIV31SpecValidator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from accounts.models import User
from dashboards.openapi import description
from dashboards.services import api_token_create
from demo.returns import demo_returns_load
from demo.users import demo_users_load
from weihai_newcitizen.views import bad_request

URL = "/api/v1/openapi.json"
SPEC = description()


def _routes(patterns, prefix: str = ""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def _validator(ref: str) -> Draft202012Validator:
    """A JSON Schema validator for ``ref`` inside the description (OpenAPI 3.1 schemas are JSON Schema 2020-12)."""
    registry = Registry().with_resource("urn:openapi", DRAFT202012.create_resource(SPEC))
    return Draft202012Validator({"$ref": f"urn:openapi{ref}"}, registry=registry)


def _response_schema(path: str, status: int) -> str:
    """The $ref of the schema the description gives ``path``'s GET answer of ``status``."""
    answer = SPEC["paths"][path]["get"]["responses"][str(status)]
    if "$ref" in answer:
        answer = SPEC["components"]["responses"][answer["$ref"].rsplit("/", 1)[1]]
    return answer["content"]["application/json"]["schema"]["$ref"]


def _key(username: str) -> str:
    return api_token_create(user=User.objects.get(username=username), name="schema test")[1]


@pytest.fixture
def demo(plan):
    """The demo's logins and 2023, as `make run` and .ci/schemathesis load them."""
    demo_users_load()
    demo_returns_load()


def test_the_description_is_valid_openapi_3_1():
    OpenAPIV31SpecValidator(SPEC).validate()
    assert SPEC["openapi"].startswith("3.1")


def test_schemathesis_reads_every_operation_of_it():
    """What .ci/schemathesis loads: no operation it cannot parse (it then fuzzes all but the description's own)."""
    operations = [result.ok() for result in schemathesis.openapi.from_dict(SPEC).get_all_operations()]
    assert {(o.method.upper(), o.path) for o in operations} == {("GET", path) for path in SPEC["paths"]}


def test_every_url_under_api_v1_is_described():
    routes = {"/" + r for r in _routes(get_resolver().url_patterns) if r.startswith("api/")}
    assert routes == set(SPEC["paths"]) == {"/api/v1/progress", "/api/v1/openapi.json"}


def test_every_schema_object_names_its_fields_so_an_undescribed_one_fails():
    for name, schema in SPEC["components"]["schemas"].items():
        assert schema["additionalProperties"] is False, name


def test_the_description_is_served_to_a_token_and_not_to_a_stranger(client, coordinator):
    anonymous = client.get(URL)
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"] == 'Token realm="api"'
    _validator(_response_schema(URL, 401)).validate(anonymous.json())
    served = client.get(URL, HTTP_AUTHORIZATION=f"Token {_key(coordinator.username)}")
    assert served.status_code == 200
    assert served["Content-Type"] == "application/json"
    assert served.json() == json.loads(json.dumps(SPEC))


def test_a_login_session_reads_the_description_too(client, viewer):
    client.force_login(viewer)
    assert client.get(URL).status_code == 200


# One test over many requests: the demo year takes seconds to load, and each answer is checked the same way.
DEMO_REQUESTS = [
    ("coordinator", {"year": "2023", "month": "6"}),
    ("coordinator", {"year": "2023", "month": "12", "submitted": "1"}),
    ("coordinator", {"year": "2023", "month": "1", "submitted": "0"}),
    ("coordinator", {"year": "2023", "unit": "HC"}),
    ("coordinator", {}),
    ("hc", {"year": "2023", "month": "9"}),
    ("edu", {"year": "2023", "month": "9"}),
    ("admin", {"year": "2023", "month": "12"}),
]


def test_each_demo_answer_of_the_roll_up_keeps_to_its_schema(client, demo):
    schema = _validator(_response_schema("/api/v1/progress", 200))
    per_district = 0
    for username, query in DEMO_REQUESTS:
        response = client.get("/api/v1/progress", query, HTTP_AUTHORIZATION=f"Token {_key(username)}")
        assert response.status_code == 200, (username, query)
        assert response["Content-Type"] == "application/json"
        data = response.json()
        schema.validate(data)
        assert data["indicators"] and data["units"]
        per_district += sum(1 for i in data["indicators"] if "units_judged" in i)
    assert per_district, "the demo plan has per-district targets: their optional fields must be exercised"


BAD_REQUESTS = [
    ({"year": "1999"}, 404),
    ({"unit": "NOPE"}, 404),
    ({"unit": "WD/x"}, 404),
    ({"unit": "H\x00C"}, 404),  # refused by the control-character middleware, still as JSON
    ({"year": "twenty"}, 400),
    ({"year": "²０２３"}, 400),
    ({"year": "0"}, 400),
    ({"month": "13"}, 400),
    ({"month": "-1"}, 400),
    ({"month": " 6"}, 400),
    ({"unit": ""}, 400),
    ({"unit": "X" * 41}, 400),
    ({"submitted": "yes"}, 400),
]


def test_a_bad_request_is_answered_with_a_described_json_error(client, coordinator):
    key = _key(coordinator.username)
    for query, status in BAD_REQUESTS:
        response = client.get("/api/v1/progress", query, HTTP_AUTHORIZATION=f"Token {key}")
        assert response.status_code == status, query
        assert response["Content-Type"] == "application/json"
        _validator(_response_schema("/api/v1/progress", status)).validate(response.json())


def test_a_districts_token_asking_for_another_unit_gets_the_described_404(client, staff):
    response = client.get("/api/v1/progress", {"unit": "WD"}, HTTP_AUTHORIZATION=f"Token {_key(staff.username)}")
    assert response.status_code == 404
    _validator(_response_schema("/api/v1/progress", 404)).validate(response.json())


def test_an_account_without_a_unit_gets_the_described_403(client, plan):
    loner = User.objects.create_user("loner", password="pw")
    response = client.get("/api/v1/progress", HTTP_AUTHORIZATION=f"Token {_key(loner.username)}")
    assert response.status_code == 403
    _validator(_response_schema("/api/v1/progress", 403)).validate(response.json())


def test_without_a_token_the_roll_up_answers_the_described_401(client, plan):
    response = client.get("/api/v1/progress", HTTP_AUTHORIZATION="Token wrong")
    assert response.status_code == 401
    _validator(_response_schema("/api/v1/progress", 401)).validate(response.json())


def test_an_unknown_path_under_the_api_answers_json_and_a_page_still_answers_html(client, db):
    api = client.get("/api/v1/nothing-here")
    assert (api.status_code, api["Content-Type"]) == (404, "application/json")
    assert api.json() == {"detail": "没有这个页面。"}
    page = client.get("/nothing-here/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_the_errors_are_in_chinese(client, coordinator):
    response = client.get("/api/v1/progress", {"month": "13"}, HTTP_AUTHORIZATION=f"Token {_key(coordinator.username)}")
    assert response.json()["detail"] == "参数 month 须为1至12的整数。"


def test_a_request_django_refuses_under_the_api_is_a_json_400(rf):
    api = bad_request(rf.get("/api/v1/progress"), SuspiciousOperation("test"))
    assert (api.status_code, api["Content-Type"]) == (400, "application/json")
    assert json.loads(api.content)["detail"]
    page = bad_request(rf.get("/dashboards/"), SuspiciousOperation("test"))
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")
