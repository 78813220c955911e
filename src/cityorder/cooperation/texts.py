"""Texts the cooperation jobs and services store for people, in English, shown in the reader's language."""

from __future__ import annotations

from cityorder.engine.messages import template

EXPLODING = template("Exploding the BOM of «%(project)s» into «%(campaign)s»")
STAGE_READING = template("reading BOM version %(version)s")
STAGE_EXPLODING = template("exploding %(count)s lines over %(years)s years")
STAGE_STORING = template("storing %(count)s derived lines")
NO_BOM = template("The project «%(project)s» has no BOM yet: import one first.")
NO_PLAN = template("The project «%(project)s» has no production plan: give the units to build by year.")
PLAN_OUTSIDE_CAMPAIGN = template(
    "The plan of «%(project)s» has no year within the campaign's %(first)s–%(last)s: nothing would be sent."
)
NO_CUSTOMER = template(
    "The project «%(project)s» has no integrator and its cluster no coordinating organization: add an integrator, "
    "whose name the derived demand is sent under."
)
EXPLODED = template("derived from the BOM of «%(project)s» v%(version)s: %(count)s lines, replacing earlier ones")
IMPORTING = template("Importing «%(file)s» into «%(project)s»")
STAGE_READING_FILE = template("reading %(file)s")
STAGE_STORING_LINES = template("storing %(count)s BOM lines")
FILE_GONE = template("The kept copy of «%(file)s» is no longer there: choose the file again.")
