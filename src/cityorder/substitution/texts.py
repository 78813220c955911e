"""Texts of the matching and coverage jobs, stored in English and shown in the reader's language
(cityorder.web.stored_text): the jobs run in a worker and are watched by people of either language."""

from __future__ import annotations

from cityorder.engine.messages import template

MATCHING = template("Matching domestic analogs for %(order)s")
ORDER_GONE = template("The order version no longer exists.")
STAGE_LOADING = template("loading the catalog")
STAGE_MATCHING = template("matching %(count)s positions")
STAGE_SAVING = template("saving analogs")

COVERAGE = template("Computing the coverage of %(order)s")
STAGE_COVERAGE_LOADING = template("loading positions and analogs")
STAGE_COVERAGE_SAVING = template("saving the coverage of %(count)s positions")
STAGE_COVERAGE_SUPERSEDED = template("the inputs changed meanwhile: computed again")
