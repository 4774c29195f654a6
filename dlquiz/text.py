"""Bilingual text: every sentence a student reads exists in English and Traditional Chinese."""

from __future__ import annotations

from dataclasses import dataclass

LANGS = ("en", "zh", "both")


def single(lang: str) -> str:
    """The language of a title, a prompt or a command line: in "both", English (the content
    around it carries both languages, and a prompt stays on one short line)."""
    return "en" if lang == "both" else lang


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
        """Both languages with the `{name}` fields filled in; a field that is itself a Text
        gives each language its own words."""
        en = {k: v.en if isinstance(v, Text) else v for k, v in fields.items()}
        zh = {k: v.zh if isinstance(v, Text) else v for k, v in fields.items()}
        return Text(self.en.format(**en), self.zh.format(**zh))

    def __add__(self, other: Text) -> Text:
        return Text(self.en + other.en, self.zh + other.zh)
