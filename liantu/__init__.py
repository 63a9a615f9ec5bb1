"""Liantu (链图): an enterprise-relationship knowledge graph for Chinese banks."""

__version__ = "0.1.0"
