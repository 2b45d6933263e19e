"""Two offices' clients replacing the same activity's participation rows at the same moment,
through the production server on the run's database (a SQLite file, or PostgreSQL): the rows
end as one client's set or the other's, never both (which would count the person-days twice)."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.stack import Installation, demo_installation, serve

ROUNDS = 12
SETUP = """
from hezuo.accounts.access import access_for
from hezuo.accounts.models import User
from hezuo.accounts.services import api_token_create
from hezuo.activities.models import Activity
access = access_for(user=User.objects.get(username="torch-admin"), school="zhongshan-torch")
activity = Activity.objects.filter(school=access.school).order_by("pk").first()
print(api_token_create(access=access, name="concurrency")[1], activity.pk)
"""


@pytest.fixture
def stack(tmp_path: Path, s3_endpoint: str) -> Iterator[Installation]:
    with demo_installation(tmp_path / "stack", s3_endpoint) as made:
        yield made


def rows_of(headcount: int, count: int) -> list[dict[str, object]]:
    return [
        {"person_category": "student", "role": "trainee", "headcount": headcount, "days": 2}
        for _ in range(count)
    ]


def request(method: str, url: str, token: str, body: object = None) -> tuple[int, object]:
    data = json.dumps(body).encode() if body is not None else None
    sent = urllib.request.Request(
        url,
        data=data,
        method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(sent, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_two_replacements_at_once_leave_one_set_of_rows(stack: Installation) -> None:
    token, activity = stack.run("manage", "shell", "-c", SETUP).stdout.splitlines()[-1].split()
    site = serve(stack, workers=1)
    url = f"{site}/api/v1/schools/zhongshan-torch/activities/{activity}/participations/"
    first, second = rows_of(1, 2), rows_of(7, 3)
    for _ in range(ROUNDS):
        assert request("PUT", url, token, rows_of(3, 1))[0] == 200  # a known start
        start = threading.Barrier(2)
        answers: list[int] = []

        def replace(
            rows: list[dict[str, object]],
            start: threading.Barrier = start,
            answers: list[int] = answers,
        ) -> None:
            start.wait()
            answers.append(request("PUT", url, token, rows)[0])

        threads = [threading.Thread(target=replace, args=(rows,)) for rows in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert answers == [200, 200], answers
        status, body = request("GET", url, token)
        assert status == 200, body
        assert isinstance(body, dict)
        headcounts = sorted(row["headcount"] for row in body["rows"])
        assert headcounts in ([1, 1], [7, 7, 7]), f"both sets or neither: {headcounts}"
