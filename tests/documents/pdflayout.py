"""Reading a PDF back as positioned text and pixels: what LibreOffice made of a .docx, in millimetres."""

import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

MM_PER_PT = 25.4 / 72


@dataclass(frozen=True)
class Line:
    page: int
    text: str
    x0: float  # mm from the page's left edge
    y0: float  # mm from the page's top edge
    x1: float
    y1: float
    chars: tuple[tuple[str, float, float], ...]  # each character with its left and right edge, mm

    @property
    def middle(self) -> float:
        return (self.y0 + self.y1) / 2


def office_available() -> bool:
    return all(shutil.which(tool) for tool in ("soffice", "pdftotext", "pdftoppm"))


def convert_to_pdf(docx: Path, *, profile: Path) -> Path:
    """``soffice --headless --convert-to pdf`` with a profile of its own, so parallel runs never share one."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(docx.parent),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return docx.with_suffix(".pdf")


def text_lines(pdf: Path) -> list[Line]:
    """Every line of text with its box, from ``pdftotext -bbox-layout``; characters spread over the word's box."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True).stdout
    root = ET.fromstring(out)
    lines = []
    for number, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), start=1):
        for line in page.iter("{http://www.w3.org/1999/xhtml}line"):
            chars, words = [], list(line.iter("{http://www.w3.org/1999/xhtml}word"))
            for word in words:
                text = word.text or ""
                left, right = float(word.get("xMin")), float(word.get("xMax"))
                step = (right - left) / max(1, len(text))
                for i, ch in enumerate(text):
                    chars.append((ch, (left + i * step) * MM_PER_PT, (left + (i + 1) * step) * MM_PER_PT))
            lines.append(
                Line(
                    page=number,
                    text="".join(w.text or "" for w in words),
                    x0=float(line.get("xMin")) * MM_PER_PT,
                    y0=float(line.get("yMin")) * MM_PER_PT,
                    x1=float(line.get("xMax")) * MM_PER_PT,
                    y1=float(line.get("yMax")) * MM_PER_PT,
                    chars=tuple(chars),
                )
            )
    return lines


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def page_images(pdf: Path, *, prefix: Path, dpi: int = 100) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True, capture_output=True)
    return sorted(prefix.parent.glob(f"{prefix.name}-*.png"))


def red_rows(pdf: Path, *, page: int, dpi: int = 144) -> list[float]:
    """The heights (mm from the top) of pixel rows mostly red across the page: the 版头's red rule."""
    ppm = subprocess.run(
        ["pdftoppm", "-f", str(page), "-l", str(page), "-r", str(dpi), str(pdf)], check=True, capture_output=True
    ).stdout
    header, rest = _ppm_header(ppm)
    width, height = header
    rows = []
    for y in range(height):
        row = rest[y * width * 3 : (y + 1) * width * 3]
        red = sum(1 for x in range(0, width * 3, 3) if row[x] > 180 and row[x + 1] < 90 and row[x + 2] < 90)
        if red > width * 0.5:
            rows.append((y + 0.5) * 25.4 / dpi)
    return rows


def _ppm_header(data: bytes) -> tuple[tuple[int, int], bytes]:
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos : pos + 1].isspace():
            pos += 1
        if data[pos : pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    assert fields[0] == b"P6", fields[0]
    return (int(fields[1]), int(fields[2])), data[pos + 1 :]


def same_row(lines: list[Line], line: Line) -> list[Line]:
    """The pieces of text on the same page and baseline as ``line``, left to right (a tab splits a line in two)."""
    return sorted((o for o in lines if o.page == line.page and abs(o.y1 - line.y1) < 0.5), key=lambda o: o.x0)
