"""What an official document says, part by part, as GB/T 9704-2012 names the parts; ``gbt9704`` lays it out."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1: 黑体 (一、), 2: 楷体 (（一）)


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] | None = None  # relative; by default each column as wide as its longest cell


@dataclass(frozen=True)
class AttachmentNote:
    names: tuple[str, ...]  # 附件：1.… 2.…


Block = Heading | Paragraph | Table | AttachmentNote


@dataclass(frozen=True)
class Attachment:
    """附件: set on pages of its own after the 落款 and before the 版记; its title as the 附件说明 names it."""

    title: str
    body: tuple[Block, ...]


@dataclass(frozen=True)
class Signature:
    """落款: the issuing organ's name (署名) and the 成文日期."""

    organ: str
    date: datetime.date


@dataclass(frozen=True)
class Imprint:
    """版记: 抄送 (optional), 印发机关 and 印发日期."""

    printed_by: str
    printed_on: datetime.date
    copied_to: str = ""


@dataclass(frozen=True)
class OfficialDocument:
    organ_mark: str  # 发文机关标志
    number: str  # 文号; empty for a draft, which shows ``draft_mark`` instead
    title: str | tuple[str, ...]  # a tuple gives the title's lines as the caller breaks them
    recipients: str  # 主送机关
    body: tuple[Block, ...]
    signature: Signature
    imprint: Imprint
    signer: str = ""  # 签发人, for a 上行文
    draft_mark: str = ""
    attachments: tuple[Attachment, ...] = ()
