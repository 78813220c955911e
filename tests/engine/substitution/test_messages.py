"""The texts substitution writes for people come from templates the platform can match and translate."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import cityorder.engine.substitution as substitution
from cityorder.engine.messages import templates
from cityorder.engine.substitution import signatures
from cityorder.engine.substitution.xrefs import COMPATIBILITY_WORDS, XREF_COMPATIBILITIES

_SOURCES = sorted(Path(substitution.__file__).parent.glob("*.py"))
_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


def _declared() -> list[tuple[str, object]]:
    found = []
    for source in _SOURCES:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "template":
                found.append((source.name, node.args[0].value if isinstance(node.args[0], ast.Constant) else None))
    return found


@pytest.mark.parametrize(("module", "declared"), _declared())
def test_a_template_is_a_literal_the_platform_can_match(module: str, declared: object) -> None:
    assert isinstance(declared, str), f"{module}: template() needs a plain string literal"
    assert declared in templates()
    rest = _PLACEHOLDER.sub("\0", declared)
    assert rest.strip("\0"), "a template is more than one placeholder"
    assert "\0\0" not in _PLACEHOLDER.sub(lambda m: "\0" if m.group(1) else "%", declared), \
        "two placeholders touch"
    assert "%" not in re.sub(r"%\(\w+\)s|%%", "", declared), "only %(name)s and %% in a template"


def test_the_compatibility_words_are_declared() -> None:
    assert COMPATIBILITY_WORDS == tuple(str(c) for c in XREF_COMPATIBILITIES)


def test_a_parametric_reason_has_a_template_for_every_count_of_equal_and_noted_parameters() -> None:
    most = 1 + max(len(names) for names in signatures._COMPARED.values())
    assert len(signatures.REASONS) == most
    for equal, row in enumerate(signatures.REASONS, start=1):
        assert len(row) == most - equal + 1
        for notes, declared in enumerate(row):
            assert declared.count(", ") == equal - 1 and declared.count("; ") == notes
