"""What a process that serves pages does once, before its first request.

Django imports the URL configuration — every view, the API and what they import — at the first
request; here it is imported at start, so the first person to ask does not wait for it. Then
everything alive (the code of Django, hezuo and their libraries: some 200,000 objects that live
as long as the process) is moved out of the garbage collector's reach with ``gc.freeze``: a
full collection, which a page that makes many objects sets off every second or third request,
then scans only what requests made instead of every module, class and function each time
(75 ms of a 290 ms indicator page at 1,000,000 rows, ``benchmarks/bench_indicators.py``).
Frozen objects are still freed when nothing refers to them; only cycles among them would stay,
and the code that is frozen stays for the life of the process anyway."""

from __future__ import annotations

import gc

from django.urls import get_resolver


def settle() -> None:
    get_resolver().url_patterns  # noqa: B018  # imports every view and the API
    gc.collect()
    gc.freeze()
