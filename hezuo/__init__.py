"""hezuo (合作): the international-exchange office's records, figures, reports and binders."""
