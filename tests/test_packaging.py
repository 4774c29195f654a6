"""The content is found in all three installs: a wheel used outside the checkout, an editable
install, and the checkout itself (pytest). `questions/` at the top of the repository is the
only home of the question, card, exam and message YAML."""

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
    content = {str(p.relative_to(ROOT)) for p in (ROOT / "questions").rglob("*") if p.is_file()}
    shipped = {n.removeprefix("dlquiz/") for n in names if n.startswith("dlquiz/questions/")}
    assert shipped == content
    cards = {p.name for p in (ROOT / "questions" / "cards").glob("*.yaml")}
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
        "from dlquiz.content import root\n"
        "from dlquiz.messages import catalog\n"
        f"assert str(root()).startswith({str(site)!r}), root()\n"
        "assert catalog()\n"
        "print(len(load_bank()), len(load_cards()))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={"DLQUIZ_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    questions, n_cards = map(int, out.stdout.split())
    assert questions >= 50 and n_cards == len(cards)


def test_no_content_yaml_inside_the_package_source() -> None:
    """The checkout keeps content in one place only: nothing under dlquiz/ but code."""
    assert not list((ROOT / "dlquiz").rglob("*.yaml"))


def test_the_checkout_reads_the_top_level_folder() -> None:
    """pytest runs from the checkout (and the editable install points here): same folder."""
    from dlquiz.content import root

    assert root().resolve() == (ROOT / "questions").resolve()


def test_an_editable_install_reads_the_checkout(tmp_path: Path) -> None:
    """The project's own environment is an editable install (`pip install -e .`): started
    from another folder, it finds the checkout's questions/."""
    code = "from dlquiz.content import root; print(root().resolve())"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert Path(out.stdout.strip()) == (ROOT / "questions").resolve()
