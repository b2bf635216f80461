"""The bulletin (通报) as a Word document: its words mapped onto the GB/T 9704 writer in ``documents.gbt9704``.

The layout (版头, grid, page numbers, 落款, 版记) is the writer's; here is only what a bulletin says and in what order:
全市总体情况, the result of each indicator, the ranking of the units, the units named, and how it was computed.
"""

import datetime

from django.utils.translation import gettext as _

from documents.gbt9704 import Heading, Imprint, OfficialDocument, Paragraph, Signature, Table, render_docx

from .writing import BulletinText


def bulletin_document(
    *,
    text: BulletinText,
    number: str,
    recipients: str,
    issued_on: datetime.date,
    organ: str | None = None,
) -> OfficialDocument:
    """The bulletin as an official document (下行文: no 签发人), ready for the writer."""
    organ = organ or _("Weihai Municipal Human Resources and Social Security Bureau")
    # The tables as writing.py prints them on the page: headers with their units, the ranking by short names.
    indicators = Table(
        header=tuple(text.indicator_table.headers), rows=tuple(tuple(r) for r in text.indicator_table.rows)
    )
    ranking = Table(header=tuple(text.ranking_table.headers), rows=tuple(tuple(r) for r in text.ranking_table.rows))
    body = (
        Heading(_("1. Overall progress of the city")),
        *(Paragraph(p) for p in text.overall),
        Heading(_("2. Results by indicator")),
        *(Paragraph(f"{line.sentence}。") for line in text.lines),
        *((indicators,) if indicators.rows else ()),
        Heading(_("3. Ranking of the units")),
        ranking,
        *(Paragraph(p) for p in text.named),
        Heading(_("4. Method")),
        *(Paragraph(p) for p in text.method),
    )
    return OfficialDocument(
        organ_mark=organ,
        number=number,
        title=text.title,
        recipients=recipients,
        body=body,
        signature=Signature(organ=organ, date=issued_on),
        imprint=Imprint(printed_by=_("%(organ)s office") % {"organ": organ}, printed_on=issued_on),
        draft_mark=_("(draft, not issued)"),
    )


def bulletin_docx(
    *,
    text: BulletinText,
    number: str,
    recipients: str,
    issued_on: datetime.date,
    organ: str | None = None,
) -> bytes:
    """The .docx of a bulletin whose words are ``text``; ``number`` is its 文号 (empty for a draft)."""
    return render_docx(
        bulletin_document(text=text, number=number, recipients=recipients, issued_on=issued_on, organ=organ)
    )
