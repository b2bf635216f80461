"""The bulletin as a Word document: it opens, and its summary sentence says what the progress API says."""

import io
import re
from decimal import Decimal

from django.urls import reverse
from docx import Document

from bulletins.writing import figure, points


def _paragraphs(content: bytes) -> list[str]:
    document = Document(io.BytesIO(content))
    return [p.text for p in document.paragraphs]


def _numbers(text: str) -> list[Decimal]:
    return [Decimal(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)]


def test_the_docx_opens_and_its_summary_sentence_carries_the_api_numbers(client, coordinator, half_year):
    client.force_login(coordinator)
    api = client.get(reverse("dashboards:api-progress"), {"year": 2023, "month": 6}).json()
    village = next(i for i in api["indicators"] if i["code"] == "I1.2.2")
    assert village["value"] == 8070  # (1,000 + 345) × 6, from the approved returns

    response = client.get(reverse("bulletins:draft-docx"), {"year": 2023, "month": 6})
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    paragraphs = _paragraphs(response.content)

    (sentence,) = [p for p in paragraphs if p.startswith(village["name"]) and "%" in p][:1]
    numbers = _numbers(sentence)
    # The year-to-date, the completion and the gap to the schedule, each as the API has it; the month is said once.
    assert sum(p.count("截至6月底") for p in paragraphs) == 1
    assert figure(village["value"]) in sentence  # "8,070", with its separator
    assert Decimal(str(village["completion"])) in numbers
    assert Decimal(str(abs(village["gap"]))) in numbers
    assert points(village["completion"]) in sentence


def test_the_summary_sentence_reads_as_the_bureau_writes_it(client, coordinator, half_year):
    client.force_login(coordinator)
    api = client.get(reverse("dashboards:api-progress"), {"year": 2023, "month": 6}).json()
    village = next(i for i in api["indicators"] if i["code"] == "I1.2.2")
    paragraphs = _paragraphs(client.get(reverse("bulletins:draft-docx"), {"year": 2023, "month": 6}).content)
    ahead_or_behind = "超序时进度" if village["gap"] > 0 else "低于序时进度"
    expected = (
        f"新创设乡村公益性岗位{figure(village['value'])}个，完成年度目标的"
        f"{points(village['completion'])}%，{ahead_or_behind}{points(abs(village['gap']))}个百分点"
    )
    assert any(expected in p for p in paragraphs), expected


def test_the_docx_is_laid_out_after_gb_t_9704(client, coordinator, half_year):
    client.force_login(coordinator)
    document = Document(io.BytesIO(client.get(reverse("bulletins:draft-docx"), {"year": 2023, "month": 6}).content))
    section = document.sections[0]
    # A4, margins 37 / 35 / 28 / 26 mm.
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [
        round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ] == [
        37,
        35,
        28,
        26,
    ]
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "威海市人力资源和社会保障局"  # the issuing organ's mark, in red
    assert document.paragraphs[0].runs[0].font.color.rgb == (0xFF, 0x00, 0x00)
    # The title, broken where the words allow: it reads whole again when its lines are joined.
    first = next(i for i, t in enumerate(texts) if t.startswith("关于2023年1—6月"))
    assert "".join(texts[first : first + 2]) == "关于2023年1—6月新市民乐业行动工作进展情况的通报"
    indicators, ranking = document.tables  # each indicator with its unit of measure, then the ranking
    assert [c.text for c in indicators.rows[0].cells][:2] == ["指标", "计量单位"]
    assert [c.text for c in ranking.rows[1].cells][:2] == ["1", "环翠区"]


def test_district_staff_cannot_download_the_draft(client, staff, half_year):
    client.force_login(staff)
    assert client.get(reverse("bulletins:draft-docx"), {"year": 2023, "month": 6}).status_code == 403
