"""GET and HEAD requests read from the replica when one is configured (hezuo.core.replica); any
other request, and every installation without a replica, reads the primary."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from hezuo.core.replica import REPLICA, replica_reads

READS = frozenset({"GET", "HEAD"})


class ReplicaReadsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.replica = REPLICA in settings.DATABASES

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if self.replica and request.method in READS:
            with replica_reads():
                return self.get_response(request)
        return self.get_response(request)
