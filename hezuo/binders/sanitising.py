"""Active content taken out of the pages a binder copies: experts open the binder, and nothing
in it may run a script, start a program, send a form or open another file.

Removed: actions that run (JavaScript, Launch), send or fetch (SubmitForm, ImportData), open
another or an embedded file (GoToR, GoToE, file: and javascript: links), play media; the
additional actions (/AA) pages, fields and links fire on their own; file attachments and media
annotations. Kept: links within the document (GoTo), to the web (http, https, mailto) and named
actions (next page …), so a reader still follows them."""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name

RUNNING = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/ResetForm",
        "/GoToR",
        "/GoToE",
        "/Rendition",
        "/Sound",
        "/Movie",
        "/RichMediaExecute",
    }
)
SAFE_SCHEMES = ("http://", "https://", "mailto:")
MEDIA_ANNOTATIONS = frozenset(
    {"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"}
)


def strip_page(page: pikepdf.Page) -> int:
    """Take active content off ``page``; how many entries were removed."""
    removed = 0
    if Name.AA in page.obj:
        del page.obj[Name.AA]
        removed += 1
    annotations = page.obj.get(Name.Annots)
    if not isinstance(annotations, Array):
        return removed
    kept = Array()
    for annotation in annotations:
        if not isinstance(annotation, Dictionary):
            continue
        if str(annotation.get(Name.Subtype, "")) in MEDIA_ANNOTATIONS:
            removed += 1
            continue
        if Name.AA in annotation:
            del annotation[Name.AA]
            removed += 1
        action = annotation.get(Name.A)
        if isinstance(action, Dictionary):
            if _runs(action):
                del annotation[Name.A]
                removed += 1
            else:
                removed += _strip_next(action)
        kept.append(annotation)
    if removed:
        page.obj.Annots = kept
    return removed


def strip_catalogue(pdf: pikepdf.Pdf) -> int:
    """Take what runs when the document opens off its catalogue; how many entries went."""
    removed = 0
    for key in (Name.OpenAction, Name.AA):
        if key in pdf.Root:
            del pdf.Root[key]
            removed += 1
    names = pdf.Root.get(Name.Names)
    if isinstance(names, Dictionary):
        for key in (Name.JavaScript, Name.EmbeddedFiles):
            if key in names:
                del names[key]
                removed += 1
    return removed


def _runs(action: Dictionary) -> bool:
    kind = str(action.get(Name.S, ""))
    if kind in RUNNING:
        return True
    if kind == "/URI":
        target = str(action.get(Name.URI, "")).strip().lower()
        return not target.startswith(SAFE_SCHEMES)
    return False


def _strip_next(action: Dictionary) -> int:
    """Actions chained after a kept one (/Next) that run: taken off the chain."""
    chained = action.get(Name.Next)
    if chained is None:
        return 0
    items: list[pikepdf.Object] = (
        [chained]
        if isinstance(chained, Dictionary)
        else list(chained.as_list())
        if isinstance(chained, Array)
        else []
    )
    kept = [item for item in items if isinstance(item, Dictionary) and not _runs(item)]
    removed = len(items) - len(kept)
    if removed:
        if kept:
            action.Next = Array(kept)
        else:
            del action[Name.Next]
    return removed + sum(_strip_next(item) for item in kept)


def attachments(pdf: pikepdf.Pdf) -> int:
    """How many files ``pdf`` carries attached to the document (its /EmbeddedFiles): copying its
    pages leaves them behind."""
    names = pdf.Root.get(Name.Names)
    if not isinstance(names, Dictionary) or not isinstance(
        names.get(Name.EmbeddedFiles), Dictionary
    ):
        return 0
    try:
        return len(pikepdf.NameTree(names.EmbeddedFiles))
    except (pikepdf.PdfError, ValueError, TypeError):
        return 0
