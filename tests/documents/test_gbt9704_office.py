"""The GB/T 9704 layout as a real office suite lays it out: LibreOffice converts the .docx to PDF, poppler reads back
every line with its position, and the measures are checked in millimetres on the page.

Run with ``pytest -m office`` (``.ci/office`` installs LibreOffice, poppler and a CJK font first). The PDF and a PNG
of each page are kept under ``artifacts/office/``.
"""

import datetime
import shutil
from pathlib import Path

import pytest

from bulletins.docx import bulletin_docx
from bulletins.writing import BulletinText, IndicatorLine, Table
from documents import gbt9704
from documents.gbt9704 import AttachmentNote, Imprint, OfficialDocument, Paragraph, Signature

from .pdflayout import (
    convert_to_pdf,
    office_available,
    page_count,
    page_images,
    red_rows,
    same_row,
    text_lines,
)

pytestmark = [
    pytest.mark.office,
    pytest.mark.skipif(not office_available(), reason="needs soffice, pdftotext and pdftoppm (.ci/office)"),
]

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "office"
TOP, LEFT, WIDTH, HEIGHT = 37.0, 28.0, 156.0, 225.0  # the 版心, mm
BOTTOM, RIGHT = TOP + HEIGHT, LEFT + WIDTH
UNITS = ["环翠区", "文登区", "荣成市", "乳山市", "高区", "经济技术开发区", "临港区", "南海新区"]
SENTENCE = (
    "全市各区市坚持把新市民乐业行动作为稳就业保民生的重要抓手，统筹推进岗位开发、技能培训和服务保障，"
    "各项工作有序开展，总体进展符合预期，部分指标完成情况好于序时进度。"
)


def _bulletin_text() -> BulletinText:
    """A bulletin long enough for several pages: plain paragraphs first, so page 2 is a full page of text."""
    lines = [
        IndicatorLine(
            code=f"I1.{i}",
            name=f"指标{i}",
            sentence=f"截至6月底，全市新创设乡村公益性岗位{8000 + i:,}个，完成年度目标的58.{i}%，超序时进度8.{i}个百分点",
            value="8,070",
            target="10,000",
            completion="58.3",
            gap="8.3",
            status="on_schedule",
        )
        for i in range(1, 8)
    ]
    ranking = [
        {
            "rank": rank,
            "name": name,
            "completion_text": "95.0",
            "on_time_text": "100.0",
            "composite_text": "96.5",
            "change_text": "↑1",
        }
        for rank, name in enumerate(UNITS, start=1)
    ]
    # The tables as bulletins.writing prints them: headers with their units, the units by short name.
    ranking_table = Table(
        ["排名", "填报单位", "任务完成得分（分）", "按时报送率（%）", "综合得分（分）", "名次变化"],
        [[str(u["rank"]), u["name"], "95.0", "100.0", "96.5", "↑1"] for u in ranking],
    )
    indicator_table = Table(
        ["指标", "计量单位", "累计完成", "目标", "完成率（%）", "与序时进度差（百分点）", "状态"],
        [[x.name, "个", x.value, x.target, x.completion, "+8.3", "符合序时进度"] for x in lines],
    )
    return BulletinText(
        indicator_table=indicator_table,
        ranking_table=ranking_table,
        title="关于2023年1—6月新市民乐业行动工作进展情况的通报",
        overall=[SENTENCE * 3 for _ in range(6)],
        lines=lines,
        ranking=ranking,
        named=["排名靠前的单位：环翠区、文登区、荣成市。", "排名靠后的单位：临港区、南海新区、经济技术开发区。"],
        method=[SENTENCE, SENTENCE],
    )


def _convert(name: str, content: bytes, tmp: Path) -> tuple[Path, list]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in [*ARTIFACTS.glob(f"{name}.*"), *ARTIFACTS.glob(f"{name}-*.png")]:
        old.unlink()
    docx = ARTIFACTS / f"{name}.docx"
    docx.write_bytes(content)
    pdf = convert_to_pdf(docx, profile=tmp / "profile")
    page_images(pdf, prefix=ARTIFACTS / name)
    return pdf, text_lines(pdf)


@pytest.fixture(scope="module")
def bulletin(tmp_path_factory):
    content = bulletin_docx(
        text=_bulletin_text(),
        number="威人社字〔2023〕13号",
        recipients="各区市人力资源和社会保障局",
        issued_on=datetime.date(2023, 7, 5),
        organ="威海市人力资源和社会保障局",
    )
    return _convert("bulletin", content, tmp_path_factory.mktemp("office"))


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """A short 上行文: 签发人 beside the 文号, an attachment note, a 抄送 — one page of text."""
    document = OfficialDocument(
        organ_mark="威海市人力资源和社会保障局",
        number="威人社字〔2023〕21号",
        signer="张三",
        title="关于2023年上半年新市民乐业行动进展情况的报告",
        recipients="山东省人力资源和社会保障厅",
        body=(Paragraph(SENTENCE), Paragraph(SENTENCE), AttachmentNote(("2023年1—6月各区市进展情况统计表",))),
        signature=Signature("威海市人力资源和社会保障局", datetime.date(2023, 6, 30)),
        imprint=Imprint(
            "威海市人力资源和社会保障局办公室", datetime.date(2023, 6, 30), copied_to="市委组织部，市财政局"
        ),
    )
    return _convert("report", gbt9704.render_docx(document), tmp_path_factory.mktemp("office"))


def _body(lines, page):
    return [line for line in lines if line.page == page and TOP - 1 < line.y0 and line.y1 < BOTTOM + 1]


def _page_numbers(lines, page):
    return [line for line in lines if line.page == page and line.y0 > BOTTOM]


@pytest.mark.parametrize("which", ["bulletin", "report"])
def test_every_page_has_its_number_right_on_odd_and_left_on_even_pages_7_mm_below_the_type_area(which, request):
    pdf, lines = request.getfixturevalue(which)
    pages = page_count(pdf)
    assert pages >= 2
    for page in range(1, pages + 1):
        (number,) = _page_numbers(lines, page)
        assert number.text == f"—{page}—"  # "— N —": pdftotext drops the spaces between words
        assert abs(number.middle - (BOTTOM + 7)) < 1.0  # the 一字线 7 mm below the 版心
        em = 14 * 25.4 / 72  # 四号: one character in from the edge of the 版心
        if page % 2:
            assert abs(number.x1 - (RIGHT - em)) < 1.0
        else:
            assert abs(number.x0 - (LEFT + em)) < 1.0


def test_a_full_page_has_22_lines_and_a_full_line_28_characters(bulletin):
    _, lines = bulletin
    page_two = _body(lines, 2)
    assert len(page_two) == 22
    # Characters inside the 版心 (a comma may hang past the edge, as Chinese typesetting allows).
    inside = [sum(1 for _, x0, x1 in line.chars if x1 <= RIGHT + 0.3) for line in page_two]
    assert max(inside) == 28
    assert inside.count(28) >= 10, inside
    pitch = (page_two[-1].y0 - page_two[0].y0) / 21
    assert abs(pitch - HEIGHT / 22) < 0.1


def test_the_head_sits_where_the_standard_puts_it(bulletin):
    pdf, lines = bulletin
    first = [line for line in lines if line.page == 1]
    organ = next(line for line in first if line.text == "威海市人力资源和社会保障局")
    assert abs(organ.y0 - (TOP + 35)) < 1.5  # 发文机关标志 35 mm below the top of the 版心
    number = next(line for line in first if line.text == "威人社字〔2023〕13号")
    assert abs((number.x0 + number.x1) / 2 - (LEFT + WIDTH / 2)) < 1.0  # centred
    blank_lines = (number.y0 - organ.y1) / (HEIGHT / 22)
    assert 1.5 < blank_lines < 3.0  # two blank lines between them
    rule = [y for y in red_rows(pdf, page=1) if y > number.y1]
    assert rule and abs(rule[0] - number.y1 - 4) < 1.0  # the red rule 4 mm below the 文号
    title = [line for line in first if line.y0 > rule[0]][:2]
    assert "".join(t.text for t in title) == "关于2023年1—6月新市民乐业行动工作进展情况的通报"
    assert title[0].text.endswith("行动")  # broken between words, not inside one
    assert (title[0].y0 - rule[0]) / (HEIGHT / 22) > 1.8  # two blank lines after the rule


def test_the_imprint_is_at_the_foot_of_the_last_page_which_is_even(bulletin, report):
    for pdf, lines in (bulletin, report):
        pages = page_count(pdf)
        assert pages % 2 == 0
        printed = next(line for line in lines if line.text.endswith("印发"))
        assert printed.page == pages
        assert abs(printed.y1 - BOTTOM) < 2.0
        organ = next(line for line in lines if line.page == pages and line.text.endswith("办公室"))
        assert abs(organ.x0 - (LEFT + 14 * 25.4 / 72)) < 1.0  # 印发机关 左空一字
        assert abs(printed.x1 - (RIGHT - 14 * 25.4 / 72)) < 1.0  # 印发日期 右空一字


@pytest.mark.parametrize("which, date", [("bulletin", "2023年7月5日"), ("report", "2023年6月30日")])
def test_the_signature_stands_two_characters_in_the_date_four_below_it_never_alone_on_a_page(which, date, request):
    _, lines = request.getfixturevalue(which)
    cell = WIDTH / 28
    dated = next(line for line in lines if line.text == date)
    organ = [line for line in lines if line.text == "威海市人力资源和社会保障局" and line.page == dated.page][-1]
    assert 0 < dated.y0 - organ.y0 < 12  # the date on the line below
    assert abs(organ.x1 - (RIGHT - 2 * cell)) < 1.5
    assert abs(dated.x1 - (RIGHT - 4 * cell)) < 1.5
    text_above = [line for line in _body(lines, dated.page) if line.y1 < organ.y0 and line.x0 < organ.x0]
    assert text_above, "the 落款 stands alone on its page"


def test_the_ranking_table_keeps_each_unit_name_on_one_line(bulletin):
    _, lines = bulletin
    texts = [line.text for line in lines]
    for name in UNITS:
        assert any(name in text for text in texts), name


def test_an_upward_report_has_the_number_left_and_the_signer_right_on_one_line(report):
    _, lines = report
    cell = WIDTH / 28
    number = next(line for line in lines if line.text == "威人社字〔2023〕21号")
    row = same_row(lines, number)
    assert [piece.text for piece in row] == ["威人社字〔2023〕21号", "签发人：张三"]
    assert abs(row[0].x0 - (LEFT + cell)) < 1.0  # 文号 左空一字
    assert abs(row[-1].x1 - (RIGHT - cell)) < 1.0  # 签发人 右空一字


def teardown_module():
    shutil.rmtree(ARTIFACTS / "profile", ignore_errors=True)


def _plain(paragraphs: int) -> OfficialDocument:
    return OfficialDocument(
        organ_mark="威海市人力资源和社会保障局",
        number="威人社字〔2023〕13号",
        title="关于2023年1—6月新市民乐业行动工作进展情况的通报",
        recipients="各区市人力资源和社会保障局",
        body=tuple(Paragraph(SENTENCE[:48]) for _ in range(paragraphs)),
        signature=Signature("威海市人力资源和社会保障局", datetime.date(2023, 6, 30)),
        imprint=Imprint("威海市人力资源和社会保障局办公室", datetime.date(2023, 6, 30)),
    )


@pytest.mark.parametrize(
    "paragraphs, pages, blank",
    [
        (1, 2, None),  # the text ends on page 1: the 版记 on its back
        (9, 2, None),  # the text ends on page 2 with room under it
        (12, 4, 3),  # text and 落款 leave a line on page 2: page 3 blank, the 版记 on page 4
        (14, 4, None),  # the last paragraph goes over to page 3 with the 落款, the 版记 on page 4
    ],
)
def test_the_imprint_goes_to_the_foot_of_an_even_page(paragraphs, pages, blank, tmp_path):
    pdf, lines = _convert(f"plain-{paragraphs}", gbt9704.render_docx(_plain(paragraphs)), tmp_path)
    assert page_count(pdf) == pages
    printed = next(line for line in lines if line.text.endswith("印发"))
    assert printed.page == pages and abs(printed.y1 - BOTTOM) < 2.0
    if blank:
        assert _body(lines, blank) == []
    for page in range(1, pages + 1):
        assert [n.text for n in _page_numbers(lines, page)] == [f"—{page}—"]
