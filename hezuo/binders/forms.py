"""Filled forms as they were filled: copying pages into a binder leaves a document's form
(/AcroForm) behind, and with it every field's value. Before its pages are copied, each field
gets an appearance showing its value and is drawn into its page, as printed. What cannot be
kept is said: an XFA form (its pages may be only the “please wait” page a reader without XFA
shows) and a signature (its look is kept, but a signature cannot stay valid in another
document)."""

from __future__ import annotations

from collections.abc import Sequence

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

from hezuo.binders import problems
from hezuo.binders.problems import Problem


def settle_forms(pdf: Pdf, annotated: Sequence[pikepdf.Page]) -> tuple[Problem, ...]:
    """Draw ``pdf``'s filled fields into its pages; what its form loses in a binder.
    ``annotated``: its pages that have annotations (the others hold no field)."""
    form = pdf.Root.get(Name.AcroForm)
    if not isinstance(form, Dictionary):
        widgets = [
            annotation
            for page in annotated
            for annotation in page.obj.get(Name.Annots, Array())
            if isinstance(annotation, Dictionary) and annotation.get(Name.Subtype) == Name.Widget
        ]
        if not widgets:
            return ()
        # Fields of no form (a file that lost its form, or a hostile one): drawn as any
        # other, through a form made for them.
        form = pdf.Root.AcroForm = Dictionary(Fields=Array(widgets))
    found: list[Problem] = []
    if Name.XFA in form:  # a binder holds pages: the form's own fields are what is kept
        del form[Name.XFA]
        found.append(Problem(problems.XFA_FORM))
    fields = form.get(Name.Fields)
    if isinstance(fields, Array) and any(_signed(field) for field in fields):
        found.append(Problem(problems.SIGNED))
    try:
        form.NeedAppearances = True  # qpdf draws a field's appearance only when asked to
        pdf.generate_appearance_streams()
        pdf.flatten_annotations("print")
    except pikepdf.PdfError as error:  # a form qpdf cannot draw: its fields go as they are
        found.append(Problem(problems.FORM_NOT_DRAWN, str(error).splitlines()[0][:200]))
        return tuple(found)
    # What is left of the form (a signature, a field with nothing to show) would be a field of
    # no form once its page is copied.
    for page in annotated:
        annotations = page.obj.get(Name.Annots)
        if isinstance(annotations, Array):
            page.obj.Annots = Array(
                [item for item in annotations if item.get(Name.Subtype) != Name.Widget]
            )
    return tuple(found)


def _signed(field: pikepdf.Object, depth: int = 0) -> bool:
    """Whether ``field`` or a field below it is a signature with a value (signed)."""
    if not isinstance(field, Dictionary) or depth > 32:
        return False
    if field.get(Name.FT) == Name.Sig and Name.V in field:
        return True
    kids = field.get(Name.Kids)
    return isinstance(kids, Array) and any(_signed(kid, depth + 1) for kid in kids)
