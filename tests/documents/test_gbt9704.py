"""The GB/T 9704 writer's XML, without an office suite: where the page-number field sits, the grid, the margins,
the even/odd footers, the fonts, the title's breaks and where the 版记 goes."""

import datetime
import io
import time
import zipfile

import pytest
from docx import Document
from lxml import etree

from documents import gbt9704
from documents.gbt9704 import (
    Heading,
    Imprint,
    OfficialDocument,
    Paragraph,
    Signature,
    chinese_date,
    render_docx,
    title_lines,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}
TWIPS_PER_MM = 1440 / 25.4
SENTENCE = "全市各区市坚持把新市民乐业行动作为稳就业保民生的重要抓手，统筹推进岗位开发、技能培训和服务保障。"


def _document(*, paragraphs: int = 3, signer: str = "", copied_to: str = "") -> OfficialDocument:
    return OfficialDocument(
        organ_mark="威海市人力资源和社会保障局",
        number="威人社字〔2023〕13号",
        signer=signer,
        title="关于2023年1—6月新市民乐业行动工作进展情况的通报",
        recipients="各区市人力资源和社会保障局",
        body=(Heading("一、全市总体情况"), *(Paragraph(SENTENCE) for _ in range(paragraphs))),
        signature=Signature("威海市人力资源和社会保障局", datetime.date(2023, 6, 30)),
        imprint=Imprint("威海市人力资源和社会保障局办公室", datetime.date(2023, 6, 30), copied_to=copied_to),
    )


def _parts(document: OfficialDocument) -> dict[str, etree._Element]:
    archive = zipfile.ZipFile(io.BytesIO(render_docx(document)))
    return {
        name: etree.fromstring(archive.read(name)) for name in archive.namelist() if name.endswith((".xml", ".rels"))
    }


def _section(parts) -> etree._Element:
    return parts["word/document.xml"].find(".//w:body/w:sectPr", NS)


def test_the_page_number_is_a_page_field_directly_in_the_footer_paragraph():
    parts = _parts(_document())
    for name in ("word/footer1.xml", "word/footer2.xml"):
        footer = parts[name]
        (field,) = footer.iter(f"{W}fldSimple")
        assert field.get(f"{W}instr").strip() == "PAGE"
        # CT_SimpleField is paragraph content; inside a run the schema has no place for it (what LibreOffice
        # showed as "— —").
        assert field.getparent().tag == f"{W}p"
        assert not footer.xpath(".//w:r//w:fldSimple | .//w:r/w:instrText", namespaces=NS)
        texts = ["".join(node.itertext()) for node in field.getparent() if node.tag in (f"{W}r", f"{W}fldSimple")]
        assert texts == ["— ", "1", " —"]
        fonts = footer.find(".//w:rFonts", NS)
        assert fonts.get(f"{W}ascii") == "宋体" and fonts.get(f"{W}eastAsia") == "宋体"
        assert footer.find(".//w:sz", NS).get(f"{W}val") == "28"  # 四号


def test_odd_pages_number_right_and_even_pages_left_one_character_in():
    parts = _parts(_document())
    settings = parts["word/settings.xml"]
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    # CT_Settings is a sequence: defaultTabStop, then evenAndOddHeaders, then characterSpacingControl and compat.
    assert [child.tag.removeprefix(W) for child in settings] == [
        "defaultTabStop",
        "evenAndOddHeaders",
        "characterSpacingControl",
        "compat",
    ]
    rels = parts["word/_rels/document.xml.rels"]
    targets = {r.get("Id"): r.get("Target") for r in rels}
    refs = {
        r.get(f"{W}type"): targets[r.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")]
        for r in _section(parts).findall("w:footerReference", NS)
    }
    assert set(refs) == {"default", "even"}
    odd, even = parts[f"word/{refs['default']}"], parts[f"word/{refs['even']}"]
    assert odd.find(".//w:jc", NS).get(f"{W}val") == "right"
    assert odd.find(".//w:ind", NS).get(f"{W}right") == "280"  # 右空一字 of 四号
    assert even.find(".//w:jc", NS).get(f"{W}val") == "left"
    assert even.find(".//w:ind", NS).get(f"{W}left") == "280"


def test_the_page_is_a4_with_a_156_by_225_mm_type_area_37_mm_from_the_top_and_28_from_the_left():
    section = _section(_parts(_document()))
    size, margins = section.find("w:pgSz", NS), section.find("w:pgMar", NS)
    width, height = int(size.get(f"{W}w")), int(size.get(f"{W}h"))
    top, bottom, left, right = (int(margins.get(f"{W}{k}")) for k in ("top", "bottom", "left", "right"))
    assert (round(width / TWIPS_PER_MM), round(height / TWIPS_PER_MM)) == (210, 297)
    assert (round(top / TWIPS_PER_MM), round(left / TWIPS_PER_MM)) == (37, 28)
    assert abs((width - left - right) / TWIPS_PER_MM - 156) < 0.1
    assert abs((height - top - bottom) / TWIPS_PER_MM - 225) < 0.1
    # The page number's 一字线 7 mm below the 版心: the footer sits under it.
    assert int(margins.get(f"{W}footer")) < bottom - 7 * TWIPS_PER_MM


def test_the_grid_holds_22_lines_of_28_characters_of_the_body_font():
    parts = _parts(_document())
    section = _section(parts)
    grid = section.find("w:docGrid", NS)
    assert grid.get(f"{W}type") == "linesAndChars"
    margins = section.find("w:pgMar", NS)
    text_height = 16838 - int(margins.get(f"{W}top")) - int(margins.get(f"{W}bottom"))
    text_width = 11906 - int(margins.get(f"{W}left")) - int(margins.get(f"{W}right"))
    pitch = int(grid.get(f"{W}linePitch"))
    assert 22 * pitch <= text_height < 23 * pitch
    # The character pitch is the default font size plus charSpace / 4096 points.
    default_size = parts["word/styles.xml"].find(".//w:rPrDefault//w:sz", NS).get(f"{W}val")
    assert default_size == "32"  # 三号
    char = (int(default_size) / 2 + int(grid.get(f"{W}charSpace")) / 4096) * 20
    assert 28 * char <= text_width < 29 * char
    # Every body line is one grid line high, and a 三号 character at GRID_SCALE % fits 28 to the line.
    body = parts["word/document.xml"]
    spacings = {
        p.find(".//w:spacing", NS).get(f"{W}line") for p in body.iter(f"{W}p") if SENTENCE in "".join(p.itertext())
    }
    assert spacings == {str(pitch)}
    assert 28 * 320 * gbt9704.GRID_SCALE / 100 <= text_width < 29 * 320 * gbt9704.GRID_SCALE / 100


def test_the_fonts_are_named_in_the_east_asian_slot():
    body = _parts(_document())["word/document.xml"]

    def font_of(text: str) -> tuple[str, str]:
        paragraph = next(p for p in body.iter(f"{W}p") if "".join(p.itertext()) == text)
        fonts, size = paragraph.find(".//w:rFonts", NS), paragraph.find(".//w:sz", NS)
        return fonts.get(f"{W}eastAsia"), size.get(f"{W}val")

    assert font_of("一、全市总体情况") == ("黑体", "32")
    assert font_of(SENTENCE) == ("仿宋_GB2312", "32")
    assert font_of("关于2023年1—6月新市民乐业行动") == ("方正小标宋简体", "44")  # 二号
    organ = next(p for p in body.iter(f"{W}p") if "".join(p.itertext()) == "威海市人力资源和社会保障局")
    assert organ.find(".//w:color", NS).get(f"{W}val") == "FF0000"


def test_a_heading_of_the_second_level_is_set_in_kai():
    document = _document()
    document = OfficialDocument(**{**document.__dict__, "body": (Heading("（一）岗位开发", level=2),)})
    body = _parts(document)["word/document.xml"]
    paragraph = next(p for p in body.iter(f"{W}p") if "".join(p.itertext()) == "（一）岗位开发")
    assert paragraph.find(".//w:rFonts", NS).get(f"{W}eastAsia") == "楷体_GB2312"


def test_the_title_breaks_between_words_into_even_lines():
    lines = title_lines("关于2023年1—6月新市民乐业行动工作进展情况的通报")
    assert lines == ("关于2023年1—6月新市民乐业行动", "工作进展情况的通报")
    assert title_lines("关于做好就业工作的通知") == ("关于做好就业工作的通知",)  # one line when it fits
    # Never inside a number, never between a number and what it counts.
    for line in title_lines("关于2023年1—12月各区市新市民乐业行动目标任务完成情况和下一步工作安排的通报"):
        assert not line[0].isdigit() and line[0] not in "年月"
        assert gbt9704.cells(line) <= gbt9704.TEXT_WIDTH / 440


def test_a_title_given_as_lines_keeps_the_callers_breaks():
    document = OfficialDocument(**{**_document().__dict__, "title": ("关于新市民", "乐业行动的通报")})
    texts = [p.text for p in Document(io.BytesIO(render_docx(document))).paragraphs]
    assert "关于新市民" in texts and "乐业行动的通报" in texts


def test_an_upward_document_has_the_number_left_and_the_signer_right_on_one_line():
    body = _parts(_document(signer="张三"))["word/document.xml"]
    paragraph = next(p for p in body.iter(f"{W}p") if "签发人" in "".join(p.itertext()))
    assert "".join(paragraph.itertext()) == "威人社字〔2023〕13号签发人：张三"
    assert paragraph.find(".//w:tab", NS) is not None  # 签发人 at a right tab stop
    indent = paragraph.find(".//w:ind", NS)
    assert indent.get(f"{W}leftChars") == "100" and indent.get(f"{W}rightChars") == "100"
    name = paragraph.findall("w:r", NS)[-1]
    assert name.find(".//w:rFonts", NS).get(f"{W}eastAsia") == "楷体_GB2312"
    # The red rule 4 mm under it is the line's bottom border.
    assert paragraph.find(".//w:pBdr/w:bottom", NS).get(f"{W}color") == "FF0000"


def test_a_draft_shows_its_mark_where_the_number_goes():
    document = OfficialDocument(**{**_document().__dict__, "number": "", "draft_mark": "（草稿，未印发）"})
    assert "（草稿，未印发）" in [p.text for p in Document(io.BytesIO(render_docx(document))).paragraphs]


def test_the_signature_and_dates_read_in_arabic_numerals_without_leading_zeros():
    assert chinese_date(datetime.date(2023, 6, 30)) == "2023年6月30日"
    assert chinese_date(datetime.date(2024, 1, 5)) == "2024年1月5日"
    texts = [p.text for p in Document(io.BytesIO(render_docx(_document(copied_to="市财政局")))).paragraphs]
    assert texts[-5:] == [
        "威海市人力资源和社会保障局",
        "2023年6月30日",
        "抄送：市财政局",
        "威海市人力资源和社会保障局办公室\t2023年6月30日印发",
        "",
    ]


def _imprint_frames(body) -> list[etree._Element]:
    return [p.find(".//w:framePr", NS) for p in body.iter(f"{W}p") if p.find(".//w:framePr", NS) is not None]


@pytest.mark.parametrize("copied_to", ["", "市委组织部，市财政局"])
def test_the_imprint_is_framed_at_the_bottom_of_the_type_area(copied_to):
    body = _parts(_document(copied_to=copied_to))["word/document.xml"]
    frames = _imprint_frames(body)
    assert len(frames) == (2 if copied_to else 1)
    for frame in frames:
        assert (frame.get(f"{W}vAnchor"), frame.get(f"{W}hAnchor")) == ("margin", "margin")
        assert int(frame.get(f"{W}w")) == gbt9704.TEXT_WIDTH
    last = frames[-1]
    line_box = gbt9704.LINE + 2 * gbt9704.THICK_RULE * 20 // 8 if not copied_to else gbt9704.LINE + 20
    assert int(last.get(f"{W}y")) + line_box == gbt9704.TEXT_HEIGHT


def _page_breaks(body) -> int:
    """Empty paragraphs starting a page: those that move the 版记 on."""
    return sum(
        1 for p in body.iter(f"{W}p") if p.find(".//w:pageBreakBefore", NS) is not None and not "".join(p.itertext())
    )


def test_a_one_page_text_puts_its_imprint_on_the_back_page():
    # Page 1 holds six lines under the head and the heading: one paragraph of two and the 落款 end on page 1, an
    # odd page, and the 版记 goes over to page 2.
    assert _page_breaks(_parts(_document(paragraphs=1))["word/document.xml"]) == 1


def test_a_text_ending_on_an_even_page_with_room_keeps_its_imprint_under_it():
    # Page 1 holds six lines of text under the head and the heading; eight paragraphs of two lines end on the
    # tenth line of page 2, and the 落款 and the 版记 fit under them.
    body = _parts(_document(paragraphs=8))["word/document.xml"]
    assert _page_breaks(body) == 0


def test_a_text_filling_an_even_page_puts_its_imprint_two_pages_on():
    # Twelve paragraphs and the 落款 leave one line on page 2: the 版记 goes to page 4, page 3 left blank.
    body = _parts(_document(paragraphs=12))["word/document.xml"]
    assert _page_breaks(body) == 2


def test_the_signature_takes_the_last_paragraph_over_rather_than_stand_alone():
    # Fourteen paragraphs fill page 2 to the last line: the fourteenth goes over to page 3 with the 落款.
    body = _parts(_document(paragraphs=14))["word/document.xml"]
    moved = [p for p in body.iter(f"{W}p") if p.find(".//w:pageBreakBefore", NS) is not None and "".join(p.itertext())]
    assert ["".join(p.itertext()) for p in moved] == [SENTENCE]
    assert _page_breaks(body) == 1  # page 3 is odd: the 版记 on page 4


def test_the_same_document_gives_the_same_bytes():
    assert render_docx(_document()) == render_docx(_document())


def test_the_same_document_gives_the_same_bytes_saved_an_hour_later(monkeypatch):
    # python-docx stamps the zip members with the time of saving; an issued bulletin is kept by its checksum.
    first = render_docx(_document())
    later = time.time() + 3600
    monkeypatch.setattr(time, "time", lambda: later)
    assert render_docx(_document()) == first


def test_the_package_carries_the_documents_own_properties_and_no_template_preview():
    archive = zipfile.ZipFile(io.BytesIO(render_docx(_document())))
    assert not [name for name in archive.namelist() if "thumbnail" in name or "stylesWithEffects" in name]
    properties = Document(io.BytesIO(render_docx(_document()))).core_properties
    assert properties.title == "关于2023年1—6月新市民乐业行动工作进展情况的通报"
    assert properties.author == "威海市人力资源和社会保障局"
    assert properties.created.date() == datetime.date(2023, 6, 30)


# CT_PPrBase and CT_RPr are sequences: a child out of their order makes the file invalid, whatever Word forgives.
PPR_ORDER = [
    "keepNext",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "pBdr",
    "tabs",
    "snapToGrid",
    "spacing",
    "ind",
    "jc",
]
RPR_ORDER = ["rFonts", "b", "color", "w", "sz", "szCs", "lang"]


def test_paragraph_and_run_properties_keep_the_schemas_order():
    parts = _parts(_document(signer="张三", copied_to="市财政局"))
    for name in ("word/document.xml", "word/footer1.xml", "word/footer2.xml"):
        for ppr in parts[name].iter(f"{W}pPr"):
            tags = [child.tag.removeprefix(W) for child in ppr]
            assert tags == sorted(tags, key=PPR_ORDER.index), tags
        for rpr in parts[name].iter(f"{W}rPr"):
            tags = [child.tag.removeprefix(W) for child in rpr]
            assert tags == sorted(tags, key=RPR_ORDER.index), tags
    section = [child.tag.removeprefix(W) for child in _section(parts)]
    assert section == ["footerReference", "footerReference", "pgSz", "pgMar", "pgNumType", "docGrid"]
