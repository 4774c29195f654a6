"""Writing the printed exam: the HTML page, or a PDF of it printed by a headless browser.

    write_paper(path, html)  ->  PaperFile(path, size, pages)

Either file is written next to its final name and moved over it in one step, so a failed
export leaves no half-written file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from dlquiz.errors import input_error

SUFFIXES = (".html", ".htm", ".pdf")


@dataclass(frozen=True)
class PaperFile:
    path: Path
    size: int  # bytes
    pages: int | None  # printed pages (a PDF), None for HTML


def check_target(path: Path) -> Path:
    """The file's path, if the exam can be written there; InputError says why not."""
    if path.suffix.lower() not in SUFFIXES:
        raise input_error("export_paper.error.suffix", name=path.name)
    if path.is_dir():
        raise input_error("export_paper.error.folder", path=path)
    if not path.parent.is_dir():
        raise input_error("export_paper.error.no_folder", path=path, folder=path.parent)
    return path


def write_paper(path: Path, html: str) -> PaperFile:
    check_target(path)
    part = path.with_name(f".{path.name}.part")
    pages = None
    try:
        if path.suffix.lower() == ".pdf":
            from dlquiz.export.pdf import print_pdf

            with tempfile.TemporaryDirectory(prefix="dlquiz-paper-") as tmp:
                page = Path(tmp) / "exam.html"
                page.write_text(html, encoding="utf-8")
                pages = print_pdf(page, part)
        else:
            part.write_text(html, encoding="utf-8")
        os.replace(part, path)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise input_error("export_paper.error.write", path=path, reason=reason) from None
    finally:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
    return PaperFile(path, path.stat().st_size, pages)
