"""Quality of reading and consolidation on the labelled real files (tests/data/real, see its SOURCES.md).

    .venv/bin/python -m bench.quality [--files NAME...] [--corpus DIR] [--show-merges] [--check]

Every labelled file found is read with the engine (customer = the file's stem), all files' lines are
consolidated together, and each labelled row's position is compared with its hand-written label:

- lost: a demand row that did not come out as an ok line, or came out with a quantity other than its label's
  (rows that cannot be lost, «asks»: a row whose file states no quantity, or an ``UNKNOWN:`` row that names
  nothing orderable, when it comes out as an error: asking the customer is the right answer there);
- non-demand taken as demand: a «-» or «cont» row that came out ok;
- pairwise precision / recall / F1 over the ok demand rows: a pair is predicted-same when both rows landed in
  one position, true-same when they share a label; pairs of one file («within») and of two files («across»);
- missed pairs the review queue holds (probable matches not merged), and maybe_pairs.csv pairs that reached it.

Exit code 0, unless ``--check`` and the figures are below the targets (precision ≥ 0.99 and recall ≥ 0.95
across files, nothing lost): then 1; 2 when SOURCES.md or a label file cannot be read.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from cityorder.engine.consolidation import consolidate_lines
from cityorder.engine.consolidation.result import ConsolidationResult
from cityorder.engine.reading import read_demand
from cityorder.engine.reading.rows import cell_text
from cityorder.engine.reading.tabular import read_tables
from cityorder.engine.records import LineRecord, LineStatus

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "data" / "real"
YEAR = 2026
NOT_DEMAND = "-"
CONTINUATION = "cont"
UNKNOWN = "UNKNOWN:"  # demand that names nothing a buyer could order
TARGET_PRECISION = 0.99
TARGET_RECALL = 0.95
LABEL_COLUMNS = ("sheet", "row", "label", "qty", "note")

RowKey = tuple[str, str, int]  # file, sheet, row


@dataclass(frozen=True, slots=True)
class Label:
    file: str
    sheet: str
    row: int
    label: str
    qty: float | None
    note: str

    @property
    def key(self) -> RowKey:
        return (self.file, self.sheet, self.row)

    @property
    def is_demand(self) -> bool:
        return self.label not in (NOT_DEMAND, CONTINUATION)


@dataclass(slots=True)
class CorpusFile:
    name: str  # the file's name as SOURCES.md gives it; its labels are labels/<name>.csv
    path: Path  # where the file itself is (it may be absent: files without a licence stay in ../shared)
    labels: list[Label]


class CorpusError(ValueError):
    """A malformed SOURCES.md or label file: the message names the file and row."""


def sources(corpus: Path) -> dict[str, Path]:
    """File name -> where the file lives, from SOURCES.md's table (columns «file» and «where»)."""
    table: dict[str, Path] = {}
    header: list[str] = []
    for line in (corpus / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            header = [] if not line.strip() else header
            continue
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if not header:
            header = [c.lower() for c in cells]
            continue
        if set("".join(cells)) <= set("-: "):
            continue  # the |---| line under the header
        if "file" not in header or "where" not in header:
            continue  # another table (e.g. the list of gathering notes)
        row = dict(zip(header, cells, strict=False))
        table[row["file"]] = _where(corpus, row["where"], row["file"])
    return table


def _where(corpus: Path, where: str, name: str) -> Path:
    """«files/» is the corpus' own folder; anything else is relative to the checkout (e.g. ../shared/data/real/)."""
    base = corpus / where if where.startswith("files") else REPO / where
    return base / name if where.endswith("/") else base


def read_labels(path: Path, file: str) -> list[Label]:
    labels = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != LABEL_COLUMNS:
            raise CorpusError(f"{path.name}: the header must be {','.join(LABEL_COLUMNS)}, not {reader.fieldnames}")
        for number, row in enumerate(reader, start=2):
            try:
                qty = float(row["qty"].replace(",", ".")) if row["qty"].strip() else None
                labels.append(Label(file, row["sheet"], int(row["row"]), row["label"].strip(), qty, row["note"]))
            except (ValueError, AttributeError) as exc:
                raise CorpusError(f"{path.name}, record {number}: {exc}") from exc
    return labels


def load_corpus(corpus: Path, only: Sequence[str] = ()) -> list[CorpusFile]:
    where = sources(corpus)
    files = []
    for label_file in sorted((corpus / "labels").glob("*.csv")):
        name = label_file.name.removesuffix(".csv")
        if only and not any(o == name or o in name for o in only):
            continue
        path = where.get(name, corpus / "files" / name)
        files.append(CorpusFile(name, path, read_labels(label_file, name)))
    return files


def maybe_pairs(corpus: Path) -> list[tuple[RowKey, RowKey, str]]:
    path = corpus / "maybe_pairs.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            ((r["file_a"], r["sheet_a"], int(r["row_a"])), (r["file_b"], r["sheet_b"], int(r["row_b"])), r["why"])
            for r in csv.DictReader(handle)
        ]


@dataclass(slots=True)
class Outcome:
    """Where every labelled row went."""

    files: list[CorpusFile]
    missing: list[CorpusFile]
    unreadable: dict[str, str]
    records: dict[RowKey, list[LineRecord]]
    position: dict[RowKey, str]  # ok rows only
    queue: set[frozenset[str]]  # probable matches (not merged) as pairs of positions
    result: ConsolidationResult | None
    seconds: float


def run(files: Sequence[CorpusFile]) -> Outcome:
    started = time.perf_counter()
    present = [f for f in files if f.path.exists()]
    missing = [f for f in files if not f.path.exists()]
    records: list[LineRecord] = []
    owner: list[str] = []
    unreadable: dict[str, str] = {}
    for corpus_file in present:
        try:
            read = read_demand(corpus_file.path, customer=corpus_file.path.stem, default_year=YEAR)
        except (OSError, ValueError) as exc:
            unreadable[corpus_file.name] = str(exc)
            continue
        records.extend(read.lines)
        owner.extend([corpus_file.name] * len(read.lines))
    by_row: dict[RowKey, list[LineRecord]] = defaultdict(list)
    for name, record in zip(owner, records, strict=True):
        by_row[(name, record.sheet, record.row)].append(record)
    result = consolidate_lines(records) if records else None
    position: dict[RowKey, str] = {}
    queue: set[frozenset[str]] = set()
    if result is not None:
        for line_id, position_id in result.position_ids_by_line().items():
            record = records[line_id]
            position[(owner[line_id], record.sheet, record.row)] = position_id
        queue = {frozenset((m.position_a, m.position_b)) for m in result.matches if not m.merged}
    return Outcome(present, missing, unreadable, by_row, position, queue, result, time.perf_counter() - started)


@dataclass(slots=True)
class Pairs:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    missed_in_queue: int = 0

    def add(self, other: Pairs) -> None:
        self.true_positive += other.true_positive
        self.false_positive += other.false_positive
        self.false_negative += other.false_negative
        self.missed_in_queue += other.missed_in_queue

    @property
    def precision(self) -> float | None:
        predicted = self.true_positive + self.false_positive
        return self.true_positive / predicted if predicted else None

    @property
    def recall(self) -> float | None:
        actual = self.true_positive + self.false_negative
        return self.true_positive / actual if actual else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class FileScore:
    rows: int = 0
    demand: int = 0
    unquantified: int = 0  # demand rows the engine rightly answers with a question (no quantity, nothing named)
    lost: list[Label] = field(default_factory=list)
    taken: list[Label] = field(default_factory=list)  # non-demand rows that came out ok
    extra: int = 0  # ok lines of rows the labels do not name
    within: Pairs = field(default_factory=Pairs)
    across: Pairs = field(default_factory=Pairs)  # pairs with one row in this file


@dataclass(slots=True)
class Score:
    per_file: dict[str, FileScore]
    within: Pairs
    across: Pairs
    wrong: list[tuple[Label, Label]]
    missed: list[tuple[Label, Label]]
    maybe_merged: int = 0
    maybe_queued: int = 0
    maybe_neither: int = 0
    maybe_total: int = 0


def _ok(records: Iterable[LineRecord]) -> list[LineRecord]:
    return [r for r in records if r.status is LineStatus.OK]


def _quantity_differs(label: Label, records: Sequence[LineRecord]) -> bool:
    if label.qty is None:
        return False
    return abs(sum(sum(r.quantities.values()) for r in records) - label.qty) > 1e-9


def score(outcome: Outcome, corpus: Path) -> Score:
    per_file: dict[str, FileScore] = {}
    ok_demand: list[Label] = []
    for corpus_file in outcome.files:
        if corpus_file.name in outcome.unreadable:
            per_file[corpus_file.name] = FileScore(
                rows=len(corpus_file.labels),
                demand=sum(1 for lb in corpus_file.labels if lb.is_demand),
                lost=[lb for lb in corpus_file.labels if lb.is_demand and lb.qty is not None],
                unquantified=sum(1 for lb in corpus_file.labels if lb.is_demand and lb.qty is None),
            )
            continue
        fs = per_file[corpus_file.name] = FileScore(rows=len(corpus_file.labels))
        labelled = {lb.key for lb in corpus_file.labels}
        for lb in corpus_file.labels:
            ok = _ok(outcome.records.get(lb.key, []))
            if not lb.is_demand:
                if ok:
                    fs.taken.append(lb)
                continue
            fs.demand += 1
            if lb.qty is None or (lb.label.startswith(UNKNOWN) and not ok and outcome.records.get(lb.key)):
                fs.unquantified += 1  # nothing to lose: an error asking what or how many is the right answer
            elif not ok or _quantity_differs(lb, ok):
                fs.lost.append(lb)
            if ok and lb.key in outcome.position:
                ok_demand.append(lb)
        fs.extra = sum(
            1
            for key, recs in outcome.records.items()
            if key[0] == corpus_file.name and key not in labelled and _ok(recs)
        )
    within, across = Pairs(), Pairs()
    wrong: list[tuple[Label, Label]] = []
    missed: list[tuple[Label, Label]] = []
    for a, b in combinations(ok_demand, 2):
        pos_a, pos_b = outcome.position[a.key], outcome.position[b.key]
        same_position, same_label = pos_a == pos_b, a.label == b.label
        if not same_position and not same_label:
            continue
        pair = Pairs()
        if same_position and same_label:
            pair.true_positive = 1
        elif same_position:
            pair.false_positive = 1
            wrong.append((a, b))
        else:
            pair.false_negative = 1
            pair.missed_in_queue = int(frozenset((pos_a, pos_b)) in outcome.queue)
            missed.append((a, b))
        if a.file == b.file:
            within.add(pair)
            per_file[a.file].within.add(pair)
        else:
            across.add(pair)
            per_file[a.file].across.add(pair)
            per_file[b.file].across.add(pair)
    result = Score(per_file, within, across, wrong, missed)
    for key_a, key_b, _why in maybe_pairs(corpus):
        if key_a[0] not in per_file or key_b[0] not in per_file:
            continue
        result.maybe_total += 1
        landed_a, landed_b = outcome.position.get(key_a), outcome.position.get(key_b)
        if landed_a is None or landed_b is None:
            result.maybe_neither += 1
        elif landed_a == landed_b:
            result.maybe_merged += 1
        elif frozenset((landed_a, landed_b)) in outcome.queue:
            result.maybe_queued += 1
        else:
            result.maybe_neither += 1
    return result


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _pairs_cells(pairs: Pairs) -> str:
    merged, same = pairs.true_positive + pairs.false_positive, pairs.true_positive + pairs.false_negative
    shown = f"{pairs.true_positive}/{merged}/{same}"
    return f"{shown} | {_figure(pairs.precision)} | {_figure(pairs.recall)} | {_figure(pairs.f1)}"


def report(outcome: Outcome, result: Score) -> str:
    lines = []
    for corpus_file in outcome.missing:
        lines.append(f"skipped {corpus_file.name}: not found at {corpus_file.path}")
    for name, why in outcome.unreadable.items():
        lines.append(f"unreadable {name}: {why}")
    lines += [
        "",
        "pairs are shown as merged correctly / merged / truly same",
        "",
        "| file | rows | demand | asks | lost | non-demand as demand | unlabelled ok | within pairs | P | R | F1 "
        "| across pairs | P | R | F1 |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    total = FileScore()
    for name, fs in result.per_file.items():
        lines.append(
            f"| {name} | {fs.rows} | {fs.demand} | {fs.unquantified} | {len(fs.lost)} | {len(fs.taken)} | {fs.extra} "
            f"| {_pairs_cells(fs.within)} | {_pairs_cells(fs.across)} |"
        )
        total.rows += fs.rows
        total.demand += fs.demand
        total.unquantified += fs.unquantified
        total.lost += fs.lost
        total.taken += fs.taken
        total.extra += fs.extra
    lines.append(
        f"| **all {len(result.per_file)} files** | {total.rows} | {total.demand} | {total.unquantified} "
        f"| {len(total.lost)} | {len(total.taken)} | {total.extra} "
        f"| {_pairs_cells(result.within)} | {_pairs_cells(result.across)} |"
    )
    lines += [
        "",
        f"missed pairs held by the review queue: within {result.within.missed_in_queue} of "
        f"{result.within.false_negative}, across {result.across.missed_in_queue} of {result.across.false_negative}",
        f"maybe_pairs.csv: {result.maybe_total} pairs, {result.maybe_merged} merged, {result.maybe_queued} in the "
        f"review queue, {result.maybe_neither} neither",
        f"read and consolidated in {outcome.seconds:.1f} s",
    ]
    causes = _lost_causes(outcome, result)
    if causes:
        lines.append("lost rows by cause: " + "; ".join(f"{n} × {cause}" for cause, n in causes.most_common()))
    return "\n".join(lines)


def _lost_causes(outcome: Outcome, result: Score) -> Counter[str]:
    """Why demand rows were lost, by the engine's message without its row-specific text, so a fix can be aimed."""
    causes: Counter[str] = Counter()
    for name, fs in result.per_file.items():
        for lb in fs.lost:
            if name in outcome.unreadable:
                causes["the file is unreadable"] += 1
                continue
            records = outcome.records.get(lb.key, [])
            ok = _ok(records)
            if ok:
                causes["a quantity other than the file's"] += 1
            elif records:
                causes[f"{records[0].status.value}: {records[0].message.split(';')[0][:70]}"] += 1
            else:
                causes["no line at all"] += 1
    return causes


class RawRows:
    """The raw text of source rows, read once per file, for people to judge a merge."""

    def __init__(self, files: Sequence[CorpusFile]) -> None:
        self._paths = {f.name: f.path for f in files}
        self._grids: dict[str, dict[str, list[list[object]]]] = {}

    def text(self, key: RowKey, limit: int = 160) -> str:
        file, sheet, row = key
        if file not in self._grids:
            try:
                self._grids[file] = {s.name: s.rows for s in read_tables(self._paths[file])}  # type: ignore[misc]
            except (OSError, ValueError):
                self._grids[file] = {}
        rows = self._grids[file].get(sheet, [])
        cells = [cell_text(c) for c in rows[row - 1]] if 0 < row <= len(rows) else []  # type: ignore[arg-type]
        shown = " | ".join(c for c in cells if c)
        return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _place(label: Label) -> str:
    return f"{label.file}:{label.sheet + ':' if label.sheet else ''}{label.row}"


def _groups(pairs: Iterable[tuple[Label, Label]], outcome: Outcome, by_position: bool) -> list[list[Label]]:
    """Pairs folded into groups: wrong merges by position (rows of several labels), missed ones by label."""
    groups: dict[str, dict[RowKey, Label]] = defaultdict(dict)
    for a, b in pairs:
        group = outcome.position[a.key] if by_position else a.label
        groups[group][a.key] = a
        groups[group][b.key] = b
    return [sorted(g.values(), key=lambda lb: (lb.label, lb.key)) for _, g in sorted(groups.items())]


def _spread(group: Sequence[Label]) -> str:
    files = len({lb.file for lb in group})
    return f"across {files} files" if files > 1 else "one file"


def show_merges(outcome: Outcome, result: Score) -> str:
    raw = RawRows(outcome.files)
    lines = ["", f"## wrong merges ({len(result.wrong)} pairs): rows of different labels in one position"]
    for group in _groups(result.wrong, outcome, by_position=True):
        lines.append(f"- position {outcome.position[group[0].key]} ({_spread(group)})")
        lines += [f"    {_place(lb)}  [{lb.label}]  {raw.text(lb.key)}" for lb in group]
    lines.append(f"\n## missed merges ({len(result.missed)} pairs): rows of one label in several positions")
    for group in _groups(result.missed, outcome, by_position=False):
        lines.append(f"- {group[0].label} ({_spread(group)})")
        lines += [f"    {_place(lb)}  → {outcome.position[lb.key]}  {raw.text(lb.key)}" for lb in group]
    lost = [lb for fs in result.per_file.values() for lb in fs.lost]
    lines.append(f"\n## lost demand rows ({len(lost)})")
    for name, why in outcome.unreadable.items():
        lines.append(f"    {name}: all {len(result.per_file[name].lost)} demand rows, the file is unreadable ({why})")
    for lb in (lb for lb in lost if lb.file not in outcome.unreadable):
        recs = outcome.records.get(lb.key, [])
        how = "; ".join(f"{r.status.value} {r.quantities or ''} {r.message}".strip() for r in recs) or "no line"
        lines.append(f"    {_place(lb)}  [{lb.label} × {lb.qty}]  {how}  ⟨{raw.text(lb.key, 100)}⟩")
    taken = [lb for fs in result.per_file.values() for lb in fs.taken]
    lines.append(f"\n## non-demand rows taken as demand ({len(taken)})")
    lines += [f"    {_place(lb)}  ({lb.note})  {raw.text(lb.key)}" for lb in taken]
    return "\n".join(lines)


def below_targets(result: Score) -> list[str]:
    failures = []
    if result.across.precision is not None and result.across.precision < TARGET_PRECISION:
        failures.append(f"precision across files {result.across.precision:.3f} < {TARGET_PRECISION}")
    if result.across.recall is not None and result.across.recall < TARGET_RECALL:
        failures.append(f"recall across files {result.across.recall:.3f} < {TARGET_RECALL}")
    lost = sum(len(fs.lost) for fs in result.per_file.values())
    if lost:
        failures.append(f"{lost} demand rows lost")
    return failures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", nargs="+", default=(), help="only these labelled files (a name or part of one)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the corpus folder (SOURCES.md, labels/, files/)")
    parser.add_argument("--show-merges", action="store_true", help="list wrong and missed merges with the raw rows")
    parser.add_argument("--check", action="store_true", help="exit 1 when below the targets")
    args = parser.parse_args(argv)
    try:
        files = load_corpus(args.corpus, args.files)
    except (OSError, CorpusError) as exc:
        print(f"the corpus cannot be read: {exc}", file=sys.stderr)
        return 2
    outcome = run(files)
    result = score(outcome, args.corpus)
    print(report(outcome, result))
    if args.show_merges:
        print(show_merges(outcome, result))
    failures = below_targets(result)
    for failure in failures:
        print(f"below target: {failure}")
    return 1 if args.check and failures else 0


if __name__ == "__main__":
    sys.exit(main())
