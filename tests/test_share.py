"""Sharing and printing: cards, tags, feeds, calendars, QR codes, old links and flyers."""

from __future__ import annotations

import io
import json
import posixpath
import re
import shutil
import struct
import subprocess
import sys
import zlib
import xml.etree.ElementTree as ET
from datetime import timedelta
from urllib.parse import unquote

import feedparser
import pytest
import zxingcpp
from bs4 import BeautifulSoup
from icalendar import Calendar
from PIL import Image, ImageColor

from generator import build, cards, loader, pages, parallel, qr
from generator.cache import Cache

from .conftest import ROOT, TODAY, copy_project, site_build

SITE_URL = "http://127.0.0.1:8000/"  # mkdocs.yml's default when SITE_URL is not set


def sitemap_pages(site):
    tree = ET.parse(site / "sitemap.xml")
    return [loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]


def test_every_page_in_the_sitemap_has_cards_and_canonical(site):
    urls = sitemap_pages(site)
    assert len(urls) > 80
    for url in urls:
        soup = BeautifulSoup((site / url.removeprefix(SITE_URL) / "index.html").read_text(encoding="utf-8"),
                             "html.parser")
        meta = {m.get("property") or m.get("name"): m.get("content") for m in soup.find_all("meta")}
        assert soup.find("link", rel="canonical")["href"] == url
        assert meta["og:url"] == url
        assert meta["og:locale"] == "ja_JP"
        assert meta["twitter:card"] == "summary_large_image"
        assert meta["og:title"] and meta["og:description"]
        image = meta["og:image"]
        assert image.startswith(SITE_URL) and image == meta["twitter:image"]
        with Image.open(site / image.removeprefix(SITE_URL)) as png:
            assert png.format == "PNG" and png.size == (1200, 630), url


def test_entry_card_and_description_are_the_entrys_own(html):
    meta = {m.get("property"): m.get("content") for m in html("service/nijinokai/").find_all("meta")}
    assert meta["og:title"] == "虹の会"
    # The next meeting and how to join come first: a post in a chat is enough to act on.
    assert meta["og:description"].startswith("次の開催 12月18日（金）・参加のしかたは三重県ひきこもり地域支援センターへ。"
                                              "ひきこもりの状態にある方のご家族が集まり")
    plain = {m.get("property"): m.get("content") for m in html("service/mie-hikikomori-center/").find_all("meta")}
    assert plain["og:description"].startswith("県のひきこもり専門の相談窓口です。")  # no dates: its summary
    assert meta["og:image"] == SITE_URL + "cards/service/nijinokai.png"


def test_card_of_an_entry_with_dates_carries_the_next_date(sample):
    card = next(c for c in cards.cards_for(sample.catalogue, TODAY) if c.path == "cards/service/nijinokai.png")
    assert card.when == "次の開催 12月18日（金）・参加のしかたは三重県ひきこもり地域支援センターへ"
    drawn = next(f for f in sample.files if f.path == "cards/service/nijinokai.png")
    with Image.open(io.BytesIO(drawn.content)) as png:
        # Below the one-line title, the date line is drawn in the kind's colour, not left empty.
        band = png.convert("RGB").crop((80, 262, 1120, 370))
        coloured = sum(1 for p in band.get_flattened_data() if p[0] > 120 and p[2] < 60)  # family: #a2470d
        assert coloured > 500


def test_cards_draw_japanese_text_not_blank(sample):
    card = next(f for f in sample.files if f.path == "cards/service/nijinokai.png")
    with Image.open(io.BytesIO(card.content)) as png:
        # The title band holds dark glyph pixels: text was drawn with a font that has the characters.
        band = png.convert("L").crop((80, 170, 1120, 270))
        assert sum(1 for p in band.get_flattened_data() if p < 80) > 2000


def test_share_links_load_no_third_party_script(html):
    page = html("service/nijinokai/")
    links = {a.get_text(): a["href"] for a in page.select(".sg-share__links a")}
    # LINE gets a message, not a bare address: the name, the next date and how to join, then the link.
    line = unquote(links["LINEで送る"].removeprefix("https://line.me/R/share?text="))
    assert line == ("虹の会\n次の開催 12月18日（金）・参加のしかたは三重県ひきこもり地域支援センターへ\n"
                    + SITE_URL + "service/nijinokai/")
    assert links["Xでポスト"].startswith("https://twitter.com/intent/tweet?url=")
    assert "12%E6%9C%8818%E6%97%A5" in links["Xでポスト"]  # 12月18日
    assert links["Facebookでシェア"].startswith("https://www.facebook.com/sharer/sharer.php?u=")
    assert page.select_one("button.sg-copy")["data-url"] == SITE_URL + "service/nijinokai/"
    for script in page.find_all("script", src=True):
        assert not script["src"].startswith("http"), script["src"]


def test_qr_code_on_entry_and_area_pages(html):
    for path in ("service/nijinokai/", "area/242021/"):
        qr = html(path).select_one(".sg-qr svg")
        assert qr is not None and qr.find("path") is not None
        assert SITE_URL + path in html(path).select_one(".sg-qr figcaption").get_text()
        assert _scanned(qr) == SITE_URL + path


def _scanned(svg) -> str | None:
    """What a phone's camera reads from the page's QR code: its modules drawn 8 pixels each, in a
    quiet zone of 4, and decoded."""
    modules = _modules(svg)
    image = Image.new("L", (len(modules) + 8,) * 2, 255)
    image.putdata([0 if 4 <= y < len(modules) + 4 and 4 <= x < len(modules) + 4 and modules[y - 4][x - 4] else 255
                   for y in range(image.height) for x in range(image.width)])
    found = zxingcpp.read_barcode(image.resize((image.width * 8, image.height * 8), Image.NEAREST))
    return found.text if found else None


def _modules(svg) -> list[list[int]]:
    """The dark modules a reader sees in the page's QR code, read back from its path of runs."""
    size = int(svg["viewbox"].split()[2])
    drawn = [[0] * size for _ in range(size)]
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", svg.select("path")[1]["d"]):
        if command == "h":
            for column in range(int(x), int(x) + int(a)):
                drawn[int(y)][column] = 1
            x += int(a)
        else:
            x, y = (float(a), float(b)) if command == "M" else (x + float(a), y + float(b))
    border = 2
    quiet = drawn[:border] + drawn[-border:] + [row[:border] + row[-border:] for row in drawn]
    assert not any(map(any, quiet))
    return [row[border:-border] for row in drawn[border:-border]]


def test_calendars_parse_and_monthly_meetings_use_rrule(site):
    everything = Calendar.from_ical((site / "calendar.ics").read_bytes())
    events = {str(e["uid"]): e for e in everything.walk("VEVENT")}
    niji = next(e for uid, e in events.items() if uid.startswith("nijinokai-monthly"))
    assert niji["rrule"]["FREQ"] == ["MONTHLY"] and niji["rrule"]["BYDAY"] == ["3FR"]
    assert niji.decoded("dtstart").isoformat() == "2026-12-18"
    assert not any(uid.startswith("kazoku-kyoshitsu") for uid in events), "past sessions are dropped"
    area = Calendar.from_ical((site / "area" / "242021" / "calendar.ics").read_bytes())
    assert any(str(e["uid"]).startswith("nijinokai-") for e in area.walk("VEVENT"))
    entry = Calendar.from_ical((site / "service" / "nijinokai" / "calendar.ics").read_bytes())
    assert len(list(entry.walk("VEVENT"))) == 1


def test_no_event_on_a_day_the_entry_is_closed(tmp_path):
    """A 臨時休業 on a monthly meeting's date takes that date out of its RRULE; a session on it is left out."""
    from generator import feeds
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    niji = data / "family" / "nijinokai.yml"
    niji.write_text(niji.read_text(encoding="utf-8").replace("  note: 時間と会場はお問い合わせください。\n", (
        "  sessions:\n    - date: 2027-01-08\n      title: 新年会\n"
        "  closures:\n    - name: 臨時休業\n      start: 2026-12-18\n      source: 例\n"
        "    - name: 冬休み\n      start: 2027-01-04\n      end: 2027-01-08\n      source: 例\n")), encoding="utf-8")
    loaded, _ = loader.load(data, TODAY)
    files = {o.path: o for o in feeds.outputs(loaded, TODAY, SITE_URL, Cache(None))}
    events = list(Calendar.from_ical(files["service/nijinokai/calendar.ics"].content).walk("VEVENT"))
    assert [str(e["uid"]).split("@")[0] for e in events] == ["nijinokai-monthly-0"]  # no 新年会 on a closed day
    excluded = [d.dt.isoformat() for e in events for d in e["exdate"].dts]
    assert excluded == ["2026-12-18"] and events[0].decoded("dtstart").isoformat() == "2026-12-18"


def test_add_to_calendar_link_on_each_session_list(html):
    link = html("service/nijinokai/").select_one("a.sg-calendar")
    # Where the link leads, however an engine writes the relative address.
    assert posixpath.normpath(posixpath.join("service/nijinokai", link["href"])) == "service/nijinokai/calendar.ics"
    assert "カレンダーに追加" in link.get_text()


def test_atom_feed_parses(site):
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "三重県ひきこもり支援ガイド"
    titles = [e.title for e in feed.entries]
    assert "三重県ひきこもり地域支援センター" in titles
    assert any(t.startswith("12月18日 虹の会") for t in titles)
    assert all(e.link.startswith(SITE_URL) for e in feed.entries)


def test_feed_items_say_when_each_last_changed_and_the_feeds_language(site):
    """No two items share an instant (validators warn), and each is dated by what changed: an entry by
    its last check, a coming date by the day the feed began announcing it (60 days ahead)."""
    root = ET.parse(site / "feed.xml").getroot()
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ja"
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    stamps = [e.updated for e in feed.entries]
    assert len(set(stamps)) == len(stamps) and stamps == sorted(stamps, reverse=True)
    by_title = {e.title: e.updated for e in feed.entries}
    assert by_title["三重県ひきこもり地域支援センター"].startswith("2024-12-31T00:00:")
    assert by_title["12月18日 虹の会"].startswith("2026-10-19T00:00:")  # 60 days before the meeting


def test_a_national_feed_keeps_the_newest_items(tmp_path):
    from bench.synthetic import write_catalogue
    from generator.feeds import FEED_ITEMS, atom
    from generator.loader import load
    from generator.schedule import upcoming

    loaded, _ = load(write_catalogue(tmp_path / "data", entries=600, areas=40), TODAY)
    feed = feedparser.parse(atom(loaded, TODAY, SITE_URL))
    assert len(feed.entries) == FEED_ITEMS < len(loaded.entries)
    stamps = [e.updated for e in feed.entries]
    assert stamps == sorted(stamps, reverse=True) and len(set(stamps)) == len(stamps)
    soon = timedelta(days=60)
    announced = [max(o.entry.service.last_verified, o.date - soon) for o in upcoming(loaded, TODAY)
                 if o.date <= TODAY + soon]
    newest = max([e.service.last_verified for e in loaded.entries] + announced)
    assert feed.entries[0].updated.startswith(newest.isoformat())


def test_structured_data_on_entry_pages(html):
    data = json.loads(html("service/mie-hikikomori-center/").find("script", type="application/ld+json").string)
    service = data["@graph"][0]
    assert service["@type"] == "GovernmentService"
    assert service["availableChannel"]["servicePhone"]["telephone"] == "059-253-7826"
    niji = json.loads(html("service/nijinokai/").find("script", type="application/ld+json").string)["@graph"]
    assert niji[1]["@type"] == "Event" and niji[1]["startDate"] == "2026-12-18"
    assert niji[0]["subjectOf"][0] == {"@id": niji[1]["@id"]}  # the service names its dates


def test_former_ids_redirect_to_the_new_page(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = tmp_path / "data" / "family" / "nijinokai.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("aliases:", "former_ids: [niji]\naliases:"),
                    encoding="utf-8")
    files = {f.path: f.content for f in build.run(tmp_path / "data", TODAY, with_editor=False).files}
    page = BeautifulSoup(files["service/niji/index.html"], "html.parser")
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=../nijinokai/"
    assert page.find("a")["href"] == "../nijinokai/"


def _title_pixels(title: str) -> list[tuple[int, int, int]]:
    card = cards.Card("cards/test.png", "居場所", title, "三重県全域", "サイト", "#3848a8")
    image = Image.open(io.BytesIO(cards.draw(card))).convert("RGB")
    return list(image.crop((80, 160, 280, 260)).get_flattened_data())  # where the title's first character stands


def test_an_emoji_in_a_name_is_drawn_in_colour_not_as_a_box():
    emoji, box = _title_pixels("🌈"), _title_pixels("\u0378")  # U+0378 is unassigned: every font's box
    assert emoji != box
    # The rainbow's red and blue, which no Japanese text on a card has.
    assert any(r > 200 and g < 120 and b < 120 for r, g, b in emoji)
    assert any(b > 200 and r < 160 for r, g, b in emoji)
    assert not any(r > 200 and g < 120 and b < 120 for r, g, b in box)


def _in_full_colour(card: cards.Card) -> Image.Image:
    """The card drawn the plain way: in full colour, each pixel then matched to the kind's palette."""
    image = cards._background(card.label, card.footer, card.colour).copy()
    for xy, line, size, ink in cards._lines(card):
        cards._write(image, xy, line, size, ink)
    return image.quantize(palette=cards._palette(card.colour), dither=Image.Dither.NONE).convert("RGB")


def test_a_card_of_text_is_the_full_colour_drawing_pixel_for_pixel(monkeypatch):
    # Cards without emoji are set glyph by glyph (rendered once, kerning kept) straight in palette
    # positions; they must come out exactly as drawing the whole card in colour would.
    over_the_rule, over_something = [], cards._over_something

    def spy(*args):
        over_the_rule.append(args)
        return over_something(*args)

    monkeypatch.setattr(cards, "_over_something", spy)
    long = "ひきこもり家族会と当事者の会の連絡会議（仮称）北部ブロック"
    # In アー and ク・ the second character's box reaches into the first's.
    for card in [cards.Card("cards/a.png", "居場所", "虹の会アートクラブ", "津市・四日市市", "サイト", "#3848a8"),
                 cards.Card("cards/b.png", "家族会", "さくらの会（1743）", "小樽市", "ベンチマーク", "#a2470d",
                            "次の開催 11月25日（水）13:30〜・予約が必要"),
                 # Latin (ligatures: the line is rendered whole), and a low descender that meets the rule
                 cards.Card("cards/c.png", "居場所", "AVATAR Typography WAVE ffi fl 「かぎ」（かっこ）",
                            "Ｔｙｐｅ ｗｉｄｅ 全角 ABC xyz", "サイト", "#a2470d", "次の開催 12月18日（金）・" + long),
                 cards.Card("cards/d.png", "北海道", long * 2, "詳細" * 40, "サイト", cards.PLACE_COLOUR, long * 3)]:
        with Image.open(io.BytesIO(cards.draw(card))) as png:
            assert png.mode == "P" and png.size == cards.SIZE
            assert list(png.convert("RGB").get_flattened_data()) == list(_in_full_colour(card).get_flattened_data()), card
    assert over_the_rule  # the case of text reaching the rule was drawn


def test_the_text_area_of_a_card_is_background_only():
    # What the quick drawing takes for granted: no label, bar or rule inside cards._CLEAR.
    for label, colour in [("家族教室・家族会・相談窓口・居場所・訪問支援", "#a2470d"), ("北海道", cards.PLACE_COLOUR)]:
        clear = cards._background(label, "三重県ひきこもり支援ガイド", colour).crop(cards._CLEAR)
        assert clear.getcolors() == [(clear.width * clear.height, ImageColor.getrgb(cards.BACKGROUND))]


def test_a_card_is_a_well_formed_small_png():
    png = cards.draw(cards.Card("cards/x.png", "家族会", "さくらの会", "津市", "サイト", "#a2470d",
                                "次の開催 11月25日（水）13:30〜・予約が必要"))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    chunks, at = {}, 8
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        body = png[at + 8:at + 8 + length]
        assert struct.unpack(">I", png[at + 8 + length:at + 12 + length])[0] == zlib.crc32(kind + body), kind
        chunks[kind] = body
        at += 12 + length
    assert list(chunks) == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]
    assert struct.unpack(">IIBBBBB", chunks[b"IHDR"]) == (1200, 630, 8, 3, 0, 0, 0)  # 8-bit palette
    assert len(chunks[b"PLTE"]) == 65 * 3  # the kind's palette, no unused entries
    rows = zlib.decompress(chunks[b"IDAT"])  # checks the Adler-32 of the spliced stream
    assert len(rows) == 630 * 1201 and all(rows[row * 1201] == 2 for row in range(630))
    assert len(png) < 20_000


def test_cards_drawn_in_workers_are_kept_in_the_cache(sample, tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)  # the sample is small: draw it as a national build would
    kept = cards.outputs(sample.catalogue, TODAY, Cache(tmp_path))
    assert len(kept) == len(cards.cards_for(sample.catalogue, TODAY))
    assert all(output.content is None and output.source.is_relative_to(tmp_path) for output in kept)
    here = {output.path: output.content for output in cards.outputs(sample.catalogue, TODAY, Cache(None))}
    assert {output.path: output.source.read_bytes() for output in kept} == here


@pytest.mark.slow
@pytest.mark.build
def test_cards_drawn_while_mkdocs_builds_are_in_the_site_it_leaves(tmp_path, monkeypatch):
    """As on a first national build: workers draw the cards into .cache/ while MkDocs builds the pages,
    and the adapter puts them into the site last. The site is the one a build drawing them first makes."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    project = copy_project(tmp_path / "project")
    drawn_first = tmp_path / "first"
    assert site_build(project, drawn_first).returncode == 0  # the sample's 130 cards: drawn here, before
    shutil.rmtree(project / ".cache")
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)
    monkeypatch.setenv("SITE_TODAY", TODAY.isoformat())
    monkeypatch.chdir(project)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "later"))
    config.plugins.on_startup(command="build", dirty=False)
    mkdocs_build(config)

    def files(site):
        return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}

    later = files(tmp_path / "later")
    assert sum(name.startswith("cards/") for name in later) == len(cards.cards_for(build.run(project / "data", TODAY).catalogue, TODAY))
    assert later == files(drawn_first)


def test_pages_drawn_in_workers_are_the_ones_drawn_here_and_keep_their_qr_codes(tmp_path, monkeypatch):
    catalogue, _ = loader.load(ROOT / "data", TODAY)
    later = TODAY + timedelta(days=40)

    def drawn(day, cache):
        return {output.path: output.read() for output in pages.render(catalogue, day, SITE_URL, cache)}

    here, here_later = drawn(TODAY, Cache(None)), drawn(later, Cache(None))
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)  # as a national build draws them
    cache = Cache(tmp_path)
    assert drawn(TODAY, cache) == here
    cache.finish(TODAY)
    # Weeks later the pages with dates are drawn again, each with the QR code kept.
    assert here_later["service/nijinokai.md"] != here["service/nijinokai.md"]
    monkeypatch.setattr(qr.zxingcpp, "create_barcode", lambda url, *_, **__: pytest.fail(f"drew {url} again"))
    assert drawn(later, Cache(tmp_path)) == here_later


def test_characters_no_font_has_are_found_and_sequences_are_not():
    assert cards.missing("虹の会🌈 👨‍👩‍👧 ❤️ 1️⃣ 🇯🇵 ＡＢＣ") == []
    assert cards.missing("虹の\u0378会") == ["\u0378"]


def test_check_warns_about_a_name_the_card_cannot_draw(tmp_path):
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    path = data / "family" / "nijinokai.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: 虹の会", "name: 虹の会\u0378🌈"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "--data", str(data), "check"], capture_output=True,
                            text=True, env={"SITE_TODAY": TODAY.isoformat()})
    assert result.returncode == 0, result.stdout  # a warning: the site is still built
    assert f"{path}:3:10: 注意: 「\u0378」（U+0378）は、この環境のどのフォントにもない文字です" in result.stdout
    assert "🌈" not in result.stdout


def test_every_title_names_the_site_once(site):
    """A shared link's title: the page, then the site, never the site twice (the home page is the site)."""
    for path in ("index.html", "area/242021/index.html", "consultation/index.html"):
        title = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser").title.get_text()
        assert title.count("三重県ひきこもり支援ガイド") == 1, (path, title)
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser").title.get_text()
    assert home == "三重県ひきこもり支援ガイド"
