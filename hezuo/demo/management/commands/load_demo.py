"""`hezuo load_demo`: create the two seed schools and their demo users (only once)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import transaction

from hezuo.accounts.access import system_access
from hezuo.core.commands import WorkCommand
from hezuo.demo.evidence_files import attach_demo_files
from hezuo.demo.loader import DEMO_SCHOOLS, load_demo
from hezuo.demo.users import BOTH_SCHOOLS_VIEWER, DEMO_PASSWORD, PLATFORM_ADMIN
from hezuo.files.storage import store_problem


class Command(WorkCommand):
    help = "Load the demo schools from the seed documents (does nothing if they exist)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--without-files",
            action="store_true",
            help="leave the evidence items without their illustrative documents",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with_files = not options["without_files"]
        problem = store_problem() if with_files else ""
        if problem:
            raise CommandError(f"文件存储不可用 / the file store cannot be used: {problem}")
        # All or nothing: a school whose files could not be stored is not left behind.
        with transaction.atomic():
            schools = load_demo()
            if schools and with_files:
                for school in schools:
                    attach_demo_files(system_access(school=school))
        if schools:
            names = "、".join(school.name for school in schools)
            self.stdout.write(self.style.SUCCESS(f"已载入演示学校：{names}"))
        else:
            self.stdout.write("演示数据已存在，未作改动。")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        self.stdout.write(f"  {'(platform)':<18} {PLATFORM_ADMIN:<18} 平台管理员（管理后台）")
        self.stdout.write(f"  {'(both schools)':<18} {BOTH_SCHOOLS_VIEWER:<18} 查看者（两校）")
        for demo in DEMO_SCHOOLS:
            for user in demo.users:
                self.stdout.write(f"  {demo.slug:<18} {user.username:<18} {user.role.label}")
