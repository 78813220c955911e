"""A sheet's data rows in order, where a row means something only beside its neighbours.

Parts lists (ПЭ3, ГОСТ 2.701/2.702), specifications (ГОСТ 2.106) and hand-made BOMs carry meaning across
rows: a group heading («Резисторы») gives the kind of the rows under it, a part's name runs on to the next row
(its designation often there), the title block and the margin fields of the drawing form sit among the rows,
and a specification's «Документация» section lists drawings, not parts. Every source row still yields one
LineRecord; a row joined to the part above it is skipped with the row it continues.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from cityorder.engine.identity.kinds import kind_only
from cityorder.engine.messages import msg, template
from cityorder.engine.reading.forms import DOCUMENT_ROW, SEPARATOR_ROW, TITLE_BLOCK, is_separator, stamp_word
from cityorder.engine.reading.rows import RowReader
from cityorder.engine.reading.tabular import Cell
from cityorder.engine.records import LineRecord, LineStatus

GROUP_HEADING = template("group heading «%(text)s»: the rows under it are read as %(kind)s")
CONTINUES_ROW = template("continues the part of row %(row)s: read with it")
# A specification's section of documents (ГОСТ 2.106): drawings and schematics, not parts to buy.
_DOCUMENT_SECTIONS = frozenset({"документация", "документы", "documentation", "documents"})
_CYRILLIC = re.compile(r"[А-ЯЁа-яё]")
_HEADING_WITH_DOCUMENT = re.compile(
    r"^([А-ЯЁ][а-яё]+(?: [а-яё]+)?) ((?:ГОСТ|ОСТ|ИСО|ТУ)\b.*|[А-ЯЁ]{2,4}\d?\.\d{3}\.\d{3}(?:-\d+)? ?ТУ.*)$"
)
_NOTE_SECTIONS = frozenset({"примечания", "примечание", "notes", "note", "remarks", "комментарии"})
_TOTAL = re.compile(r"^(?:итого|всего|total|grand total|subtotal)\b")
SUMMARY_ROW = template("summary under the table «%(text)s»: not a line of the list")
NOTE_ROW = template("a note under «%(notes)s», not a line of the list: «%(text)s»")


class SheetRows:
    """Reads a sheet's data rows one after another, keeping what the rows above said."""

    def __init__(self, reader: RowReader) -> None:
        self.reader = reader
        self.kind = ""  # the kind the last group heading named
        self.section = ""  # a section of documents, whose rows are skipped
        self.in_title_block = False
        # Drawing forms with title blocks are Russian (ГОСТ 2.104); an English export has none to look for.
        self.russian = any(_CYRILLIC.search(c.header) for c in reader.columns.values())
        self.notes = ""  # a block of notes under the list («Примечания:»), whose rows are skipped

    def read(self, rows: Sequence[Sequence[Cell]], start: int, end: int) -> list[LineRecord]:
        return list(self.stream((i + 1, rows[i]) for i in range(start, end)))

    def stream(self, rows: Iterable[tuple[int, Sequence[Cell]]]) -> Iterator[LineRecord]:
        """The records of (row number, cells) in order, each given out once no later row can change it: a part
        the next row may continue is held back until that row is seen."""
        lines: list[LineRecord] = []
        part: tuple[int, list[Cell]] | None = None  # (index in lines, cells) of the part the next row may continue
        for number, row in rows:
            if part is None:
                yield from lines
                lines.clear()
            elif part[0]:
                yield from lines[: part[0]]
                del lines[: part[0]]
                part = (0, part[1])
            cells = list(row)
            texts = self.reader.texts(cells)
            line = self._read_row(cells, texts, number)
            if line is not None:
                lines.append(line)
                part = None
                continue
            if part is not None and self.reader.continues(texts, part[1]):
                at, above = part
                joined = self.reader.joined(above, cells)
                first = lines[at]
                lines[at] = self.reader.read(joined, first.row, self.kind)
                lines.append(_skipped(self.reader.read(cells, number), msg(CONTINUES_ROW, row=first.row)))
                part = (at, joined)
                continue
            line = self.reader.read(cells, number, self.kind, texts)
            lines.append(line)
            opens = line.status is not LineStatus.SKIPPED and (bool(line.designators) or self.reader.form)
            part = (len(lines) - 1, cells) if opens else None
        yield from lines

    def _read_row(self, cells: list[Cell], texts: list[str], row: int) -> LineRecord | None:
        """A row that is not a line of demand (stamp, separator, heading, document) as its record, else None.

        Margin fields beside a part («Инв. № дубл.» in the left column) are blanked in ``cells`` and ``texts``
        so the part reads alone.
        """
        reader = self.reader
        filled = reader.filled(texts)
        if not filled or not reader.has_quantity_source:
            return None  # the row reader reports blank rows and sheets it cannot read
        stamps = [j for j in filled if stamp_word(texts[j])] if self.russian else []
        if stamps:
            shown = [texts[j] for j in filled]
            ends_form = any(stamp_word(texts[j]) == "stamp" for j in stamps)
            for j in stamps:
                cells[j] = None
                texts[j] = ""
            filled = reader.filled(texts)
            if not reader.names_a_part(texts) and (ends_form or not filled):
                self.in_title_block = self.in_title_block or ends_form
                return self._skip(row, msg(TITLE_BLOCK, text=_shown(shown)))
        elif self.in_title_block and not reader.names_a_part(texts):
            return self._skip(row, msg(TITLE_BLOCK, text=_shown([texts[j] for j in filled])))
        if reader.names_a_part(texts):
            self.in_title_block = False
        if filled and all(is_separator(texts[j]) for j in filled):
            return self._skip(row, msg(SEPARATOR_ROW, text=texts[filled[0]]))
        if len(filled) == 1:
            return self._heading(texts[filled[0]], row)
        first = texts[filled[0]]
        if (
            len(filled) == 2
            and first.endswith(":")
            and not _TOTAL.match(first.lower())  # a total row says so itself
            and not reader.field_text(texts, "designators")
        ):
            # «Component Count: | 105», «Number of PCBs: | 1»: the summary an exporter writes under the table.
            return self._skip(row, msg(SUMMARY_ROW, text=_shown([texts[j] for j in filled])))
        if self.section:
            document = " ".join(texts[j] for j in filled)
            return self._skip(row, msg(DOCUMENT_ROW, text=document, section=self.section))
        if self.notes:
            return self._skip(row, msg(NOTE_ROW, text=_shown([texts[j] for j in filled]), notes=self.notes))
        return None

    def _heading(self, text: str, row: int) -> LineRecord | None:
        """A text alone on its row: a group heading gives a kind; any other title ends the group above."""
        kind = kind_only(text) or _kind_with_document(text)
        if kind:
            self.kind, self.section, self.notes = kind, "", ""
            return self._skip(row, msg(GROUP_HEADING, text=text, kind=kind))
        plain = " ".join(text.lower().split())
        if plain in _DOCUMENT_SECTIONS:
            self.kind, self.section = "", text
            return None  # read as a section title by the row reader, which says so
        if plain.rstrip(":") in _NOTE_SECTIONS or (plain.endswith(":") and not _TOTAL.match(plain)):
            # «Примечания:», «Цепи, которые можно исключить:»: what follows explains the list, it is not in it.
            self.kind, self.notes = "", text.rstrip(": ")
            return None
        if not text.replace(" ", "").replace(",", "").replace(".", "").isdigit():
            self.kind, self.section = "", ""
        return None

    def _skip(self, row: int, message: str) -> LineRecord:
        record = LineRecord(
            file=self.reader.file, row=row, status=LineStatus.SKIPPED, sheet=self.reader.sheet, message=message
        )
        record.customer = self.reader.customer
        return record


def _kind_with_document(text: str) -> str:
    """«Винты ГОСТ Р ИСО 1207», «Розетки ГЕ0.364.004ТУ»: a specification's group of standard parts, the kind
    and the standard or supply document every row under it is made to (ГОСТ 2.106 writes them once, above)."""
    found = _HEADING_WITH_DOCUMENT.match(" ".join(text.split()))
    if not found:
        return ""
    head, document = found.groups()
    return f"{kind_only(head) or head} {document}"


def _skipped(record: LineRecord, message: str) -> LineRecord:
    record.status = LineStatus.SKIPPED
    record.message = message
    record.column = ""
    record.quantities = {}
    return record


def _shown(texts: list[str]) -> str:
    shown = " | ".join(t for t in texts if t)
    return shown if len(shown) <= 80 else shown[:79] + "…"
