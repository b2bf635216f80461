"""The roll-up as JSON for other departments' systems (plan measure 5.7: data sharing).

``GET /api/v1/progress?year=2023&month=6`` with a login session or ``Authorization: Token <key>``; its description,
``GET /api/v1/openapi.json`` (dashboards/openapi.py), asks the same.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from actions.models import describe_target
from actions.scoping import sees_every_measure, visible_indicator_list

from . import openapi
from .api_params import BadParameter, check_progress_params
from .cache import cached, page_key
from .models import ApiToken, token_digest
from .params import parse_plan_and_month
from .rollup import Cell, Rollup, progress_rollup
from .selectors.bulletin import Bulletin, bulletin_for
from .selectors.scope import scope_for_user
from .services import api_token_touch


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _cell(cell: Cell, *, unit: bool = False) -> dict:
    data = {
        "value": _number(cell.value),
        "numerator": _number(cell.totals.numerator),
        "denominator": _number(cell.totals.denominator),
        "target": _number(cell.target),
        "completion": _number(cell.completion),
        "required": _number(cell.required),
        "gap": _number(cell.gap),
        "status": str(cell.status),
        "met": cell.met,
    }
    if unit:  # the month its level or rate comes from; for a flow, the last month counted (None: nothing counted)
        data["month"] = cell.month
    if cell.units_judged is not None:  # a per-district target's group: how many units reach it, of how many
        data.update(units_met=cell.units_met, units_judged=cell.units_judged)
    return data


def progress_payload(*, rollup: Rollup, bulletin: Bulletin) -> dict:
    """The roll-up and the bulletin's unit scores as plain data."""
    indicators = []
    for row in rollup.rows:
        target = row.target
        item = {
            "code": row.indicator.code,
            "name": row.indicator.name,
            "action": row.indicator.action.number,
            "measure": row.indicator.measure.code if row.indicator.measure_id else None,
            "unit_of_measure": row.indicator.unit,
            "kind": row.indicator.kind,
            "comparator": target.comparator if target else None,
            "scope": target.scope if target else None,
            "target_text": describe_target(target) if target else None,
            **_cell(row.total),
            "units_not_reaching": [u.code for u in row.total.laggards],
            # Units whose figure is of the month itself, and the codes of the others (earlier month, or none).
            "counted_units": row.counted_units,
            "missing_units": [u.code for u in row.missing_units or []],
            "units": {u.code: _cell(row.units[u.pk], unit=True) for u in rollup.units},
        }
        indicators.append(item)
    return {
        "year": rollup.plan.year,
        "month": rollup.month,
        "schedule_share": _number(rollup.schedule_share),
        "counted_returns": "approved+submitted" if rollup.include_submitted else "approved",
        "level": rollup.node.code if rollup.node else "city",
        "counted": rollup.counted.as_data(),
        "indicators": indicators,
        "units": [
            {
                "code": e.unit.code,
                "name": e.unit.name,
                "rank": e.rank or None,
                "completion_score": _number(e.completion_score),
                "on_time_rate": _number(e.on_time_rate),
                "composite": _number(e.composite),
            }
            for e in bulletin.entries
        ],
    }


def _api_user(request):
    """The user a request speaks for: the token's owner, else the session's; None when neither."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _sep, key = header.partition(" ")
        if scheme.lower() != "token" or not key.strip():
            return None
        token = ApiToken.objects.active().select_related("user").filter(digest=token_digest(key.strip())).first()
        if token is None:
            return None
        api_token_touch(token=token)
        return token.user
    return request.user if request.user.is_authenticated else None


def _error(message: str, status: int) -> JsonResponse:
    response = JsonResponse({"detail": message}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Token realm="api"'
    return response


def _unauthorized() -> JsonResponse:
    return _error(_("Log in, or send the header Authorization: Token <key>."), 401)


def progress_for_user(
    *, user, plan, month: int, code: str | None = None, include_submitted: bool = False
) -> dict:
    """What the API answers ``user`` for ``plan`` and ``month``: the one reading other documents (the upward
    report) take their figures from, so they print what the API says."""
    scope = scope_for_user(user=user, code=code)
    rollup = progress_rollup(
        plan=plan,
        month=month,
        units=scope.units,
        node=scope.node,
        include_submitted=include_submitted,
        indicators=visible_indicator_list(user, plan=plan),
    )
    bulletin = bulletin_for(
        plan=plan, month=month, units=scope.units, include_submitted=include_submitted, rollup=rollup
    )
    payload = progress_payload(rollup=rollup, bulletin=bulletin)
    if not sees_every_measure(user):  # a department's indicators never rank the units: the bulletin alone does
        payload["units"] = [{"code": u["code"], "name": u["name"]} for u in payload["units"]]
    return payload


def _progress_json(request, user) -> bytes:
    """The answer's body; Http404 and PermissionDenied go up to the view (errors are never cached)."""
    plan, month = parse_plan_and_month(request.GET)
    payload = progress_for_user(
        user=user,
        plan=plan,
        month=month,
        code=request.GET.get("unit") or None,
        include_submitted=request.GET.get("submitted") == "1",
    )
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False}).content


@require_GET
def progress_api(request):
    user = _api_user(request)
    if user is None:
        return _unauthorized()
    try:
        check_progress_params(request.GET)
    except BadParameter as error:
        return _error(str(error), 400)
    try:
        # Kept per parameters and the scope of the user the request speaks for (cache.py), like the pages.
        body = cached(page_key(request, user=user, page="api-progress"), lambda: _progress_json(request, user))
    except Http404 as error:
        return _error(str(error), 404)
    except PermissionDenied as error:
        return _error(str(error), 403)
    return HttpResponse(body, content_type="application/json")


@require_GET
def openapi_json(request):
    """The API's description. Behind the same login or token as the API: a government system shows its interfaces
    to the systems it serves, not to whoever scans the address; the partners who hold a token read it with that."""
    if _api_user(request) is None:
        return _unauthorized()
    return JsonResponse(openapi.description(), json_dumps_params={"ensure_ascii": False})
