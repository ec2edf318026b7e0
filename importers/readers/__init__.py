"""Readers turn a source document into blocks of text and tables with their line or page numbers."""
