"""`hezuo search "香港" --school SLUG [--format json]`: the evidence search of the web page."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError, CommandParser

from hezuo.accounts.access import system_access
from hezuo.construction.selectors import project_get, task_get_by_code
from hezuo.core.commands import WorkCommand
from hezuo.core.errors import HezuoError
from hezuo.core.links import record_url
from hezuo.core.review import ReviewStatus
from hezuo.evidence.bigrams import Query, snippet
from hezuo.evidence.models import EvidenceKind
from hezuo.evidence.searching import SearchFilters
from hezuo.evidence.selectors import evidence_search


class Command(WorkCommand):
    help = "Search a school's evidence (codes, titles, descriptions, files' text)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", help="what to look for; several words must all occur")
        parser.add_argument("--school", required=True, help="the school's slug")
        parser.add_argument("--kind", choices=EvidenceKind.values, default="")
        parser.add_argument("--year", type=int, help="the material's date falls in this year")
        parser.add_argument("--status", choices=ReviewStatus.values, default="")
        parser.add_argument("--project", type=int, help="project id, with --task")
        parser.add_argument("--task", help="a task code (with --project), e.g. 9.2")
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            access = system_access(school=options["school"])
            task = None
            if options["task"]:
                if options["project"] is None:
                    raise CommandError("--task needs --project (the project's id)")
                project = project_get(access=access, pk=options["project"])
                task = task_get_by_code(access=access, project=project, code=options["task"])
            found = evidence_search(
                access=access,
                text=options["text"],
                filters=SearchFilters(
                    kind=options["kind"],
                    year=options["year"],
                    task=task,
                    review_status=options["status"],
                ),
                limit=options["limit"],
            )
        except HezuoError as error:
            raise CommandError(error.message) from None
        terms = Query.parse(options["text"]).terms
        rows = [
            {
                "code": item.code,
                "title": item.title,
                "kind": item.kind,
                "review_status": item.review_status,
                "task": item.task.code,
                "snippet": "".join(
                    f"[{piece}]" if marked else piece
                    for piece, marked in snippet(item.search_text, terms)
                ),
                "url": record_url(access.school, item),
            }
            for item in found
        ]
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(f"{row['code']:<14} {row['title']}")
            self.stdout.write(f"{'':<14} {row['snippet']}")
        self.stdout.write(f"({len(rows)})")
