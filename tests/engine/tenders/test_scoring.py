"""Decree 2604 scoring against examples worked by hand, and properties that hold for any offers."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cityorder.engine.tenders import PRICE, Better, Criterion, Offer, ScoringError, points, score_offers, shown

F = Fraction


def crit(name: str, weight: int, better: Better, limit: float | None = None) -> Criterion:
    return Criterion(name=name, weight=F(weight), better=better, limit=None if limit is None else F(limit))


PRICE_C = crit(PRICE, 60, Better.LESS)
INVEST = crit("Инвестиции", 25, Better.MORE)
MONTHS = crit("Срок", 15, Better.LESS)


def offer(lot: str, bidder: str, **values: float) -> Offer:
    names = {"price": PRICE, "invest": "Инвестиции", "months": "Срок", "local": "Локализация"}
    return Offer(lot=lot, bidder=bidder, values={names[k]: F(v) for k, v in values.items()})


def test_price_points_are_the_lowest_price_over_the_offer():
    # Цmin = 80: 80/100×100 = 80; 80/80×100 = 100; 80/90×100 = 88.888…
    assert points(PRICE_C, [F(100), F(80), F(90)]) == [F(80), F(100), F(800, 9)]


def test_more_is_better_is_linear_between_the_worst_and_the_best():
    # Xmin = 3000, Xmax = 5000: 100×(3000−3000)/2000 = 0; 100×(5000−3000)/2000 = 100; 100×(4000−3000)/2000 = 50
    assert points(INVEST, [F(3000), F(5000), F(4000)]) == [0, 100, 50]


def test_less_is_better_is_linear_between_the_worst_and_the_best():
    # Xmax = 36, Xmin = 12: 100×(36−24)/24 = 50; 100×(36−36)/24 = 0; 100×(36−12)/24 = 100
    assert points(MONTHS, [F(24), F(36), F(12)]) == [50, 0, 100]


def test_a_limit_takes_the_place_of_the_best_value():
    # Less is better with limit 12: 10 counts as 12. Xmax = 36, best = 12:
    # 100×(36−24)/24 = 50; 0; 100×(36−12)/24 = 100
    months = crit("Срок", 15, Better.LESS, limit=12)
    assert points(months, [F(24), F(36), F(10)]) == [50, 0, 100]
    # More is better with limit 80 % localization: 90 counts as 80; Xmin = 40, best = 80:
    # 100×(60−40)/40 = 50; 0; 100; and nobody reached 70 → 100×(70−40)/40 = 75
    local = crit("Локализация", 15, Better.MORE, limit=80)
    assert points(local, [F(60), F(40), F(90), F(70)]) == [50, 0, 100, 75]


def test_with_a_limit_nobody_reaches_the_best_offer_gets_less_than_100():
    # Limit 100, offers 20 and 60: Xmin = 20, 100×(60−20)/(100−20) = 50
    local = crit("Локализация", 15, Better.MORE, limit=100)
    assert points(local, [F(20), F(60)]) == [0, 50]


def test_a_price_limit_caps_the_points_at_100():
    # Limit 90: 80 counts as 90 → 100; 90 → 100; 120 → 90/120×100 = 75
    price = crit(PRICE, 60, Better.LESS, limit=90)
    assert points(price, [F(80), F(90), F(120)]) == [100, 100, 75]


def test_equal_offers_each_get_100():
    assert points(INVEST, [F(7), F(7)]) == [100, 100]
    assert points(MONTHS, [F(3)]) == [100]
    # All beyond the limit count as the limit: equal.
    assert points(crit("Срок", 15, Better.LESS, limit=12), [F(5), F(11)]) == [100, 100]


@pytest.mark.parametrize(
    ("criterion", "offers"),
    [
        # Price, no limit: Цmin = 90, 90/90×100 = 100 each.
        (crit(PRICE, 50, Better.LESS), [90, 90]),
        # Price, limit 80 that nobody reaches: without the rule 80/90×100 = 88.888889 each; equal → 100 each.
        (crit(PRICE, 50, Better.LESS, limit=80), [90, 90]),
        # Price, limit 100: 90 and 95 are beyond it and both count as 100 → equal → 100 each.
        (crit(PRICE, 50, Better.LESS, limit=100), [90, 95]),
        # More is better, no limit: Xmax = Xmin = 50 → 100 each.
        (crit("Инвестиции", 30, Better.MORE), [50, 50]),
        # More is better, limit 4000 that nobody reaches: without the rule 100×(50−50)/(4000−50) = 0; → 100 each.
        (crit("Инвестиции", 30, Better.MORE, limit=4000), [50, 50]),
        # More is better, limit 40: 50 and 60 both count as 40 → equal → 100 each.
        (crit("Инвестиции", 30, Better.MORE, limit=40), [50, 60]),
        # Less is better, no limit: 30 and 30 → 100 each.
        (crit("Срок", 20, Better.LESS), [30, 30]),
        # Less is better, limit 24 that nobody reaches: without the rule 100×(30−30)/(30−24) = 0; → 100 each.
        (crit("Срок", 20, Better.LESS, limit=24), [30, 30]),
        # Less is better, limit 24: 20 and 10 both count as 24 → equal → 100 each.
        (crit("Срок", 20, Better.LESS, limit=24), [20, 10]),
    ],
)
def test_equal_offers_each_get_100_with_or_without_a_limit(criterion, offers):
    assert points(criterion, [F(v) for v in offers]) == [100] * len(offers)


def test_a_lone_offer_gets_100_even_short_of_the_limit():
    # One offer is a lot where every offer is equal.
    assert points(crit(PRICE, 50, Better.LESS, limit=80), [F(90)]) == [100]
    assert points(crit("Инвестиции", 30, Better.MORE, limit=4000), [F(50)]) == [100]
    assert points(crit("Срок", 20, Better.LESS, limit=24), [F(30)]) == [100]


def test_offers_that_differ_are_still_measured_against_the_limit():
    # Price, limit 80: 80/90×100 = 88.888…, 80/100×100 = 80 (the limit, not Цmin = 90, is the best value).
    assert points(crit(PRICE, 50, Better.LESS, limit=80), [F(90), F(100)]) == [F(800, 9), 80]
    # More, limit 4050: Xmin = 50; 0 and 100×(2050−50)/(4050−50) = 50.
    assert points(crit("Инвестиции", 30, Better.MORE, limit=4050), [F(50), F(2050)]) == [0, 50]
    # Less, limit 24: Xmax = 30; 0 and 100×(30−27)/(30−24) = 50.
    assert points(crit("Срок", 20, Better.LESS, limit=24), [F(30), F(27)]) == [0, 50]


def test_the_reviewed_lot_of_two_identical_bids_scores_100_each():
    # Lot 2 of the review: price 90 (limit 80), investment 50 (limit 4000), months 30 (limit 24), twice.
    # Every criterion: equal → 100; total 100×0.5 + 100×0.3 + 100×0.2 = 100; the earlier bid ranks first.
    criteria = [crit(PRICE, 50, Better.LESS, limit=80), crit("Инвестиции", 30, Better.MORE, limit=4000),
                crit("Срок", 20, Better.LESS, limit=24)]
    scores = score_offers(criteria, [offer("2", "A", price=90, invest=50, months=30),
                                     offer("2", "B", price=90, invest=50, months=30)])
    assert [(s.bidder, s.points, s.total, s.rank) for s in scores] == [
        ("A", {PRICE: 100, "Инвестиции": 100, "Срок": 100}, 100, 1),
        ("B", {PRICE: 100, "Инвестиции": 100, "Срок": 100}, 100, 2),
    ]


def test_worked_example_of_one_lot():
    # Weights 60 / 25 / 15.
    # А: price 100 → 80, invest 3000 → 0,   months 24 → 50:  80×0.6 + 0×0.25 + 50×0.15 = 48 + 0 + 7.5 = 55.5
    # Б: price 80 → 100, invest 5000 → 100, months 36 → 0:   60 + 25 + 0 = 85
    # В: price 90 → 88.89, invest 4000 → 50, months 12 → 100: 53.333… + 12.5 + 15 = 80.833…
    scores = score_offers([PRICE_C, INVEST, MONTHS], [
        offer("1", "А", price=100, invest=3000, months=24),
        offer("1", "Б", price=80, invest=5000, months=36),
        offer("1", "В", price=90, invest=4000, months=12),
    ])
    assert [(s.bidder, s.total, s.rank) for s in scores] == [
        ("Б", 85, 1), ("В", F(485, 6), 2), ("А", F(111, 2), 3),
    ]
    assert scores[1].points == {PRICE: F(800, 9), "Инвестиции": 50, "Срок": 100}
    assert shown(scores[1].total) == "80.833333"


def test_lots_are_scored_apart():
    # In lot 2 А is alone: 100 on everything, total 100, whatever lot 1 holds.
    scores = score_offers([PRICE_C, INVEST, MONTHS], [
        offer("1", "А", price=100, invest=3000, months=24),
        offer("2", "А", price=100, invest=3000, months=24),
        offer("1", "Б", price=50, invest=9000, months=6),
    ])
    lot2 = [s for s in scores if s.lot == "2"]
    assert [(s.bidder, s.total, s.rank) for s in lot2] == [("А", 100, 1)]


def test_equal_totals_rank_the_earlier_offer_first():
    scores = score_offers([crit(PRICE, 100, Better.LESS)], [
        offer("1", "Поздний", price=100),  # submitted first
        offer("1", "Ранний", price=100),
    ])
    assert [(s.bidder, s.rank) for s in scores] == [("Поздний", 1), ("Ранний", 2)]


def test_assessed_points_are_taken_as_given():
    quality = Criterion(name="Квалификация", weight=F(40), better=Better.ASSESSED)
    # А: price 100 → 100, 30 points: 100×0.6 + 30×0.4 = 72; Б: 200 → 50, 90 points: 30 + 36 = 66
    scores = score_offers([PRICE_C, quality], [
        Offer("1", "А", {PRICE: F(100), "Квалификация": F(30)}),
        Offer("1", "Б", {PRICE: F(200), "Квалификация": F(90)}),
    ])
    assert [(s.bidder, s.total) for s in scores] == [("А", 72), ("Б", 66)]


@pytest.mark.parametrize(
    ("criteria", "offers", "says"),
    [
        ([crit(PRICE, 60, Better.LESS), crit("Срок", 30, Better.LESS)], [], "sum to 90 %"),
        ([crit(PRICE, 100, Better.MORE)], [], "better when lower"),
        ([crit(PRICE, 50, Better.LESS), crit(PRICE, 50, Better.LESS)], [], "given twice"),
        ([crit(PRICE, 100, Better.LESS), crit("Срок", 0, Better.LESS)], [], "must be above 0"),
        ([crit(PRICE, 100, Better.LESS)], [Offer("1", "А", {PRICE: F(0)})], "must be above 0"),
        ([crit(PRICE, 100, Better.LESS)], [Offer("1", "А", {})], "no value for criterion «Цена»"),
        ([crit(PRICE, 100, Better.LESS)], [Offer("1", "А", {PRICE: F(1)}), Offer("1", "А", {PRICE: F(2)})],
         "two offers for lot 1"),
        ([crit(PRICE, 50, Better.LESS), Criterion("Опыт", F(50), Better.ASSESSED)],
         [Offer("1", "А", {PRICE: F(1), "Опыт": F(101)})], "from 0 to 100"),
    ],
)
def test_it_refuses_what_cannot_be_scored(criteria, offers, says):
    with pytest.raises(ScoringError, match=says):
        score_offers(criteria, offers)


def test_the_platform_can_require_the_price():
    with pytest.raises(ScoringError, match="no price «Цена»"):
        score_offers([crit("Срок", 100, Better.LESS)], [], require_price=True)


# Properties ---------------------------------------------------------------------------------------------------

values = st.lists(st.fractions(min_value=F(1, 100), max_value=F(10**9), max_denominator=1000), min_size=1, max_size=8)
betters = st.sampled_from([Better.LESS, Better.MORE])


@settings(deadline=None)  # exact fractions; a loaded machine must not fail them on time
@given(values=values, better=betters, price=st.booleans())
def test_points_lie_between_0_and_100_and_the_best_offer_gets_100(values, better, price):
    criterion = crit(PRICE, 100, Better.LESS) if price else crit("X", 100, better)
    got = points(criterion, values)
    assert all(0 <= p <= 100 for p in got)
    best = min(values) if criterion.better == Better.LESS else max(values)
    assert got[values.index(best)] == 100


@settings(deadline=None)  # exact fractions; a loaded machine must not fail them on time
@given(values=values, better=betters, limit=st.fractions(min_value=F(1, 100), max_value=F(10**9)))
def test_with_a_limit_points_stay_in_range_and_reaching_it_gets_100(values, better, limit):
    criterion = crit("X", 100, better, limit=float(limit))
    got = points(criterion, values)
    assert all(0 <= p <= 100 for p in got)
    for value, p in zip(values, got, strict=True):
        if (better == Better.MORE and value >= criterion.limit) or (better == Better.LESS and value <= criterion.limit):
            assert p == 100


@settings(deadline=None)  # exact fractions; a loaded machine must not fail them on time
@given(value=st.fractions(min_value=F(1, 100), max_value=F(10**9), max_denominator=1000), count=st.integers(1, 6),
       better=betters, price=st.booleans(), limit=st.none() | st.fractions(min_value=F(1, 100), max_value=F(10**9)))
def test_equal_offers_get_100_whatever_the_limit(value, count, better, price, limit):
    criterion = crit(PRICE, 100, Better.LESS, limit=limit) if price else crit("X", 100, better, limit=limit)
    assert points(criterion, [value] * count) == [100] * count


@settings(deadline=None)  # exact fractions; a loaded machine must not fail them on time
@given(values=values, better=betters, price=st.booleans(), data=st.data())
def test_a_better_value_never_gets_fewer_points(values, better, price, data):
    criterion = crit(PRICE, 100, Better.LESS) if price else crit("X", 100, better)
    got = points(criterion, values)
    i, j = data.draw(st.integers(0, len(values) - 1)), data.draw(st.integers(0, len(values) - 1))
    assume(values[i] != values[j])
    i_better = values[i] < values[j] if criterion.better == Better.LESS else values[i] > values[j]
    if i_better:
        assert got[i] >= got[j]


@settings(deadline=None)  # exact fractions; a loaded machine must not fail them on time
@given(prices=values)
def test_ranks_are_1_to_n_by_total_within_every_lot(prices):
    scores = score_offers([crit(PRICE, 100, Better.LESS)],
                          [Offer("1", f"b{i}", {PRICE: p}) for i, p in enumerate(prices)])
    assert [s.rank for s in scores] == list(range(1, len(prices) + 1))
    assert all(a.total >= b.total for a, b in zip(scores, scores[1:], strict=False))


@pytest.mark.parametrize(("value", "text"), [(F(800, 9), "88.888889"), (F(100), "100"), (F(25, 2), "12.5"),
                                             (F(0), "0"), (F(-1, 3), "-0.333333")])
def test_numbers_are_shown_as_people_write_them(value, text):
    assert shown(value) == text
