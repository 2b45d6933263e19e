"""Demo sign-ins: one user per role per school, all with the same password."""

from __future__ import annotations

from dataclasses import dataclass

from hezuo.accounts.models import Role

DEMO_PASSWORD = "hezuo-demo"
PLATFORM_ADMIN = "platform-admin"  # superuser of the whole platform (admin site)
BOTH_SCHOOLS_VIEWER = "province-viewer"  # a viewer in both demo schools


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    role: Role
    department: str | None = None  # department name, for department roles


def demo_users(
    prefix: str, school_short: str, *, liaison_dept: str, owner_dept: str
) -> list[DemoUser]:
    return [
        DemoUser(f"{prefix}-admin", f"{school_short}外事管理员", Role.OFFICE_ADMIN),
        DemoUser(
            f"{prefix}-liaison",
            f"{school_short}二级学院联络员",
            Role.DEPARTMENT_LIAISON,
            liaison_dept,
        ),
        DemoUser(f"{prefix}-owner", f"{school_short}任务负责人", Role.TASK_OWNER, owner_dept),
        DemoUser(f"{prefix}-reviewer", f"{school_short}审核人", Role.REVIEWER),
        DemoUser(f"{prefix}-viewer", f"{school_short}校领导", Role.VIEWER),
        DemoUser(f"{prefix}-expert", f"{school_short}评审专家", Role.EXPERT),
    ]
