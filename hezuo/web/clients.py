"""Who is on the other end of a request. Behind a proxy, every request comes from the proxy's
address; the visitor's is in ``X-Forwarded-For``, which anyone can write, so it is believed only
when the request comes from a proxy listed in ``HEZUO_TRUSTED_PROXIES`` (and only for the hops
those proxies added)."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return any(
        address in ipaddress.ip_network(network, strict=False)
        for network in settings.HEZUO_TRUSTED_PROXIES
    )


def client_address(request: HttpRequest) -> str | None:
    """The visitor's address: the nearest address in the forwarding chain that is not one of
    the trusted proxies."""
    current = _address(str(request.META.get("REMOTE_ADDR", "")))
    if current is None:
        return None
    hops = [hop for hop in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if hop]
    while _trusted(current) and hops:
        previous = _address(hops.pop())
        if previous is None:  # a proxy wrote something that is not an address: stop there
            break
        current = previous
    return str(current)
