"""Calling a service from the API: its refusals as the API's answers (403, 400 with messages by input field), and
the input read by a serializer before the call."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers
from rest_framework.request import Request

from cityorder.jobs.services import JobFailed

T = TypeVar("T")

# demand.lines.clean_line_fields names a bad quantity «quantity:2027» and a missing one «quantity».
YEAR_KEY = "quantity:"


def api_errors(exc: DjangoValidationError) -> dict[str, Any]:
    """A service's ValidationError as the API's 400 body: messages by input field, quantities by year."""
    if not hasattr(exc, "error_dict"):
        return {"non_field_errors": exc.messages}
    errors: dict[str, Any] = {}
    by_year: dict[str, list[str]] = {}
    for key, messages in exc.message_dict.items():
        if key.startswith(YEAR_KEY):
            by_year[key.removeprefix(YEAR_KEY)] = messages
        elif key == "quantity":
            errors["quantities"] = messages
        elif key == NON_FIELD_ERRORS:
            errors["non_field_errors"] = messages
        else:
            errors[key] = messages
    if by_year:
        errors["quantities"] = by_year
    return errors


def call(fn: Callable[..., T], **kwargs: Any) -> T:
    """Run a service: its PermissionDenied becomes 403, its ValidationError (and a job's refusal) 400."""
    try:
        return fn(**kwargs)
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None) from exc
    except DjangoValidationError as exc:
        raise exceptions.ValidationError(api_errors(exc)) from exc
    except JobFailed as exc:
        raise exceptions.ValidationError({"non_field_errors": [str(exc)]}) from exc


def read_input(serializer_class: type[serializers.Serializer], request: Request, *, partial: bool = False,
               instance: Any = None) -> Any:
    data = serializer_class(instance, data=request.data, partial=partial, context={"request": request})
    data.is_valid(raise_exception=True)
    return data.validated_data
