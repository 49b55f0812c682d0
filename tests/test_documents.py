"""Ingest: sources → clean Documents (text, Markdown, HTML, folders, stdin, metadata, errors)."""

from __future__ import annotations

import hashlib
import io
import types
from pathlib import Path

import pytest

from kg.documents import cleaners as cl
from kg.documents import (
    count_sources,
    iter_source_paths,
    normalize_date,
    read_bytes,
    read_path,
    read_sources,
)
from kg.documents.text import paragraphs, split_front_matter
from kg.errors import InputError
from kg.model import short_hash

DATA = Path(__file__).parent / "data" / "ingest"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"  # ../shared beside the checkout
SEED = SHARED / "seeds" / "000_e91530ba542469f3.txt"


def paras(doc) -> list[str]:
    return doc.text.split("\n\n")


# --- the seed article -----------------------------------------------------------------


@pytest.fixture(scope="module")
def seed():
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED} (it lives in ../shared/seeds/, which CI provides)")
    return read_path(SEED)


def test_seed_starts_with_headline_and_keeps_every_news_paragraph(seed):
    text = SEED.read_text(encoding="utf-8")
    start = text.index("The heads of Russian and U.S. intelligence")
    end = text.index("in January.") + len("in January.")
    news = [" ".join(p.split()) for p in text[start:end].split("\n\n")]
    assert paras(seed) == ["U.S. and Russian Spy Chiefs Hold Talks in Ankara", *news]
    assert seed.title == "U.S. and Russian Spy Chiefs Hold Talks in Ankara"
    assert seed.text.endswith("Secretary of State Anthony Blinken in January.")


def test_seed_drops_banner_caption_and_appeal(seed):
    for noise in (
        "ad-free",
        "July 1, 2024",
        "Support us",
        "Sergei Fadeichev / TASS",
        "A Message from The Moscow Times",
        "Dear readers",
        "undesirable",
        "Remind me later",
        "Read more",
        "×",
    ):
        assert noise not in seed.text
    caption = (
        "Russian Foreign Intelligence Service Director Sergei Naryshkin. Sergei Fadeichev / TASS"
    )
    assert caption in seed.removed
    assert "A Message from The Moscow Times:" in seed.removed
    assert {"Once", "Monthly", "Annual", "Continue paiment methods"} <= set(seed.removed)


def test_seed_metadata_comes_only_from_declarations(seed):
    assert seed.published is None  # the banner's "July 1, 2024" is not a publication date
    assert seed.outlet is None and seed.url is None
    assert seed.source == str(SEED.resolve())
    assert seed.doc_id == short_hash(str(SEED.resolve()))
    dated = read_path(SEED, published="Nov 14, 2022", outlet="The Moscow Times")
    assert dated.published == "2022-11-14" and dated.outlet == "The Moscow Times"
    assert dated.text == seed.text and dated.content_hash != seed.content_hash


# --- test pages written for the project ------------------------------------------------


def test_news_page_html_main_text_and_metadata():
    doc = read_path(DATA / "news_page.html")
    assert doc.title == "Foreign ministers of Norway and Chile meet in Geneva"
    assert doc.outlet == "The Harbour Ledger"
    assert doc.published == "2023-03-08"
    assert doc.url == "https://harbour-ledger.example/world/2023/norway-chile-geneva"
    assert doc.doc_id == short_hash(doc.url)
    assert paras(doc)[0] == doc.title
    assert paras(doc)[1].startswith("The foreign ministers of Norway and Chile met in Geneva")
    assert paras(doc)[-1].startswith("Chile's foreign ministry said Areyuna")
    assert len(paras(doc)) == 5
    for noise in ("cookie", "Share on", "Related", "©", "Read more", "Support us", "Politics",
                  "Sign up", "Ingrid Solberg"):
        assert noise not in doc.text


def test_html_noise_inside_the_article_is_cleaned_and_banner_date_ignored():
    doc = read_path(DATA / "in_article_noise.html")
    assert doc.published is None  # only "March 1, 2023" in a banner: not page metadata
    assert paras(doc) == [
        "Envoys from Japan and India discuss shipping lanes",
        "Envoys from Japan and India met in New Delhi on Thursday to discuss the security of "
        "shipping lanes in the Indian Ocean, the Indian foreign ministry said in a statement.",
        "The meeting was the third of its kind this year, officials said, and covered joint "
        "naval exercises planned for the autumn.",
        "Japan's ambassador said both governments wanted a region that was free and open to "
        "all shipping.",
    ]
    assert "Photo: Ministers shake hands before the meeting (Reuters/Kim Lee)" in doc.removed
    assert "A Message from the Editors:" in doc.removed
    assert "Advertisement" in doc.removed


def test_wire_copy_front_matter_dateline_and_wrapped_lines():
    doc = read_path(DATA / "wire_copy.txt")
    assert (doc.title, doc.outlet, doc.published, doc.url) == (
        "Kremlin says envoy held talks with Turkish officials",
        "Example Wire",
        "2022-11-14",
        "https://wire.example/world/kremlin-envoy-turkey",
    )
    assert paras(doc)[1] == (
        "MOSCOW, Nov 14 (Reuters) - A senior Russian envoy held talks with Turkish officials "
        "in Ankara on Monday about grain shipments across the Black Sea, the Kremlin said, "
        "adding that no agreement had been reached."
    )
    assert paras(doc)[-1] == (
        "Turkey's foreign ministry did not immediately respond to a request for comment."
    )
    assert len(doc.removed) == 3
    assert not any("Reporting by" in p or "REUTERS/" in p for p in paras(doc))


def test_readout_sidecar_metadata_and_overrides_win():
    doc = read_path(DATA / "readout.txt")
    assert doc.outlet == "Ministry of Foreign Affairs"
    assert doc.published == "2023-11-03"
    assert doc.url == "https://mfa.example/readouts/2023-11-03-kenya"
    assert paras(doc)[0] == doc.title
    assert paras(doc)[-1] == (
        "Minister Dahl reaffirmed Norway's support for mediation efforts led by the African Union."
    )
    assert "Follow us on X" in doc.removed
    assert "Facebook | Twitter | LinkedIn | Email" in doc.removed
    over = read_path(
        DATA / "readout.txt", published="2023-11-04", url="https://other.example/x", outlet="Desk"
    )
    assert over.published == "2023-11-04"
    assert (over.url, over.outlet) == ("https://other.example/x", "Desk")
    assert over.doc_id == short_hash("https://other.example/x")


def test_markdown_front_matter_and_markup():
    doc = read_path(DATA / "summit_notes.md")
    assert doc.title == "Leaders Gather for Lisbon Summit" and doc.published == "2023-06-02"
    assert paras(doc) == [
        "Leaders Gather for Lisbon Summit",
        "Prime ministers from twelve countries opened a two-day summit in Lisbon on Friday, "
        "with energy security at the top of the agenda, according to the host government.",
        "Portugal's prime minister said the talks would end with a joint declaration on Saturday.",
    ]


def test_content_hash_is_sha256_of_text_and_metadata():
    doc = read_path(DATA / "wire_copy.txt")
    fields = [doc.text, doc.title, doc.outlet, doc.published, doc.url]
    assert doc.content_hash == hashlib.sha256("\x1f".join(fields).encode()).hexdigest()


# --- cleaners on unseen lines -----------------------------------------------------------


@pytest.mark.parametrize(
    ("cleaner", "noise", "news"),
    [
        (cl.photo_credit, "Delegates arrive for the talks. Anna Berg / AFP",
         "The talks in Vienna ended late on Tuesday, a diplomat said."),
        (cl.photo_credit, "Image: Getty Images", "Reuters reported that the envoy left Cairo."),
        (cl.photo_credit, "The foreign minister in Rome on Friday (Reuters/Paolo Verdi)",
         "MOSCOW, Nov 14 (Reuters) - Russia said it would send an envoy."),
        (cl.cookie_banner, "This website uses cookies to give you the best experience.",
         "The summit in Bali opened on Tuesday."),
        (cl.newsletter_signup, "Get our weekly newsletter delivered to your inbox",
         "Officials said the ministers would meet again next week."),
        (cl.share_follow, "Follow us on Telegram", "Follow-up talks are planned for May."),
        (cl.menu_line, "Home › World › Europe", "Talks between Paris and Berlin / London resumed."),
        (cl.copyright_footer, "© 2024 Example Media Group", "The copyright dispute was raised."),
        (cl.wire_credit, "Editing by Tom Hale", "The treaty was edited by both sides in June."),
        (cl._is_ui, "Annual", "Annual talks between the two navies resumed."),
        (cl._appeal_line, "Support independent journalism today",
         "Ankara said it would support the proposal."),
    ],
)
def test_each_cleaner_drops_noise_and_keeps_news(cleaner, noise, news):
    assert cleaner(noise) is True
    assert cleaner(news) is False


def test_appeal_section_runs_to_its_last_appeal_line_and_no_further():
    lines = [
        "The envoy left Oslo on Friday.",
        "",
        "A note from our newsroom:",
        "Our reporters work in difficult conditions.",
        "If you value this, become a supporter from $5 a month.",
        "Monthly",
        "Continue",
        "",
        "In other news, the ministers met in Rome.",
        "They discussed trade.",
        "Officials gave no details.",
        "A second meeting is planned.",
    ]
    kept, removed = cl.clean(lines)
    assert [line for line in kept if line] == [
        "The envoy left Oslo on Friday.",
        "In other news, the ministers met in Rome.",
        "They discussed trade.",
        "Officials gave no details.",
        "A second meeting is planned.",
    ]
    assert removed[0] == "A note from our newsroom:" and removed[-1] == "Continue"


def test_donation_banner_block_is_dropped_but_news_block_kept():
    banner = ["Love our coverage?", "It is free because readers pay for it.",
              "Your support matters.", "Donate now"]
    news = ["Ministers met in Rome.", "They signed a memorandum on migration."]
    kept, _ = cl.clean([*banner, "", *news])
    assert [line for line in kept if line] == news


def test_related_list_under_label_is_dropped():
    kept, removed = cl.clean(
        ["Talks resumed on Monday.", "Related coverage", "Envoys meet in Doha", "Ceasefire holds",
         "The next round is due in June."]
    )
    assert [line for line in kept if line] == [
        "Talks resumed on Monday.",
        "The next round is due in June.",
    ]
    assert removed == ["Related coverage", "Envoys meet in Doha", "Ceasefire holds"]


def test_paragraphs_rejoin_hard_wrapped_lines_but_keep_headline_apart():
    lines = [
        "Ministers Meet in Oslo",
        "The foreign ministers of the two countries met in Oslo on Monday to",
        "discuss a new fisheries agreement and the future of Arctic research",
        "cooperation, officials said.",
        "",
        "Short one.",
    ]
    assert paragraphs(lines) == [
        "Ministers Meet in Oslo",
        "The foreign ministers of the two countries met in Oslo on Monday to discuss a new "
        "fisheries agreement and the future of Arctic research cooperation, officials said.",
        "Short one.",
    ]


def test_front_matter_needs_key_value_lines():
    meta, body = split_front_matter("---\ntitle: A\npublished: 2022-11-14\n---\nBody", "x")
    assert (meta.title, meta.published, body) == ("A", "2022-11-14", "Body")
    text = "---\nThis is a rule, not metadata.\n---\nBody"
    assert split_front_matter(text, "x")[1] == text


@pytest.mark.parametrize(
    ("given", "iso"),
    [
        ("2022-11-14", "2022-11-14"),
        ("14 November 2022", "2022-11-14"),
        ("Nov 14, 2022", "2022-11-14"),
        ("Monday, November 14, 2022", "2022-11-14"),
        ("2022-11-14T09:00:00+03:00", "2022-11-14"),
        ("2022-02-30", None),
        ("last Monday", None),
        ("", None),
    ],
)
def test_normalize_date(given, iso):
    assert normalize_date(given) == iso


# --- folders, stdin, streaming --------------------------------------------------------

ARTICLE = b"Envoys Meet in Oslo\n\nThe envoys met in Oslo on Monday, officials said.\n"


def test_folder_walk_is_recursive_sorted_and_skips_hidden_and_other_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b/2.md", "a.txt", "c.html", "b/1.text", ".secret.txt", ".hidden/x.txt"):
        (tmp_path / name).write_bytes(ARTICLE)
    (tmp_path / "notes.json").write_text("{}")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_source_paths([tmp_path])]
    assert found == ["a.txt", "b/1.text", "b/2.md", "c.html"]
    assert count_sources([tmp_path, tmp_path / "a.txt", "-"]) == 5
    docs = list(read_sources([tmp_path]))
    assert [d.source for d in docs] == [str(tmp_path / f) for f in found]
    assert all(d.title == "Envoys Meet in Oslo" for d in docs)


def test_explicit_file_with_other_suffix_is_sniffed(tmp_path):
    page = tmp_path / "saved.dat"
    page.write_bytes((DATA / "news_page.html").read_bytes())
    assert read_path(page).outlet == "The Harbour Ledger"
    plain = tmp_path / "article"
    plain.write_bytes(ARTICLE)
    assert read_path(plain).text.startswith("Envoys Meet in Oslo\n\n")


def test_stdin_text_and_html(tmp_path):
    doc = next(read_sources(["-"], stdin=io.BytesIO(ARTICLE)))
    assert doc.source == "-" and doc.title == "Envoys Meet in Oslo"
    assert doc.doc_id == short_hash(doc.content_hash)
    page = next(read_sources(["-"], stdin=io.BytesIO((DATA / "news_page.html").read_bytes())))
    assert page.published == "2023-03-08" and page.doc_id == short_hash(page.url)


def test_read_sources_streams_one_document_at_a_time(tmp_path):
    (tmp_path / "1.txt").write_bytes(ARTICLE)
    (tmp_path / "2.txt").write_bytes(b"")
    stream = read_sources([tmp_path])
    assert isinstance(stream, types.GeneratorType)
    assert next(stream).source.endswith("1.txt")
    with pytest.raises(InputError, match=r"2\.txt is empty"):
        next(stream)


def test_utf16_utf8_sig_and_explicit_encoding(tmp_path):
    text = "Talks in Zürich\n\nThe ministers met in Zürich on Monday."
    (tmp_path / "a.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "b.txt").write_bytes(text.encode("utf-8-sig"))
    (tmp_path / "c.txt").write_bytes(text.encode("cp1252"))
    assert read_path(tmp_path / "a.txt").text == read_path(tmp_path / "b.txt").text
    assert read_path(tmp_path / "c.txt", encoding="cp1252").title == "Talks in Zürich"


# --- errors: one clear line each --------------------------------------------------------


def _error(func, *args, **kwargs) -> str:
    with pytest.raises(InputError) as info:
        func(*args, **kwargs)
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_input_errors_are_one_line_and_say_what_to_do(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"  \n\n")
    (tmp_path / "bin.txt").write_bytes(b"abc\x00\x01\x02def")
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.7\n...")
    (tmp_path / "latin.txt").write_bytes("Talks in Zürich went on.".encode("cp1252"))
    (tmp_path / "big.txt").write_bytes(ARTICLE * 10)
    (tmp_path / "noise.txt").write_bytes(b"Support us\nMonthly\nContinue\n")
    (tmp_path / "nothing").mkdir()
    (tmp_path / "nothing" / "x.csv").write_text("a,b")
    (tmp_path / "bad.txt").write_bytes(ARTICLE)
    (tmp_path / "bad.meta.json").write_text("{not json")

    assert "no such file or folder" in _error(read_path, tmp_path / "missing.txt")
    assert "no such file or folder" in _error(list, read_sources([tmp_path / "missing"]))
    assert "is empty" in _error(read_path, tmp_path / "empty.txt")
    assert "binary" in _error(read_path, tmp_path / "bin.txt")
    assert "PDF" in _error(read_path, tmp_path / "doc.pdf")
    assert "--encoding" in _error(read_path, tmp_path / "latin.txt")
    assert "--encoding" in _error(read_path, tmp_path / "latin.txt", encoding="ascii")
    assert "unknown encoding" in _error(read_path, tmp_path / "latin.txt", encoding="nope")
    assert "larger than 100 bytes" in _error(read_path, tmp_path / "big.txt", max_bytes=100)
    assert "larger than" in _error(
        list, read_sources(["-"], stdin=io.BytesIO(ARTICLE * 10), max_bytes=100)
    )
    assert "no article text left" in _error(read_path, tmp_path / "noise.txt")
    assert "has no articles" in _error(list, read_sources([tmp_path / "nothing"]))
    assert "not valid JSON" in _error(read_path, tmp_path / "bad.txt")
    assert "YYYY-MM-DD" in _error(list, read_sources([SEED], published="soon"))
    assert "YYYY-MM-DD" in _error(
        read_bytes, b"---\npublished: someday\n---\nEnvoys met in Oslo on Monday.", "-"
    )
    assert "is empty" in _error(read_bytes, b"", "-")


def test_news_lines_that_resemble_noise_are_kept():
    news = [
        "A Message to Moscow From the West",
        "Russia's defence ministry released a handout video showing the strike.",
        "Follow the money, the senator said.",
        "Accessibility for disabled delegates was discussed at the summit.",
        "Facebook and Twitter were blocked in Russia in March.",
        "The deal was signed a month ago and sets out monthly meetings.",
        "Like other NATO members, Turkey objected to the plan.",
        "More than 40 people were detained after the protest.",
        "Support for the proposal grew after the talks, diplomats said.",
        "Updated figures were published by the ministry on Friday.",
        "Putin – Xi – Modi: the leaders met in Samarkand",
    ]
    for layout in (news, [x for line in news for x in (line, "")]):
        kept, removed = cl.clean(layout)
        assert removed == []
        assert [line for line in kept if line] == news


def test_author_contacts_status_notes_and_ad_markers_are_dropped():
    noise = [
        "AD",
        "Follow her on Twitter at @example_reporter.",
        "Jane Roe can be reached at jane.roe@example.org.",
        "Some material for this report came from AP.",
        "[This is a developing story.",
        "Updated: 10:10 p.m. on Saturday.]",
    ]
    kept, removed = cl.clean(["The ministers met in Rome on Monday.", *noise])
    assert kept == ["The ministers met in Rome on Monday."]
    assert removed == noise
