"""Files people have (Markdown, HTML, feeds, our JSONL) into archive articles."""

from reader.importers.errors import ImportFailure
from reader.importers.runner import ImportListener, ImportSummary, run_import

__all__ = ["ImportFailure", "ImportListener", "ImportSummary", "run_import"]
