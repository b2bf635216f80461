import io

from docx import Document

from bulletins.chain import Stage
from demo.progress_report import NUMBER, demo_progress_report_load
from demo.returns import demo_returns_load
from demo.users import demo_users_load
from progressreports.models import ProgressReport


def test_the_demo_issues_the_half_year_report_through_the_chain_once(plan):
    demo_users_load()
    demo_returns_load()
    assert demo_progress_report_load() is True
    report = ProgressReport.objects.get()
    assert (report.status, report.number, report.month_from, report.month_to) == (Stage.ISSUED, NUMBER, 1, 6)
    assert list(report.steps.values_list("step", flat=True)) == ["draft", "redraft", "check", "sign", "issue"]
    assert report.file.intact
    paragraphs = [p.text for p in Document(io.BytesIO(bytes(report.file.content))).paragraphs]
    assert f"{NUMBER}\t签发人：市人社局分管副局长" in paragraphs
    assert any(p.startswith("环翠区：") for p in paragraphs)  # the districts' approved notes
    assert demo_progress_report_load() is False
