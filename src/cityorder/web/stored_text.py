"""Stored English texts shown in the reader's language.

The engine, and the background jobs, store what they say in English (cityorder.engine.messages): a text made
from a declared template; the platform's own stored texts are declared the same way, in each app's ``texts``
module. To show one, find the template it was made from, translate the template with the catalog and fill it
with the same values, each value itself translated if it is such a text. A text that no template explains (a
customer's own words, a text stored before its template existed) is shown as it is.

Notes and reasons are often several texts joined with "; ", and some templates hold "; " themselves or have a
value that may; so a text is read as the split into "; "-separated groups that templates explain best: the
reading with the most fixed template text wins (values count with the fixed text of what explains them). A value
may be a list joined with ", " (the fields a line does not state): each item is read alone when templates explain
them all. A value that is a decimal number is written with the reader's decimal separator.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from django.apps import apps
from django.utils import formats, translation
from django.utils.translation import gettext

from cityorder.engine.messages import templates

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%%")
_DECIMAL = re.compile(r"[+\-−]?\d+\.\d+")
_JOIN = "; "
_LIST = ", "
_MAX_GROUPED = 12


@dataclass(frozen=True, slots=True)
class _Template:
    text: str
    pattern: re.Pattern[str]
    prefix: str  # the fixed text before the first value: a cheap test before the pattern
    fixed: int  # how much of the template is fixed text


def shown(text: str) -> str:
    """``text`` in the active language."""
    language = translation.get_language() or ""
    if not text or language.startswith("en"):
        return text
    with translation.override(language):
        return _explained(text, language)[1]


@lru_cache(maxsize=50_000)
def _explained(text: str, language: str) -> tuple[int, str]:
    """(fixed text explained, translation) of the best reading of ``text``; (0, text) when nothing explains it."""
    best = _by_one_template(text, language)
    parts = text.split(_JOIN)
    if len(parts) > _MAX_GROUPED:  # a long list: each part alone, to keep the search small
        readings = [_explained(part, language) for part in parts]
        return max(best, (sum(score for score, _ in readings), _JOIN.join(t for _, t in readings)),
                   key=lambda reading: reading[0])
    if len(parts) > 1:
        best = max(best, _by_groups(parts, language), key=lambda reading: reading[0])
    return best


def _by_one_template(text: str, language: str) -> tuple[int, str]:
    best = (0, text)
    for declared in _templates():
        if not text.startswith(declared.prefix):
            continue
        found = declared.pattern.fullmatch(text)
        if found is None:
            continue
        values = {name: _value(value, language) for name, value in found.groupdict().items()}
        score = declared.fixed + sum(explained for explained, _ in values.values())
        if score > best[0]:
            translated = gettext(declared.text)
            best = (score, translated % {name: _number(shown_value) if not explained else shown_value
                                         for name, (explained, shown_value) in values.items()}
                    if values else translated)
    return best


def _value(value: str, language: str) -> tuple[int, str]:
    """A value read as a text; a list («tolerance, size», the columns a file lacks) whose every item a template
    explains is read item by item."""
    reading = _explained(value, language)
    if reading[0] or _LIST not in value:
        return reading
    items = [_explained(item, language) for item in value.split(_LIST)]
    if not all(score for score, _ in items):
        return reading
    return sum(score for score, _ in items), _LIST.join(text for _, text in items)


def _number(value: str) -> str:
    """A value that is a decimal number (0.125, 12.8) with the language's decimal separator (0,125 in Russian);
    any other value as it is. Whole numbers stay as written: a row number or a year is no amount."""
    if _DECIMAL.fullmatch(value) is None:
        return value
    return value.replace(".", formats.get_format("DECIMAL_SEPARATOR"))


def _by_groups(parts: list[str], language: str) -> tuple[int, str]:
    """The best split of ``parts`` into consecutive groups (fewer than all of them in one), each read alone."""
    # best[i]: the best reading of parts[:i]
    best: list[tuple[int, list[str]]] = [(0, [])]
    for end in range(1, len(parts) + 1):
        candidates = []
        for start in range(end):
            if start == 0 and end == len(parts):
                continue  # the whole text: read by one template already
            score, translated = _explained(_JOIN.join(parts[start:end]), language)
            candidates.append((best[start][0] + score, [*best[start][1], translated]))
        best.append(max(candidates, key=lambda reading: reading[0]))
    score, groups = best[-1]
    return score, _JOIN.join(groups)


def _templates() -> tuple[_Template, ...]:
    _import_app_texts()
    return _compiled(templates())


@cache
def _import_app_texts() -> None:
    for app in apps.get_app_configs():  # the platform's own stored texts live in each app's texts module
        if app.name.startswith("cityorder.") and importlib.util.find_spec(f"{app.name}.texts") is not None:
            importlib.import_module(f"{app.name}.texts")


@cache
def _compiled(declared: tuple[str, ...]) -> tuple[_Template, ...]:
    return tuple(_template(text) for text in declared)


def _template(declared: str) -> _Template:
    if not any(placeholder.group(1) for placeholder in _PLACEHOLDER.finditer(declared)):
        # msg() leaves a template without values as it is, «%%» included
        return _Template(declared, re.compile(re.escape(declared)), declared, len(declared))
    parts: list[str] = []
    seen: set[str] = set()
    prefix: str | None = None
    position = 0
    for placeholder in _PLACEHOLDER.finditer(declared):
        literal = declared[position:placeholder.start()]
        parts.append(re.escape(literal))
        name = placeholder.group(1)
        if name is None:
            parts.append("%")
        elif name in seen:
            parts.append(f"(?P={name})")
        else:
            if prefix is None:
                prefix = declared[:placeholder.start()].replace("%%", "%")
            seen.add(name)
            parts.append(f"(?P<{name}>.+?)")
        position = placeholder.end()
    parts.append(re.escape(declared[position:]))
    fixed = _PLACEHOLDER.sub(lambda m: "" if m.group(1) else "%", declared)
    return _Template(declared, re.compile("".join(parts), re.DOTALL), prefix or "", len(fixed))
