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

# Names of the parameters a probable match's reason lists as unsaid by one line («… does not say: tolerance»):
# declared so that the reason is shown with them in the reader's language.
PARAMETER_NAMES = (
    template("tolerance"), template("voltage"), template("power"), template("size"), template("dielectric"),
    template("current"), template("chemistry"), template("capacity_ah"), template("energy_kwh"),
    template("variant"), template("format"), template("array"), template("adjustable"), template("package"),
)
