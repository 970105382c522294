"""The Chinese catalogue is complete: every message extracted from the code has a translation."""

from pathlib import Path

from babel.messages.pofile import read_po

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_every_message_has_a_chinese_translation():
    with CATALOGUE.open("rb") as file:
        catalogue = read_po(file, locale="zh_Hans")
    untranslated = [
        message.id for message in catalogue
        if message.id and (not message.string or not all(message.string) if isinstance(message.string, tuple)
                           else not message.string)
    ]
    fuzzy = [message.id for message in catalogue if message.id and message.fuzzy]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"
