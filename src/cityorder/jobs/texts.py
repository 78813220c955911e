"""Texts a job stores for people, in English and shown in the reader's language (cityorder.web.stored_text)."""

from __future__ import annotations

from cityorder.engine.messages import template

UNEXPECTED = template("Unexpected error: %(error)s. Retry; if it fails again, tell the administrator.")
GAVE_UP = template("The job stopped its worker %(attempts)s times and is not run again; change the file or the data it "
                   "works on, or tell the administrator.")
