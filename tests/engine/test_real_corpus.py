"""The labelled real-file corpus (tests/data/real): well-formed labels, every labelled row read back, a quality floor.

The floor is what bench.quality measured when the corpus was labelled, minus a small margin: it catches an
engine change that makes reading or consolidation of real files worse, while the targets (precision ≥ 0.99,
recall ≥ 0.95 across files, nothing lost) are the bench's ``--check``, not this test's.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest
from bench.quality import (
    CONTINUATION,
    CORPUS,
    LABEL_COLUMNS,
    NOT_DEMAND,
    YEAR,
    CorpusFile,
    Score,
    load_corpus,
    maybe_pairs,
    run,
    score,
    sources,
)

from cityorder.engine.reading import read_demand
from cityorder.engine.records import LineStatus

pytestmark = pytest.mark.shared_data

CORPUS_FILES = load_corpus(CORPUS)
LABEL = re.compile(r"^[A-Z]+:\S+$")
MARGIN = 0.03  # of a pairwise figure
COUNT_MARGIN = 3  # rows


def ids(files: list[CorpusFile]) -> list[str]:
    return [f.name for f in files]


@pytest.mark.parametrize("label_file", sorted((CORPUS / "labels").glob("*.csv")), ids=lambda p: p.name)
def test_label_files_are_well_formed(label_file: Path) -> None:
    with label_file.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == LABEL_COLUMNS
    assert all(len(row) == len(LABEL_COLUMNS) for row in rows), "a record with a stray comma: quote the cell"
    records = [dict(zip(LABEL_COLUMNS, row, strict=True)) for row in rows[1:]]
    places = Counter((r["sheet"], r["row"]) for r in records)
    assert [p for p, n in places.items() if n > 1] == []
    previous = NOT_DEMAND
    for r in records:
        where = f"{label_file.name}: {r['sheet']}!{r['row']}"
        assert int(r["row"]) >= 1, where
        label = r["label"]
        if label in (NOT_DEMAND, CONTINUATION):
            assert r["qty"] == "", f"{where}: a «{label}» row demands nothing"
        else:
            assert LABEL.match(label) and label == label.upper(), f"{where}: «{label}» is not PREFIX:ID in upper case"
            assert r["qty"] == "" or float(r["qty"].replace(",", ".")) >= 0, where
        if label == CONTINUATION:
            assert previous != NOT_DEMAND, f"{where}: a continuation row must follow the part it continues"
        previous = previous if label == CONTINUATION else label


def test_every_labelled_file_has_its_origin_and_licence() -> None:
    listed = sources(CORPUS)
    lines = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    for corpus_file in CORPUS_FILES:
        assert corpus_file.name in listed, f"{corpus_file.name} has labels but no row in SOURCES.md"
        if listed[corpus_file.name].is_relative_to(CORPUS / "files"):
            assert corpus_file.path.is_file(), f"{corpus_file.name} is said to be in files/ but is not"
            row = next(line for line in lines.splitlines() if line.startswith(f"| {corpus_file.name} |"))
            assert "none stated" not in row, f"{corpus_file.name}: a file without a licence must not be copied"


def test_maybe_pairs_name_two_labelled_demand_rows_of_different_labels() -> None:
    labels = {lb.key: lb for f in CORPUS_FILES for lb in f.labels}
    pairs = maybe_pairs(CORPUS)
    assert pairs, "maybe_pairs.csv is empty or missing"
    for key_a, key_b, why in pairs:
        a, b = labels.get(key_a), labels.get(key_b)
        assert a is not None and b is not None, f"{key_a} / {key_b}: a row the labels do not name"
        assert a.is_demand and b.is_demand, f"{key_a} / {key_b}: a maybe pair of rows that are not demand"
        assert a.label != b.label, f"{key_a} / {key_b}: one label is a sure pair, not a maybe pair"
        assert why.strip(), f"{key_a} / {key_b}: say why"


@pytest.mark.parametrize("corpus_file", CORPUS_FILES, ids=ids(CORPUS_FILES))
def test_every_labelled_row_comes_back_as_one_line(corpus_file: CorpusFile) -> None:
    if not corpus_file.path.exists():
        pytest.skip(f"{corpus_file.name} is not at {corpus_file.path}")
    read = read_demand(corpus_file.path, customer=corpus_file.path.stem, default_year=YEAR)
    lines = Counter((line.sheet, line.row) for line in read.lines)
    labelled = {(lb.sheet, lb.row): lb for lb in corpus_file.labels}
    demand_not_once = [f"{s}!{r}" for (s, r), lb in labelled.items() if lb.is_demand and lines[(s, r)] != 1]
    assert demand_not_once == [], "demand rows that did not come back as exactly one line"
    assert [f"{s}!{r}" for (s, r) in labelled if lines[(s, r)] > 1] == []
    ok_unlabelled = [
        f"{line.sheet}!{line.row}"
        for line in read.lines
        if line.status is LineStatus.OK and (line.sheet, line.row) not in labelled
    ]
    assert ok_unlabelled == [], "lines of demand from rows the labels do not name (label them)"


def measure(files: list[CorpusFile]) -> Score:
    result = score(run(files), CORPUS)
    lost = sum(len(fs.lost) for fs in result.per_file.values())
    taken = sum(len(fs.taken) for fs in result.per_file.values())
    print(
        f"\n{len(files)} files: lost {lost}, non-demand as demand {taken}; "
        f"within P {result.within.precision} R {result.within.recall}; "
        f"across P {result.across.precision} R {result.across.recall} "
        f"({result.across.true_positive}/{result.across.true_positive + result.across.false_negative} true pairs)"
    )
    return result


def assert_floor(result: Score, floor: dict[str, float]) -> None:
    lost = sum(len(fs.lost) for fs in result.per_file.values())
    taken = sum(len(fs.taken) for fs in result.per_file.values())
    assert lost <= floor["lost"] + COUNT_MARGIN, f"{lost} demand rows lost, the floor is {floor['lost']}"
    assert taken <= floor["taken"] + COUNT_MARGIN, f"{taken} non-demand rows taken, the floor is {floor['taken']}"
    for name, value in (
        ("within_precision", result.within.precision),
        ("within_recall", result.within.recall),
        ("across_precision", result.across.precision),
        ("across_recall", result.across.recall),
    ):
        assert value is not None and value >= floor[name] - MARGIN, f"{name} {value:.3f} fell below {floor[name]}"


# Measured with `.venv/bin/python -m bench.quality` when the corpus was finished (see docs/benchmarks.md), on
# these files: a file labelled later is checked row by row above and joins the floor when it is measured again.
MEASURED_FILES = frozenset(
    {
        "11philip22__candleLight-v2__bom.csv",
        "21km43__STM32F1-DevBoard__bom.csv",
        "23-yo-designer-from-san-francisco__freq_meter__Спецификация.xls",
        "3mdeb__PCI2USB__BOM_with_pricing.xls",
        "Am0k-GIT__STM32F401CCU6_UNI__BOM.xlsx",
        "BOJIT__swd-debug-adapter__bom.csv",
        "BetzDrive__bldc-controller-hardware__BLDC_bom_A.csv",
        "Cyclone-Nov__DocGOST__ПАКБ.436734.802ПЭ3.xls",
        "Cyclone-Nov__DocGOST__ПАКБ.469158.001ПЭ3 Наземный маяк (НМ).xls",
        "Cyclone-Nov__DocGOST__ПАКБ.469158.001СП Наземный маяк (НМ).xls",
        "Cyclone-Nov__DocGOST__ПАКБ_203319_800ПЭ3_Комплект_контрольно_проверочный_управления.xls",
        "Cyclone-Nov__DocGOST__ПАКБ_436234_800ПЭ3_Устройство_зарядное_УЗ.xls",
        "DiyPCBmex__Compactduino__BOM_JLCPCB.csv",
        "KhomutovEvgeniy__DC-DC-Buck-converter__BOM.xls",
        "KiCad-RU__kicadbom2spec__sample.csv",
        "Kreyl__TecoStLink__BOM.xls",
        "LibreSolar__mppt-2420-lc__MPPT_charger_20A_bom.csv",
        "OpenModbus__OM-64DO__bom.csv",
        "RaccoonLabHardware__MUX__Bill_of_Materials-BOM.xlsx",
        "Roboteurs__Pi-104__bom.csv",
        "Xlopinium__TesttaskLPGM__Перечень элементов.ods",
        "boningdong__STM32-NES-Console-Hardware__BOM.xls",
        "cavesLezet__Xenon_flash__Перечень элементов.xlsx",
        "cvra__motor-control-board__BOM.xls",
        "damellis__AudioPlayer__BOM-Eagle.txt",
        "freeDSP__freeDSP-SPDIFTransceiver__BOM.xls",
        "im-tomu__fomu-hardware__tomu-fpga-bom.csv",
        "kelu124__DRV8662-devkit__BOM.xls",
        "killerzman__OrCAD-AudioPowerAmplifier__Bill_of_materials.BOM",
        "lightside-instruments__ethernet4pizero__bom.csv",
        "murkkot__gost-bom-from-excel__bom_from_altium.xlsx",
        "nikandrew__BOM_GOST__2342 ПЭ3.xls",
        "nikandrew__BOM_GOST__newship_MF1.xls",
        "ru_nomenclature_sample.csv",
        "valletw__esp-atx-power__bom.csv",
        "valletw__esp-ir-receiver__bom.csv",
        "waywardgeek__infnoise__BOM-infnoise_goldfingers.csv",
        "waywardgeek__infnoise__bom.csv",
    }
)
FLOOR_IN_REPOSITORY = {
    "lost": 0,
    "taken": 0,
    "within_precision": 1.0,
    "within_recall": 1.0,
    "across_precision": 1.0,
    "across_recall": 1.0,
}
FLOOR_WHOLE_CORPUS = {
    "lost": 0,
    "taken": 0,
    "within_precision": 1.0,
    "within_recall": 0.999,
    "across_precision": 1.0,
    "across_recall": 0.993,
}


def measured_files() -> list[CorpusFile]:
    files = [f for f in CORPUS_FILES if f.name in MEASURED_FILES]
    assert len(files) == len(MEASURED_FILES), "a measured file lost its labels: measure the floor again"
    return files


def test_quality_on_the_files_in_the_repository_stays_above_the_floor() -> None:
    # Only the copied files: the figures are the same on a fresh clone without ../shared.
    files = [f for f in measured_files() if f.path.is_relative_to(CORPUS / "files")]
    assert_floor(measure(files), FLOOR_IN_REPOSITORY)


def test_quality_on_the_whole_corpus_stays_above_the_floor() -> None:
    files = measured_files()
    absent = [f.name for f in files if not f.path.exists()]
    if absent:
        pytest.skip(f"{len(absent)} labelled files are not beside this checkout, e.g. {absent[0]}")
    assert_floor(measure(files), FLOOR_WHOLE_CORPUS)


def test_the_bench_counts_pairs_lost_rows_and_non_demand_as_stated(tmp_path: Path) -> None:
    # A corpus of two small files whose labels are chosen so that every kind of outcome occurs once.
    (tmp_path / "files").mkdir()
    (tmp_path / "labels").mkdir()
    (tmp_path / "files" / "a.csv").write_text(
        "Part Number,Qty\nSTM32F103C8T6,2\nNE555P,1\nLM317T,4\nSN74HC00N,1\n", encoding="utf-8"
    )
    (tmp_path / "files" / "b.csv").write_text(
        "Part Number,Qty\nSTM32F103C8T6,3\nNE555P,1\nTL431ACLP,7\n", encoding="utf-8"
    )
    (tmp_path / "SOURCES.md").write_text(
        "| file | licence | where |\n|---|---|---|\n| a.csv | MIT | files/ |\n| b.csv | MIT | files/ |\n",
        encoding="utf-8",
    )
    (tmp_path / "labels" / "a.csv.csv").write_text(
        "sheet,row,label,qty,note\n,2,MPN:STM32F103C8T6,2,\n,3,MPN:NE555P,1,\n,4,MPN:LM317T,5,qty wrong on purpose\n"
        ",5,-,,a demand row labelled as not demand\n",
        encoding="utf-8",
    )
    (tmp_path / "labels" / "b.csv.csv").write_text(
        "sheet,row,label,qty,note\n,2,MPN:STM32F103C8T6,3,\n,3,MPN:NE555P-OTHER,1,\n,4,MPN:LM317T,7,\n",
        encoding="utf-8",
    )
    files = load_corpus(tmp_path)
    result = score(run(files), tmp_path)
    a, b = result.per_file["a.csv"], result.per_file["b.csv"]
    assert ([lb.row for lb in a.lost], [lb.row for lb in a.taken], b.lost) == ([4], [5], [])
    across = result.across
    # STM32 with STM32 merged rightly; NE555P with «NE555P-OTHER» merged wrongly; LM317T with TL431 missed.
    assert (across.true_positive, across.false_positive, across.false_negative) == (1, 1, 1)
    assert (across.precision, across.recall) == (0.5, 0.5)
    assert result.within.true_positive + result.within.false_positive + result.within.false_negative == 0
