"""Pieces of the API schema every group of endpoints shares: the 404 answer, a nested path's parent id, named enums."""

from __future__ import annotations

import functools
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers

NOT_FOUND = OpenApiResponse(description=_("Not found, or not visible to the user."))


def nested_under(name: str, description: Any) -> Any:
    """The schema of the parent's id in a nested path (spectacular cannot find it on the model)."""
    return extend_schema(parameters=[OpenApiParameter(name, int, OpenApiParameter.PATH, description=description)])


@functools.cache
def _enum_field_class(choices: type[models.TextChoices]) -> type[serializers.ChoiceField]:
    field_class = type(f"{choices.__name__}Field", (serializers.ChoiceField,), {})
    schema = {"type": "string", "enum": list(choices.values)}
    return extend_schema_field(schema, component_name=f"{choices.__name__}Enum")(field_class)


def enum_field(choices: type[models.TextChoices], **kwargs: Any) -> serializers.ChoiceField:
    """A choice among ``choices``, one named enum in the schema whichever serializer uses it (left to itself,
    spectacular names every «status» of the API by a hash and warns)."""
    return _enum_field_class(choices)(choices=choices.choices, **kwargs)
