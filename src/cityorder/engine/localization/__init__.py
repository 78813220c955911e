"""Localization: the registry of Russian industrial products (Decree 719) as GISP publishes it in open data."""

from cityorder.engine.localization.gisp import GispEntry, parse_gisp, read_gisp, valid_in

__all__ = ["GispEntry", "parse_gisp", "read_gisp", "valid_in"]
