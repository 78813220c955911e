"""Scoring the bids of a tender as Government Decree 2604 (2021) does: points per criterion, weighted total, rank.

For every criterion the offers of one lot are turned into points from 0 to 100:

- price (the criterion named «Цена», lower is better): ``Цmin / Цi × 100``;
- a number where more is better: ``100 × (Xi − Xmin) / (Xmax − Xmin)``;
- a number where less is better: ``100 × (Xmax − Xi) / (Xmax − Xmin)``;
- an assessed criterion (the committee's members give points, e.g. qualification): the points as given.

A limit value (``Предел``) takes the place of the best value, and an offer at or beyond it counts as the limit,
so it gets 100; with a limit, the best offer gets 100 only if it reaches the limit (that is the decree's rule: the
limit says how much is worth full points, not the best rival). Where every offer of a lot is equal (after the limit
is applied) each gets 100, limit or no limit, reached or not: nobody is worse than anyone, and the limit is only
compared with when the offers differ (a lone offer is such a lot too). So two prices of 90 with the limit 80 get
100 each, while 90 and 100 with that limit get 80/90×100 = 88.888889 and 80.

The total is Σ points × weight / 100 (weights in percent, summing to 100). Ranks within a lot: 1 is the highest
total; equal totals are ranked by the order the offers were submitted in, the earlier one first (44-FZ: of equal
bids, the earlier has the better number). Arithmetic is exact (fractions), so equal offers tie exactly and a
tie is never decided by a rounding error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from cityorder.engine.messages import msg, template

PRICE = "Цена"
HUNDRED = Fraction(100)
WEIGHT_TOLERANCE = Fraction(1, 10**9)

WEIGHTS_NOT_100 = template("the weights of the criteria sum to %(total)s %%, not 100 %%; correct them.")
WEIGHT_NOT_POSITIVE = template("criterion «%(criterion)s»: the weight %(weight)s %% must be above 0.")
CRITERION_TWICE = template("criterion «%(criterion)s» is given twice; give every criterion once.")
NO_CRITERIA = template("no criteria are given; add at least the price «%(price)s».")
NO_PRICE = template("the criteria have no price «%(price)s»; the price is always one of them.")
PRICE_NOT_LESS = template("the price «%(price)s» is better when lower; give it «less is better».")
PRICE_NOT_POSITIVE = template("%(bidder)s, lot %(lot)s: the price %(value)s must be above 0.")
ASSESSED_OUT_OF_RANGE = template(
    "%(bidder)s, lot %(lot)s, criterion «%(criterion)s»: %(value)s points; give from 0 to 100."
)
ASSESSED_WITH_LIMIT = template("criterion «%(criterion)s» is assessed in points and takes no limit.")
VALUE_MISSING = template("%(bidder)s, lot %(lot)s: no value for criterion «%(criterion)s»; enter it.")
# The formulas without words are the same in every language, so they are no templates to translate.
FORMULA_PRICE = "Цmin / Цi × 100"
FORMULA_PRICE_LIMIT = template("%(limit)s (limit) / Цi × 100")
FORMULA_MORE = "100 × (Xi − Xmin) / (Xmax − Xmin)"
FORMULA_MORE_LIMIT = template("100 × (Xi − Xmin) / (%(limit)s (limit) − Xmin)")
FORMULA_LESS = "100 × (Xmax − Xi) / (Xmax − Xmin)"
FORMULA_LESS_LIMIT = template("100 × (Xmax − Xi) / (Xmax − %(limit)s (limit))")
FORMULA_ASSESSED = template("Σ members' points / members")
OFFER_TWICE = template("%(bidder)s has two offers for lot %(lot)s; keep one.")


class ScoringError(ValueError):
    """The criteria or the offers cannot be scored; the message says which and what to do."""


class Better(StrEnum):
    LESS = "less"  # price, months to start of production
    MORE = "more"  # investment, localization, capacity
    ASSESSED = "assessed"  # points given by the committee's members, 0–100


@dataclass(frozen=True, slots=True)
class Criterion:
    name: str
    weight: Fraction  # percent
    better: Better
    limit: Fraction | None = None

    @property
    def is_price(self) -> bool:
        return self.name == PRICE


@dataclass(frozen=True, slots=True)
class Offer:
    """One bidder's offer for one lot: a value per criterion name."""

    lot: str
    bidder: str
    values: Mapping[str, Fraction]


@dataclass(frozen=True, slots=True)
class Score:
    lot: str
    bidder: str
    points: dict[str, Fraction] = field(default_factory=dict)  # per criterion, 0–100, before weighting
    total: Fraction = Fraction(0)
    rank: int = 0


def exact(value: float | int | str | Fraction) -> Fraction:
    """A number as an exact fraction; a float is taken at its shortest decimal form (0.1 is 1/10)."""
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


def check_criteria(criteria: Sequence[Criterion], *, require_price: bool = False) -> None:
    """Weights above 0 summing to 100, names once, the price lower-is-better; the price present if required."""
    if not criteria:
        raise ScoringError(msg(NO_CRITERIA, price=PRICE))
    seen: set[str] = set()
    for criterion in criteria:
        if criterion.name in seen:
            raise ScoringError(msg(CRITERION_TWICE, criterion=criterion.name))
        seen.add(criterion.name)
        if criterion.weight <= 0:
            raise ScoringError(msg(WEIGHT_NOT_POSITIVE, criterion=criterion.name, weight=shown(criterion.weight)))
        if criterion.is_price and criterion.better != Better.LESS:
            raise ScoringError(msg(PRICE_NOT_LESS, price=PRICE))
        if criterion.better == Better.ASSESSED and criterion.limit is not None:
            raise ScoringError(msg(ASSESSED_WITH_LIMIT, criterion=criterion.name))
    total = sum((c.weight for c in criteria), Fraction(0))
    # Floats typed as thirds (33.333333333333336 × 3) are 100 give or take their last digit.
    if abs(total - HUNDRED) > WEIGHT_TOLERANCE:
        raise ScoringError(msg(WEIGHTS_NOT_100, total=shown(total)))
    if require_price and PRICE not in seen:
        raise ScoringError(msg(NO_PRICE, price=PRICE))


def points(criterion: Criterion, values: Sequence[Fraction]) -> list[Fraction]:
    """The points (0–100) of each of the values of one lot's offers for one criterion, in the same order."""
    if criterion.better == Better.ASSESSED:
        return list(values)
    counted = [_at_limit(criterion, v) for v in values]
    # Equal offers are equally good: each gets 100 before any limit is compared with (nobody is worse than anyone).
    if len(set(counted)) <= 1:
        return [HUNDRED for _ in counted]
    if criterion.is_price:
        best = criterion.limit if criterion.limit is not None else min(counted)
        return [best / v * HUNDRED for v in counted]
    low, high = min(counted), max(counted)
    if criterion.limit is not None:
        low, high = (low, criterion.limit) if criterion.better == Better.MORE else (criterion.limit, high)
    if criterion.better == Better.MORE:
        return [HUNDRED * (v - low) / (high - low) for v in counted]
    return [HUNDRED * (high - v) / (high - low) for v in counted]


def _at_limit(criterion: Criterion, value: Fraction) -> Fraction:
    """An offer beyond the limit counts as the limit."""
    if criterion.limit is None:
        return value
    if criterion.better == Better.MORE:
        return min(value, criterion.limit)
    return max(value, criterion.limit)


def score_offers(criteria: Sequence[Criterion], offers: Iterable[Offer], *, require_price: bool = False) -> list[Score]:
    """Points, totals and ranks of every offer, lot by lot; offers in submission order (it breaks ties).

    Lots come in the order of their first offer, and within a lot the scores are listed by rank.
    """
    check_criteria(criteria, require_price=require_price)
    by_lot: dict[str, list[Offer]] = {}
    for offer in offers:
        lot = by_lot.setdefault(offer.lot, [])
        if any(o.bidder == offer.bidder for o in lot):
            raise ScoringError(msg(OFFER_TWICE, bidder=offer.bidder, lot=offer.lot))
        _check_values(criteria, offer)
        lot.append(offer)
    scores: list[Score] = []
    for lot_offers in by_lot.values():
        scores.extend(_score_lot(criteria, lot_offers))
    return scores


def _check_values(criteria: Sequence[Criterion], offer: Offer) -> None:
    for criterion in criteria:
        value = offer.values.get(criterion.name)
        where = {"bidder": offer.bidder, "lot": offer.lot}
        if value is None:
            raise ScoringError(msg(VALUE_MISSING, criterion=criterion.name, **where))
        if criterion.is_price and value <= 0:
            raise ScoringError(msg(PRICE_NOT_POSITIVE, value=shown(value), **where))
        if criterion.better == Better.ASSESSED and not 0 <= value <= HUNDRED:
            raise ScoringError(msg(ASSESSED_OUT_OF_RANGE, criterion=criterion.name, value=shown(value), **where))


def _score_lot(criteria: Sequence[Criterion], offers: list[Offer]) -> list[Score]:
    per_criterion = {c.name: points(c, [o.values[c.name] for o in offers]) for c in criteria}
    unranked = []
    for i, offer in enumerate(offers):
        offer_points = {c.name: per_criterion[c.name][i] for c in criteria}
        total = sum((offer_points[c.name] * c.weight / HUNDRED for c in criteria), Fraction(0))
        unranked.append((i, offer, offer_points, total))
    # Highest total first; of equal totals the earlier offer (Python's sort is stable).
    unranked.sort(key=lambda item: -item[3])
    return [
        Score(lot=offer.lot, bidder=offer.bidder, points=offer_points, total=total, rank=rank)
        for rank, (_, offer, offer_points, total) in enumerate(unranked, start=1)
    ]


def shown(value: Fraction, places: int = 6) -> str:
    """A number as people write it: at most ``places`` decimals, no trailing zeros (88.888889, 100, 12.5)."""
    scaled = round(value * 10**places)  # exact: a Fraction rounds half to even without passing through a float
    sign = "-" if scaled < 0 else ""
    whole, decimals = divmod(abs(scaled), 10**places)
    fraction = f"{decimals:0{places}d}".rstrip("0") if places else ""
    return f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}"


def formula(criterion: Criterion) -> str:
    """How the criterion's points are computed, as the protocol prints it (Decree 2604's notation)."""
    if criterion.better == Better.ASSESSED:
        return msg(FORMULA_ASSESSED)
    limit = shown(criterion.limit) if criterion.limit is not None else None
    if criterion.is_price:
        return msg(FORMULA_PRICE_LIMIT, limit=limit) if limit else msg(FORMULA_PRICE)
    if criterion.better == Better.MORE:
        return msg(FORMULA_MORE_LIMIT, limit=limit) if limit else msg(FORMULA_MORE)
    return msg(FORMULA_LESS_LIMIT, limit=limit) if limit else msg(FORMULA_LESS)
