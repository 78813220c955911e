"""Versions of the city order made the way the platform makes them: a campaign, customers' spreadsheets read by
the real reader, submitted and accepted, then consolidated by order.services."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cityorder.demand import services
from cityorder.demand.models import Campaign, Submission
from cityorder.order import services as order_services
from cityorder.order.models import CityOrder
from tests.demand.workbooks import xlsx

HEADER = ["№", "Наименование", "Обозначение", "Производитель", "Ед. изм.", 2026, 2027, 2028]

# Bob's school and Carol's hospital ask for the same timer; their cables are spelled «черный» / «чорный» (the
# engine only proposes the pair), their power supplies «универсальный» / «универсальнй» (the engine merges them).
BOB_ROWS: list[Sequence[Any]] = [
    [1, "Таймер", "NE555P", "Texas Instruments", "шт", 100, 1000, 50],
    [2, "Кабель питания сетевой черный", "", "", "шт", 10, 10, 10],
    [3, "Блок питания настольный универсальный", "", "", "шт", 5, 5, None],
    [4, "Провод МГТФ 0,5", "", "", "м", 200, 200, 200],
]
CAROL_ROWS: list[Sequence[Any]] = [
    [1, "Таймер", "NE555P", "Texas Instruments", "шт", 20, None, None],
    [2, "Кабель питания сетевой чорный", "", "", "шт", 3, 3, 3],
    [3, "Блок питания настольный универсальнй", "", "", "шт", 1, 1, 1],
    [4, "Аккумулятор LiFePO4 12,8 В 100 А·ч", "", "", "шт", 4, 4, None],
]


def demand_file(rows: Sequence[Sequence[Any]]) -> bytes:
    return xlsx([["Потребность на 2026–2028 гг."], [], HEADER, *rows])


def make_campaign(alice: Any, *customers: Any, code: str = "ekb-2026", **fields: Any) -> Campaign:
    defaults: dict[str, Any] = {"title": "Потребность в ЭКБ на 2026–2028 гг.", "year_from": 2026, "year_to": 2028,
                                "kinds": ["components"]}
    return services.campaign_create(actor=alice, code=code, invited=[c.organization for c in customers],
                                    **{**defaults, **fields})


def send_demand(user: Any, campaign: Campaign, rows: Sequence[Sequence[Any]], capture: Any, *,
                name: str = "demand.xlsx", extra: Sequence[dict[str, Any]] = ()) -> Submission:
    """The customer uploads its file (read at once), adds ``extra`` lines through the form and submits."""
    submission = services.submission_open(actor=user, campaign=campaign)
    with capture(execute=True):
        services.upload_add(actor=user, submission=submission, name=name, data=demand_file(rows))
    for fields in extra:
        services.line_add(actor=user, submission=submission, **fields)
    return services.submission_submit(actor=user, submission=submission)


def accept(alice: Any, submission: Submission) -> Submission:
    return services.submission_accept(actor=alice, submission=submission)


def accepted(alice: Any, user: Any, campaign: Campaign, rows: Sequence[Sequence[Any]], capture: Any,
             **kwargs: Any) -> Submission:
    return accept(alice, send_demand(user, campaign, rows, capture, **kwargs))


def consolidate(campaign: Campaign, alice: Any) -> CityOrder:
    return order_services.consolidate_campaign(campaign, actor=alice).order


# A line typed into the form that a spreadsheet would run if the export let it through.
FORMULA = '=HYPERLINK("http://evil.example","click")'
FORMULA_LINE: dict[str, Any] = {"name": FORMULA, "unit": "шт", "quantities": {"2026": "1"}}

TIMER, WIRE = "Таймер", "Провод МГТФ 0,5"


def position_named(order: CityOrder, start: str, key_end: str = "") -> Any:
    """The version's position whose name starts with ``start`` (and whose key ends with ``key_end``)."""
    return order.positions.get(name__startswith=start, key__endswith=key_end)
