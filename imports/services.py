"""Writes of the Excel import: keep an uploaded file for its preview, then apply it — all or nothing, through the
same returns services as the form, so validation, permissions, the workflow lock and the audit trail are shared."""

import logging
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import PlanYear
from reports.models import MonthlyReturn
from reports.scoping import can_file_for_unit
from reports.services import ReturnWrite, monthly_returns_save
from reports.unit_check import imported_returns_hand_in

from .checking import CHANGED, NEW, UNCHANGED, ImportCheck, import_check
from .collector import collector_paused
from .models import ImportLog
from .packing import json_pack
from .reading import sheets_pack, sheets_read, sheets_unpack, years_named
from .safety import file_kind_check
from .signals import returns_imported

logger = logging.getLogger("newcitizen.imports")


class ImportRefused(Exception):
    """The file is not clean (or no longer clean): nothing was written; ``check`` says why, row by row."""

    def __init__(self, check: ImportCheck):
        super().__init__(_("Nothing was imported: the file has errors."))
        self.check = check


def _returns_written(*, plan: PlanYear, writes: list[ReturnWrite]) -> list[MonthlyReturn]:
    """The returns an import wrote, with their units. One query."""
    wanted = {(w.unit.pk, w.month) for w in writes}
    if not wanted:
        return []
    candidates = MonthlyReturn.objects.filter(
        plan=plan, unit_id__in={u for u, _m in wanted}, month__in={m for _u, m in wanted}
    ).select_related("plan", "unit")
    return [r for r in candidates if (r.unit_id, r.month) in wanted]


def _clean_name(name: str) -> str:
    return PurePath(name.replace("\\", "/")).name[:200] or "upload"


@collector_paused()
@transaction.atomic
def import_upload_create(
    *, user, plan: PlanYear, name: str, data: bytes, monthly_return: MonthlyReturn | None = None
) -> ImportLog:
    """Keep an uploaded file for its preview, after the checks every file passes (size, type by content, zip bomb).

    The file is parsed here, once: its bytes and its sheets are kept on the import log in the database (not on an
    app server's disk), so that the preview, a reload of it and the confirm, on any app server, never parse it
    again. Only people who may import (admins), or the unit's own staff for their return, may upload.
    """
    if monthly_return is not None:
        if not can_file_for_unit(user, monthly_return.unit):
            raise PermissionDenied(_("Only the unit's own staff upload its return."))
        plan = monthly_return.plan
    elif not user.has_perm("reports.import_returns"):
        raise PermissionDenied(_("You may not import returns."))
    name = _clean_name(name)
    kind = file_kind_check(name=name, data=data)
    sheets = sheets_read(data=data, kind=kind, name=name)
    if monthly_return is None:
        plan = _plan_named_in_file(sheets=sheets, chosen=plan)
    return ImportLog.objects.create(
        user=user, plan=plan, monthly_return=monthly_return, file_name=name, content=data, sheets=sheets_pack(sheets)
    )


def _plan_named_in_file(*, sheets, chosen: PlanYear | None) -> PlanYear:
    """The plan year of the months the file names; the one chosen on the form when the file names it or no year.

    So a December return uploaded in January lands in the old year even after the next plan year has started.
    """
    years = years_named(sheets)
    if chosen is not None and chosen.year in years:
        return chosen  # rows of other years are then refused one by one, at their sheet, row and column
    if len(years) > 1:
        raise ValidationError(
            _("The file holds months of several years (%(years)s): upload one plan year per file.")
            % {"years": "、".join(str(y) for y in sorted(years))},
            code="several_years",
        )
    if years:
        (year,) = years
        plan = PlanYear.objects.filter(year=year).first()
        if plan is None:
            raise ValidationError(
                _("The file's months are in %(year)s, and there is no %(year)s plan year.") % {"year": year},
                code="no_such_year",
            )
        return plan
    if chosen is None:
        raise ValidationError(
            _("The file names no month with its year (such as 2023-06): choose the plan year."), code="no_year"
        )
    return chosen


@collector_paused()
def import_log_check(*, log: ImportLog, user) -> ImportCheck:
    """The dry run of a kept file against the database as it is now (from the sheets parsed at upload)."""
    return import_check(user=user, plan=log.plan, sheets=sheets_unpack(log.sheets), only_return=log.monthly_return)


@collector_paused()
@transaction.atomic
def import_apply(*, log: ImportLog, user) -> ImportLog:
    """Write a previewed file: re-check it inside one transaction, then save every return it changes in one pass.

    If any row is refused now (the database may have moved since the preview), nothing is written and
    ``ImportRefused`` carries the check. Rows equal to what is stored write nothing, so importing the same file
    twice changes nothing the second time.
    """
    if log.user_id != user.pk:
        raise PermissionDenied(_("Only the person who uploaded a file imports it."))
    claimed = ImportLog.objects.filter(pk=log.pk, status=ImportLog.Status.PREVIEWED).update(
        status=ImportLog.Status.APPLIED, applied_at=timezone.now()
    )
    if not claimed:
        raise ValidationError(_("This file has already been imported."), code="already_applied")
    check = import_log_check(log=log, user=user)
    if not check.is_clean:
        raise ImportRefused(check)

    writes = [
        ReturnWrite(
            unit=group.unit, month=group.month, version=group.version, figures=group.figures, progress=group.progress
        )
        for group in check.groups.values()
        if group.figures or group.progress
    ]
    fields_changed = monthly_returns_save(user=user, plan=log.plan, writes=writes, source_name=log.file_name)
    touched = _returns_written(plan=log.plan, writes=writes)
    # The rows that changed, grouped once by return (a province's file: 136 returns × 5,000 rows otherwise).
    by_return: dict[tuple[str, int], list] = {}
    for row in check.rows:
        if row.status in (NEW, CHANGED):
            by_return.setdefault((row.unit, row.month), []).extend(
                (row.item, field, old, new) for field, old, new in row.changes
            )
    changes = {r.pk: by_return.get((r.unit.display_name, r.month), []) for r in touched}
    written = [r for r in touched if changes[r.pk]]
    # The unit's own check holds for an import as for the form: an imported return goes to its checker, never on.
    imported_returns_hand_in(
        user=user, returns=[r for r in written if r.unit.requires_unit_check], source_name=log.file_name
    )

    log.status = ImportLog.Status.APPLIED
    log.applied_at = timezone.now()
    log.rows_total = len(check.rows)
    log.rows_new = check.count(NEW)
    log.rows_changed = check.count(CHANGED)
    log.rows_unchanged = check.count(UNCHANGED)
    log.changes_count = fields_changed
    log.changes = json_pack(
        [
            {"unit": row.unit, "month": row.month, "item": row.item, "field": field, "old": old, "new": new}
            for row in check.rows
            if row.status in (NEW, CHANGED)
            for field, old, new in row.changes
        ]
    )
    log.save(
        update_fields=[
            "status",
            "applied_at",
            "rows_total",
            "rows_new",
            "rows_changed",
            "rows_unchanged",
            "changes_count",
            "changes",
        ]
    )
    returns_imported.send(
        sender=ImportLog,
        log=log,
        user=user,
        changes=changes,
        returns=written,
    )
    logger.info("import %s by %s: %s fields changed", log.file_name, getattr(user, "username", None), fields_changed)
    return log
