"""The OpenAPI 3.1 description of the API, served at ``/api/v1/openapi.json``.

Kept by hand beside ``api.py``: the API is two plain Django views, not a framework's serializers a generator could
read. The payload's shape is written down once here, and the tests (tests/dashboards/test_openapi.py) hold it to the
real answers: every URL under ``/api/v1/`` is described, and each answer validates against its schema. Objects
forbid properties they do not name, so a field added to ``api.py`` and not here fails a test rather than going
undocumented. ``.ci/schemathesis`` fuzzes the live server against it.
"""

from actions.models import Indicator, Target
from dashboards.counted import UnitState
from dashboards.rules import Status

from .api_params import MONTH_RANGE, YEAR_RANGE

OPENAPI_VERSION = "3.1.0"
API_VERSION = "1.0.0"

_NUMBER = {"type": ["number", "null"]}
_MONTH = {"type": "integer", "minimum": 1, "maximum": 12}


def _nullable_enum(values) -> dict:
    return {"type": ["string", "null"], "enum": [*values, None]}


def _object(properties: dict, *, required: list[str] | None = None, description: str = "") -> dict:
    schema = {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


_CELL = {
    "value": {**_NUMBER, "description": "Year-to-date figure: a sum (flow), a level (stock) or a rate in % (ratio)."},
    "numerator": {**_NUMBER, "description": "A ratio's numerator (null for other kinds)."},
    "denominator": {**_NUMBER, "description": "A ratio's denominator (null for other kinds)."},
    "target": {
        **_NUMBER,
        "description": "The target, in the indicator's unit (a rate in %; for increase the baseline).",
    },
    "completion": {**_NUMBER, "description": "% of the target reached, rounded half up."},
    "required": {**_NUMBER, "description": "% of the target due by now (序时进度, or the whole level)."},
    "gap": {**_NUMBER, "description": "completion − required, in points."},
    "status": {"type": "string", "enum": list(Status.values)},
    "met": {"type": ["boolean", "null"], "description": "Whether the target is reached (null: not judged)."},
    "units_met": {"type": "integer", "minimum": 0, "description": "Per-district targets: units reaching it."},
    "units_judged": {"type": "integer", "minimum": 0, "description": "Per-district targets: units judged."},
}
_CELL_REQUIRED = [name for name in _CELL if not name.startswith("units_")]

_UNIT_CELL = _object(
    {
        **_CELL,
        "month": {
            "type": ["integer", "null"],
            "minimum": 1,
            "maximum": 12,
            "description": "The month the unit's level or rate comes from; a flow's last counted month; null: none.",
        },
    },
    required=[*_CELL_REQUIRED, "month"],
)

_INDICATOR = _object(
    {
        "code": {"type": "string", "description": "The indicator's code in the plan."},
        "name": {"type": "string"},
        "action": {"type": "integer", "minimum": 0, "description": "The plan's action number."},
        "measure": {"type": ["string", "null"], "description": "The measure's code, null for an action-wide one."},
        "unit_of_measure": {"type": "string", "examples": ["人", "%"]},
        "kind": {"type": "string", "enum": list(Indicator.Kind.values)},
        "comparator": _nullable_enum(Target.Comparator.values),
        "scope": _nullable_enum(Target.Scope.values),
        "target_text": {"type": ["string", "null"], "description": "The target as the plan words it."},
        **_CELL,
        "units_not_reaching": {"type": "array", "items": {"type": "string"}, "description": "Unit codes."},
        "counted_units": {"type": "integer", "minimum": 0, "description": "Units whose figure is of the month."},
        "missing_units": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Codes of the units whose figure is of an earlier month, or who have none.",
        },
        "units": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/UnitCell"}},
    },
    required=[
        *["code", "name", "action", "measure", "unit_of_measure", "kind", "comparator", "scope", "target_text"],
        *_CELL_REQUIRED,
        *["units_not_reaching", "counted_units", "missing_units", "units"],
    ],
)

_COUNTED = _object(
    {
        "month": _MONTH,
        "units_total": {"type": "integer", "minimum": 0},
        "units_counted": {"type": "integer", "minimum": 0},
        "awaiting_review": {"type": "integer", "minimum": 0},
        "sent_back": {"type": "integer", "minimum": 0},
        "not_filed": {"type": "integer", "minimum": 0, "description": "No return submitted (none, or a draft)."},
        "missing_units": {
            "type": "array",
            "items": _object(
                {
                    "code": {"type": "string"},
                    "name": {"type": "string"},
                    "state": {"type": "string", "enum": [s for s in UnitState.values if s != UnitState.COUNTED]},
                }
            ),
        },
    },
    description="Which units' returns of the month the figures count, and why the others are not counted.",
)

_UNIT_SCORE = _object(
    {
        "code": {"type": "string"},
        "name": {"type": "string"},
        "rank": {"type": ["integer", "null"], "minimum": 1},
        "completion_score": _NUMBER,
        "on_time_rate": _NUMBER,
        "composite": _NUMBER,
    },
    required=["code", "name"],
    description="A unit's scores and rank as the bulletin has them; a department viewer gets code and name only.",
)

_PROGRESS = _object(
    {
        "year": {"type": "integer"},
        "month": _MONTH,
        "schedule_share": {"type": "number", "description": "Share of the year gone, in % (M/12)."},
        "counted_returns": {"type": "string", "enum": ["approved", "approved+submitted"]},
        "level": {"type": "string", "description": '"city", or the code of the unit the answer is about.'},
        "counted": {"$ref": "#/components/schemas/Counted"},
        "indicators": {"type": "array", "items": {"$ref": "#/components/schemas/Indicator"}},
        "units": {"type": "array", "items": {"$ref": "#/components/schemas/UnitScore"}},
    }
)

_ERROR = _object({"detail": {"type": "string", "description": "What went wrong, in the interface language."}})


def _error(description: str, *, challenge: bool = False) -> dict:
    answer = {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    if challenge:
        answer["headers"] = {
            "WWW-Authenticate": {"schema": {"type": "string"}, "description": 'Token realm="api"', "required": True}
        }
    return answer


_RESPONSES = {
    "BadRequest": _error("A parameter is not of the kind described."),
    "Unauthorized": _error("No login session and no valid, active token.", challenge=True),
    "Forbidden": _error("The account is not attached to a reporting unit."),
    "NotFound": _error("No such plan year, or a unit outside the token owner's sight."),
}

_PARAMETERS = [
    {
        "name": "year",
        "in": "query",
        "description": "Plan year (default: the plan of the reporting month in progress); one without a plan: 404.",
        "schema": {"type": "integer", "minimum": YEAR_RANGE.start, "maximum": YEAR_RANGE.stop - 1},
    },
    {
        "name": "month",
        "in": "query",
        "description": "Month of the plan year (default: the last month already due).",
        "schema": {"type": "integer", "minimum": MONTH_RANGE.start, "maximum": MONTH_RANGE.stop - 1},
    },
    {
        "name": "unit",
        "in": "query",
        "description": "Code of a level of the unit tree (default: the city, or a district user's own unit); "
        "a unit outside the owner's sight: 404.",
        "schema": {"type": "string", "minLength": 1, "maxLength": 40, "pattern": "^[^/\\x00-\\x1f\\x7f]+$"},
    },
    {
        "name": "submitted",
        "in": "query",
        "description": '"1" counts submitted returns too; "0" (the default) approved ones only.',
        "schema": {"type": "string", "enum": ["0", "1"]},
    },
]

_GUARDED = {
    "401": {"$ref": "#/components/responses/Unauthorized"},
}


def description() -> dict:
    """The whole description as plain data (JSON-ready)."""
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "新市民乐业行动 进展跟踪 API",
            "version": API_VERSION,
            "description": (
                "The roll-up of the monthly returns against the plan's targets, for other departments' systems "
                "(plan measure 5.7). Every request, this description's included, is made with a login session or "
                "an API token (`Authorization: Token <key>`, created by an admin); a token reads with its owner's "
                "rights."
            ),
        },
        "paths": {
            "/api/v1/progress": {
                "get": {
                    "operationId": "progress",
                    "summary": "The roll-up against the targets, with what it counts and the units' scores",
                    "parameters": _PARAMETERS,
                    "responses": {
                        "200": {
                            "description": "The roll-up.",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Progress"}}},
                        },
                        "400": {"$ref": "#/components/responses/BadRequest"},
                        **_GUARDED,
                        "403": {"$ref": "#/components/responses/Forbidden"},
                        "404": {"$ref": "#/components/responses/NotFound"},
                    },
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This description",
                    "responses": {
                        "200": {
                            "description": "The OpenAPI 3.1 description of the API.",
                            "content": {
                                "application/json": {
                                    "schema": {"type": "object", "required": ["openapi", "info", "paths"]}
                                }
                            },
                        },
                        **_GUARDED,
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Progress": _PROGRESS,
                "Indicator": _INDICATOR,
                "UnitCell": _UNIT_CELL,
                "Counted": _COUNTED,
                "UnitScore": _UNIT_SCORE,
                "Error": _ERROR,
            },
            "responses": _RESPONSES,
            "securitySchemes": {
                "token": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "`Token <key>`: the key an admin created (API tokens → Add), shown once.",
                },
                "session": {"type": "apiKey", "in": "cookie", "name": "sessionid", "description": "A login."},
            },
        },
        "security": [{"token": []}, {"session": []}],
    }
