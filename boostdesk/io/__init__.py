"""Summary tables in and out: templates (openpyxl), import (python-calamine). No Qt.

``boostdesk.io.importer``: ``read_table``; ``boostdesk.io.import_commit``: ``commit``;
``boostdesk.io.template``: ``write_template``; ``boostdesk.io.headers``: the columns and
accepted header wordings.
"""

from .errors import CellError, ImportCancelled, ImportFailed, ImportRefused

__all__ = ["CellError", "ImportCancelled", "ImportFailed", "ImportRefused"]
