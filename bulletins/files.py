"""A bulletin's .docx and .xlsx made from its frozen snapshot, always in Chinese: the official document's language.

Rendering only; writing the files of an issued bulletin once, and reading them back, is in ``services``.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.utils import translation

from dashboards.bulletin_xlsx import bulletin_workbook
from dashboards.counted import Counted, UnitState
from dashboards.selectors.bulletin import Bulletin, BulletinEntry
from weihai_newcitizen import clock

from .docx import bulletin_docx
from .models import BulletinFile, IssuedBulletin
from .writing import bulletin_text

DOCUMENT_LANGUAGE = "zh-hans"
CONTENT_TYPES = {
    BulletinFile.Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    BulletinFile.Kind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


class FrozenBulletin(Bulletin):
    """The dashboards' ``Bulletin`` rebuilt from a snapshot, so the workbook prints the numbers as frozen."""

    frozen_weights: tuple[Decimal, Decimal] = (Decimal(70), Decimal(30))

    @property
    def weights(self) -> tuple[Decimal, Decimal]:
        return self.frozen_weights


def _frozen_unit(entry: dict) -> SimpleNamespace:
    return SimpleNamespace(
        pk=entry["code"], code=entry["code"], name=entry["name"], display_name=entry.get("short_name") or entry["name"]
    )


def frozen_counted(snapshot: dict) -> Counted | None:
    """What the snapshot counted (``dashboards.counted``), rebuilt from its ``counted`` object; None in older ones."""
    data = snapshot.get("counted")
    if not data:
        return None
    missing = {m["code"]: m["state"] for m in data.get("missing_units", [])}
    units = [_frozen_unit(u) for u in snapshot["units"]]
    states = {u.pk: missing.get(u.code, UnitState.COUNTED) for u in units}
    include_submitted = snapshot.get("counted_returns", "approved") != "approved"
    return Counted(month=data["month"], include_submitted=include_submitted, units=units, states=states)


def frozen_bulletin(bulletin: IssuedBulletin) -> FrozenBulletin:
    snapshot = bulletin.snapshot
    counted = frozen_counted(snapshot)
    entries = [
        BulletinEntry(
            unit=SimpleNamespace(code=u["code"], name=u["name"]),
            completion_score=_decimal(u.get("completion_score")),
            on_time_rate=_decimal(u.get("on_time_rate")),
            composite=_decimal(u.get("composite")),
            scored=u.get("scored", 0),
            far_behind=[SimpleNamespace(name=name) for name in u.get("far_behind", [])],
            rank=u.get("rank") or 0,
            state=counted.states[u["code"]] if counted else UnitState.COUNTED,
        )
        for u in snapshot["units"]
    ]
    frozen = FrozenBulletin(
        plan=bulletin.plan,
        month=bulletin.month,
        include_submitted=snapshot.get("counted_returns", "approved") != "approved",
        entries=entries,
        rollup=SimpleNamespace(schedule_share=_decimal(snapshot["schedule_share"]), counted=counted),
        timeliness=[],
        named=len(snapshot.get("top") or []),
    )
    weights = snapshot.get("weights")
    if weights:
        frozen.frozen_weights = (_decimal(weights["completion"]), _decimal(weights["timeliness"]))
    return frozen


def _date(bulletin: IssuedBulletin) -> datetime.date:
    return bulletin.issued_on or clock.today()


def render_docx(bulletin: IssuedBulletin) -> bytes:
    """The bulletin's Word document in Chinese, whatever the language of the person asking."""
    with translation.override(DOCUMENT_LANGUAGE):
        return bulletin_docx(
            text=bulletin_text(bulletin.snapshot),
            number=bulletin.number or "",
            recipients=bulletin.recipients,
            issued_on=_date(bulletin),
        )


def render_xlsx(bulletin: IssuedBulletin) -> bytes:
    """The bulletin's workbook in Chinese, dated the day it was issued (today, for one not yet issued)."""
    with translation.override(DOCUMENT_LANGUAGE):
        return bulletin_workbook(frozen_bulletin(bulletin), issued_on=_date(bulletin))


RENDER = {BulletinFile.Kind.DOCX: render_docx, BulletinFile.Kind.XLSX: render_xlsx}


def file_name(bulletin: IssuedBulletin, kind: str) -> str:
    return f"bulletin-{bulletin.plan.year}{bulletin.month:02d}-{bulletin.pk}.{kind}"
