"""Content: every dataset loads and validates; model answers pass; known-wrong samples fail."""

from __future__ import annotations

import pytest
import yaml

from widgets import content, voice
from widgets.brief import check_answer, check_brief, load_finder
from widgets.content import ContentError, load_posts
from widgets.listening import load_timeline
from widgets.quiz import check_choice, choice_from_dict, load_choices
from widgets.rewrite import check_rewrite, load_studio


def test_posts_cover_the_required_breadth():
    posts = load_posts()
    assert len(posts) >= 150
    assert len({p.niche for p in posts}) >= 8
    assert {p.label for p in posts} == {"bullhorn", "walkie-talkie", "mixed"}


def test_every_dataset_file_is_documented_in_a_readme():
    # Either the top README names it by path, or the README in its own folder names the file.
    top = (content.datasets_dir() / "README.md").read_text(encoding="utf-8")
    for path in content.datasets_dir().rglob("*.yaml"):
        rel = path.relative_to(content.datasets_dir()).as_posix()
        local = path.parent / "README.md"
        documented = rel in top or (local.exists() and path.name in local.read_text(encoding="utf-8"))
        assert documented, f"{rel} is not described in datasets/README.md or its folder's README.md"


@pytest.mark.parametrize("task", load_studio().tasks, ids=lambda t: t.id)
def test_rewrite_task_original_is_a_bullhorn_and_model_passes(task):
    assert voice.analyze(task.post).verdict == "bullhorn"
    assert check_rewrite(task, task.model_rewrite).status == "correct"


@pytest.mark.parametrize("task,wrong", [(t, s) for t in load_studio().tasks for s in t.known_wrong],
                         ids=lambda v: getattr(v, "id", None) or v[:24])
def test_rewrite_known_wrong_samples_fail(task, wrong):
    assert check_rewrite(task, wrong).status in ("incorrect", "partial")


def test_rewrite_studio_has_at_least_six_posts():
    assert len(load_studio().tasks) >= 6


@pytest.mark.parametrize("item", load_timeline().items, ids=lambda i: i.id)
def test_timeline_labels_agree_with_the_voice_meter(item):
    # The listening lab and the rewrite studio must teach the same ear.
    expected = {"human": "walkie-talkie", "broadcast": "bullhorn"}[item.label]
    assert voice.analyze(item.text).verdict == expected


def test_timeline_is_balanced():
    labels = [i.label for i in load_timeline().items]
    assert 0.3 <= labels.count("human") / len(labels) <= 0.7


@pytest.mark.parametrize("spec", load_choices("lesson01/check.yaml"), ids=lambda s: s.id)
def test_every_question_has_one_right_answer_that_passes(spec):
    right = [o.id for o in spec.options if o.correct]
    assert check_choice(spec, right[0]).status == "correct"
    for option in spec.options:
        if not option.correct:
            assert check_choice(spec, option.id).status == "incorrect"
        assert len(option.explanation.split()) >= 6, "every option explains itself"


def test_finder_example_answers_pass_and_known_wrong_fails():
    spec = load_finder()
    for q in spec.questions:
        assert check_answer(spec, q, q.example).status == "correct", q.id
    for sample in spec.known_wrong:
        results = check_brief(spec, sample["answers"])
        assert not all(f.passed for f in results.values())


@pytest.mark.parametrize("record,message", [
    pytest.param({"id": "q", "prompt": "p", "hint": "h", "options": [
        {"id": "a", "text": "t", "correct": False, "explanation": "e"},
        {"id": "b", "text": "t", "correct": False, "explanation": "e"}]}, "no option is marked correct",
        id="no-correct-option"),
    pytest.param({"id": "q", "prompt": "p", "hint": "h", "options": [
        {"id": "a", "text": "t", "correct": True, "explanation": "e"},
        {"id": "a", "text": "t", "correct": False, "explanation": "e"}]}, "used twice", id="duplicate-option-id"),
    pytest.param({"id": "q", "prompt": "p", "options": []}, "missing field 'hint'", id="missing-field"),
    pytest.param({"id": "q", "prompt": "  ", "hint": "h", "options": []}, "'prompt' is empty", id="blank-text"),
    pytest.param({"id": "q", "prompt": "p", "hint": "h", "options": [
        {"id": "a", "text": "t", "correct": "yes", "explanation": "e"}]}, "should be bool", id="wrong-type"),
])
def test_bad_question_records_are_refused_with_a_clear_message(record, message):
    with pytest.raises(ContentError, match=message):
        choice_from_dict(record, "test")


def test_broken_yaml_names_the_file(tmp_path, monkeypatch):
    (tmp_path / "posts.yaml").write_text("- id: [unclosed", encoding="utf-8")
    monkeypatch.setattr(content, "datasets_dir", lambda: tmp_path)
    content.read_yaml.cache_clear()
    content.load_posts.cache_clear()
    try:
        with pytest.raises(ContentError, match="posts.yaml: not valid YAML"):
            load_posts()
    finally:
        content.read_yaml.cache_clear()
        content.load_posts.cache_clear()


def test_post_texts_are_unique():
    texts = [p.text for p in load_posts()]
    assert len(texts) == len(set(texts))


def test_yaml_files_are_safe_yaml():
    for path in content.datasets_dir().rglob("*.yaml"):
        yaml.safe_load(path.read_text(encoding="utf-8"))


# --- the voice meter's cue lists (datasets/voice/) -------------------------------------------------
VOICE_RULES = sorted(p.stem for p in (content.datasets_dir() / "voice").glob("*.yaml"))


@pytest.mark.parametrize("name", VOICE_RULES)
def test_every_voice_rules_file_loads_and_validates(name):
    from widgets.voice.rules import load_rules
    data = load_rules(name)
    assert data["id"] == name and data["about"].strip()


def test_the_voice_rules_cover_every_cue_family():
    assert set(VOICE_RULES) >= {"shared", "promotion", "disclosure", "selling", "hype", "invitation", "helpfulness",
                                "shouting", "language", "robot"}


@pytest.mark.parametrize("text, message", [
    pytest.param("id: hype\nabout: x\nkinds:\n  strong:\n    - '(unclosed'\n", "not a valid regex",
                 id="broken-regex"),
    pytest.param("id: hype\nabout: x\nkinds:\n  strong:\n    - '{{nosuch}}\\s+x'\n", "unknown shorthand",
                 id="unknown-shorthand"),
    pytest.param("id: hype\nkinds:\n  strong:\n    - 'x'\n", "missing field 'about'", id="missing-about"),
    pytest.param("id: other\nabout: x\nkinds:\n  strong:\n    - 'x'\n", "field 'id' must be 'hype'", id="wrong-id"),
    pytest.param("id: hype\nabout: x\nkinds:\n  strong:\n    - '(?P<g>x)'\n", "named groups", id="named-group"),
    pytest.param("id: hype\nabout: x\nkinds:\n  Strong:\n    - 'x'\n", "lowercase letters", id="bad-kind-name"),
    pytest.param("id: hype\nabout: x\nkinds:\n  strong:\n    patterns: ['x']\n    points: two\n", "should be int",
                 id="points-not-a-number"),
    pytest.param("id: hype\nabout: x\nwords:\n  list: 3\n", "words separated by spaces", id="words-not-text"),
    pytest.param("id: hype\nabout: x\nlexicon: {}\n", "unknown field 'lexicon'", id="unknown-field"),
])
def test_a_broken_voice_rules_file_is_refused_with_a_clear_message(tmp_path, monkeypatch, text, message):
    from widgets.voice.rules import load_rules
    (tmp_path / "voice").mkdir()
    (tmp_path / "voice" / "shared.yaml").write_text(
        (content.datasets_dir() / "voice" / "shared.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "voice" / "hype.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(content, "datasets_dir", lambda: tmp_path)
    content.read_yaml.cache_clear()
    try:
        with pytest.raises(ContentError, match=message):
            load_rules("hype")
    finally:
        content.read_yaml.cache_clear()
