"""Texts of the matching job, stored in English and shown in the reader's language (cityorder.web.stored_text):
the job runs in a worker and is watched by people of either language."""

from __future__ import annotations

from cityorder.engine.messages import template

MATCHING = template("Matching domestic analogs for %(order)s")
ORDER_GONE = template("The order version no longer exists.")
STAGE_LOADING = template("loading the catalog")
STAGE_MATCHING = template("matching %(count)s positions")
STAGE_SAVING = template("saving analogs")
