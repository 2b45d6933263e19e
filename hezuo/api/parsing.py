"""The API's JSON bodies, refused whole when they hold a character no database can store (a
lone surrogate, NUL): the caller gets the API's "malformed" answer, not a server error from the
database after the checks passed."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.parser import Parser

from hezuo.core.plain import unstorable


class UnstorableText(Exception):
    """A request's text holds a character no database can store."""


class StrictJson(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        if unstorable(data):
            raise UnstorableText()
        return data
