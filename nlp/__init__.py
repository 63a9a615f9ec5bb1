"""Structured facts from Chinese court documents and administrative penalty decisions.

Public entry points live in `nlp.extract` (extract_text, extract_file) and `nlp.pipeline`
(load_user_dictionary). Bump EXTRACTOR_VERSION whenever an extractor's output can change, so facts
already in the graph can be traced to the code that produced them.
"""

from __future__ import annotations

EXTRACTOR_VERSION = "liantu-nlp/0.2.0"

__all__ = ["EXTRACTOR_VERSION"]
