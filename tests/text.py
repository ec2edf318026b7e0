"""Test helpers for reading rendered pages."""

import re

_RUBY_ANNOTATION = re.compile(r"<rp>[^<]*</rp>|<rt>[^<]*</rt>|</?ruby>")


def without_ruby(html: str) -> str:
    """The page as a reader with ふりがな off sees it: ruby readings and their tags removed (漢字 stays)."""
    return _RUBY_ANNOTATION.sub("", html)
