"""The page's two languages: every claim text and every template message has its Chinese
translation, and the catalogs compile."""

import pytest

from claims.catalog import CLAIMS, claim_by_id
from reports.page.i18n import (
    LANGUAGES,
    claim_messages,
    load_translations,
    read_catalog,
    template_messages,
    untranslated,
)


def test_every_claim_title_statement_and_reason_has_a_chinese_translation():
    # Keyed by (claim id, English text): an edited English text shows up here as missing.
    missing = untranslated("zh", claim_messages(CLAIMS))
    assert missing == [], (
        f"{len(missing)} claim texts lack a Chinese translation "
        f"(python -m reports.page.i18n lists them): {missing[:5]}"
    )


def test_every_message_the_templates_mark_has_a_chinese_translation():
    messages = template_messages()
    assert len(messages) > 50  # the templates do mark their words for translation
    assert untranslated("zh", messages) == []


def test_a_missing_translation_is_reported():
    assert untranslated("zh", [("no-such-claim", "A sentence nobody translated.")]) == [
        ("no-such-claim", "A sentence nobody translated.")
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogs_compile_and_translate_by_claim_id(lang):
    translations = load_translations(lang)
    claim = CLAIMS[0]
    text = translations.pgettext(claim.id, claim.title)
    assert text and (lang == "en") == (text == claim.title)


def test_english_catalog_only_rewords_texts_of_existing_claims():
    # titles re-worded, and formulas written as $...$ so that the page shows them as MathML
    for message in read_catalog("en"):
        if message.id:
            claim = claim_by_id(message.context)
            assert message.id in (claim.title, claim.statement, claim.reason)
            assert message.string and message.string != message.id


def test_unknown_language_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="en, zh"):
        load_translations("fr")


def test_every_figure_word_and_generated_sentence_has_a_chinese_translation():
    from reports.page.i18n import figure_messages, generated_messages

    messages = figure_messages() + generated_messages()
    assert len(messages) >= 10
    assert untranslated("zh", messages) == []
