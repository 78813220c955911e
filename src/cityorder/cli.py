"""The `cityorder` command: Django's management commands plus the product's own.

    cityorder migrate
    cityorder load_demo
    cityorder consolidate demand.xlsx --out out/
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cityorder.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "cityorder"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
