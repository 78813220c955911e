"""The house limit on module size (COMMON rules: none over ~600 lines), so a module that outgrows it is split when
it does, not found sessions later."""

from __future__ import annotations

from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src/cityorder"
LIMIT = 620  # «about 600»: a few lines of slack, not a second limit
# Being split by the engineer who owns it (reviewq); remove once it is.
KNOWN = {"order/queries.py"}


def test_no_module_is_over_the_house_limit():
    over = {str(path.relative_to(SRC)): n for path in SRC.rglob("*.py") if "migrations" not in path.parts
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT}
    assert {name: n for name, n in over.items() if name not in KNOWN} == {}
