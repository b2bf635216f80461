"""The progress report as a Word document: a 上行文 on the GB/T 9704 writer (``documents.gbt9704``), with 签发人 in
its 版头, 主送 the provincial department, and the indicator table as its 附件. Always in Chinese."""

import datetime

from django.utils import translation
from django.utils.translation import gettext as _

from documents.gbt9704 import (
    Attachment,
    AttachmentNote,
    Heading,
    Imprint,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    render_docx,
)
from weihai_newcitizen import clock

from .models import ProgressReport
from .writing import ReportText, report_text

DOCUMENT_LANGUAGE = "zh-hans"
# 指标, 计量单位, 累计完成, 目标, 完成率, 与序时进度差, 状态
ATTACHMENT_WIDTHS = (6.0, 1.6, 2.6, 3.6, 2.0, 2.4, 2.6)
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_document(
    *, text: ReportText, number: str, signer: str, recipients: str, issued_on: datetime.date
) -> OfficialDocument:
    organ = _("Weihai Municipal Human Resources and Social Security Bureau")
    body: list = [Paragraph(text.intro)]
    for section in text.sections:
        body.append(Heading(section.heading))
        for heading, paragraphs in section.parts:
            body.append(Heading(heading, level=2))
            body.extend(Paragraph(p) for p in paragraphs)
        body.extend(Paragraph(p) for p in section.paragraphs)
    body.append(Paragraph(text.closing))
    body.append(AttachmentNote((text.attachment_title,)))
    # The bulletin's indicator table without its "units counted" column (the report speaks for the city): seven
    # columns, the indicator's name the widest, so figures and targets keep to their own cells on a portrait page.
    columns = len(ATTACHMENT_WIDTHS)
    table = Table(
        header=tuple(text.indicator_table.headers[:columns]),
        rows=tuple(tuple(r[:columns]) for r in text.indicator_table.rows),
        widths=ATTACHMENT_WIDTHS,
    )
    return OfficialDocument(
        organ_mark=organ,
        number=number,
        signer=signer,
        title=text.title,
        recipients=recipients,
        body=tuple(body),
        signature=Signature(organ=organ, date=issued_on),
        imprint=Imprint(printed_by=_("%(organ)s office") % {"organ": organ}, printed_on=issued_on),
        draft_mark=_("(draft, not issued)"),
        attachments=(Attachment(title=text.attachment_title, body=(table,)),),
    )


def render_report_docx(report: ProgressReport) -> bytes:
    """The report's .docx in Chinese, whatever the language of the person asking; a draft without 文号."""
    with translation.override(DOCUMENT_LANGUAGE):
        text = report_text(snapshot=report.snapshot, content=report.content, title=report.title)
        document = report_document(
            text=text,
            number=report.number or "",
            signer=report.signer_name,
            recipients=report.recipients,
            issued_on=report.issued_on or clock.today(),
        )
        return render_docx(document)


def file_name(report: ProgressReport) -> str:
    return f"progress-report-{report.plan.year}-{report.month_from:02d}{report.month_to:02d}-{report.pk}.docx"
