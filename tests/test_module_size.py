"""The house limit on module size (the house rules: none over ~600 lines), so a module that outgrows it is split when
it does, not found sessions later."""

from __future__ import annotations

from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src/cityorder"
LIMIT = 620  # «about 600»: a few lines of slack, not a second limit


def test_no_module_is_over_the_house_limit():
    over = {str(path.relative_to(SRC)): n for path in SRC.rglob("*.py") if "migrations" not in path.parts
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT}
    assert over == {}
