"""Texts a job stores for people, in English and shown in the reader's language (cityorder.web.stored_text)."""

from __future__ import annotations

from cityorder.engine.messages import template

UNEXPECTED = template("Unexpected error: %(error)s. Retry; if it fails again, tell the administrator.")
