"""Texts the engine writes for people: English, from declared templates, so the platform can show them translated.

The engine knows no Django: what it says (why a row was skipped, why two lines were merged, why a product is an
analog) is plain English text that travels as it is into CSV files, Arrow tables and the database. Each such
text is made by ``msg()`` from a template declared once with ``template()`` at module level. ``make
makemessages`` collects the templates (keyword ``template``) into the platform's catalog, and the platform,
when it shows a stored text, finds the template it came from and fills the translated template with the same
values (cityorder.web.stored_text).

Templates use named placeholders only (``%(name)s``) and ``%%`` for a percent sign.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

_TEMPLATES: dict[str, None] = {}


def template(text: str) -> str:
    """Declare a message template; returns it unchanged."""
    _TEMPLATES[text] = None
    return text


def msg(declared: str, /, **values: object) -> str:
    """The English text of a declared template filled with ``values``."""
    return declared % values if values else declared


def templates() -> tuple[str, ...]:
    """Every template the engine (and any platform module that declared one) has declared."""
    _import_engine()
    return tuple(_TEMPLATES)


@cache
def _import_engine() -> None:
    import cityorder.engine

    # Importing every engine module runs its module-level declarations.
    for module in pkgutil.walk_packages(cityorder.engine.__path__, "cityorder.engine."):
        importlib.import_module(module.name)
