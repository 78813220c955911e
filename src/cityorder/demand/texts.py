"""Texts the demand app stores with a line: English from declared templates, shown in the reader's language
(cityorder.web.stored_text), since a line read by the worker is seen later by people of either language."""

from __future__ import annotations

from cityorder.engine.messages import template

YEARS_OUTSIDE = template("quantity for %(years)s is outside the campaign years %(first)s–%(last)s: correct the "
                         "year or remove the line")
FILE_READ = template("%(file)s: %(ok)s lines, %(skipped)s skipped, %(errors)s with errors")

# The upload's background job.
READING = template("Reading %(file)s")
STAGE_READING = template("reading the file")
STAGE_SAVING = template("saving rows")
READ_FAILED = template("%(file)s: the file could not be read (%(error)s); open it in Excel or LibreOffice, save it "
                       "again as .xlsx and upload the new copy.")

# Deleting a big file in the background.
DELETING = template("Deleting %(file)s")
STAGE_DELETING = template("deleting rows")
