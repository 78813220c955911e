"""The house's table: django-tables2's columns, ordering, paging and header, with the body rendered in one pass.

django-tables2 renders each cell through a template loop that resolves the column's attributes anew and calls the
cell's render method through `inspect.signature` every time (a page of 50 rows × 14 columns spent about a second of
1.8 s in it at the size of a city order). `Table` prepares each column once per rendering — the render method's
wanted arguments, the link, the cell's attributes when they do not depend on the row, a TemplateColumn's compiled
template — and joins the rows in Python. The cells' values, links, classes and row attributes are those
django-tables2 gives (tests/web/test_tables.py compares both renderings of the project's tables).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_tables2 as tables
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template import Context, Template
from django.template.base import render_value_in_context
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django_tables2.columns.base import LinkTransform
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.columns.manytomanycolumn import ManyToManyColumn
from django_tables2.rows import BoundRow
from django_tables2.utils import A, AttributeDict, signature

TEMPLATE = "web/table.html"


class _Call:
    """A callable and the keyword arguments it takes, looked up once: django_tables2.utils.call_with_appropriate
    without the signature per call."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn = fn
        self.args, catch_all = signature(fn)
        self.everything = catch_all is not None

    def __call__(self, kwargs: dict[str, Any]) -> Any:
        if self.everything:
            return self.fn(**kwargs)
        if any(arg not in kwargs for arg in self.args):
            return None  # as call_with_appropriate: not called when an argument is missing
        return self.fn(**{arg: kwargs[arg] for arg in self.args})


def _computed(attrs: dict[str, Any], calls: dict[str, _Call], kwargs: dict[str, Any]) -> dict[str, Any]:
    """django_tables2.utils.computed_values of a flat dict whose callables are prepared in ``calls``."""
    return {key: calls[key](kwargs) if key in calls else value for key, value in attrs.items()}


def _calls(attrs: dict[str, Any]) -> dict[str, _Call] | None:
    """The prepared callables of a flat attribute dict; None when a value is a nested dict (left to the library)."""
    if any(isinstance(value, dict) for value in attrs.values()):
        return None
    return {key: _Call(value) for key, value in attrs.items() if callable(value)}


class _Column:
    """One bound column, prepared for every cell of one rendering (django_tables2.rows.BoundRow.get_cell)."""

    def __init__(self, table: tables.Table, bound: Any) -> None:
        self.bound, self.column, self.table = bound, bound.column, table
        self.accessor = A(bound.accessor)
        self.default = bound.default
        self.localize = bound.localize
        self.many = isinstance(self.column, ManyToManyColumn)
        self.text_link = isinstance(self.column, BaseLinkColumn) and self.column.text is not None
        self.render = self._template_render() or _Call(bound.render)
        self.link = bound.link
        self.url: _Call | None = None
        if isinstance(self.link, LinkTransform) and callable(self.link.url) and not any(
                callable(v) or isinstance(v, dict) for v in (self.link.attrs or {}).values()):
            self.url, self.link_attrs = _Call(self.link.url), dict(self.link.attrs or {})
        self.displays: dict[tuple[type, type], bool] = {}
        # the cell's attributes: once, unless a callable computes them from the row
        own = {**table.attrs, **self.column.attrs}
        td = own.get("td", own.get("cell", {}))
        self.td = None if any(callable(v) or isinstance(v, dict) for v in td.values()) else self._td()

    def _template_render(self) -> _Call | None:
        """A TemplateColumn's inline template, compiled once instead of for every cell."""
        column = self.column
        if not isinstance(column, tables.TemplateColumn) or not column.template_code:
            return None
        if getattr(self.bound.render, "__func__", None) is not tables.TemplateColumn.render:
            return None  # a render_FOO of the table or a subclass's own render: theirs
        template = Template(column.template_code)

        def render(record: Any, table: Any, value: Any, bound_column: Any, **kwargs: Any) -> str:
            # TemplateColumn.render with the compiled template
            parent = getattr(table, "context", Context())
            context = column.get_context_data(record=record, table=table, value=value, bound_column=bound_column,
                                              **kwargs)
            with parent.update(context):
                parent["request"] = getattr(table, "request", None)
                return template.render(parent)

        return _Call(render)

    def _td(self) -> str:
        return str(self.bound.attrs["td"].as_html())

    def _shows_display(self, record: Any, penultimate: Any, remainder: str) -> bool:
        """Whether the cell shows get_FOO_display() (a field with choices), as BoundRow does; by the models."""
        key = (type(record), type(penultimate))
        if key not in self.displays:
            try:
                field = self.accessor.get_field(record)
            except FieldDoesNotExist:
                field = None
            shown = bool(getattr(field, "choices", ()))
            self.displays[key] = shown and hasattr(penultimate, f"get_{remainder}_display")
        return self.displays[key]

    def cell(self, row: Any) -> Any:
        """BoundRow._get_and_render_with: the value, the empty default, the render and the link."""
        record = row.record
        value: Any = None
        penultimate, remainder = self.accessor.penultimate(record)
        if isinstance(penultimate, models.Model) and self._shows_display(record, penultimate, remainder):
            value, remainder = getattr(penultimate, f"get_{remainder}_display")(), None
        if remainder:
            try:
                value = self.accessor.resolve(record)
            except Exception:
                if self.text_link:  # a link column with its own text renders without a value (library issue #257)
                    return self._render(row, None)
        if value in self.column.empty_values or (self.many and not value.exists()):
            return self.default
        return self._render(row, value)

    def _render(self, row: Any, value: Any) -> Any:
        kwargs = {"value": value, "record": row.record, "column": self.column, "bound_column": self.bound,
                  "bound_row": row, "table": self.table}
        content = self.render(kwargs)
        if not self.link:
            return content
        if self.url is None:
            return self.link(content, **kwargs)
        href = self.url(kwargs)
        if href is None:
            return content
        return format_html("<a {}>{}</a>", AttributeDict({**self.link_attrs, "href": href}).as_html(), content)

    def td_html(self, row: Any, content: Any, context: Context) -> str:
        if self.td is not None:
            attrs = self.td
        else:  # the row's value and record, as BoundRow.items() hands them to the attributes' callables
            self.bound.current_value, self.bound.current_record = content, row.record
            attrs = self._td()
        if self.localize is not None:  # the |localize and |unlocalize of django-tables2's template
            content = localize(content, use_l10n=self.localize)
        return f"<td {attrs}>{render_value_in_context(content, context)}</td>"


class Table(tables.Table):
    """A django_tables2.Table rendered by web/table.html: its body from `body_html`, the rest as bootstrap5's."""

    @property
    def template_name(self) -> str:
        if self._template is not None:
            return str(self._template)
        own = self._meta.template_name
        return TEMPLATE if own == settings.DJANGO_TABLES2_TEMPLATE else own

    @template_name.setter
    def template_name(self, value: str | None) -> None:
        self._template = value

    def body_html(self) -> SafeString:
        """The rows of the page as <tr> elements: the library's cells, prepared per column."""
        columns = [_Column(self, bound) for bound in self.columns]
        row_calls = _calls(self.row_attrs)
        context = Context(autoescape=True)
        rows = []
        for row in self.paginated_rows:
            tr = self._tr(row, row_calls) if type(row) is BoundRow else row.attrs.as_html()
            cells = "".join(column.td_html(row, column.cell(row), context) for column in columns)
            rows.append(f"<tr {tr}>{cells}</tr>")
        return mark_safe("\n".join(rows))  # noqa: S308 - every piece is escaped or the library's safe HTML

    def _tr(self, row: Any, calls: dict[str, _Call] | None) -> str:
        """BoundRow.attrs with the callables prepared once."""
        if calls is None:
            return str(row.attrs.as_html())
        attrs = _computed(self.row_attrs, calls, {"table": self, "record": row.record})
        odd_even = row.get_even_odd_css_class()
        attrs["class"] = f"{attrs['class']} {odd_even}" if attrs.get("class") else odd_even
        return str(AttributeDict(attrs).as_html())

