"""What the order tells the apps above it without importing them: substitution keeps the coverage of the published
version (a receiver connected in its AppConfig)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the publishing transaction with ``order``: the version just published.
version_published = Signal()
