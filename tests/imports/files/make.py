"""How the workbooks beside this script were made: openpyxl writes each table as .xlsx, LibreOffice Calc saves it as
.xls (Excel 97–2003) and .ods. Run it from the repository root when a table changes:

    .venv/bin/python tests/imports/files/make.py

It needs LibreOffice Calc (``soffice``); the tests themselves do not.
"""

import pathlib
import subprocess
import tempfile

from openpyxl import Workbook

HERE = pathlib.Path(__file__).parent
HEADER = ["区市代码", "月份", "指标代码", "本月数值", "分子", "分母"]
TABLES = {
    # Two units' June figures, a ratio among them.
    "long-table": [
        HEADER,
        ["HC", "2023-06", "I1.2.1", 1200, None, None],
        ["HC", "2023-06", "I5.0.1", None, 95, 100],
        ["WD", "2023-06", "I1.2.1", 5, None, None],
    ],
    # The same with one refused row (a negative figure): nothing in it is imported.
    "long-table-bad-row": [
        HEADER,
        ["HC", "2023-06", "I1.2.1", 1200, None, None],
        ["WD", "2023-06", "I1.2.1", -5, None, None],
    ],
    # A figure typed as a percentage (D2 formatted 0%, D3 0.00%): it must read as one, as in an .xlsx.
    "percent": [
        HEADER,
        ["HC", "2023-06", "I1.2.1", 0.5, None, None],
        ["HC", "2023-06", "I5.0.1", 0.9512, 9512, 10000],
    ],
    # 区市代码 and 月份 written once beside a block of rows, merged down it, as offices write them.
    "merged": [
        HEADER,
        ["HC", "2023-06", "I1.2.1", 1200, None, None],
        [None, None, "I5.0.1", None, 95, 100],
    ],
}
FORMATS = {"percent": {"D2": "0%", "D3": "0.00%"}}
MERGES = {"merged": ["A2:A3", "B2:B3"]}


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        for name, rows in TABLES.items():
            workbook = Workbook()
            sheet = workbook.active
            sheet.title = "数据"
            for row in rows:
                sheet.append(row)
            for block in MERGES.get(name, []):
                sheet.merge_cells(block)
            for coordinate, number_format in FORMATS.get(name, {}).items():
                sheet[coordinate].number_format = number_format
            source = pathlib.Path(work) / f"{name}.xlsx"
            workbook.save(source)
            for kind in ("xls", "ods"):
                subprocess.run(
                    ["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", kind,
                     "--outdir", str(HERE), str(source)],
                    check=True,
                    capture_output=True,
                )  # fmt: skip


if __name__ == "__main__":
    main()
