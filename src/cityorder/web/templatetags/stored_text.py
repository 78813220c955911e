"""``{{ value|shown }}``: a stored English text of the engine or of a job, in the reader's language."""

from __future__ import annotations

from django import template

from cityorder.web import stored_text

register = template.Library()


@register.filter
def shown(text: str | None) -> str:
    return stored_text.shown(text or "")
