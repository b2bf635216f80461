"""The issued progress report as LibreOffice lays it out: a 上行文 whose 版头 has the 文号 left and 签发人 right on one
line, 主送 the provincial department flush left under the title, and the indicator table as its 附件 on pages of
its own before the 版记. Run with ``pytest -m office`` (``.ci/office``)."""

from pathlib import Path

import pytest

from tests.documents.pdflayout import convert_to_pdf, office_available, page_count, page_images, same_row, text_lines

pytestmark = [
    pytest.mark.office,
    pytest.mark.skipif(not office_available(), reason="needs soffice, pdftotext and pdftoppm (.ci/office)"),
]

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "office"
TOP, LEFT, WIDTH, HEIGHT = 37.0, 28.0, 156.0, 225.0  # the 版心, mm
BOTTOM, RIGHT = TOP + HEIGHT, LEFT + WIDTH
CELL = WIDTH / 28


@pytest.fixture
def laid_out(plan, issue_report, half_year, tmp_path):
    report = issue_report(plan)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    docx = ARTIFACTS / "progress-report.docx"
    docx.write_bytes(bytes(report.file.content))
    pdf = convert_to_pdf(docx, profile=tmp_path / "profile")
    page_images(pdf, prefix=ARTIFACTS / "progress-report")
    return pdf, text_lines(pdf)


def test_the_upward_report_has_its_signer_its_recipient_and_its_attachment_where_the_standard_puts_them(laid_out):
    pdf, lines = laid_out
    # 版头: 文号 左空一字, 签发人 and the signer's name 右空一字, on one line.
    number = next(line for line in lines if line.text == "威人社字〔2023〕50号")
    row = same_row(lines, number)
    assert [piece.text for piece in row] == ["威人社字〔2023〕50号", "签发人：分管副局长"]
    assert number.page == 1
    assert abs(row[0].x0 - (LEFT + CELL)) < 1.0
    assert abs(row[-1].x1 - (RIGHT - CELL)) < 1.0

    # 主送: flush left, on the first page, under the title.
    recipients = next(line for line in lines if line.text == "省人力资源社会保障厅：")
    title = next(line for line in lines if line.text.startswith("关于2023年上半年"))
    assert recipients.page == 1 and recipients.y0 > title.y1
    assert abs(recipients.x0 - LEFT) < 1.0

    # 附件: after the 落款, on a page of its own, "附件" on the first line flush left, the table under its title.
    dated = next(line for line in lines if line.text == "2023年7月10日" and line.x1 > LEFT + WIDTH / 2)
    label = next(line for line in lines if line.text == "附件")
    assert label.page > dated.page
    assert abs(label.x0 - LEFT) < 1.0 and abs(label.y0 - TOP) < 5
    on_its_page = [line.text for line in lines if line.page == label.page]
    assert "".join(on_its_page[1:3]) == "2023年1—6月新市民乐业行动指标完成情况表"
    assert any("新创设乡村公益性岗位" in text for text in on_its_page)

    # The 版记 at the foot of the last page, an even one.
    pages = page_count(pdf)
    printed = next(line for line in lines if line.text.endswith("印发"))
    assert pages % 2 == 0 and printed.page == pages and abs(printed.y1 - BOTTOM) < 2.0
