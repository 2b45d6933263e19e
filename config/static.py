"""Static files as WhiteNoise serves them: compressed, under names with their content's hash
(cached for a year by browsers and proxies), once ``hezuo upgrade`` has collected them. Until
then — the demo on a laptop, the tests — a file keeps its own name."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFiles(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    def stored_name(self, name: str) -> str:
        if not self.hashed_files:  # nothing collected yet
            return name
        stored: str = super().stored_name(name)
        return stored
