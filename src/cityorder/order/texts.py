"""Texts of the consolidation job, stored in English and shown in the reader's language
(cityorder.web.stored_text): the job runs in a worker and is watched by people of either language."""

from __future__ import annotations

from cityorder.engine.messages import template

CONSOLIDATING = template("Consolidating «%(campaign)s»")
NO_ACCEPTED_DEMAND = template("No accepted demand in «%(campaign)s»: accept submissions first.")
STAGE_COLLECTING = template("collecting accepted lines")
STAGE_CONSOLIDATING = template("consolidating %(count)s lines")
STAGE_SAVING = template("saving the version")
STAGE_DONE = template("done")
