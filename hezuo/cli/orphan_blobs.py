"""`hezuo orphan_blobs [--grace-hours N] [--delete]`: the stored files no record refers to
(hezuo/files/orphans.py), listed with their sizes; removed only with ``--delete``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hezuo.cli.archive import megabytes
from hezuo.files.inventory import StoreEntry
from hezuo.files.orphans import delete_orphans, find_orphans


def _list(entries: list[StoreEntry]) -> None:
    for entry in entries:
        when = entry.modified_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
        print(f"  {entry.key}  {entry.size:>12,}  {when} UTC")
    total = sum(entry.size for entry in entries)
    print(
        f"  共 {len(entries)} 个，{megabytes(total)} / {len(entries)} in total, {megabytes(total)}"
    )


def orphan_blobs(*, grace_hours: int, delete: bool) -> int:
    search = find_orphans(now=datetime.now(UTC), grace=timedelta(hours=grace_hours))
    print(
        f"无记录引用、早于 {grace_hours} 小时的文件 / blobs no record refers to, older than "
        f"{grace_hours} h:"
    )
    _list(search.orphans)
    if search.temporaries:
        print(
            f"写入中断留下的临时文件（早于 {grace_hours} 小时）/ temporary files left by "
            f"interrupted writes (older than {grace_hours} h):"
        )
        _list(search.temporaries)
    if search.recent:
        print(
            f"另有 {search.recent} 个较新的未引用文件未列出（可能正在上传）/ {search.recent} "
            "newer unreferenced files are left alone (uploads may be under way)"
        )
    if search.unknown:
        print("不是 hezuo 写入的文件，未处理 / files hezuo did not write, left alone:")
        _list(search.unknown)
    candidates = search.orphans + search.temporaries
    if not delete:
        if candidates:
            print(
                "未删除任何文件；加 --delete 删除以上文件 / nothing deleted: add --delete to "
                "remove them"
            )
        return 0
    removed, kept = delete_orphans(candidates, cutoff=search.cutoff)
    freed = sum(entry.size for entry in removed)
    print(
        f"已删除 {len(removed)} 个，释放 {megabytes(freed)} / deleted {len(removed)}, "
        f"{megabytes(freed)} freed"
    )
    for entry in kept:
        print(
            f"  保留（刚被新记录引用）/ kept (a record refers to it now): {entry.key}",
        )
    return 0
