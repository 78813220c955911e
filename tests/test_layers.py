"""accounts is the ground floor: roles and organization scope, importing no app above it (DESIGN.md). Every
import statement of the package counts, those under TYPE_CHECKING and inside functions too."""

from __future__ import annotations

import ast
from pathlib import Path

import cityorder

PACKAGE = Path(cityorder.__file__).parent
APPS = sorted(p.name for p in PACKAGE.iterdir() if (p / "apps.py").is_file())


def imported_modules(source: str, module: str) -> list[tuple[int, str]]:
    """(line, module) of every import in ``source``, the source of ``module`` (relative imports resolved)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(module.split(".")[:-node.level]) if node.level else ""
            name = ".".join(part for part in (base, node.module or "") if part)
            found.append((node.lineno, name))
    return found


def app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "cityorder" and parts[1] in APPS else None


def test_the_apps_are_found():
    assert {"accounts", "registry", "demand", "order", "substitution", "jobs"} <= set(APPS)


def test_every_import_is_seen():
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from cityorder.registry.models import Organization\n"
        "from ..demand import models\n"
        "from . import roles\n"
        "def f():\n    import cityorder.jobs.models\n"
    )
    modules = [m for _line, m in imported_modules(source, "cityorder.accounts.probe")]
    assert sorted(str(app_of(m)) for m in modules) == ["None", "accounts", "demand", "jobs", "registry"]


def test_accounts_imports_no_other_app():
    offending = []
    for path in sorted((PACKAGE / "accounts").rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        offending += [f"{path.relative_to(PACKAGE.parent)}:{line}: imports {name}"
                      for line, name in imported_modules(path.read_text(encoding="utf-8"), module)
                      if app_of(name) not in (None, "accounts")]
    assert not offending, "accounts must import no other app of cityorder:\n" + "\n".join(offending)
