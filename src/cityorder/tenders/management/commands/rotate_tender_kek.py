"""cityorder rotate_tender_kek: re-wrap every tender's key under the current key-encryption key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityorder.tenders import sealing, services


class Command(BaseCommand):
    help = (
        "Re-wrap every tender's data key under the key-encryption key configured now (CITYORDER_TENDER_KEK or "
        "CITYORDER_TENDER_KEK_FILE), reading the keys wrapped by a retiring KEK named in "
        "CITYORDER_TENDER_KEK_PREVIOUS or given with --previous-key-file. Sealed bids are not decrypted or "
        "rewritten, so their receipts' hashes stay valid. All or nothing; safe to run again. With --check, only "
        "reports how many tender keys each KEK wraps, and fails while any is wrapped by another than the current "
        "one. Example: cityorder rotate_tender_kek --previous-key-file var/tender-kek.old"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--previous-key-file", action="append", default=[], metavar="FILE",
                            help="a file holding a retiring key-encryption key (repeatable)")
        parser.add_argument("--check", action="store_true",
                            help="change nothing: report which KEK wraps how many tender keys")

    def handle(self, *args: Any, **options: Any) -> None:
        previous = []
        for name in options["previous_key_file"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            previous.append(path.read_bytes().strip())
        current = sealing.current_kek_id()
        if not options["check"]:
            try:
                rewrapped = services.kek_rotate(previous=previous)
            except sealing.SealBroken as exc:
                raise CommandError(f"{exc}; nothing was changed") from exc
            for was, count in sorted(rewrapped.items()):
                self.stdout.write(f"re-wrapped {count} tender key(s) from KEK {was} to {current}")
        usage = services.kek_usage()
        for kek_id, count in sorted(usage.items()):
            self.stdout.write(f"KEK {kek_id}{' (current)' if kek_id == current else ''}: {count} tender key(s)")
        stale = sum(count for kek_id, count in usage.items() if kek_id != current)
        if stale:
            raise CommandError(f"{stale} tender key(s) are not wrapped by the current KEK {current}")
        self.stdout.write(f"every tender key is wrapped by the current KEK {current}; retired KEKs may be destroyed")
