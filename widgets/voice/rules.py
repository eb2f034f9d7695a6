"""The meter's cue lists: one loader for ``datasets/voice/*.yaml``, validation, and compiling them once.

Every phrase the meter listens for is content, kept in ``datasets/voice/`` beside the rest of the
course. ``load_rules`` is the only place that reads those files: a browser edition (Pyodide, where
PyYAML may be missing) replaces it with one that returns the same plain data from JSON compiled at
build time. Everything after it sees dicts, lists and strings, and compiles its regexes once, at import.
"""

from __future__ import annotations

import re

from widgets.content import ContentError, read_yaml

# In a pattern, {{name}} stands for the shared regex of that name ("{{im}}" for I'm, I am, Im, I 'm…),
# so the data reads as phrases; a regex itself never uses double braces.
_MACRO = re.compile(r"\{\{(\w+)\}\}")
_KIND = re.compile(r"[a-z][a-z_]*\Z")
# A cue starts where a word starts (or a number, a hashtag, a currency sign, a quote), never inside a word
# or a number: that is what keeps every scan linear. The pattern opens by consuming the character before
# the cue (a space, a mark), which lets the regex engine skip every letter inside a word in C; the text
# is scanned with one space in front (``text.find``), and spans are shifted back by one.
_WORD_START = r"[^\w'](?=[\w#$\u20ac\u00a3\u00a5\u20b9\"])(?<!\d[,.])"


def load_rules(name: str) -> dict:
    """The validated plain data of ``datasets/voice/<name>.yaml``.

    >>> sorted(load_rules("shared"))
    ['about', 'id', 'macros']
    """
    relative = f"voice/{name}.yaml"
    data = read_yaml(relative)
    if not isinstance(data, dict):
        raise ContentError(f"{relative}: expected a mapping at the top")
    if data.get("id") != name:
        raise ContentError(f"{relative}: field 'id' must be '{name}'")
    if not isinstance(data.get("about"), str) or not data["about"].strip():
        raise ContentError(f"{relative}: missing field 'about' (one line: what these cues are for)")
    macros = {**_shared_macros(name), **_strings(data.get("macros", {}), f"{relative} macros")}
    for key, value in data.items():
        if key in ("id", "about", "macros"):
            continue
        where = f"{relative} {key}"
        if key == "words":
            for list_name, listed in _mapping(value, where).items():
                if not isinstance(listed, str) or not listed.split():
                    raise ContentError(f"{where}.{list_name}: expected words separated by spaces")
        elif key == "patterns":
            for pattern_name, branches in _mapping(value, where).items():
                _check_patterns(branches, f"{where}.{pattern_name}", macros)
        elif key == "kinds":
            for kind, spec in _mapping(value, where).items():
                _check_kind(kind, spec, f"{where}.{kind}", macros)
        else:
            raise ContentError(f"{relative}: unknown field '{key}' (expected kinds, patterns, words, macros)")
    return data


def macros_of(data: dict) -> dict[str, str]:
    """The shorthand a rules file may use: the shared macros, then its own."""
    return {**_shared_macros(data["id"]), **data.get("macros", {})}


def expand(pattern: str, macros: dict[str, str]) -> str:
    """A pattern with every {{name}} replaced by its regex."""
    return _MACRO.sub(lambda m: macros[m[1]], pattern)


def compile_any(branches: list[str], macros: dict[str, str], flags: int = 0) -> re.Pattern:
    """One regex that matches any of the branches (anchored or placed by the caller)."""
    return re.compile("|".join(f"(?:{expand(b, macros)})" for b in branches), flags)


def compile_cues(branches: list[str], macros: dict[str, str]) -> re.Pattern:
    """One regex for any of the branches, tried only where a word (a number, a quote, a sign) starts:
    a run of digits or letters is entered once, never at every one of its characters."""
    return re.compile(_WORD_START + "(?:" + _by_first_letter([expand(b, macros) for b in branches]) + ")", re.ASCII)


def compile_kinds(kinds: dict, macros: dict[str, str]) -> re.Pattern:
    """Lowercase phrase patterns of several kinds in one regex, tried only where a word starts.

    ``kinds`` maps each kind to its patterns (a list, or a mapping with ``patterns``). Every branch ends
    in an empty group named after its kind (``KIND__N``; ``text.find`` reads ``lastgroup``), so the
    branches of all kinds can be regrouped by their first letter (a one-level trie): at each word the
    engine skips every branch that cannot start there. One scan per signal, and a short one, is what keeps
    the meter live on every keystroke. At one place, the kind listed first wins.
    """
    marked = []
    for kind, spec in kinds.items():
        for i, branch in enumerate(_distribute([expand(b, macros) for b in (spec["patterns"] if isinstance(spec, dict)
                                                                               else spec)])):
            marked.append(f"{branch}(?P<{kind}__{i}>)")
    # ASCII mode: the cues are English, and ASCII word boundaries are cheaper to test.
    return re.compile(_WORD_START + "(?:" + _by_first_letter(marked) + ")", re.ASCII)


def _by_first_letter(branches: list[str]) -> str:
    """One alternation equivalent to the branches, with those that start with a plain letter grouped
    under it ("a(?:…|…)|b(?:…)"): the regex engine tests a literal first letter before entering a branch."""
    buckets: dict[str, list[str]] = {}
    digits: list[str] = []
    other: list[str] = []
    for branch in _distribute(branches):
        first = branch[:1]
        if (first.isalnum() or first == "#") and first.isascii() and branch[1:2] not in ("?", "*", "+", "{"):
            buckets.setdefault(first, []).append(branch[1:])
        elif branch.startswith(("\\d", "(?<![\\d,.])\\d")):
            digits.append(branch)
        else:
            other.append(branch)
    parts = [f"{c}(?:{'|'.join(rests)})" if len(rests) > 1 else c + rests[0] for c, rests in buckets.items()]
    if digits:
        parts.append(f"(?=\\d)(?:{'|'.join(digits)})")  # one test for every branch that opens with a digit
    return "|".join(parts + other)


def _distribute(branches: list[str]) -> list[str]:
    """Split a branch that opens with a plain group of alternatives into one branch per alternative:
    "(?:proud|happy)\\s+to" becomes "proud\\s+to" and "happy\\s+to" (same matches, in the same order).
    A look-behind that opens a branch moves past the branch's first letter, so the branch can still be
    grouped under that letter: "(?<!the\\s)first" becomes "f(?<!(?:the\\s)f)irst" (the same test, one
    character later)."""
    out: list[str] = []
    for branch in branches:
        behind, rest = _leading_lookbehinds(branch)
        if behind:
            for alt in _distribute([rest]):
                first = alt[:1]
                if first.isalpha() and first.isascii() and alt[1:2] not in ("?", "*", "+", "{"):
                    out.append(first + "".join(f"{b[:4]}(?:{b[4:-1]}){first})" for b in behind) + alt[1:])
                else:
                    out.append("".join(behind) + alt)
            continue
        alternatives = _top_level_alternatives(branch)
        if len(alternatives) > 1:
            out += _distribute(alternatives)
            continue
        if (branch[:1].isalnum() or branch[:1] == "#") and branch[1:2] == "?" and branch[2:3] not in ("?", "+"):
            out += _distribute([branch[0] + branch[2:], branch[2:]])  # "#?humble…": with and without
            continue
        alternatives = _leading_alternatives(branch)
        if alternatives is None:
            out.append(branch)
        else:
            head, rest, optional = alternatives
            out += _distribute([alt + rest for alt in head] + ([rest] if optional else []))
    return out


def _leading_lookbehinds(branch: str) -> tuple[list[str], str]:
    """The look-behind groups a branch opens with ("(?<!…)", "(?<=…)"), and the rest of the branch."""
    behind = []
    while branch.startswith(("(?<!", "(?<=")):
        end = _group_end(branch)
        if end is None:
            break
        behind.append(branch[:end])
        branch = branch[end:]
    return behind, branch


def _group_end(branch: str) -> int | None:
    """Where the group that opens the branch ends (just after its ")"), or None if it never closes."""
    depth, i = 0, 0
    while i < len(branch):
        c = branch[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            j = i + 1
            if branch[j:j + 1] == "^":
                j += 1
            if branch[j:j + 1] == "]":
                j += 1
            while j < len(branch) and branch[j] != "]":
                j += 2 if branch[j] == "\\" else 1
            i = j + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None


def _top_level_alternatives(branch: str) -> list[str]:
    """"a|b" -> ["a", "b"]; a branch with no "|" outside groups and classes comes back alone."""
    depth, i, parts, start = 0, 0, [], 0
    while i < len(branch):
        c = branch[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            j = i + 1
            if branch[j:j + 1] == "^":
                j += 1
            if branch[j:j + 1] == "]":
                j += 1
            while j < len(branch) and branch[j] != "]":
                j += 2 if branch[j] == "\\" else 1
            i = j + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(branch[start:i])
            start = i + 1
        i += 1
    return parts + [branch[start:]]


def _leading_alternatives(branch: str):
    """(alternatives, rest, optional) when the branch opens with "(?:a|b|…)" or "(?:a|b|…)?", else None."""
    if not branch.startswith("(?:"):
        return None
    depth, i, parts, start = 0, 0, [], 3
    while i < len(branch):
        c = branch[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":  # a character class: skip to its end
            j = i + 1
            if branch[j:j + 1] == "^":
                j += 1
            if branch[j:j + 1] == "]":
                j += 1
            while j < len(branch) and branch[j] != "]":
                j += 2 if branch[j] == "\\" else 1
            i = j + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                parts.append(branch[start:i])
                rest = branch[i + 1:]
                if rest[:1] == "?" and rest[1:2] not in ("?", "+") and rest:
                    return parts, rest[1:], True
                if rest[:1] in ("?", "*", "+", "{"):
                    return None
                return parts, rest, False
        elif c == "|" and depth == 1:
            parts.append(branch[start:i])
            start = i + 1
        i += 1
    return None


def words(data: dict, name: str) -> frozenset[str]:
    """A word list of a rules file as a set (the file keeps it as words separated by spaces)."""
    return frozenset(data["words"][name].split())


def _shared_macros(name: str) -> dict[str, str]:
    if name == "shared":
        return {}
    return dict(load_rules("shared")["macros"])


def _mapping(value, where: str) -> dict:
    if not isinstance(value, dict) or not value:
        raise ContentError(f"{where}: expected a non-empty mapping")
    return value


def _strings(value, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) and v for v in value.values()):
        raise ContentError(f"{where}: expected a mapping of names to regexes")
    return value


def _check_kind(kind: str, spec, where: str, macros: dict[str, str]) -> None:
    if not _KIND.match(kind):
        raise ContentError(f"{where}: a kind's name is lowercase letters and underscores")
    if isinstance(spec, list):
        _check_patterns(spec, where, macros)
        return
    if not isinstance(spec, dict) or "patterns" not in spec:
        raise ContentError(f"{where}: expected a list of patterns, or a mapping with 'patterns'")
    types = {"patterns": list, "says": str, "points": int, "needs_me": bool, "points_with_me": int}
    for key, value in spec.items():
        if key not in types:
            raise ContentError(f"{where}: unknown field '{key}' (expected {', '.join(types)})")
        if not isinstance(value, types[key]):
            raise ContentError(f"{where}: field '{key}' should be {types[key].__name__}")
    _check_patterns(spec["patterns"], where, macros)


def _check_patterns(branches, where: str, macros: dict[str, str]) -> None:
    if not isinstance(branches, list) or not branches:
        raise ContentError(f"{where}: expected a non-empty list of patterns")
    for i, branch in enumerate(branches):
        if not isinstance(branch, str) or not branch.strip():
            raise ContentError(f"{where}[{i}]: a pattern must be a non-empty string")
        missing = [m for m in _MACRO.findall(branch) if m not in macros]
        if missing:
            raise ContentError(f"{where}[{i}]: unknown shorthand {{{{{missing[0]}}}}} in {branch!r}")
        try:
            compiled = re.compile(expand(branch, macros))
        except re.error as exc:
            raise ContentError(f"{where}[{i}]: not a valid regex ({exc}): {branch!r}") from exc
        if compiled.groupindex:
            raise ContentError(f"{where}[{i}]: named groups are reserved for the meter: {branch!r}")
