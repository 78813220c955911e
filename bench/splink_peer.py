"""The peer: Splink 5 (DuckDB backend) deduplicating the same demand lines.

Like our engine, it works on the distinct raw descriptions (identical rows are one record), with
fields normalized the way any data engineer would: a part code (upper case, Cyrillic look-alikes
to Latin, separators removed; taken from the name when the part-number column is empty), the text
of name + description + value + footprint in lower case, and the manufacturer's first word.
Clusters are then mapped back to every line, so F1 is computed on lines, as ours is.
"""

from __future__ import annotations

import logging
import re

import duckdb
import pyarrow as pa

RAW = ("name", "part_number", "manufacturer", "description", "value", "footprint")
_LOOKALIKES = str.maketrans("АВСЕНКМОРТХасеорху", "ABCEHKMOPTXACEOPXY")
_SEPARATORS = re.compile(r"[\s\-./#_,()]+")
_CODE_TOKEN = re.compile(r"\S*\d\S*")


def _code(part_number: str, name: str) -> str | None:
    source = part_number
    if not source:
        tokens = [t for t in _CODE_TOKEN.findall(name) if len(t) >= 4]
        source = max(tokens, key=len) if tokens else ""
    code = _SEPARATORS.sub("", source.upper().translate(_LOOKALIKES))
    return code or None


def _text(values: tuple[str, ...]) -> str | None:
    text = " ".join(" ".join(v for v in values if v).lower().replace(",", ".").split())
    return text or None


def features(con: duckdb.DuckDBPyConnection) -> None:
    """Table ``records``: one row per distinct raw tuple of ``lines`` with its normalized fields."""
    fields = ", ".join(RAW)
    distinct = con.sql(f"SELECT DISTINCT {fields} FROM lines").arrow()
    table = distinct if isinstance(distinct, pa.Table) else distinct.read_all()
    columns = [table.column(f).to_pylist() for f in RAW]
    codes, texts, makers, digits = [], [], [], []
    for name, part_number, manufacturer, description, value, footprint in zip(*columns, strict=True):
        code = _code(part_number, name)
        text = _text((name, description, value, footprint))
        codes.append(code)
        texts.append(text)
        makers.append(manufacturer.lower().split()[0] if manufacturer.strip() else None)
        digits.append("".join(ch for ch in f"{code or ''} {text or ''}" if ch.isdigit()) or None)
    records = table.append_column("unique_id", pa.array(range(table.num_rows), pa.int64()))
    for name, values in (("code", codes), ("text", texts), ("maker", makers), ("digits", digits)):
        records = records.append_column(name, pa.array(values, pa.string()))
    con.register("records_arrow", records)
    con.execute("CREATE TABLE records AS SELECT *, substr(code, 1, 8) AS code8 FROM records_arrow")


def cluster(con: duckdb.DuckDBPyConnection, threshold: float = 0.9) -> None:
    """Table ``clusters``: unique_id -> cluster_id of ``records``, by a Splink model trained without labels."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.getLogger("splink").setLevel(logging.WARNING)
    db_api = DuckDBAPI(connection=con)
    records = db_api.register("records")
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("code", [0.97, 0.9]),
            cl.JaroWinklerAtThresholds("text", [0.97, 0.9]),
            cl.ExactMatch("maker"),
        ],
        blocking_rules_to_generate_predictions=[block_on("code8"), block_on("digits")],
        retain_matching_columns=False,
    )
    linker = Linker(records, settings)
    linker.training.estimate_probability_two_random_records_match([block_on("code")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("code8"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("digits"))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold)
    con.execute(f"CREATE TABLE clusters AS SELECT unique_id, cluster_id FROM {clusters.physical_name}")


def dedupe_lines(con: duckdb.DuckDBPyConnection) -> None:
    """Table ``splink_lines``: line_id, true_id, cluster_id for every line of ``lines``."""
    features(con)
    cluster(con)
    using = " AND ".join(f"l.{f} = r.{f}" for f in RAW)
    con.execute(
        f"""
        CREATE TABLE splink_lines AS
        SELECT l.line_id, l.true_id, c.cluster_id
        FROM lines l JOIN records r ON {using} JOIN clusters c ON c.unique_id = r.unique_id
        """
    )
