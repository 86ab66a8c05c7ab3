"""The catalogue model: the one description of what a data file may hold.

Validation, the JSON Schema for editors and the field documentation are all derived from these
classes. Names follow Open Referral HSDS where it has one (service, location, schedule, phone).
Japanese field names and messages live in ``messages.yml``, not here.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import date, time
from enum import Enum
from urllib.parse import urlsplit
from typing import Annotated, Literal

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationInfo,
                      WithJsonSchema, field_validator, model_validator)
from pydantic_core import PydanticCustomError

# Characters no text of ours may hold: C0/C1 controls (NUL, ESC, vertical tab… break the Atom feed's XML
# and calendars), DEL, Unicode line separators and the bidirectional overrides that make text read other
# than it is stored. Newline is allowed only in the fields of MULTILINE; tab nowhere (pasted from Excel
# it splits CSV cells and shows as nothing).
_INVISIBLE = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff"
CONTROL = re.compile(rf"[\t\r{_INVISIBLE}]")  # in a value
RAW_CONTROL = re.compile(rf"[{_INVISIBLE}]")  # in a file, where tabs and CR LF line ends have their own checks
MULTILINE = frozenset({"description", "notes", "note"})


def plain_text(value: str, multiline: bool) -> str:
    found = CONTROL.search(value)
    if found:
        char = found.group()
        kind = "tab_in_value" if char == "\t" else "control_character"
        raise PydanticCustomError(kind, "control character", {"code": f"U+{ord(char):04X}"})
    if not multiline and "\n" in value:
        raise PydanticCustomError("newline_in_value", "newline in a single-line field")
    return value


class Record(BaseModel):
    # Unknown keys are errors, not silently dropped: a typo must never hide a phone number.
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    @field_validator("*")
    @classmethod
    def _plain_text(cls, value: object, info: ValidationInfo) -> object:
        """Every text of every record, and of its lists, is plain text (see CONTROL)."""
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                plain_text(text, info.field_name in MULTILINE)
        return value


# --- Value types -----------------------------------------------------------------------------

_PHONE = re.compile(r"^0\d{9,10}$")
# Letters, digits and . _ + - only: "?", "&" and "%" would turn a mailto: link into one that copies the
# mail to someone else (soudan@example.jp?bcc=…).
_EMAIL = re.compile(r"^[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_AREA_CODE = re.compile(r"^\d{6}$")
_HIRAGANA = re.compile(r"^[\u3041-\u309f\u30fc\s・]+$")


def _phone(value: str) -> str:
    """Japanese numbers, written with or without hyphens: 059-253-7826, 0120-123-456, 09012345678."""
    digits = value.replace("-", "").replace(" ", "")
    if not _PHONE.match(digits) or not re.fullmatch(r"[0-9](?:[0-9\- ]*[0-9])?", value):
        raise PydanticCustomError("phone", "bad phone number")
    return value


def _matching(pattern: re.Pattern, error: str):
    """A check that a value matches ``pattern``; ``error`` names its message in messages.yml."""
    def check(value: str) -> str:
        if not pattern.match(value):
            raise PydanticCustomError(error, error)
        return value
    return check


_email, _slug, _area_code, _hiragana = (_matching(_EMAIL, "email"), _matching(_SLUG, "slug"),
                                        _matching(_AREA_CODE, "area_code"), _matching(_HIRAGANA, "hiragana"))
# Only web links: javascript:, data: and friends never reach a page. No backslash (browsers read it as
# "/", Python's URL parser does not, so the two would disagree on the host) and no user@ part.
_web_url = _matching(re.compile(r"^https?://[^\s/$.?#@\\][^\s@\\]*$"), "url")
# Names that never lead to a public site (RFC 6761, RFC 8375, and the suffixes intranets use).
_LOCAL_NAMES = ("localhost", "local", "localdomain", "internal", "intranet", "lan", "home.arpa")


def _ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The address a browser reads in a host that ends in a number: 127.0.0.1, but also 2130706433,
    0x7f000001, 0177.0.0.1 and 127.1 (WHATWG URL, as inet_aton). None when it is not one."""
    parts = host.split(".")
    numbers = []
    for part in parts:
        base = 16 if part[:2] in ("0x", "0X") else 8 if len(part) > 1 and part.startswith("0") else 10
        digits = part[2:] if base == 16 else part
        try:
            numbers.append(int(digits or "0", base))
        except ValueError:
            return None
    if not 1 <= len(numbers) <= 4 or any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        return None
    value = numbers[-1]
    for i, n in enumerate(numbers[:-1]):
        value += n << (8 * (3 - i))
    return ipaddress.IPv4Address(value)


def _public_host(host: str) -> bool:
    """Whether a URL's host may be public: no loopback, private, link-local, reserved or unspecified
    address (written in any form), no local name, and a name has a dot."""
    host = host.rstrip(".").lower()
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        last = host.rsplit(".", 1)[-1]
        if re.fullmatch(r"[0-9]+|0x[0-9a-f]*", last):  # ends in a number: a browser reads an IPv4 address
            address = _ipv4(host)
            if address is None:
                return False
        else:
            return "." in host and not any(host == n or host.endswith("." + n) for n in _LOCAL_NAMES)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def _url(value: str) -> str:
    _web_url(value)
    host = urlsplit(value).hostname
    if not host or not _public_host(host):
        raise PydanticCustomError("url_private", "url to a private address")
    return value


def _clock(value: object) -> object:
    # Staff write 9:00; ISO wants 09:00.
    if isinstance(value, str) and re.fullmatch(r"\d:\d\d", value):
        return "0" + value
    return value


# Each value type carries the pattern editors check while typing (the JSON Schema); the
# validators above stay the judge and give the Japanese message.
def _editor(kind: str, pattern: str) -> WithJsonSchema:
    # x-kind names the value type for the field documentation (messages.yml `types:`).
    return WithJsonSchema({"type": "string", "pattern": pattern, "x-kind": kind})


def _limit(characters: int) -> StringConstraints:
    return StringConstraints(max_length=characters)


ClockTime = Annotated[time, BeforeValidator(_clock), _editor("clock", r"^\d{1,2}:\d{2}$")]
PhoneNumber = Annotated[str, _limit(20), AfterValidator(_phone), _editor("phone", r"^0[0-9\- ]{9,13}$")]
Email = Annotated[str, _limit(254), AfterValidator(_email), _editor("email", _EMAIL.pattern)]
Url = Annotated[str, _limit(500), AfterValidator(_url), _editor("url", r"^https?://")]
Slug = Annotated[str, _limit(80), AfterValidator(_slug), _editor("slug", _SLUG.pattern)]
AreaCode = Annotated[str, AfterValidator(_area_code), _editor("area_code", _AREA_CODE.pattern)]
Reading = Annotated[str, _limit(200), AfterValidator(_hiragana), _editor("hiragana", _HIRAGANA.pattern)]

# Free text, in characters: the longest of the catalogues (a name of 21, a source of 114, a description
# of 269) with room to spare, and little enough that no file can make the check, a page or an issue
# (GitHub refuses titles over 256 characters) slow or fail.
Name = Annotated[str, StringConstraints(min_length=1, max_length=100)]  # names, titles, labels
Line = Annotated[str, _limit(300)]  # one line: operator, address, fees, venue, source…
Note = Annotated[str, _limit(1000)]  # notes, which may run to a few lines
Word = Annotated[str, _limit(50)]  # one word of the search vocabulary


# Python-Markdown takes seconds for "[" nested a thousand deep and hits Python's recursion limit on a
# list or a quote nested as deep: a description is refused well before that.
MARKDOWN_DEPTH = 10
_BLOCK_MARKER = re.compile(r" *(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)) *")


def markdown_depth(text: str) -> int:
    """How deep a text nests: brackets and parentheses still open, or quotes and list items on a line."""
    deepest = 0
    for opening, closing in ("[]", "()"):
        depth = 0
        for char in text:
            if char == opening:
                depth += 1
                deepest = max(deepest, depth)
            elif char == closing and depth:
                depth -= 1
    for line in text.splitlines():
        markers, at = len(line) - len(line.lstrip(" ")), 0
        depth = markers // 4
        while found := _BLOCK_MARKER.match(line, at):
            if found.end() == at:
                break
            depth, at = depth + 1, found.end()
        deepest = max(deepest, depth)
    return deepest


def _markdown(value: str) -> str:
    if markdown_depth(value) > MARKDOWN_DEPTH:
        raise PydanticCustomError("markdown_depth", "nested too deep", {"limit": MARKDOWN_DEPTH})
    return value


Markdown = Annotated[str, _limit(2000), AfterValidator(_markdown)]


class Audience(str, Enum):
    self = "self"  # 本人
    family = "family"  # 家族
    supporter = "supporter"  # 支援者


class Channel(str, Enum):
    phone = "phone"
    visit = "visit"  # 来所
    home_visit = "home_visit"  # 訪問
    email = "email"
    online = "online"
    sns = "sns"  # consultation through LINE or another SNS
    news = "news"  # an account that only sends notices: not a way to consult


class Booking(str, Enum):
    required = "required"
    recommended = "recommended"
    not_needed = "not_needed"


class Weekday(str, Enum):
    # Order matters: index == date.weekday().
    mon = "mon"
    tue = "tue"
    wed = "wed"
    thu = "thu"
    fri = "fri"
    sat = "sat"
    sun = "sun"

    @property
    def index(self) -> int:
        return _WEEKDAYS.index(self.value)

    @property
    def ical(self) -> str:
        """The day as iCalendar and HSDS write it (RFC 5545 BYDAY): MO, TU …"""
        return self.value[:2].upper()


_WEEKDAYS = [day.value for day in Weekday]


# --- Parts of an entry ---------------------------------------------------------------------


class TimeSpan(Record):
    opens: ClockTime | None = None
    closes: ClockTime | None = None

    @model_validator(mode="after")
    def _closes_after_opens(self) -> TimeSpan:
        if self.opens and self.closes and self.closes <= self.opens:
            raise PydanticCustomError("closes_before_opens", "closes before opens")
        return self


class WeeklyHours(TimeSpan):
    """Regular opening hours, e.g. weekdays 9:00-16:00."""

    days: list[Weekday] = Field(min_length=1, max_length=7)
    note: Note | None = None


class MonthlyRule(TimeSpan):
    """A meeting on the n-th weekday of every month (毎月第3金曜日); week -1 is the last one."""

    week: Literal[1, 2, 3, 4, 5, -1]
    day: Weekday
    title: Name | None = None
    venue: Line | None = None
    note: Note | None = None


class Session(TimeSpan):
    """One dated session: a family class, a lecture, an open day."""

    date: date
    title: Name
    venue: Line | None = None
    capacity: int | None = Field(default=None, ge=1, le=100_000)
    note: Note | None = None


class Period(str, Enum):
    """A closure everyone knows by name, with the days it usually takes."""

    new_year = "new_year"  # 年末年始

    @property
    def days(self) -> tuple[str, str]:
        return _PERIOD_DAYS[self.value]


_PERIOD_DAYS = {"new_year": ("12-29", "01-03")}  # 12/29-1/3, the days of 行政機関の休日に関する法律


def _closure_day(value: object) -> object:
    # A date (2027-02-10: once) or a month and day ("08-13": every year); YAML reads the first as a date.
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"(\d{4}-)?\d{2}-\d{2}", value):
        try:
            date.fromisoformat(value if len(value) == 10 else "2001-" + value)  # 02-29 only in a dated year
        except ValueError:
            raise PydanticCustomError("closure_day", "bad day") from None
        return value
    raise PydanticCustomError("closure_day", "bad day")


ClosureDay = Annotated[str, BeforeValidator(_closure_day), _editor("closure_day", r"^(\d{4}-)?\d{2}-\d{2}$")]


class Closure(Record):
    """Days an entry is closed besides its weekly ones: 年末年始, 夏季休業, a 臨時休業.

    ``start``/``end`` (both included) are dates for once, or month-days ("12-29") for every year; a
    ``period`` brings its usual days unless they are given. Like the hours, each closure names its source.
    """

    period: Period | None = None
    name: Name | None = None  # 夏季休業, 臨時休業 … (a period has its own name)
    start: ClosureDay | None = None
    end: ClosureDay | None = None
    source: Line = Field(min_length=1)
    note: Note | None = None

    @model_validator(mode="after")
    def _days(self) -> Closure:
        if not self.period and not (self.name and self.start):
            raise PydanticCustomError("closure_incomplete", "name and start, or a period")
        start, end = self.days
        if len(start) != len(end) or (len(start) == 10 and end < start):
            raise PydanticCustomError("closure_range", "end before start")
        return self

    @property
    def days(self) -> tuple[str, str]:
        """First and last day, both dates or both month-days (a yearly one may cross New Year: 12-29, 01-03)."""
        first, last = self.period.days if self.period else (self.start, self.start)
        return self.start or first, self.end or last


class Schedule(Record):
    weekly: list[WeeklyHours] = Field(default_factory=list, max_length=14)
    monthly: list[MonthlyRule] = Field(default_factory=list, max_length=20)
    # Every session goes into the calendar of every area the entry serves: two meetings a week for a
    # year fit, ten thousand copied into every calendar (79 MB for 29 areas) do not.
    sessions: list[Session] = Field(default_factory=list, max_length=100)
    closed: Line | None = None  # 休み: 土日・祝日・年末年始 … for reading only; closures and holidays decide
    closed_on_holidays: bool = False  # closed on 祝日: no hours, meeting or session counts on one
    closures: list[Closure] = Field(default_factory=list, max_length=50)  # 年末年始, 臨時休業 …: closed then
    always_open: bool = False  # 24時間: open at every hour of every day
    note: Note | None = None


class Phone(Record):
    number: PhoneNumber
    label: Name | None = None


class SocialLink(Record):
    service: Name  # LINE, X, Facebook, Instagram …
    url: Url
    label: Name | None = None


class Contacts(Record):
    phones: list[Phone] = Field(default_factory=list, max_length=10)
    email: Email | None = None
    form: Url | None = None  # web form for mail consultation
    sns: list[SocialLink] = Field(default_factory=list, max_length=10)
    website: Url | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.phones or self.email or self.form or self.sns or self.website)


class Location(Record):
    name: Line | None = None
    postal_code: Annotated[str, Field(pattern=r"^\d{3}-\d{4}$")] | None = None
    address: Line | None = None
    lat: float | None = Field(default=None, ge=20.0, le=46.0)  # Japan lies within these bounds
    lon: float | None = Field(default=None, ge=122.0, le=154.0)
    access: Note | None = None  # 最寄り駅・バス停など
    in_areas: list[AreaCode] = Field(default_factory=list, max_length=20)  # the 市町 it is in (one per venue): for distances

    @model_validator(mode="after")
    def _both_coordinates(self) -> Location:
        if (self.lat is None) != (self.lon is None):
            raise PydanticCustomError("coordinates_pair", "lat and lon go together")
        return self


class AgeRange(Record):
    min: int | None = Field(default=None, ge=0, le=120)
    max: int | None = Field(default=None, ge=0, le=120)


# --- Top-level records -----------------------------------------------------------------------


class Service(Record):
    """One entry of the catalogue: a window, a family class, an ibasho or an outreach service.

    Its kind is the folder the file lives in (``data/<kind>/<id>.yml``).
    """

    id: Slug
    name: Name
    reading: Reading | None = None
    aliases: list[Name] = Field(default_factory=list, max_length=20)  # other names people use (サポステ): searchable
    topics: list[Slug] = Field(default_factory=list, max_length=30)  # ids of the search's topics: what it helps with
    former_ids: list[Slug] = Field(default_factory=list, max_length=20)  # ids it had before: old URLs redirect here
    operator: Line | None = None
    areas: Literal["all"] | list[AreaCode] = Field(min_length=1, max_length=300)  # 北海道 has 179
    summary: str = Field(min_length=1, max_length=120)
    description: Markdown | None = None
    audience: list[Audience] = Field(min_length=1, max_length=len(Audience))
    age: AgeRange | None = None
    channels: list[Channel] = Field(min_length=1, max_length=len(Channel))
    fees: Line | None = None
    booking: Booking | None = None
    booking_note: Note | None = None
    location: Location | None = None
    contacts: Contacts = Contacts()
    inquiry: Slug | None = None  # id of the entry to ask when this one publishes no contact of its own
    schedule: Schedule | None = None
    notes: Note | None = None
    last_verified: date
    source: Annotated[Line, StringConstraints(min_length=1)]
    # 掲載終了日: from this day the entry is left out of the site, as if its file were deleted. The
    # form editor retires entries this way, because its delete bypasses the pull request.
    retired: date | None = None

    @model_validator(mode="after")
    def _reachable(self) -> Service:
        address = self.location and self.location.address
        if self.contacts.is_empty and not address and not self.inquiry:
            raise PydanticCustomError("unreachable", "no way to contact")
        return self

    @property
    def serves_all(self) -> bool:
        return self.areas == "all"


class Area(Record):
    """A municipality (市町村) of the prefecture."""

    code: AreaCode  # 全国地方公共団体コード (6 digits)
    name: Name
    reading: Reading  # official reading: it wins over any machine reading
    aliases: list[Reading] = Field(default_factory=list, max_length=20)  # other readings (まつざか): searchable
    url: Url
    region: Name | None = None  # one of site.yml's regions; none when the site lists none
    lat: float | None = Field(default=None, ge=20.0, le=46.0)
    lon: float | None = Field(default=None, ge=122.0, le=154.0)


class AreaTable(Record):
    areas: list[Area] = Field(min_length=1, max_length=2500)  # Japan has 1,916 with the wards of its cities


class Topic(Record):
    """What people say for one thing services help with (仕事, 働きたい, バイト → work).

    An entry is about a topic when it lists it under ``topics:`` or when its kind, channels or
    audience are among the topic's own: those need no repeating in every file.
    """

    label: Name
    words: list[Word] = Field(min_length=1, max_length=200)
    kinds: list[Slug] = Field(default_factory=list, max_length=20)  # ids of generator/kinds.yml
    channels: list[Channel] = Field(default_factory=list, max_length=len(Channel))
    audience: list[Audience] = Field(default_factory=list, max_length=len(Audience))


TimeWord = Literal["now", "today", "night", "sat", "sun", "weekend", "next"]


class Vocabulary(Record):
    """The search's vocabulary of plain words (``defaults/topics.yml`` with a site's ``data/topics.yml``),
    read at build time."""

    topics: dict[Slug, Topic] = Field(default_factory=dict, max_length=200)
    # words that ask about opening times
    times: dict[TimeWord, Annotated[list[Word], Field(max_length=100)]] = Field(default_factory=dict)
    ignore: list[Word] = Field(default_factory=list, max_length=1000)  # particles and filler (が, したい, どこ)
    # words of crisis or despair (死にたい, もう限界): anywhere in a query, the lines open at that hour
    # and the main line are shown first, above every result
    crisis: list[Word] = Field(default_factory=list, max_length=300)


class Licence(Record):
    """The licence of the open data exports."""

    name: Name = "CC BY 4.0"
    url: Url = "https://creativecommons.org/licenses/by/4.0/deed.ja"


class Site(Record):
    """Settings of one site: everything that names a prefecture lives here, not in code."""

    name: Name
    prefecture: Name
    prefecture_code: AreaCode | None = None  # 全国地方公共団体コード of the publisher, for open data
    description: Note
    sample: bool = False  # marks every page as sample data
    main_line: Slug  # id of the entry whose phone is shown on every page
    night_lines: list[Slug] = Field(default_factory=list, max_length=20)  # national lines for nights and weekends
    regions: list[Name] = Field(default_factory=list, max_length=100)  # display order of area groups; none: one list
    municipalities: Name | None = None  # what the prefecture calls its areas (市町 in a prefecture without villages)
    municipality_list_url: Url | None = None
    licence: Licence = Licence()
    # Where staff keep the catalogue: the form editor (/admin/) edits this GitHub repository and
    # 「情報の誤りを知らせる」 opens an issue form there; without it, the report link is a mail to report_email.
    repository: Url | None = None  # https://github.com/<owner>/<name>
    branch: Name = "main"
    oauth_url: Url | None = None  # the OAuth helper that signs staff in to GitHub (see CONTRIBUTING.md)
    report_email: Email | None = None
    review_months: int = Field(default=12, ge=1, le=120)  # python -m generator review: last_verified older than this

    @property
    def places(self) -> str:
        """The word for the municipalities on every page, in the CLI and the editor (市町村 unless set)."""
        return self.municipalities or "市町村"
