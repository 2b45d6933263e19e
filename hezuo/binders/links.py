"""Links within an evidence file still lead somewhere in the binder. A link may name its
target (a named destination, looked up in the file's catalogue) rather than point at a page;
the catalogue stays behind when pages are copied, so every such name is replaced, before
copying, by the destination it stands for. A name the file does not define leaves the link
inert rather than broken."""

from __future__ import annotations

from collections.abc import Sequence

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, String


def resolve_destinations(pdf: Pdf, annotated: Sequence[pikepdf.Page]) -> int:
    """Replace the named destinations ``pdf``'s links use by explicit ones (on ``annotated``,
    its pages with annotations); how many links were rewritten."""
    if not annotated:
        return 0
    names = _named_destinations(pdf)
    rewritten = 0
    for page in annotated:
        annotations = page.obj.get(Name.Annots)
        if not isinstance(annotations, Array):
            continue
        for annotation in annotations:
            if not isinstance(annotation, Dictionary):
                continue
            if Name.Dest in annotation and _is_name(annotation.Dest):
                found = names.get(_key(annotation.Dest))
                if found is None:
                    del annotation[Name.Dest]
                else:
                    annotation.Dest = found
                rewritten += 1
            action = annotation.get(Name.A)
            if (
                isinstance(action, Dictionary)
                and action.get(Name.S) == Name.GoTo
                and _is_name(action.get(Name.D))
            ):
                found = names.get(_key(action.D))
                if found is None:
                    del annotation[Name.A]
                else:
                    action.D = found
                rewritten += 1
    return rewritten


def _named_destinations(pdf: Pdf) -> dict[str, pikepdf.Object]:
    """Every named destination of ``pdf``: the PDF 1.1 /Dests dictionary and the /Dests name
    tree, each as its explicit destination array."""
    found: dict[str, pikepdf.Object] = {}
    old = pdf.Root.get(Name.Dests)
    if isinstance(old, Dictionary):
        for key, value in old.items():
            found[key.lstrip("/")] = value
    names = pdf.Root.get(Name.Names)
    if isinstance(names, Dictionary) and isinstance(names.get(Name.Dests), Dictionary):
        try:
            for key, value in pikepdf.NameTree(names.Dests).items():
                found[str(key)] = value
        except (pikepdf.PdfError, ValueError, TypeError):
            pass  # a broken name tree: the links it names are left inert
    explicit: dict[str, pikepdf.Object] = {}
    for key, value in found.items():
        target = value.get(Name.D) if isinstance(value, Dictionary) else value
        if isinstance(target, Array):
            explicit[key] = target
    return explicit


def _is_name(target: object) -> bool:
    return isinstance(target, String | Name)


def _key(target: pikepdf.Object) -> str:
    return str(target).lstrip("/") if isinstance(target, Name) else str(target)
