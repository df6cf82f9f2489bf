"""The knowledge-base YAML format (docs/knowledge-format.md): export, import, seed content.

Parsing walks PyYAML's node tree rather than loaded Python values, so that every problem
is reported with the line it is on. An import checks the whole file before it writes,
and writes in one transaction: a file is taken completely or not at all.
"""

from __future__ import annotations

from grensdesk.services.knowledge_format_documents import (
    DEFAULT_AUTHOR,
    FORMAT_VERSION,
    ComparisonDocument,
    ImportResult,
    KnowledgeFormatError,
    content_of,
)
from grensdesk.services.knowledge_format_export import export_file, export_yaml
from grensdesk.services.knowledge_format_import import (
    CONTENT_DIR,
    import_file,
    import_yaml,
    load_published_content,
    read_file,
)
from grensdesk.services.knowledge_format_parsing import parse_knowledge

# The names callers and tests import from here; the work is done in knowledge_format_*.
__all__ = [
    "CONTENT_DIR",
    "DEFAULT_AUTHOR",
    "FORMAT_VERSION",
    "ComparisonDocument",
    "ImportResult",
    "KnowledgeFormatError",
    "content_of",
    "export_file",
    "export_yaml",
    "import_file",
    "import_yaml",
    "load_published_content",
    "parse_knowledge",
    "read_file",
]
