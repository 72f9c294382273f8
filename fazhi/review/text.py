"""Repairing messy report text while remembering where every character came from.

Findings are judged on the repaired text but reported against the original (line numbers,
offsets), so each repair step keeps a map from repaired positions to original positions.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, chain
from pathlib import Path
from re import _constants as sre_c  # the first characters a pattern can match
from re import _parser as sre_parse
from typing import Any, Generic, TypeVar

from .model import Finding

T = TypeVar("T")

CJK = "\u3400-\u4dbf\u4e00-\u9fff"
CJK_PUNCT = "，。；：！？、（）“”‘’《》〈〉【】〔〕…—·"
_TERMINAL = "。；：！？”’）)》…"
HEADING_RE = re.compile(
    r"^(?:(?P<l1>[一二三四五六七八九十]{1,3})、"
    r"|[（(](?P<l2>[一二三四五六七八九十]{1,3})[）)]"
    r"|(?P<l3>\d{1,2})(?:[.．、](?!\d))"
    r"|[（(](?P<l4>\d{1,2})[）)])"
)

# Residue that word processors and converters leave in exported text. Kept narrow on purpose:
# each pattern is something no author types.
ARTIFACT_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        r"\[(?:bookmark|image|footnote|endnote|comment|annotation|picture)[ \t]*:[^\]\n]{0,200}\]",
        "文档转换残留标记，请删除",
    ),
    (r"\b_(?:GoBack|Toc\d+|Hlk\d+|Ref\d+)\b", "文档转换残留的书签名，请删除"),
    (r"(?:HYPERLINK|PAGEREF|MERGEFORMAT|FORMTEXT)\b[^\n]{0,80}?(?=\s|$)", "文档域代码残留，请删除"),
    (r"\ufffd+", "乱码字符（编码损坏），请删除"),
    # Web residue: text copied from a web page or a document-sharing site.
    (
        r"(?:全网|全站)?资源每日更新|更多(?:精品)?(?:资料|文档|范文)(?:请|尽在|下载|关注)[^\n。]{0,20}"
        r"|(?:本文|文档)(?:来源于|来自|转载自)(?:网络|互联网)[^\n。]{0,12}|侵权请?联系(?:删除|我们)"
        r"|(?:原创力文档|百度文库|道客巴巴|豆丁网|文库网|范文网|第一范文|写作吧|学习啦)"
        r"|(?:微信)?扫码关注[^\n。]{0,16}|(?:Wayback Machine|web\.archive\.org\S*)|网页快照",
        "网页或文库水印残留，请删除",
    ),
    (
        r"(?:网上|线上|真人|体育|足球)?(?:博彩|百家乐|娱乐城|真人荷官|彩金|体育投注|投注网|开户送|注册送|首存送)"
        r"|(?:澳门|新)?(?:葡京|威尼斯人|金沙)(?:娱乐城|娱乐|国际|赌场|官网|平台|城)",
        "广告或博彩垃圾信息，请删除",
    ),
    (
        r"(?<![A-Za-z\d])(?:[*＊]{2,}|[×Xx]{2,})(?=[年月日号镇乡村街件人次名个元万%])",
        "被遮蔽的数字或未填的占位符，请补全实际内容",
    ),
    (
        r"(?:https?://|www\.)(?![^\s，。、；）)]*\.gov\.cn)[A-Za-z0-9.\-_/?=&%#:~]+|(?<![A-Za-z0-9@.])[A-Za-z0-9\-]{2,30}\.(?:com|net|cc|top|vip|xyz)(?![A-Za-z0-9])",
        "网址（疑似网页水印或广告），请删除",
    ),
)
_ARTIFACT_RE = re.compile("|".join(f"({p})" for p, _ in ARTIFACT_PATTERNS), re.IGNORECASE)
# Every match of ARTIFACT_PATTERNS holds one of these strings (lower case) and lies within one
# line. The combined pattern tries all its alternatives at every character (about 14 ms on a
# report of 8,000 characters), so it only runs on the lines where a cue occurs; a clean report
# costs a few fast substring searches. A new pattern must add its cue here (test_rules checks).
ARTIFACT_CUES: tuple[str, ...] = (
    *"[_\ufffd",
    *("hyperlink", "pageref", "mergeformat", "formtext"),
    *("资源每日更新", "更多", "本文", "文档", "侵权", "原创力", "百度文库", "道客巴巴", "豆丁网", "文库网"),
    *("范文", "写作吧", "学习啦", "扫码关注", "wayback", "web.archive", "网页快照"),
    *("博彩", "百家乐", "娱乐城", "真人荷官", "彩金", "投注", "开户送", "注册送", "首存送"),
    *("葡京", "威尼斯人", "金沙"),
    *("**", "*＊", "＊*", "＊＊", "××", "×x", "x×", "xx"),
    *("http", "www.", ".com", ".net", ".cc", ".top", ".vip", ".xyz"),
)


_CUE_RE = re.compile("|".join(map(re.escape, ARTIFACT_CUES)))


def artifact_matches(text: str) -> list[re.Match[str]]:
    """The matches of _ARTIFACT_RE in text, scanning only the lines that hold a cue, and there
    only the characters a match can start with (a match never crosses a line)."""
    low = text.lower()
    first = first_chars(_ARTIFACT_RE)
    if len(low) != len(text) or first is None:  # a lower case that is longer: scan it all
        return list(_ARTIFACT_RE.finditer(text))
    starts: set[int] = set()
    # One search for all the cues (a find per cue walked the text sixty times); after a hit the
    # rest of its line needs no more.
    pos = 0
    while (cue := _CUE_RE.search(low, pos)) is not None:
        i = cue.start()
        starts.add(text.rfind("\n", 0, i) + 1)
        pos = text.find("\n", i)
        if pos < 0:
            break
    lines = [(start, end if (end := text.find("\n", start)) >= 0 else len(text)) for start in sorted(starts)]
    return list(finditer_from(_ARTIFACT_RE, first, text, lines))


# Layout debris from PDFs: removed silently because it is normal output of the converter.
_SILENT_RE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\u200b\u200c\u200d\u2060\ufeff]|^[ \t]*[-—–－]\s*\d{1,3}\s*[-—–－][ \t]*$",
    re.M,
)

_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


@dataclass
class Doc:
    """Original text, repaired text, and the map from repaired to original offsets."""

    original: str
    text: str
    origin: list[int]
    artifacts: list[Finding] = field(default_factory=list)
    _line_starts: list[int] = field(default_factory=list, repr=False)
    _tokens: list[tuple[int, int]] | None = field(default=None, repr=False)
    _words: list[str] = field(default_factory=list, repr=False)
    _starts: list[int] = field(default_factory=list, repr=False)
    _ends: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.original)]

    def spans(self) -> tuple[list[int], list[int]]:
        """Where each word of the repaired text starts and ends (jieba's dictionary, no guessing
        of unknown words), in the order of words()."""
        if not self._ends and self.text:
            import rjieba

            self._words = rjieba.cut(self.text, False)
            ends = list(accumulate(map(len, self._words)))
            self._starts = [0, *ends[:-1]] if ends else []
            self._ends = ends
        return self._starts, self._ends

    def tokens(self) -> list[tuple[int, int]]:
        """Word spans of the repaired text, as (start, end) pairs."""
        if self._tokens is None:
            self._tokens = list(zip(*self.spans(), strict=True))
        return self._tokens

    def words(self) -> list[str]:
        """The words of tokens(), in the same order."""
        self.spans()
        return self._words

    def orig(self, pos: int) -> int:
        """Original offset of repaired offset `pos` (an end offset maps past its last char)."""
        if not self.origin:
            return 0
        if pos >= len(self.origin):
            return self.origin[-1] + 1
        return self.origin[max(pos, 0)]

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        origin = self.origin
        if end <= start or not origin or end > len(origin) or start < 0:
            if end <= start:
                o = self.orig(start)
                return o, o
            return self.orig(start), self.orig(end - 1) + 1
        return origin[start], origin[end - 1] + 1  # the common case, inline: a few per figure

    def line_of_orig(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset)

    def line_of(self, pos: int) -> int:
        return self.line_of_orig(self.orig(pos))

    def finding(self, start: int, end: int, **kw: object) -> Finding:
        """A finding located at repaired span [start, end), excerpted from the original."""
        os_, oe = self.orig_span(start, end)
        excerpt = self.original[os_:oe]
        if len(excerpt) > 3 * max(1, end - start) + 20:
            # The span crossed removed residue or joined lines; show the repaired text instead.
            excerpt = self.text[start:end]
        return Finding(excerpt=excerpt, line=self.line_of_orig(os_), start=os_, end=oe, **kw)  # type: ignore[arg-type]


def finditer_from(
    pattern: re.Pattern[str],
    first: re.Pattern[str],
    text: str,
    windows: Iterable[tuple[int, int]] | None = None,
) -> Iterator[re.Match[str]]:
    """pattern.finditer(text), tried only where `first` matches: every match of pattern must
    start with a character `first` finds (and never be empty). A pattern that opens with
    optional words or lookbehinds is otherwise tried at each character of the text.
    `windows`, sorted (lo, hi) ranges, hold every offset where a match can start (from
    literal_windows); the characters outside them are not tried."""
    pos = 0
    search, match = first.search, pattern.match
    for lo, hi in ((0, len(text)),) if windows is None else windows:
        pos = max(pos, lo)  # a match may have ended past lo
        while pos <= hi and (c := search(text, pos, hi + 1)) is not None:
            at = c.start()
            m = match(text, at)  # lookbehinds see the text before `at`, as finditer's do
            if m is not None:
                yield m
                pos = m.end() if m.end() > at else at + 1
            else:
                pos = at + 1


_CATEGORY_CLASS = {
    sre_c.CATEGORY_DIGIT: r"\d",
    sre_c.CATEGORY_NOT_DIGIT: r"\D",
    sre_c.CATEGORY_SPACE: r"\s",
    sre_c.CATEGORY_NOT_SPACE: r"\S",
    sre_c.CATEGORY_WORD: r"\w",
    sre_c.CATEGORY_NOT_WORD: r"\W",
}
_REPEATS = {sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", sre_c.MAX_REPEAT)}


def _first_of(seq: Iterable[tuple[object, object]]) -> tuple[list[str], bool] | None:
    """Character-class pieces of the first character a parsed sequence can consume, and whether
    it can match empty; None when that is not known (any character, a negated class...)."""
    pieces: list[str] = []
    for op, av in seq:
        if op is sre_c.LITERAL:
            return [*pieces, re.escape(chr(av))], False  # type: ignore[arg-type]
        if op is sre_c.IN:
            for o, a in av:  # type: ignore[attr-defined]
                if o is sre_c.LITERAL:
                    pieces.append(re.escape(chr(a)))
                elif o is sre_c.RANGE:
                    pieces.append(f"{re.escape(chr(a[0]))}-{re.escape(chr(a[1]))}")
                elif o is sre_c.CATEGORY and a in _CATEGORY_CLASS:
                    pieces.append(_CATEGORY_CLASS[a])
                else:
                    return None
            return pieces, False
        if op in (sre_c.ASSERT, sre_c.ASSERT_NOT, sre_c.AT):
            continue  # zero width: the first character comes after it
        if op is sre_c.SUBPATTERN:
            _group, add_flags, _del, sub = av  # type: ignore[misc]
            if add_flags & re.IGNORECASE:
                return None
            inner = _first_of(sub)
        elif op is sre_c.BRANCH:
            inner = ([], False)
            for alt in av[1]:  # type: ignore[index]
                got = _first_of(alt)
                if got is None:
                    return None
                inner = (inner[0] + got[0], inner[1] or got[1])
        elif op in _REPEATS:
            lo, _hi, sub = av  # type: ignore[misc]
            got = _first_of(sub)
            inner = None if got is None else (got[0], got[1] or lo == 0)
        else:
            return None
        if inner is None:
            return None
        pieces += inner[0]
        if not inner[1]:
            return pieces, False
    return pieces, True


def _plain_start(seq: Iterable[tuple[object, object]]) -> bool:
    """The pattern opens with a character or a class, which the regex engine itself skips to."""
    for op, av in seq:
        if op in (sre_c.LITERAL, sre_c.IN):
            return True
        if op is sre_c.SUBPATTERN:
            return _plain_start(av[3])  # type: ignore[index]
        if op is sre_c.BRANCH:
            return all(_plain_start(alt) for alt in av[1])  # type: ignore[index]
        if op in _REPEATS:
            return av[0] >= 1 and _plain_start(av[2])  # type: ignore[index,operator]
        return False
    return False


_BROAD = re.compile(r"\\[DSWsw]|(.)-(.)")


@lru_cache(maxsize=1024)
def first_chars(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A class of the characters that every match of pattern starts with, when that is known
    and helps: the pattern opens with optional words or a lookbehind (which the regex engine
    cannot skip to) and the class is narrow (a class such as all Chinese characters would stop
    at nearly every character)."""
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
        got = _first_of(parsed)
    except Exception:  # noqa: BLE001 - an unparsable form just means no shortcut
        return None
    if got is None or got[1] or not got[0] or _plain_start(parsed):
        return None
    for piece in got[0]:
        broad = _BROAD.fullmatch(piece)
        if broad and (broad.group(1) is None or ord(broad.group(2)) - ord(broad.group(1)) > 64):
            return None
    return re.compile("[" + "".join(dict.fromkeys(got[0])) + "]", pattern.flags & ~re.VERBOSE)


def _literal_run(seq: Iterable[tuple[object, object]]) -> str:
    """The longest run of plain characters that every match of a parsed sequence consumes in a
    row (lookarounds and anything optional or variable end a run)."""
    return _literal_run_at(list(seq))[0]


def _literal_run_at(seq: list[tuple[object, object]]) -> tuple[str, int]:
    """_literal_run and the index of the element of seq where that run ends."""
    best, at = "", -1
    run = ""
    for k, (op, av) in enumerate(seq):
        if op is sre_c.LITERAL:
            run += chr(av)  # type: ignore[arg-type]
            if len(run) > len(best):
                best, at = run, k
            continue
        run = ""
        if op is sre_c.SUBPATTERN and not av[1] & re.IGNORECASE:  # type: ignore[index]
            inner = _literal_run(av[3])  # type: ignore[index]
            if len(inner) > len(best):
                best, at = inner, k
    return best, at


@lru_cache(maxsize=1024)
def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Strings of which every match of pattern holds at least one, or () when that is not known:
    a text holding none of them has no match, found with a few fast substring searches. Only
    the longest literal run, or one per alternative of a pattern that is one alternation: a
    wider set (window_literals) costs more searches than it saves on a pattern scanned whole."""
    seq = _top(pattern)
    if seq is None:
        return ()
    if len(seq) == 1 and seq[0][0] is sre_c.BRANCH:
        alternatives = [_literal_run(alt) for alt in seq[0][1][1]]  # type: ignore[index]
    else:
        alternatives = [_literal_run(seq)]
    if not all(len(lit) >= 2 for lit in alternatives):
        return ()  # one character is no sieve
    return tuple(dict.fromkeys(alternatives))


def _top(pattern: re.Pattern[str]) -> list[tuple[object, object]] | None:
    """The parsed top-level sequence of pattern, unwrapped of enclosing groups (None when case
    folding or the parser leave no sure literal)."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        seq = list(sre_parse.parse(pattern.pattern, pattern.flags))
    except Exception:  # noqa: BLE001 - an unparsable form just means no shortcut
        return None
    while len(seq) == 1 and seq[0][0] is sre_c.SUBPATTERN and not seq[0][1][1] & re.IGNORECASE:  # type: ignore[index]
        seq = list(seq[0][1][3])  # type: ignore[index]
    return seq


_MAX_WINDOW = 500  # a window wider than this saves little


def window_literals(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Strings of which every match of pattern consumes one, also taken from an alternation the
    pattern always consumes (the names of (?P<name>纲要|规划)), for literal_windows."""
    return _sieve(pattern)[0]


@lru_cache(maxsize=1024)
def _sieve(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], int | None]:
    """window_literals(pattern), and the most characters a match consumes from its start to
    the end of the required string it holds (None when unbounded or unknown)."""
    seq = _top(pattern)
    if seq is None:
        return (), None
    try:
        literals, k = _required_at(seq)
        state = sre_parse.parse(pattern.pattern, pattern.flags).state
        lead = sre_parse.SubPattern(state, seq[: k + 1]).getwidth()[1] if literals else None
    except Exception:  # noqa: BLE001 - an unknown width just means no shortcut
        return (), None
    return literals, lead if lead is not None and lead <= _MAX_WINDOW else None


def _required(seq: Iterable[tuple[object, object]]) -> tuple[str, ...]:
    return _required_at(list(seq))[0]


def _required_at(seq: list[tuple[object, object]]) -> tuple[tuple[str, ...], int]:
    """Strings of which every match of a parsed sequence consumes one, or (): its longest
    literal run, or those of a group or an alternation it always consumes (each alternative of
    (?P<name>纲要|规划) holding its own), whichever has the longest shortest string (a common
    prefix 法治 the parser factors out is a poor sieve); and the index of the element of seq
    that consumes them. One character is no sieve."""
    run, at = _literal_run_at(seq)
    best: tuple[str, ...] = (run,) if len(run) >= 2 else ()
    for k, (op, av) in enumerate(seq):
        if op is sre_c.SUBPATTERN and not av[1] & re.IGNORECASE:  # type: ignore[index]
            got = _required(av[3])  # type: ignore[index]
        elif op is sre_c.BRANCH:
            alternatives = [_required(alt) for alt in av[1]]  # type: ignore[index]
            got = tuple(dict.fromkeys(chain.from_iterable(alternatives))) if all(alternatives) else ()
        else:
            continue
        if got and (not best or min(map(len, got)) > min(map(len, best))):
            best, at = got, k
    return best, at


def lead_width(pattern: re.Pattern[str]) -> int | None:
    """The most characters a match of pattern consumes up to the end of the required string it
    holds (lookarounds consume none); None when unbounded or unknown."""
    return _sieve(pattern)[1]


def literal_windows(text: str, literals: tuple[str, ...], width: int) -> list[tuple[int, int]]:
    """Sorted, disjoint (lo, hi) ranges of the offsets where a match holding one of `literals`
    can start, when a match consumes at most `width` characters up to the end of that string
    (lead_width): a match that holds a literal at i starts between i + len(literal) - width
    and i."""
    spans = []
    for lit in literals:
        n = len(lit)
        i = text.find(lit)
        while i >= 0:
            spans.append((max(0, i + n - width), i))
            i = text.find(lit, i + 1)
    spans.sort()
    out: list[tuple[int, int]] = []
    for lo, hi in spans:
        if out and lo <= out[-1][1] + 1:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


_MAX_STRINGS = 64  # the strings of a pattern listed whole for a Sieve


def _strings(seq: Iterable[tuple[object, object]]) -> tuple[str, ...]:
    """Every string a match of a parsed sequence can consume, when that is a few strings (up to
    _MAX_STRINGS): plain characters, classes of plain characters, groups and alternations of
    them, lookarounds anywhere (they consume nothing); else ()."""
    out: tuple[str, ...] = ("",)
    for op, av in seq:
        if op is sre_c.LITERAL:
            got: tuple[str, ...] = (chr(av),)  # type: ignore[arg-type]
        elif op is sre_c.IN and all(o is sre_c.LITERAL for o, _ in av):  # type: ignore[attr-defined]
            got = tuple(chr(a) for _, a in av)  # type: ignore[attr-defined]
        elif op in (sre_c.ASSERT, sre_c.ASSERT_NOT, sre_c.AT):
            continue
        elif op is sre_c.SUBPATTERN and not av[1] & re.IGNORECASE:  # type: ignore[index]
            got = _strings(av[3])  # type: ignore[index]
        elif op is sre_c.BRANCH:
            alternatives = [_strings(alt) for alt in av[1]]  # type: ignore[index]
            got = tuple(chain.from_iterable(alternatives)) if all(alternatives) else ()
        else:
            return ()
        if not got or len(out) * len(got) > _MAX_STRINGS:
            return ()
        out = tuple(a + b for a in out for b in got)
    return tuple(dict.fromkeys(out))


class Automaton:
    """An Aho-Corasick automaton over the keys of a table (ahocorasick_rs: the matches are
    listed in Rust, about twice as fast as pyahocorasick's iterator)."""

    def __init__(self, table: dict[str, Any]) -> None:
        import ahocorasick_rs

        self._values = list(table.values())
        self._ac = ahocorasick_rs.AhoCorasick(list(table), matchkind=ahocorasick_rs.MatchKind.Standard)

    def ends(self, text: str) -> list[tuple[int, Any]]:
        """(The end of each occurrence of a key in text, past its last character, and the
        key's value), overlapping occurrences included."""
        values = self._values
        return [(end, values[k]) for k, _, end in self._ac.find_matches_as_indexes(text, overlapping=True)]


class Sieve(Generic[T]):
    """Which of many rules can match a text, found in one Aho-Corasick pass over the strings
    their patterns' matches must hold: every string a pattern can match when those are few (a
    collocation's wrong forms), else its required_literals. A rule with neither is always kept.
    On a report of 8,000 characters one substring search or one scan of a plain pattern costs
    5-10 µs, and a rule family has dozens of patterns that seldom match."""

    def __init__(self, rules: Iterable[T], pattern: Callable[[T], re.Pattern[str]]) -> None:
        self._rules = list(rules)
        self._always: list[int] = []
        holders: dict[str, list[int]] = {}
        for i, rule in enumerate(self._rules):
            p = pattern(rule)
            seq = _top(p)
            whole = _strings(seq) if seq is not None else ()
            needed = whole if whole and min(map(len, whole)) >= 2 else required_literals(p)
            if not needed:
                self._always.append(i)
            for s in needed:
                holders.setdefault(s, []).append(i)
        self._automaton = Automaton(holders)

    def candidates(self, text: str) -> list[T]:
        """The rules that may match text, in their order."""
        found = set(self._always)
        for _, holders in self._automaton.ends(text):
            found.update(holders)
        return [self._rules[i] for i in sorted(found)]


def scan(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of pattern.finditer(text), tried only at the characters a match can start
    with. A pattern that opens with optional words or lookbehinds is otherwise tried at every
    character: 0.4-3 ms per pattern on a report of 8,000 characters. A text that lacks every
    string a match must hold is not scanned at all; when a match consumes a bounded number of
    characters up to such a string (lead_width), only the offsets shortly before those strings
    are tried (a formulation with a
    lookbehind and a dozen optional openings was tried at some 400 characters of a report
    for one match in ten reports)."""
    first = first_chars(pattern)
    if first is not None:
        wanted, width = _sieve(pattern)
        if width is not None:
            windows = literal_windows(text, wanted, width)
            return finditer_from(pattern, first, text, windows) if windows else iter(())
    literals = required_literals(pattern)
    if literals and not any(lit in text for lit in literals):
        return iter(())
    return pattern.finditer(text) if first is None else finditer_from(pattern, first, text)


Edit = tuple[int, int, str]


def _apply(text: str, origin: list[int], edits: Iterable[Edit]) -> tuple[str, list[int]]:
    """Replace spans; replacement chars inherit the origin of the chars they replace."""
    out: list[str] = []
    omap: list[int] = []
    pos = 0
    for s, e, rep in edits:
        out.append(text[pos:s])
        omap.extend(origin[pos:s])
        if rep:
            src = origin[s:e] or [origin[s] if s < len(origin) else (origin[-1] + 1 if origin else 0)]
            out.append(rep)
            omap.extend(src[min(i, len(src) - 1)] for i in range(len(rep)))
        pos = e
    out.append(text[pos:])
    omap.extend(origin[pos:])
    return "".join(out), omap


def _regex_edits(
    text: str, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str | None]
) -> list[Edit]:
    edits: list[Edit] = []
    for m in pattern.finditer(text):
        r = repl(m)
        if r is not None and r != m.group(0):
            edits.append((m.start(), m.end(), r))
    return edits


@lru_cache(maxsize=1)
def _t2s() -> Callable[[str], str]:
    # The compiled OpenCC (requirements.txt) converts a report in about a millisecond; the
    # pure-Python opencc-python-reimplemented, same module name, in about 40 ms. Both work.
    import opencc  # imported lazily: loading the dictionaries costs time

    return opencc.OpenCC("t2s").convert  # type: ignore[no-any-return]


# Where traditional characters live: CJK Extension A, the unified block, compatibility
# ideographs and Extensions B-F.
_CJK_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2A6E0), (0x2A700, 0x2EBF0))


@lru_cache(maxsize=1)
def traditional_chars() -> frozenset[str]:
    """Characters that traditional→simplified conversion changes (from OpenCC's own table, or
    by converting every Chinese character once with the compiled package, about 40 ms)."""
    import opencc

    table = Path(opencc.__file__).with_name("dictionary") / "TSCharacters.txt"
    if table.is_file():  # the pure-Python package ships its tables as text
        out = set()
        for line in table.read_text(encoding="utf-8").splitlines():
            trad, _, simp = line.partition("\t")
            if trad and simp.split(" ")[0] != trad:
                out.add(trad)
        return frozenset(out)
    chars = [chr(c) for lo, hi in _CJK_RANGES for c in range(lo, hi)]
    converted = _t2s()("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        converted = [_t2s()(ch) for ch in chars]
    return frozenset(a for a, b in zip(chars, converted, strict=True) if a != b)


# Common in simplified text but outside Python's GB2312 table (which has U+2015 and U+30FB).
_OUTSIDE_GB2312 = ("—", "·")


@lru_cache(maxsize=1)
def _traditional_in_gb2312() -> tuple[str, ...]:
    """The few characters conversion changes that GB2312 also holds (乾, 於, 後...)."""
    out = []
    for ch in sorted(traditional_chars()):
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            continue
        out.append(ch)
    return tuple(out)


def has_traditional(text: str) -> bool:
    """The text holds a character that traditional→simplified conversion changes. A text that
    GB2312 encodes (a codec pass in C) can only hold the few of them GB2312 has; any other text
    is checked character by character."""
    if text.isascii():
        return False
    probe = text
    for ch in _OUTSIDE_GB2312:
        probe = probe.replace(ch, "")
    try:
        probe.encode("gb2312")
    except UnicodeEncodeError:
        return not traditional_chars().isdisjoint(text)
    return any(ch in text for ch in _traditional_in_gb2312())


def _to_simplified(text: str, origin: list[int]) -> tuple[str, list[int]]:
    if not has_traditional(text):
        return text, origin  # nothing to convert: skip the slow phrase-by-phrase conversion
    converted = _t2s()(text)
    if len(converted) == len(text):
        return converted, origin
    # Phrase conversion changed the length somewhere; convert per line so the map stays exact
    # for every line whose length is kept, and per character elsewhere.
    out: list[str] = []
    for line in text.split("\n"):
        c = _t2s()(line)
        out.append(c if len(c) == len(line) else "".join(_t2s()(ch)[:1] or ch for ch in line))
    return "\n".join(out), origin


_FULLWIDTH_ALNUM = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}
_FULLWIDTH_ALNUM.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})
_FULLWIDTH_ALNUM.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})
_FULLWIDTH_ALNUM.update({"\u3000": " ", "\xa0": " ", "\t": " ", "％": "%", "．": "."})
# A character class finds the few full-width characters far faster than str.translate walks
# every character of a Chinese text.
_FW_RE = re.compile("[" + "".join(map(re.escape, _FULLWIDTH_ALNUM)) + "]")

_NEAR_CJK = rf"[{CJK}{CJK_PUNCT}]"
# Each pattern below starts with the character it edits (lookbehinds after it), so the regex
# engine skips to candidate characters instead of trying every position.
_HALF_PUNCT_RE = re.compile(rf"[,;:?!()](?:(?<={_NEAR_CJK}.)|(?={_NEAR_CJK}))")
_SPACE_RE = re.compile(
    rf"(?<=[{CJK}{CJK_PUNCT}\d%])[ ]+(?=[{CJK}{CJK_PUNCT}\d])|(?<=[{CJK}{CJK_PUNCT}])[ ]+(?=[A-Za-z%])|(?<=\d)[ ]+(?=%)"
)
_PERIOD_RE = re.compile(rf"\.(?<=[{CJK}]\.)(?=\n|$|[{CJK}])")
_SPACE_RUN_RE = re.compile("[ ]+")
_EDGE_SPACE_RE = re.compile(r"^[ ]+|[ ]+$", re.M)


def _space_edits(text: str) -> list[Edit]:
    # A _SPACE_RE match is a whole run of spaces (its lookarounds exclude a space), so it is
    # tried only where a run starts.
    out: list[Edit] = []
    for run in _SPACE_RUN_RE.finditer(text):
        m = _SPACE_RE.match(text, run.start())
        if m:
            out.append((m.start(), m.end(), ""))
    return out


def _is_heading_line(line: str) -> bool:
    return bool(HEADING_RE.match(line)) and "。" not in line and len(line) <= 50


_DATE_LINE_RE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")


def _join_broken_lines(text: str, origin: list[int]) -> tuple[str, list[int]]:
    """Join lines that a page end or a hard wrap split inside a sentence."""
    lines = text.split("\n")
    edits: list[Edit] = []
    pos = 0
    seen_body = False
    for i, line in enumerate(lines[:-1]):
        nxt = lines[i + 1]
        end = pos + len(line)
        body_here = "。" in line or len(line) > 60
        if (
            seen_body
            and line
            and nxt
            and line[-1] not in _TERMINAL
            and not _is_heading_line(line)
            and not HEADING_RE.match(nxt)
            and not _DATE_LINE_RE.match(nxt)
            and not (len(line) < 12 and not re.search(rf"[{CJK_PUNCT}]", line))
        ):
            edits.append((end, end + 1, ""))
        seen_body = seen_body or body_here
        pos = end + 1
    return _apply(text, origin, edits)


def repair(original: str) -> Doc:
    """Clean the text a clerk's file yields into something the checks can judge."""
    text = original
    origin = list(range(len(original)))
    artifacts: list[tuple[int, int, str]] = []
    for m in artifact_matches(text):
        label = next(ARTIFACT_PATTERNS[i][1] for i, g in enumerate(m.groups()) if g is not None)
        artifacts.append((m.start(), m.end(), label))
    text, origin = _apply(text, origin, [(s, e, "") for s, e, _ in artifacts])
    text, origin = _apply(text, origin, [(m.start(), m.end(), "") for m in scan(_SILENT_RE, text)])
    text, origin = _to_simplified(text, origin)
    if "\r" in text:
        text, origin = _apply(text, origin, [(m.start(), m.end(), "") for m in re.finditer("\r", text)])
    text = _FW_RE.sub(lambda m: _FULLWIDTH_ALNUM[m.group()], text)  # one for one: map unchanged
    text, origin = _apply(
        text, origin, _regex_edits(text, _HALF_PUNCT_RE, lambda m: _HALF_TO_FULL[m.group(0)])
    )
    text, origin = _apply(text, origin, _regex_edits(text, _PERIOD_RE, lambda m: "。"))
    # Indentation and trailing blanks carry no meaning in a report body.
    if " " in text:
        text, origin = _apply(text, origin, [(m.start(), m.end(), "") for m in scan(_EDGE_SPACE_RE, text)])
        text, origin = _apply(text, origin, _space_edits(text))
    text, origin = _join_broken_lines(text, origin)
    doc = Doc(original=original, text=text, origin=origin)
    for s, e, label in artifacts:
        doc.artifacts.append(
            Finding(
                kind="artifact",
                # Spam and watermarks are certainly not the clerk's text; converter residue may
                # sit in a field the clerk cannot see, so it stays a warning.
                severity="error" if ("垃圾" in label or "水印残留" in label) else "warning",
                excerpt=original[s:e],
                message=f"{label}。",
                suggestion="",
                line=doc.line_of_orig(s),
                start=s,
                end=e,
                rule="artifact.residue",
            )
        )
    return doc
