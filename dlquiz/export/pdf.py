"""Printing an HTML page to PDF with a headless Chromium (or Chrome), when one is installed.

    find_browser()               ->  the browser's path, or None
    print_pdf(html, pdf)         ->  pages printed (InputError when it cannot)

The browser runs with a fresh profile in a temporary folder and no network of its own
(background networking, sync and updates off), so printing needs nothing but the file.
`DLQUIZ_BROWSER` names a browser to use instead of looking one up.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from dlquiz.errors import Words, input_error

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
TIMEOUT = 180  # seconds; a cold start on a slow machine takes a few
_PAGE = re.compile(rb"/Type\s*/Page(?![s\w])")


def find_browser() -> str | None:
    chosen = os.environ.get("DLQUIZ_BROWSER")
    if chosen:
        return shutil.which(chosen)
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(html: Path, pdf: Path) -> int:
    """Print `html` to `pdf` (A4, no header or footer); the number of pages printed."""
    browser = find_browser()
    if browser is None:
        raise input_error("export_paper.error.no_browser")
    with tempfile.TemporaryDirectory(prefix="dlquiz-browser-") as profile:
        args = [
            browser, "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-extensions", "--mute-audio", f"--user-data-dir={profile}",
            "--no-pdf-header-footer", "--print-to-pdf-no-header", f"--print-to-pdf={pdf}",
            html.resolve().as_uri(),
        ]  # fmt: skip
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        try:
            done = subprocess.run(args, capture_output=True, timeout=TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise input_error("export_paper.error.print", path=pdf, reason=exc) from None
    if not pdf.is_file() or pdf.stat().st_size == 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        said = Words("command_input.exit_code", {"code": done.returncode})
        raise input_error("export_paper.error.print", path=pdf, reason=lines[-1] if lines else said)
    return len(_PAGE.findall(pdf.read_bytes()))
