"""The stored coverage of order versions: marked stale when an input changes, computed again, read by the pages.

The Coverage, Capacity, Gaps and Roadmap pages and the API read the rows kept here (substitution.queries), never
a computation of their own; this module is the one writer of those rows. Correctness rests on one rule: every
change of an input raises the version's ``inputs_version`` inside the transaction that makes the change
(``coverage_changed``, called by the services that change analogs, the catalog, offers, tender awards and
publication), and a computation stores its result only if the ``inputs_version`` it read *before* reading the
inputs is still the current one when it writes. A computation overtaken by a change drops its result, and the
one the change queued stores its own: stored figures are never those of other inputs than they claim, and while
they are stale the pages say so and show the computation's progress instead.

A version of at most COVERAGE_INLINE_POSITIONS positions is computed by the page that finds it stale (it takes
less than a request's time); a larger one by a background job (jobs app), queued when its inputs change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from cityorder.engine.messages import msg
from cityorder.engine.substitution.coverage import Status, covered_from
from cityorder.jobs.models import Job, JobKind, JobStatus
from cityorder.jobs.services import JobFailed, Progress, job_start
from cityorder.order.models import CityOrder, Position
from cityorder.substitution import queries, texts
from cityorder.substitution.models import Analog, CoverageChange, CoveragePosition, CoverageProduct, StoredCoverage

if TYPE_CHECKING:
    from cityorder.engine.substitution.coverage import Coverage, CoverageCell, Gap

BULK_SIZE = 2000
Report = Callable[[int, int, str], None]


def coverage_changed(orders: QuerySet[CityOrder] | Iterable[int] | None, change: str) -> None:
    """An input of these versions' coverage changed (None: of every version, as a catalog change may touch any):
    their stored coverage is stale from this transaction on, and a large version's computation is queued once the
    transaction commits.

    A version never computed gets its state row here, in the change's transaction, rather than being skipped: a
    first computation that creates the row while this change is uncommitted would otherwise read the old inputs,
    find no change recorded, and store them as current. With the row written here, its insert waits for this
    transaction and then reads the version this change set (or, had it created the row first, is overtaken)."""
    if orders is None:
        pks = set(CityOrder.objects.values_list("pk", flat=True))
    elif isinstance(orders, QuerySet):
        pks = set(orders.values_list("pk", flat=True))
    else:
        pks = set(orders)
    if not pks:
        return
    computed = list(StoredCoverage.objects.filter(order__in=pks).values_list("pk", flat=True))
    # ignore_conflicts: a row another transaction has just created is then bumped by the update below.
    StoredCoverage.objects.bulk_create([StoredCoverage(order_id=pk, change=change) for pk in sorted(pks)],
                                       ignore_conflicts=True)
    StoredCoverage.objects.filter(order__in=pks).update(inputs_version=F("inputs_version") + 1, change=change,
                                                        changed_at=timezone.now())
    # Only versions someone has looked at are computed in the background; the others when a page first asks.
    transaction.on_commit(lambda: _queue_large(computed))


def coverage_publication(order: CityOrder) -> None:
    """The published version is the one producers and the department follow: its coverage is computed now if it
    was never stored, and is marked for a new computation otherwise."""
    state, created = StoredCoverage.objects.get_or_create(order=order, defaults={"change": CoverageChange.PUBLICATION})
    if not created:
        coverage_changed([order.pk], CoverageChange.PUBLICATION)
    else:
        transaction.on_commit(lambda: _queue_large([state.pk]))


def published_receiver(sender: Any, order: CityOrder, **kwargs: Any) -> None:
    coverage_publication(order)


def _queue_large(ids: list[int]) -> None:
    for state in StoredCoverage.objects.filter(pk__in=ids).select_related("order", "job"):
        if not state.fresh and not _small(state.order):
            with transaction.atomic():
                _queue(state)


def _small(order: CityOrder) -> bool:
    return Position.objects.filter(order=order).count() <= settings.COVERAGE_INLINE_POSITIONS


def _queue(state: StoredCoverage) -> Job:
    """The version's computation: the one already waiting for a worker, or a new one. Called in a transaction: the
    state row is locked and read again, so two requests that both found no job waiting queue one, not two (the
    second finds the job the first queued since it looked)."""
    current = StoredCoverage.objects.select_for_update().get(pk=state.pk)  # no join: PostgreSQL locks no outer join
    job = Job.objects.filter(pk=current.job_id).first() if current.job_id else None
    if job is not None and (job.status == JobStatus.QUEUED or job.pk != state.job_id):
        state.job = job
        return job
    job = job_start(kind=JobKind.COVERAGE, title=msg(texts.COVERAGE, order=state.order),
                    params={"order": state.order_id})
    StoredCoverage.objects.filter(pk=state.pk).update(job=job)
    state.job = job
    return job


def coverage_ensure(order: CityOrder) -> StoredCoverage:
    """The version's stored coverage, fresh if it can be had now: computed here when stale and small, else with its
    computation queued (unless one is waiting or running, or failed: a failure waits for the person to retry)."""
    state, _created = StoredCoverage.objects.select_related("job").get_or_create(order=order)
    if state.fresh:
        return state
    if _small(order):
        coverage_refresh(order)
        state = StoredCoverage.objects.select_related("job").get(pk=state.pk)
        if state.fresh:
            return state
    job = state.job
    if job is None or job.status == JobStatus.DONE:
        with transaction.atomic():
            _queue(state)
    return state


def coverage_job(job: Job, progress: Progress) -> None:
    order = CityOrder.objects.filter(pk=job.params["order"]).first()
    if order is None:
        raise JobFailed(texts.ORDER_GONE)
    stored = coverage_refresh(order, report=lambda done, total, stage: progress(done, total, stage, force=True))
    if not stored:
        progress(1, 1, texts.STAGE_COVERAGE_SUPERSEDED, force=True)


def coverage_refresh(order: CityOrder, *, report: Report | None = None) -> bool:
    """Compute the version's coverage from its current inputs and store it, unless an input changed meanwhile
    (then nothing is stored: the computation that change queued stores its own). Returns whether it stored."""
    def say(done: int, total: int, stage: str) -> None:
        if report:
            report(done, total, stage)

    state, _created = StoredCoverage.objects.get_or_create(order=order)
    version = state.inputs_version  # read before the inputs: see the module's rule
    say(0, 1, texts.STAGE_COVERAGE_LOADING)
    computed = queries.coverage_for(order)
    items, categories = queries.capacity_vs_demand(order, computed)
    positions = _position_rows(order, computed)
    products = [CoverageProduct(order=order, item=row.item, rank=rank, category=row.item.category if row.item else "",
                                unit=row.unit, capacity=_yearly(row.capacity), demand=_yearly(row.demand),
                                allotted=_yearly(row.allotted), capacity_total=sum(row.capacity.values()),
                                demand_total=sum(row.demand.values()),
                                balance_total=sum(row.capacity.values()) - sum(row.demand.values()))
                for rank, row in enumerate(items)]
    summary = _summary(order, computed.coverage, categories)
    total = len(positions) + len(products)
    with transaction.atomic():
        current = StoredCoverage.objects.select_for_update().get(pk=state.pk)
        if current.inputs_version != version:
            return False
        CoveragePosition.objects.filter(order=order).delete()
        CoverageProduct.objects.filter(order=order).delete()
        stage = msg(texts.STAGE_COVERAGE_SAVING, count=len(positions))
        for start in range(0, len(positions), BULK_SIZE):
            say(start, total, stage)
            CoveragePosition.objects.bulk_create(positions[start:start + BULK_SIZE])
        for start in range(0, len(products), BULK_SIZE):
            say(len(positions) + start, total, stage)
            CoverageProduct.objects.bulk_create(products[start:start + BULK_SIZE])
        StoredCoverage.objects.filter(pk=state.pk).update(computed_version=version, computed_at=timezone.now(),
                                                          summary=summary)
        say(total, total, stage)
    _analyze()
    return True


def _analyze() -> None:
    """PostgreSQL plans by its statistics, which know nothing of rows just written until autovacuum comes by: a page
    of gaps then sorts every gap of the version instead of reading the index. Refresh them now (a sample: cheap)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {CoveragePosition._meta.db_table}, {CoverageProduct._meta.db_table}")


def _yearly(values: dict[int, float]) -> dict[str, float]:
    return {str(year): quantity for year, quantity in sorted(values.items())}


def _position_rows(order: CityOrder, computed: queries.OrderCoverage) -> list[CoveragePosition]:
    by_position: dict[str, list[CoverageCell]] = defaultdict(list)
    for cell in computed.coverage.cells:
        by_position[cell.position_id].append(cell)
    gaps: dict[str, tuple[int, Gap]] = {gap.position_id: (rank, gap) for rank, gap in enumerate(computed.coverage.gaps)}
    pks = {item_id: row.pk for item_id, row in computed.items.items()}
    rows = []
    for position_id, cells in by_position.items():
        first = cells[0]
        rank, gap = gaps.get(position_id, (None, None))
        rows.append(CoveragePosition(
            order=order, position=computed.positions[position_id], category=first.category,
            need={str(c.year): c.need for c in cells}, supplied={str(c.year): c.supplied for c in cells},
            statuses={str(c.year): str(c.status) for c in cells},
            shortfall=_yearly(gap.shortfall) if gap else {},
            sources={str(c.year): [[pks[item], amount] for item, amount in c.sources] for c in cells if c.sources},
            unit_price=first.unit_price, own=first.own,
            covered_from=covered_from({c.year: c.status == Status.COVERED for c in cells}),
            gap_rank=rank, no_analog=gap is not None and all(s == Status.NONE for s in gap.statuses.values()),
            total=gap.total if gap else 0.0, value=gap.value if gap else None))
    return rows


def _summary(order: CityOrder, coverage: Coverage, categories: list[queries.CapacityRow]) -> dict[str, Any]:
    """What the pages show whole: years, shares, roadmap, capacity by category, gaps by category, counts."""
    by_category: dict[str, dict[str, Any]] = {}
    for gap in coverage.gaps:
        group = by_category.setdefault(gap.category, {"category": gap.category, "positions": 0, "none": 0,
                                                      "short": 0})
        group["positions"] += 1
        group["none" if all(s == Status.NONE for s in gap.statuses.values()) else "short"] += 1
    return {
        "years": coverage.years,
        "shares": [{name: getattr(share, name) for name in share.__slots__} for share in coverage.shares],
        "roadmap": [{"category": s.category, "first_full_year": s.first_full_year,
                     "years_covered": list(s.years_covered)} for s in coverage.roadmap],
        "categories": [{"category": r.category, "unit": r.unit, "capacity": _yearly(r.capacity),
                        "demand": _yearly(r.demand), "allotted": _yearly(r.allotted)} for r in categories],
        "gap_categories": list(by_category.values()),
        "gaps": len(coverage.gaps), "products": len(coverage.balances),
        "analogs": Analog.objects.filter(order=order).count(),
    }
