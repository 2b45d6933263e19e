"""What the files app tells the apps above it (it never imports them)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent with ``stored_file`` when a file's PDF rendition and text are settled (ready or not).
file_processed = Signal()
