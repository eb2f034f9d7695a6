"""The cross-post adapter: one idea adapted per network, checked against dated limits and norms."""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass

from widgets.content import ContentError, read_yaml, require, unique_ids
from widgets.feedback import Feedback, clean_text

DEFAULT = "lesson02/guru/networks.yaml"
LIMIT = 70_000  # above every network's limit, so an over-long paste is measured, not silently cut
NEAR_COPY = 0.85  # word-sequence similarity at which two versions count as the same post
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_TAG = re.compile(r"(?<![\w#])#\w+")


@dataclass(frozen=True)
class Network:
    """One network's length limit and customs (see networks.yaml for the date and source)."""

    id: str
    name: str
    char_limit: int
    limit_note: str
    max_hashtags: int
    links_clickable: bool
    link_note: str
    tone: str
    link_chars: int | None = None
    fold_chars: int | None = None


@dataclass(frozen=True)
class CrossPostSpec:
    id: str
    as_of: str
    source: str
    prompt: str
    hint: str
    model_core: str
    model_versions: dict
    networks: tuple[Network, ...]

    def network(self, network_id: str) -> Network | None:
        return next((n for n in self.networks if n.id == network_id), None)


@functools.lru_cache(maxsize=None)
def load_networks(relative: str = DEFAULT) -> CrossPostSpec:
    """Load and validate the networks file.

    >>> load_networks().network("x").char_limit
    280
    """
    raw = read_yaml(relative)
    networks = []
    for i, rec in enumerate(require(raw, "networks", relative, list)):
        where = f"{relative} network {i}"
        optional = {}
        for key in ("link_chars", "fold_chars"):
            if key in rec:
                optional[key] = require(rec, key, where, int)
        net = Network(require(rec, "id", where), require(rec, "name", where), require(rec, "char_limit", where, int),
                      require(rec, "limit_note", where), require(rec, "max_hashtags", where, int),
                      require(rec, "links_clickable", where, bool), require(rec, "link_note", where),
                      require(rec, "tone", where), **optional)
        if net.char_limit <= 0 or net.max_hashtags < 0:
            raise ContentError(f"{where}: char_limit must be > 0 and max_hashtags ≥ 0")
        networks.append(net)
    unique_ids(networks, relative)
    as_of = require(raw, "as_of", relative)
    if not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", as_of):
        raise ContentError(f"{relative}: as_of must be a date like 2026-11")
    spec = CrossPostSpec(require(raw, "id", relative), as_of, require(raw, "source", relative),
                         require(raw, "prompt", relative), require(raw, "hint", relative),
                         require(raw, "model_core", relative), require(raw, "model_versions", relative, dict),
                         tuple(networks))
    for nid in spec.model_versions:
        if spec.network(nid) is None:
            raise ContentError(f"{relative}: model_versions names unknown network '{nid}'")
    return spec


def measured_length(network: Network, text: str) -> int:
    """Characters as the network counts them (approximately: links at a fixed length where it says so).

    >>> measured_length(load_networks().network("x"), "see https://example.org/a/very/long/path")
    27
    """
    if network.link_chars is None:
        return len(text)
    return len(_URL.sub("x" * network.link_chars, text))


def hashtags(text: str) -> list[str]:
    return _TAG.findall(text)


def check_version(network: Network, text: object) -> Feedback:
    """One version against its network's limit and customs.

    >>> x = load_networks().network("x")
    >>> check_version(x, "a" * 300).status
    'incorrect'
    >>> check_version(x, "").status
    'empty'
    """
    cleaned, note = clean_text(text, LIMIT)
    notes = (note,) if note else ()
    if not cleaned.strip():
        return Feedback("empty", f"Write your version for {network.name} ({network.char_limit:,} characters at most).")
    length = measured_length(network, cleaned)
    if length > network.char_limit:
        over = length - network.char_limit
        return Feedback("incorrect", f"Too long for {network.name}: {length:,} of {network.char_limit:,} characters "
                                     f"({over:,} over).", notes + (network.limit_note, f"Tone here: {network.tone}"))
    issues = []
    tags = hashtags(cleaned)
    if len(tags) > network.max_hashtags:
        issues.append(f"{len(tags)} hashtags; on {network.name} more than {network.max_hashtags} looks like "
                      f"shouting for reach.")
    if not network.links_clickable and _URL.search(cleaned):
        issues.append(f"Links are not clickable here. {network.link_note}")
    tips = []
    if network.fold_chars and length > network.fold_chars:
        first = cleaned[:network.fold_chars]
        if "\n" not in first.strip():
            tips.append(f"Only about the first {network.fold_chars} characters show before 'see more': "
                        "put the hook in a short first line.")
    head = f"{length:,} of {network.char_limit:,} characters"
    if issues:
        return Feedback("partial", f"Fits {network.name} ({head}), but:", notes + tuple(issues) + tuple(tips))
    return Feedback("correct", f"Fits {network.name} ({head}).", notes + tuple(tips) + (f"Tone here: {network.tone}",))


def _words(text: str) -> list[str]:
    text = _TAG.sub(" ", _URL.sub(" ", text.lower()))
    return re.findall(r"\w+", text)[:250]  # the opening is what readers compare; keeps a 50,000-character paste fast


def similarity(a: str, b: str) -> float:
    """Word-sequence similarity in [0, 1], ignoring case, links and hashtags.

    >>> similarity("Hello world", "hello   WORLD #tag")
    1.0
    """
    wa, wb = _words(a), _words(b)
    if not wa and not wb:
        return 1.0
    return difflib.SequenceMatcher(None, wa, wb, autojunk=False).ratio()


@dataclass(frozen=True)
class CrossPostReport:
    """Every version's check, the near-identical pairs, and the overall feedback."""

    checks: dict
    copies: tuple[tuple[str, str, float], ...]
    feedback: Feedback


def check_set(spec: CrossPostSpec, core: object, versions: dict) -> CrossPostReport:
    """Check every written version, and flag versions that are (nearly) the same text.

    >>> spec = load_networks()
    >>> same = "One idea, copied everywhere without change."
    >>> check_set(spec, same, {"x": same, "linkedin": same}).feedback.status
    'incorrect'
    """
    core_text, _ = clean_text(core, LIMIT)
    written = {}
    for nid, text in (versions or {}).items():
        net = spec.network(nid)
        cleaned, _ = clean_text(text, LIMIT)
        if net is not None and cleaned.strip():
            written[nid] = cleaned
    checks = {nid: check_version(spec.network(nid), text) for nid, text in written.items()}
    ids = list(written)
    copies = tuple((a, b, round(r, 2)) for i, a in enumerate(ids) for b in ids[i + 1:]
                   if (r := similarity(written[a], written[b])) >= NEAR_COPY)
    name = {n.id: n.name for n in spec.networks}
    if not core_text.strip() and not written:
        return CrossPostReport(checks, copies, Feedback("empty", "Write your core idea, then a version per network."))
    if not written:
        return CrossPostReport(checks, copies, Feedback("empty", "Now choose networks and write a version for each."))
    details = [f"{name[a]} and {name[b]} are {'identical' if r >= 0.999 else 'near-identical'} "
               f"({r:.0%} the same words): each network is its own crowd; adapt the length, tone and question."
               for a, b, r in copies]
    too_long = [nid for nid, fb in checks.items() if fb.status == "incorrect"]
    norms = [nid for nid, fb in checks.items() if fb.status == "partial"]
    details += [f"{name[n]}: {checks[n].message}" for n in too_long + norms]
    if core_text.strip():
        verbatim = [nid for nid, text in written.items() if similarity(text, core_text) >= 0.999]
        if len(verbatim) > 1:
            details.append("The core idea was pasted unchanged into: " + ", ".join(name[n] for n in verbatim) + ".")
    copied = {n for pair in copies for n in pair[:2]}
    if len(written) > 1 and len(copied) == len(written) and _one_cluster(ids, copies):
        return CrossPostReport(checks, copies, Feedback(
            "incorrect", "The same post pushed everywhere: readers on each network will see a robot.", tuple(details)))
    if copies or too_long or norms:
        return CrossPostReport(checks, copies, Feedback("partial", "Some versions need work.", tuple(details)))
    if len(written) == 1:
        return CrossPostReport(checks, copies, Feedback(
            "partial", "One version fits. Adapt the idea for at least one more network.", tuple(details)))
    return CrossPostReport(checks, copies, Feedback(
        "correct", f"{len(written)} versions, each fitted to its network and none a copy of another.",
        tuple(f"{name[n]}: {checks[n].message}" for n in written)))


def _one_cluster(ids: list[str], copies) -> bool:
    """True when the near-copy pairs link every version into one group (one post, pushed everywhere)."""
    parent = {i: i for i in ids}

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i
    for a, b, _ in copies:
        parent[find(a)] = find(b)
    return len({find(i) for i in ids}) == 1


def result(spec: CrossPostSpec, core: str, versions: dict) -> dict:
    """The outcome for the learner's plan: the core idea and each adapted version."""
    name = {n.id: n.name for n in spec.networks}
    kept = {nid: text for nid, text in (versions or {}).items()
            if nid in name and isinstance(text, str) and text.strip()}
    return {"title": "One idea, adapted per network", "items": [["Core idea", core]] +
            [[name[nid], text] for nid, text in kept.items()], "core": core, "versions": kept}
