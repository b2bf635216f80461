"""The ``<code:…>`` URL parameter: a unit's or an indicator's code, which never holds a slash or a control character.

A code that cannot be one answers 404 at the URL resolver, before any view hands it to the database (PostgreSQL
refuses a NUL in text outright). Codes are data an admin keeps, so any other character may be part of one.
"""

from django.urls import register_converter


class CodeConverter:
    regex = r"[^/\x00-\x1f\x7f]{1,40}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CodeConverter, "code")
