"""Finding the article inside a whole web page saved as text (kg.documents.article)."""

from __future__ import annotations

from kg.documents import read_bytes
from kg.documents.article import find_article, is_prose, unglue

# A page as a browser's "save as text" or a tag stripper gives it: the title with the site's
# name, menus glued together, a byline, the story, then teasers of other stories.
PAGE = "\n".join(
    [
        'Envoys of Norway and Chile sign fisheries pact in Oslo | World News - The Daily Lantern',
        'HomeWorldPoliticsBusinessSportOpinionSign InSubscribe',
        'World',
        'Europe',
        'Americas',
        'Most Read',
        'Share',
        'By Ada Quist',
        "Oslo, May 3 - Norway's foreign minister, Jonas Gahr Store, and his Chilean "
        'counterpart signed a fisheries agreement on Tuesday after two days of talks in '
        'the Norwegian capital.',
        "The pact lets vessels of both countries fish in each other's waters under shared "
        'quotas, the foreign ministry said in a statement.',
        'Officials said the talks had been tense at times but ended with a joint news conference.',
        'Related Stories',
        'Storm closes ports along the coast',
        '2024-05-02',
        'Forecasters said the storm would reach the capital by Friday and urged residents '
        'to stay indoors while it passed.',
        'Football club names new coach',
        'Privacy Policy',
        'Terms of Use',
        '',
    ]
)


def test_the_article_of_a_page_is_its_story_and_headline():
    doc = read_bytes(PAGE.encode(), "page.txt", kind="text")
    assert doc.text.split("\n\n") == [
        "Envoys of Norway and Chile sign fisheries pact in Oslo",
        "Oslo, May 3 - Norway's foreign minister, Jonas Gahr Store, and his Chilean counterpart "
        "signed a fisheries agreement on Tuesday after two days of talks in the Norwegian capital.",
        "The pact lets vessels of both countries fish in each other's waters under shared quotas, "
        "the foreign ministry said in a statement.",
        "Officials said the talks had been tense at times but ended with a joint news conference.",
    ]
    assert (
        "Forecasters said the storm would reach the capital by Friday and urged residents to stay "
        "indoors while it passed." in doc.removed
    )
    assert doc.title == "Envoys of Norway and Chile sign fisheries pact in Oslo"


def test_an_ordinary_article_passes_through_whole():
    paragraphs = [
        "Ministers meet in Vienna",
        "The foreign ministers of Austria and Hungary met in Vienna on Monday.",
        "They discussed transit routes.",
        "Reuters",
    ]
    assert find_article(paragraphs) == paragraphs


def test_glued_elements_are_split_only_where_seams_are_dense():
    assert unglue(["SportRadioMusicListen Live"]) == ["Sport", "Radio", "Music", "Listen Live"]
    sentence = "ExxonMobil and PayPal said on Monday they would cut costs."
    assert unglue([sentence]) == [sentence]
    assert unglue(["Menu Top StoriesLocalWorld said it.The end"]) == [
        "Menu Top Stories", "Local", "World said it.", "The end",
    ]


def test_prose_is_told_from_chrome_by_shape():
    assert is_prose("The minister said the talks in Geneva had ended without an agreement.")
    assert not is_prose("Entertainment & Arts Health In Pictures Also in the News")
    assert not is_prose("Taiwan on alert over Chinese carrier")
