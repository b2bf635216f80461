"""The bulletin (通报) as an .xlsx laid out like the printed one: title, period, ranked table, notes."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from reports.print_setup import sheet_print_setup
from weihai_newcitizen import clock
from weihai_newcitizen.spreadsheets import workbook_bytes

from .counted import counted_line, missing_text
from .selectors.bulletin import Bulletin


def bulletin_title(bulletin: Bulletin) -> str:
    return _("Bulletin on the progress of the New Citizens at Work action, %(start)s to %(end)s") % {
        "start": date_format(bulletin.period_start, "YEAR_MONTH_FORMAT"),
        "end": date_format(bulletin.period_end, "YEAR_MONTH_FORMAT"),
    }


def bulletin_notes(bulletin: Bulletin) -> list[str]:
    """The notes under the table, shared by the page and the workbook so both say the same."""
    w_completion, w_timeliness = bulletin.weights
    notes = []
    if bulletin.top:
        notes.append(_("Ahead: %(units)s.") % {"units": "、".join(e.unit.name for e in bulletin.top)})
    if bulletin.bottom:
        notes.append(_("Behind: %(units)s.") % {"units": "、".join(e.unit.name for e in bulletin.bottom)})
    notes.append(
        _(
            "Composite score = %(wc)s%% completion score + %(wt)s%% on-time rate. The completion score is the mean, "
            "over the unit's indicators with a target, of completion divided by what is due by the end of the month "
            "(the schedule, %(share)s%% of a year's flow), capped; indicators without a target are left out."
        )
        % {"wc": w_completion, "wt": w_timeliness, "share": bulletin.rollup.schedule_share}
    )
    if bulletin.include_submitted:
        notes.append(_("Figures include submitted returns that have not yet been approved."))
    else:
        notes.append(_("Only approved returns are counted."))
    return notes


def bulletin_workbook(bulletin: Bulletin, *, issued_on: datetime.date | None = None) -> bytes:
    """The workbook; its title rows carry ``issued_on`` (an issued bulletin's date), else today's."""
    wb = Workbook()
    ws = wb.active
    ws.title = str(bulletin.plan.year)
    headers = [
        _("Rank"),
        _("Reporting unit"),
        _("Completion score (points)"),
        _("On-time rate (%)"),
        _("Composite score (points)"),
        _("Indicators scored"),
        _("Far behind"),
        _("Month %(month)s return") % {"month": bulletin.month},
    ]
    last_col = len(headers)
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)

    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
    ws.cell(row=1, column=1, value=bulletin_title(bulletin)).font = Font(bold=True, size=16, color="B71C1C")
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[1].height = 36
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last_col)
    ws.cell(
        row=2,
        column=1,
        value=_("Period: %(start)s to %(end)s · schedule %(share)s%% · issued %(today)s")
        % {
            "start": date_format(bulletin.period_start, "YEAR_MONTH_FORMAT"),
            "end": date_format(bulletin.period_end, "YEAR_MONTH_FORMAT"),
            "share": bulletin.rollup.schedule_share,
            "today": date_format(issued_on or clock.today(), "DATE_FORMAT"),
        },
    ).alignment = Alignment(horizontal="center")
    counted = bulletin.rollup.counted  # None in a bulletin issued before what was counted was kept
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=last_col)
    line = " ".join(part for part in (counted_line(counted), missing_text(counted)) if part) if counted else ""
    ws.cell(row=3, column=1, value=line).alignment = Alignment(horizontal="center", wrap_text=True)
    ws.row_dimensions[3].height = 32 if len(line) > 60 else 18

    header_row = 4
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(row=header_row, column=col, value=text)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEF1F5")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    for offset, entry in enumerate(bulletin.entries, start=1):
        values = [
            entry.rank or "—",
            entry.unit.name,
            float(entry.completion_score) if entry.completion_score is not None else "—",
            float(entry.on_time_rate) if entry.on_time_rate is not None else "—",
            float(entry.composite) if entry.composite is not None else "—",
            entry.scored,
            "、".join(i.name for i in entry.far_behind),
            str(entry.state_label),
        ]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=header_row + offset, column=col, value=value)
            cell.border = border
            if isinstance(value, float):
                cell.number_format = "0.0"
            if col == last_col - 1:
                cell.alignment = Alignment(wrap_text=True, vertical="top")

    row = header_row + len(bulletin.entries) + 2
    ws.cell(row=row, column=1, value=_("Notes")).font = Font(bold=True)
    for number, note in enumerate(bulletin_notes(bulletin), start=1):
        row += 1
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
        ws.cell(row=row, column=1, value=f"{number}. {note}").alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = 32 if len(note) > 60 else 18

    for col, width in enumerate([7, 30, 14, 14, 14, 12, 40, 16], start=1):
        ws.column_dimensions[chr(64 + col)].width = width
    sheet_print_setup(ws, header_rows=(header_row, header_row))  # one page wide, as the printed bulletin
    return workbook_bytes(wb)
