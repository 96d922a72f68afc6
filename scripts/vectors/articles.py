#!/usr/bin/env python3
"""Writes docs/test-vectors/articles.json: protocol v1 article cases and their expected results.

    python3 scripts/vectors/articles.py

Two things here are written by hand, from docs/protocol.md and not from the service's output:

* the case list (CASES, below): the inputs, and for each invalid one the rule it breaks;
* a second implementation of sections 1 to 4, in the Python standard library only, which
  computes the expected canonical text, content hash and CID of every valid case.

The script then checks each hand-written verdict against its own implementation and stops on any
disagreement, so a case that does not break the rule it names (or breaks another as well) cannot
get into the file. The TypeScript test (test/protocol/vectors.test.ts) runs every case
through the service's module, which must agree: three readings of one document.

What Python lacks, and how the script stands in:

* Its unicodedata follows Unicode 14.0, the protocol 17.0. NFC matters only for the cases that
  normalize, and those use characters assigned long before 14.0 (accents, U+212B, U+0958, Hangul
  jamo). Characters assigned after 14.0 appear only in ASSIGNED_AFTER_14: symbols with no
  decomposition and combining class 0, which NFC leaves alone in every version.
* The unassigned code points of Unicode 17.0 are read from the table the protocol ships
  (protocol/unassignedCodePoints.ts), and, as section 1 asks of an implementation with an
  older Unicode, this script also refuses what its own version leaves unassigned.
* There is no ECMA-402 Intl here: language tags are checked with the grammar of UTS #35 that
  Intl.getCanonicalLocales applies (IsStructurallyValidLanguageTag), written out below.
* There is no WHATWG URL parser here: the check below follows its rules for the forms the cases
  use (a scheme; for http, https, ws, wss and ftp a host without forbidden code points).
"""
import base64
import hashlib
import json
import os
import re
import sys
import unicodedata

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "docs", "test-vectors", "articles.json")
TABLE = os.path.join(ROOT, "protocol", "unassignedCodePoints.ts")
UNICODE = "17.0"

# Section 2: the characters ECMAScript's String.prototype.trim removes.
TRIM = ("\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
        "\u2028\u2029\u202f\u205f\u3000\ufeff")

LIMITS = {"title": 1000, "subtitle": 2000, "body": 2000000, "author": 300, "publishedAt": 64,
          "language": 35, "url": 2048}
AUTHORS_LIMIT = 100
LIMIT_RULE = {"title": "title_limit", "subtitle": "subtitle_limit", "body": "body_limit",
              "author": "author_limit", "publishedAt": "published_at_limit",
              "language": "language_limit", "url": "url_limit"}
TEXT_MEMBERS = ["title", "subtitle", "body", "publishedAt", "language", "url"]
REQUIRED = ["title", "body", "publishedAt"]

# Assigned in Unicode 17.0 but not in Python's 14.0; each is an emoji symbol (So) with no
# decomposition and combining class 0.
ASSIGNED_AFTER_14 = {0x1FAE8, 0x1FAC6, 0x1FAEA}


def read_unassigned():
    text = open(TABLE, encoding="utf-8").read()
    ranges = re.search(r'UNASSIGNED_RANGES =\s*"([^"]*)"', text).group(1)
    unassigned = set()
    for part in ranges.split(","):
        bounds = [int(cp, 16) for cp in part.split("-")]
        unassigned.update(range(bounds[0], bounds[-1] + 1))
    return unassigned


UNASSIGNED_17 = read_unassigned()


def utf16_length(text):
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def is_unassigned(char):
    cp = ord(char)
    if 0xD800 <= cp <= 0xDFFF:
        return False  # a lone surrogate: its own rule
    own = unicodedata.category(char) == "Cn" and cp not in ASSIGNED_AFTER_14
    return cp in UNASSIGNED_17 or own


# Section 1, publishedAt. [0-9], not \d: Python's \d takes any Unicode digit.
DATE_TIME = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?"
                       r"(Z|[+-]([0-9]{2}):([0-9]{2}))")


def is_date_time(value):
    m = DATE_TIME.fullmatch(value)
    if not m:
        return False
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    off_h, off_m = int(m.group(9) or 0), int(m.group(10) or 0)
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return (1 <= month <= 12 and 1 <= day <= days[month - 1] and hour <= 23 and minute <= 59
            and second <= 59 and off_h <= 23 and off_m <= 59)


# Section 1, language: UTS #35 unicode_locale_id as ECMA-402 IsStructurallyValidLanguageTag reads
# it (no "root", no script-only tag, no repeated variant or singleton), case-insensitive.
ALNUM = "[a-z0-9]"


def is_language_tag(tag):
    if not re.fullmatch(r"[A-Za-z0-9-]+", tag):
        return False
    parts = tag.lower().split("-")
    i = 0

    def take(pattern):
        """Consumes the next subtag if it matches."""
        nonlocal i
        if i < len(parts) and re.fullmatch(pattern, parts[i]):
            i += 1
            return parts[i - 1]
        return None

    def take_all(pattern):
        taken = []
        while (subtag := take(pattern)) is not None:
            taken.append(subtag)
        return taken

    def language_id():
        """unicode_language_id without "root" or a script first; its variants, or None."""
        if take(r"[a-z]{2,3}|[a-z]{5,8}") is None:
            return None
        take(r"[a-z]{4}")
        take(r"[a-z]{2}|[0-9]{3}")
        return take_all(ALNUM + r"{5,8}|[0-9]" + ALNUM + "{3}")

    variants = language_id()
    if variants is None or len(set(variants)) != len(variants):
        return False
    singletons = []
    while (singleton := take("[0-9a-wyz]")) is not None:
        singletons.append(singleton)
        start = i
        if singleton == "u":
            take_all(ALNUM + "{3,8}")  # attributes
            while take(ALNUM + "[a-z]") is not None:  # keywords: a key and its type
                take_all(ALNUM + "{3,8}")
        elif singleton == "t":
            language_id()
            while take("[a-z][0-9]") is not None:  # fields: a key and a value of one subtag or more
                if not take_all(ALNUM + "{3,8}"):
                    return False
        else:
            take_all(ALNUM + "{2,8}")
        if i == start:
            return False
    if len(set(singletons)) != len(singletons):
        return False
    if take("x") is not None and not take_all(ALNUM + "{1,8}"):
        return False
    return i == len(parts)


# Section 1, url: the WHATWG rules for the forms of the cases below.
SPECIAL = {"http", "https", "ws", "wss", "ftp"}
FORBIDDEN_HOST = set(" #%/:<>?@[\\]^|")


def has_control(value):
    return any(ord(c) < 0x20 or ord(c) == 0x7F for c in value)


def is_absolute_url(value):
    m = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):(.*)", value, re.S)
    if not m:
        return False
    scheme, rest = m.group(1).lower(), m.group(2)
    if scheme not in SPECIAL:
        return True  # file and the non-special schemes take any rest
    authority = re.split(r"[/?#\\]", rest.lstrip("/\\"), maxsplit=1)[0]
    host = authority.rsplit("@", 1)[-1]
    if host.startswith("["):
        return host.endswith("]") or "]:" in host
    host = re.sub(r":[0-9]*$", "", host)
    return host != "" and not (set(host) & FORBIDDEN_HOST)


# Section 2.
def normalize_body(body):
    lines = unicodedata.normalize("NFC", body).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [line.rstrip(" \t") for line in lines]
    while lines and lines[0] == "":
        lines.pop(0)
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines)


def normalize_text(value):
    return unicodedata.normalize("NFC", value).strip(TRIM)


def type_rule(value, expected):
    if value is None:
        return "null_member"
    return None if isinstance(value, expected) else "member_type"


def input_rules(article):
    """Section 1, on the article as submitted: the set of rules it breaks."""
    if not isinstance(article, dict):
        return {"article_type"}
    rules = set()
    members = TEXT_MEMBERS + ["authors"]
    rules.update("unknown_member" for key in article if key not in members)
    strings = []
    for member in members:
        if member not in article:
            if member in REQUIRED:
                rules.add("missing_member")
            continue
        value = article[member]
        if member == "authors":
            rule = type_rule(value, list)
            if rule:
                rules.add(rule)
                continue
            if len(value) > AUTHORS_LIMIT:
                rules.add("authors_limit")
            for author in value:
                if isinstance(author, str):
                    strings.append(("author", author))
                else:
                    rules.add("member_type")
        else:
            rule = type_rule(value, str)
            if rule:
                rules.add(rule)
            else:
                strings.append((member, value))
    for member, value in strings:
        if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
            rules.add("lone_surrogate")
        elif any(is_unassigned(c) for c in value):
            rules.add("unassigned_code_point")
        if utf16_length(value) > LIMITS[member]:
            rules.add(LIMIT_RULE[member])
    return rules


def normalize(article):
    out = {"title": normalize_text(article["title"]), "body": normalize_body(article["body"]),
           "publishedAt": normalize_text(article["publishedAt"])}
    for key in ("subtitle", "language", "url"):
        if key in article and normalize_text(article[key]) != "":
            out[key] = normalize_text(article[key])
    if article.get("authors"):
        out["authors"] = [normalize_text(author) for author in article["authors"]]
    return out


def normalized_rules(n):
    """Section 2's checks, and section 1's on the normalized values."""
    rules = set()
    if n["title"] == "":
        rules.add("title_empty")
    if n["body"] == "":
        rules.add("body_empty")
    for author in n.get("authors", []):
        if author == "":
            rules.add("author_empty")
        if utf16_length(author) > LIMITS["author"]:
            rules.add("author_limit")
    for member in TEXT_MEMBERS:
        if member in n and utf16_length(n[member]) > LIMITS[member]:
            rules.add(LIMIT_RULE[member])
    if not is_date_time(n["publishedAt"]):
        rules.add("published_at_format")
    if "language" in n and not is_language_tag(n["language"]):
        rules.add("language_tag")
    if "url" in n:
        if has_control(n["url"]):
            rules.add("url_control_character")
        elif not is_absolute_url(n["url"]):
            rules.add("url_absolute")
    return rules


# Section 3: JCS for strings and arrays of strings, as the document spells it out.
SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def jcs_string(value):
    out = []
    for c in value:
        if c in SHORT_ESCAPES:
            out.append(SHORT_ESCAPES[c])
        elif ord(c) < 0x20:
            out.append("\\u%04x" % ord(c))
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def jcs(value):
    if isinstance(value, str):
        return jcs_string(value)
    if isinstance(value, list):
        return "[" + ",".join(jcs(v) for v in value) + "]"
    keys = sorted(value, key=lambda k: k.encode("utf-16-be"))
    return "{" + ",".join(jcs_string(k) + ":" + jcs(value[k]) for k in keys) + "}"


# Section 4.
def identify(normalized):
    canonical = jcs(normalized)
    digest = hashlib.sha256(canonical.encode("utf-8")).digest()
    cid = "b" + base64.b32encode(bytes([0x01, 0x80, 0x04, 0x12, 0x20]) + digest).decode().lower().rstrip("=")
    return canonical, "0x" + digest.hex(), cid


class Duplicate(Exception):
    pass


def pairs_without_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise Duplicate()
    return dict(pairs)


def verdict(case):
    """(rules, identity): the rules broken at the first stage that breaks any, or the identity."""
    if "json" in case:
        try:
            article = json.loads(case["json"], object_pairs_hook=pairs_without_duplicates)
        except Duplicate:
            return {"duplicate_key"}, None
    else:
        article = case["article"]
    rules = input_rules(article)
    if rules:
        return rules, None
    normalized = normalize(article)
    rules = normalized_rules(normalized)
    return (rules, None) if rules else (set(), identify(normalized))


# ---------------------------------------------------------------------------------------------
# The cases, by hand. `valid(name, article)`; `invalid(name, rule, article)`; `*_json` take the
# raw JSON text instead, for what a JSON value cannot hold (repeated names, lone surrogates).

BASE = {"title": "T", "body": "B", "publishedAt": "2024-06-12T07:00:00Z"}
CASES = []


NO_ARTICLE = object()  # the article is BASE with **members; None is an article of its own (JSON null)


def valid(name, article=NO_ARTICLE, **members):
    CASES.append({"name": name, "article": {**BASE, **members} if article is NO_ARTICLE else article})


def invalid(name, rule, article=NO_ARTICLE, **members):
    CASES.append({"name": name, "article": {**BASE, **members} if article is NO_ARTICLE else article, "rule": rule})


def invalid_json(name, rule, text):
    CASES.append({"name": name, "json": text, "rule": rule})


def valid_json(name, text):
    CASES.append({"name": name, "json": text})


def without(member):
    return {k: v for k, v in BASE.items() if k != member}


EMOJI = "\U0001F600"  # 2 UTF-16 code units
FULL = {"title": "L’été", "subtitle": "Un aperçu", "body": "Premier.\n\nSecond.", "authors": ["Ana", "Bo"],
        "publishedAt": "2024-06-12T09:00:00+02:00", "language": "fr-FR", "url": "https://news.example/ete"}

# Section 1: the article and its members.
valid("minimal article: title, body, publishedAt", BASE)
valid("every member, keys in canonical order afterwards", FULL)
for name, value in [("an array", [BASE]), ("a string", "T"), ("a number", 42), ("null", None), ("true", True), ("an empty array", [])]:
    invalid(f"the article is {name}", "article_type", value)
invalid("an unknown member", "unknown_member", tags=["x"])
invalid("a member name in another case: Title", "unknown_member", Title="T")
invalid("an unknown member spelled like a near one: author", "unknown_member", author="Ana")
invalid_json("__proto__ is an unknown member like any other", "unknown_member",
             '{"title":"T","body":"B","publishedAt":"2024-06-12T07:00:00Z","__proto__":{"url":"x"}}')
for member in REQUIRED:
    invalid(f"no {member}", "missing_member", without(member))
for member in ["title", "subtitle", "authors", "language", "url", "body", "publishedAt"]:
    invalid(f"{member} is null", "null_member", **{member: None})
for name, members in [("title is a number", {"title": 42}), ("body is an array", {"body": ["B"]}),
                      ("subtitle is true", {"subtitle": True}), ("authors is a string", {"authors": "Ana"}),
                      ("an author is a number", {"authors": ["Ana", 1]}), ("an author is null", {"authors": [None]}),
                      ("publishedAt is a number of seconds", {"publishedAt": 1718175600}),
                      ("language is an object", {"language": {"tag": "fr"}}), ("url is an array", {"url": ["https://news.example/"]})]:
    invalid(name, "member_type", **members)
invalid_json("title twice", "duplicate_key", '{"title":"T","body":"B","publishedAt":"2024-06-12T07:00:00Z","title":"U"}')
invalid_json("title twice, the second spelled with an escape", "duplicate_key",
             '{"title":"T","body":"B","publishedAt":"2024-06-12T07:00:00Z","\\u0074itle":"T"}')
invalid_json("the same value twice is still a repeated name", "duplicate_key",
             '{"title":"T","body":"B","body":"B","publishedAt":"2024-06-12T07:00:00Z"}')
valid_json("member names escaped but distinct", '{"\\u0074itle":"T","body":"B","publishedAt":"2024-06-12T07:00:00Z"}')

# Section 1: well-formed Unicode.
for name, member, value in [("a lone high surrogate in the title", "title", "\\ud800"),
                            ("a lone low surrogate in the body", "body", "a\\udfffb"),
                            ("a high surrogate at the end of an author", "authors", '["Ana\\ud83d"]'),
                            ("a surrogate pair in reverse order", "subtitle", "\\ude00\\ud83d")]:
    literal = value if value.startswith("[") else f'"{value}"'
    members = {**BASE, member: None}
    text = "{" + ",".join(f'"{k}":' + (literal if k == member else json.dumps(v)) for k, v in members.items()) + "}"
    invalid_json(name, "lone_surrogate", text)
valid_json("a surrogate pair written as two escapes", '{"title":"\\ud83d\\ude00","body":"B","publishedAt":"2024-06-12T07:00:00Z"}')

# Section 1: unassigned code points (Unicode 17.0).
for name, members in [("U+0378 in the title, unassigned in the Greek block", {"title": "a\u0378"}),
                      ("the noncharacter U+FFFF in the body", {"body": "B\uffff"}),
                      ("the noncharacter U+FDD0 in an author", {"authors": ["\ufdd0"]}),
                      ("U+E0080 in the subtitle, plane 14", {"subtitle": "\U000E0080"}),
                      ("U+40000 in the body, plane 4", {"body": "\U00040000"}),
                      ("U+10FFFF, the last code point", {"title": "T\U0010FFFF"}),
                      ("an unassigned code point in publishedAt", {"publishedAt": "2024-06-12T07:00:00Z\u0378"}),
                      ("an unassigned code point in the url", {"url": "https://news.example/\u0378"}),
                      ("an unassigned code point in the language", {"language": "fr\u0378"})]:
    invalid(name, "unassigned_code_point", **members)
valid("private use characters are assigned (Co)", title="\ue000\U000F0000")
valid("characters assigned after Unicode 14.0 (U+1FAE8, U+1FAC6, U+1FAEA)", title="\U0001FAE8\U0001FAC6\U0001FAEA")

# Section 1: limits, in UTF-16 code units, before and after normalization.
for member in ["title", "subtitle"]:
    n = LIMITS[member]
    valid(f"{member} at its limit, {n} units", **{member: "a" * n})
    invalid(f"{member} one unit over", f"{member}_limit", **{member: "a" * (n + 1)})
    valid(f"{member} of {n // 2} emoji, {n} units", **{member: EMOJI * (n // 2)})
    invalid(f"{member} of {n // 2 + 1} emoji, {n + 2} units but {n // 2 + 1} code points", f"{member}_limit", **{member: EMOJI * (n // 2 + 1)})
    invalid(f"{member} of {n - 1} letters and an emoji, {n + 1} units", f"{member}_limit", **{member: "a" * (n - 1) + EMOJI})
    invalid(f"{member} over its limit as sent, within it once trimmed", f"{member}_limit", **{member: " " + "a" * n})
valid("title of 500 U+0958, which NFC makes 1,000 units", title="\u0958" * 500)
invalid("title of 501 U+0958: 501 units as sent, 1,002 after NFC", "title_limit", title="\u0958" * 501)
valid("body at its limit, 2,000,000 units", body="a" * 2000000)
invalid("body one unit over", "body_limit", body="a" * 2000001)
invalid("body of 1,999,999 letters and an emoji, 2,000,001 units", "body_limit", body="a" * 1999999 + EMOJI)
valid("100 authors", authors=[f"Author {i}" for i in range(100)])
invalid("101 authors", "authors_limit", authors=[f"Author {i}" for i in range(101)])
valid("an author at its limit, 300 units", authors=["a" * 300])
invalid("an author one unit over", "author_limit", authors=["a" * 301])
valid("an author of 150 emoji, 300 units", authors=[EMOJI * 150])
invalid("an author of 151 emoji, 302 units", "author_limit", authors=[EMOJI * 151])
invalid("an author of 151 U+0958: 302 units after NFC", "author_limit", authors=["\u0958" * 151])
valid("publishedAt at its limit, 64 units, with a long fraction", publishedAt="2024-06-12T07:00:00." + "1" * 43 + "Z")
invalid("publishedAt one unit over", "published_at_limit", publishedAt="2024-06-12T07:00:00." + "1" * 44 + "Z")
valid("language at its limit, 35 units", language="en-x-" + "abcdefgh-" * 3 + "abc")
invalid("language one unit over", "language_limit", language="en-x-" + "abcdefgh-" * 3 + "abcd")
valid("url at its limit, 2,048 units", url="https://news.example/" + "a" * 2027)
invalid("url one unit over", "url_limit", url="https://news.example/" + "a" * 2028)
valid("url of 2,048 units ending in an emoji", url="https://news.example/" + "a" * 2025 + EMOJI)
invalid("url of 2,049 units ending in an emoji", "url_limit", url="https://news.example/" + "a" * 2026 + EMOJI)

# Section 1: publishedAt.
for name, value in [("UTC with Z", "2024-06-12T07:00:00Z"), ("a positive offset", "2024-06-12T09:00:00+02:00"),
                    ("a negative half-hour offset", "2024-06-12T01:30:00-05:30"), ("a one-digit fraction", "2024-06-12T07:00:00.5Z"),
                    ("a nine-digit fraction", "2024-06-12T07:00:00.123456789+01:00"), ("29 February of 2024", "2024-02-29T12:00:00Z"),
                    ("29 February of 2000, divisible by 400", "2000-02-29T12:00:00Z"), ("year 0000", "0000-01-01T00:00:00Z"),
                    ("29 February of year 0000, a leap year", "0000-02-29T00:00:00Z"), ("the last instant of 9999", "9999-12-31T23:59:59Z"),
                    ("offset +23:59, the largest", "2024-06-12T07:00:00+23:59"), ("offset -00:00, unknown local offset", "2024-06-12T07:00:00-00:00"),
                    ("offset +00:00", "2024-06-12T07:00:00+00:00"), ("hour 23, minute 59, second 59", "2024-06-12T23:59:59Z"),
                    ("30 April", "2024-04-30T07:00:00Z"), ("31 December", "2024-12-31T07:00:00Z"),
                    ("padded with spaces and a line break, trimmed", " 2024-06-12T07:00:00Z\n")]:
    valid(f"publishedAt: {name}", publishedAt=value)
valid("publishedAt with another offset for the same instant is another article", publishedAt="2024-06-12T08:00:00+01:00")
for name, value in [("29 February of 2023", "2023-02-29T12:00:00Z"), ("29 February of 1900, divisible by 100", "1900-02-29T12:00:00Z"),
                    ("31 April", "2024-04-31T07:00:00Z"), ("month 13", "2024-13-01T07:00:00Z"), ("month 00", "2024-00-10T07:00:00Z"),
                    ("day 00", "2024-06-00T07:00:00Z"), ("day 32", "2024-01-32T07:00:00Z"), ("hour 24", "2024-06-12T24:00:00Z"),
                    ("minute 60", "2024-06-12T07:60:00Z"), ("a leap second :60", "2016-12-31T23:59:60Z"),
                    ("lower-case t", "2024-06-12t07:00:00Z"), ("lower-case z", "2024-06-12T07:00:00z"),
                    ("a dot with no fraction digit", "2024-06-12T07:00:00.Z"), ("a comma for the fraction", "2024-06-12T07:00:00,5Z"),
                    ("offset hour 24", "2024-06-12T07:00:00+24:00"), ("offset minute 60", "2024-06-12T07:00:00+02:60"),
                    ("offset without colon", "2024-06-12T07:00:00+0200"), ("offset without minutes", "2024-06-12T07:00:00+02"),
                    ("no seconds", "2024-06-12T07:00Z"), ("no offset", "2024-06-12T07:00:00"), ("a space for T", "2024-06-12 07:00:00Z"),
                    ("a date alone", "2024-06-12"), ("a five-digit year", "10000-01-01T00:00:00Z"), ("a two-digit year", "24-06-12T07:00:00Z"),
                    ("full-width digits", "２０２４-06-12T07:00:00Z"), ("empty", ""), ("blank, empty once trimmed", " \u00a0 "),
                    ("a date in words", "12 juin 2024")]:
    invalid(f"publishedAt: {name}", "published_at_format", publishedAt=value)

# Section 1: language.
for tag in ["fr", "fr-FR", "zh-Hant-TW", "es-419", "de-1996", "sr-Latn-RS", "en-US-x-twain", "de-DE-u-co-phonebk",
            "und", "en-Latn-US-valencia", "fr-fr", "EN"]:
    valid(f"language {tag}, hashed as written", language=tag)
valid("language blank: omitted", language=" \t")
for tag in ["en_US", "x-foo", "zh-yue", "i-klingon", "en-GB-oed", "f", "123", "fr-", "français", "de-1996-1996",
            "en-a-bbb-a-ccc", "root", "abcdefghi", "fr-FR-x", "en-a-b"]:
    invalid(f"language {tag}", "language_tag", language=tag)

# Section 1: url.
for name, value in [("https", "https://news.example/a"), ("upper-case scheme and host, port, a space and dots, hashed as written",
                     "HTTPS://News.Example:443/a b/../été"), ("mailto, a non-special scheme", "mailto:desk@news.example"),
                    ("U+0085 is not a control character of the rule", "https://news.example/a\u0085b"),
                    ("padded, trimmed", "\u00a0https://news.example/a\n"), ("an IPv6 host", "https://[::1]/a")]:
    valid(f"url: {name}", url=value)
valid("url blank: omitted", url="\u3000")
for name, value in [("relative, no scheme", "news.example/a"), ("a path", "/a/b"), ("scheme-relative", "//news.example/a"),
                    ("https with no host", "https://"), ("a space in the host", "http://exa mple.com/")]:
    invalid(f"url: {name}", "url_absolute", url=value)
for name, value in [("a tab inside", "https://news.example/a\tb"), ("a line feed inside", "https://exa\nmple.com/x"),
                    ("U+0001 first, which trimming keeps", "\u0001https://news.example/"), ("DEL inside", "https://news.example/a\u007fb"),
                    ("U+001F last", "https://news.example/\u001f")]:
    invalid(f"url: {name}", "url_control_character", url=value)

# Section 2: NFC.
valid("NFD accents in the title compose", title="E\u0301te\u0301")
valid("U+212B ANGSTROM SIGN becomes U+00C5", title="\u212b")
valid("Hangul jamo compose into a syllable", title="\u1100\u1161\u11a8")
valid("U+0958 decomposes, excluded from composition", title="\u0958")
valid("a compatibility ligature stays (NFC, not NFKC)", title="\ufb01n")
valid("an NFD author composes", authors=["Jose\u0301"])
valid("an NFD body composes", body="Cafe\u0301 ouvert")
valid("combining marks reordered by NFC", title="a\u0323\u0307")

# Section 2: the body's lines.
for name, body in [("CRLF line ends", "a\r\nb"), ("CR line ends", "a\rb"), ("CR CR LF is two line ends", "a\r\r\nb"),
                   ("trailing spaces and tabs removed from each line", "a \t \nb\t\nc  "),
                   ("a trailing no-break space kept", "vision\u00a0\nfin"), ("U+202F and U+3000 kept at the end of lines", "a\u202f\nb\u3000"),
                   ("leading indentation kept", "a\n  \u2022 b\n\tc"), ("leading and trailing blank lines removed", "\n \n\t\r\na\n\nb\n  \n\n"),
                   ("three inner blank lines kept", "a\n\n\n\nb"), ("a line of no-break spaces is not blank", "\u00a0\na"),
                   ("a final line feed removed", "a\n"), ("U+2028 is not a line end", "a \u2028b "),
                   ("a vertical tab and a form feed stay, written as escapes", "a\u000bb\u000cc"),
                   ("U+0085 is not a line end", "a \u0085b"), ("control characters written as escapes", "a\u0001b\u0008c\u001fd")]:
    valid(f"body: {name}", body=body)
invalid("body of spaces, tabs and line ends: empty", "body_empty", body="\r\n \t\n")
invalid("body empty", "body_empty", body="")

# Section 2: trimming every other string.
for cp in [0x9, 0xA, 0xB, 0xC, 0xD, 0x20, 0xA0, 0x1680, 0x2000, 0x2005, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF]:
    valid(f"title padded with U+{cp:04X}, trimmed", title=f"{chr(cp)}T{chr(cp)}")
for cp in [0x85, 0x180E, 0x200B, 0x1C, 0x1F]:
    valid(f"title padded with U+{cp:04X}, not trimmed", title=f"{chr(cp)}T{chr(cp)}")
valid("a title of U+200B alone is not empty", title="\u200b")
invalid("a title of U+FEFF alone is empty once trimmed", "title_empty", title="\ufeff")
invalid("a title of spaces is empty", "title_empty", title=" \u00a0\u3000")
invalid("an empty title", "title_empty", title="")
valid("inner whitespace of a title kept, line breaks included", title="A  b\u00a0:\tc\nd")
valid("every member trimmed but the body", {"title": " T ", "subtitle": "\tS\n", "body": " B ", "authors": [" Ana "],
                                            "publishedAt": "\u00a02024-06-12T07:00:00Z", "language": " fr ", "url": " https://news.example/ "})

# Section 2: empty values.
valid("subtitle blank: omitted", subtitle=" \u00a0 ")
valid("authors []: omitted", authors=[])
valid("duplicate authors kept, in order", authors=["Bo", "Ana", "Bo"])
invalid("an empty author", "author_empty", authors=["Ana", ""])
invalid("an author of spaces", "author_empty", authors=[" \u00a0"])

# Section 10: the worked example, whose canonical text the document shows only in part.
EXAMPLE = json.load(open(os.path.join(ROOT, "test", "fixtures", "mistral-ai-funding.fr.json"), encoding="utf-8"))
valid("the worked example of section 10", EXAMPLE)
valid("the worked example's correction: 600 becomes 700 millions", {**EXAMPLE, "body": EXAMPLE["body"].replace("600 millions", "700 millions")})

# Section 3: escaping in the canonical text.
valid("quote, backslash and slash", title='"A\\B/C"')
valid("U+007F and U+2028 written as themselves", title="a\u007fb\u2028c")
valid("astral and accented characters written as themselves, in UTF-8", title="Fusée \U0001F680 ’")


def main():
    for case in CASES:
        rules, identity = verdict(case)
        expected = {case["rule"]} if "rule" in case else set()
        if rules != expected:
            sys.exit(f"{case['name']!r}: the hand-written verdict {sorted(expected) or 'valid'} "
                     f"is not what the rules give: {sorted(rules) or 'valid'}")
        if identity:
            case["valid"] = True
            case["canonical"], case["contentHash"], case["cid"] = identity
        else:
            case["valid"] = False
            case["rule"] = case.pop("rule")
    names = [case["name"] for case in CASES]
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:
        sys.exit(f"names used twice: {sorted(duplicates)}")
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write('{"format":"newsprov-vectors-v1","unicode":"%s","cases":[\n' % UNICODE)
        f.write(",\n".join(json.dumps(case, ensure_ascii=False) for case in CASES))
        f.write("\n]}\n")
    invalid_count = sum(1 for case in CASES if not case["valid"])
    print(f"{os.path.relpath(OUT, ROOT)}: {len(CASES)} cases, {invalid_count} invalid")


if __name__ == "__main__":
    main()
