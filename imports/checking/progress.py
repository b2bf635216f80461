"""Progress rows: a measure, its status (未启动 / 推进中 / 已完成) and the month's progress note, kept as typed."""

from django.utils.translation import gettext as _

from reports.models import ProgressStatus
from reports.services import ProgressInput

from ..cleaning import is_blank, measure_code_parse, text_clean, text_keep
from ..layout import PROGRESS_CONTENT, Table, TableRow, label
from .results import CHANGED, NEW, REFUSED, UNCHANGED, RowResult

MAX_NOTE = 2000

_STATUS_WORDS = {
    ProgressStatus.NOT_STARTED: ["未启动", "未开始", "notstarted", "not_started"],
    ProgressStatus.IN_PROGRESS: ["推进中", "进行中", "正在推进", "inprogress", "in_progress"],
    ProgressStatus.DONE: ["已完成", "完成", "done", "completed"],
}


class ProgressRows:
    # -- progress notes ----------------------------------------------------------------------------------
    def progress_row(self, table: Table, row: TableRow) -> None:
        result = RowResult(sheet=row.sheet, row=row.row, kind="progress")
        code = row.value("measure_code")
        parsed = measure_code_parse(code) if code is not None else None
        measure = self.measures.get(parsed) if parsed else None
        if measure is not None:
            result.item = measure.code
        if not row.has_content(PROGRESS_CONTENT):
            if measure is not None:
                self.check.rows.append(result)
            return
        self.check.rows.append(result)
        if measure is None:
            self.error(
                result,
                row.get("measure_code"),
                _("unknown measure “%(value)s”; write it as 1.2")
                % {"value": text_clean(code if code is not None else "")},
            )
        unit = self.unit_for(table, row, result)
        month = self.month_for(table, row, result)
        status_cell, note_cell = row.get("status"), row.get("note")
        status = None
        if status_cell is not None and not is_blank(status_cell.value):
            status = self.status_parse(status_cell.value)
            if status is None:
                self.error(
                    result,
                    status_cell,
                    _("unknown status “%(value)s”; write 未启动, 推进中 or 已完成")
                    % {"value": text_clean(status_cell.value)},
                )
        note = text_keep(note_cell.value) if note_cell is not None else ""
        if len(note) > MAX_NOTE:
            self.error(result, note_cell, _("the progress note is longer than %(n)s characters") % {"n": MAX_NOTE})
        if measure is None or unit is None or month is None or result.errors:
            result.status = REFUSED
            return
        if self.duplicate(("progress", unit.pk, month, measure.pk), result, row, "measure_code"):
            result.status = REFUSED
            return
        existing = self.progress.get((unit.pk, month, measure.pk))
        old_status = existing.status if existing else ""
        old_note = existing.note if existing else ""
        new_status = status or old_status or (ProgressStatus.IN_PROGRESS if note else ProgressStatus.NOT_STARTED)
        new_note = note or old_note
        changes = []
        if old_status != new_status:
            changes.append(
                (
                    label("status"),
                    str(ProgressStatus(old_status).label) if old_status else "",
                    str(ProgressStatus(new_status).label),
                )
            )
        if old_note != new_note:
            changes.append((label("note"), old_note, new_note))
        if existing is None and new_status == ProgressStatus.NOT_STARTED and not new_note:
            changes = []
        result.changes = changes
        if not changes:
            result.status = UNCHANGED
            return
        if self.lock_check(unit, month, result, row, ("status",) if status else ("note",)):
            result.status = REFUSED
            return
        result.status = NEW if existing is None else CHANGED
        self.group(unit, month).progress[measure.pk] = ProgressInput(status=new_status, note=new_note)

    @staticmethod
    def status_parse(value) -> str | None:
        key = text_clean(value).replace(" ", "").lower()
        # The words first: a translated label costs a lookup, and nearly every file writes one of the words.
        for status, words in _STATUS_WORDS.items():
            if key in words:
                return status
        for status in _STATUS_WORDS:
            if key == str(status.label).replace(" ", "").lower():
                return status
        return None
