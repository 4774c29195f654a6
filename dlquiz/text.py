"""Bilingual text: every sentence a student reads exists in English and Traditional Chinese."""

from __future__ import annotations

from dataclasses import dataclass

LANGS = ("en", "zh", "both")


@dataclass(frozen=True)
class Text:
    """One piece of content in English and Traditional Chinese."""

    en: str
    zh: str

    def get(self, lang: str, sep: str = "\n") -> str:
        """The text in `lang`; "both" gives the English, then `sep`, then the Chinese."""
        if lang == "en":
            return self.en
        if lang == "zh":
            return self.zh
        return f"{self.en}{sep}{self.zh}"

    def format(self, **fields: object) -> Text:
        """Both languages with the same `{name}` fields filled in."""
        return Text(self.en.format(**fields), self.zh.format(**fields))

    def __add__(self, other: Text) -> Text:
        return Text(self.en + other.en, self.zh + other.zh)
