"""The installed package is complete: a non-editable wheel carries the bank and the cards."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_the_bank_and_the_cards(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(tmp_path)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("dlquiz-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    bundled = {p.name for p in (ROOT / "dlquiz" / "questions").glob("*.yaml")}
    cards = {p.name for p in (ROOT / "dlquiz" / "cards").glob("*.yaml")}
    assert {Path(n).name for n in names if n.startswith("dlquiz/questions/")} == bundled
    assert {Path(n).name for n in names if n.startswith("dlquiz/cards/")} == cards
    assert "dlquiz/py.typed" in names
    assert not any(n.startswith(("tests/", "tools/")) for n in names)

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        f"import sys; sys.path.insert(0, {str(site)!r})\n"
        "import dlquiz\n"
        f"assert dlquiz.__file__.startswith({str(site)!r}), dlquiz.__file__\n"
        "from dlquiz.bank.load import load_bank\n"
        "from dlquiz.bank.cards import load_cards\n"
        "print(len(load_bank()), len(load_cards()))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={"DLQUIZ_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    questions, n_cards = map(int, out.stdout.split())
    assert questions >= 50 and n_cards == len(cards)
