"""Texts an award stores for people, in English, shown in the reader's language (cityorder.web.stored_text): the
analog a contract's plant becomes for the lot's positions, and the analyst's decision that confirms it."""

from __future__ import annotations

from cityorder.engine.messages import template

CONTRACT_REASON = template("Offset contract %(tender)s, lot %(lot)s.")
CONTRACT_DECISION = template("offset contract %(tender)s, lot %(lot)s")
