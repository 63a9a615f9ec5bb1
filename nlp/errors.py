"""Why a document could not be read. Every error names the file (or source) and the reason."""

from __future__ import annotations

from liantu.errors import InvalidInput


class ExtractionError(InvalidInput):
    """A document that cannot be turned into text worth extracting from."""

    code = "extraction_error"

    def __init__(self, source: str | None, reason: str) -> None:
        self.source = source or "<text>"
        self.reason = reason
        super().__init__(f"{self.source}: {reason}")


class EmptyDocument(ExtractionError):
    code = "empty_document"


class BinaryDocument(ExtractionError):
    code = "binary_document"


class UndecodableDocument(ExtractionError):
    code = "undecodable_document"


class NotChineseDocument(ExtractionError):
    code = "not_chinese_document"


class TruncatedDocument(ExtractionError):
    code = "truncated_document"


class DocumentTooLarge(ExtractionError):
    code = "document_too_large"
