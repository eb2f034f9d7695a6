"""The subject rule: a rewrite keeps what the post is about and changes its voice."""

from __future__ import annotations

import pytest

from widgets.rewrite import check_rewrite, load_studio
from widgets.subject import content_words, same_subject

SAME = [
    pytest.param("🎉 NEW!!! The BEST sourdough in town! Order now, limited loaves! #bakery",
                 "Our first sourdough loaves took 14 tries. What's the bread that beat you?", id="bakery-in-new-words"),
    pytest.param("I'm so proud to announce that I have now coached 500 clients! Book a call today!",
                 "After 500 mock interviews, one pattern: people who pause before answering sound confident.",
                 id="coach-keeps-the-number"),
    pytest.param("BLACK FRIDAY DEAL!!! 50% OFF all logo packages! DM us the word LOGO!",
                 "A quick logo check: shrink yours to app-icon size. Can you still tell what it is?", id="agency-logo"),
    pytest.param("My book is OUT NOW!!! It will transform your leadership forever! #leadership #remote",
                 "Writing about remote teams taught me one thing: good managers write decisions down.",
                 id="author-keeps-the-hashtag-subject"),
    pytest.param("Check out my AMAZING portfolio!! Best wedding photographer ever, book now!!!",
                 "A tip for couples: give your photographer ten quiet minutes after the wedding ceremony.",
                 id="photographer-plural-and-stem"),
    pytest.param("Our cafe now does oat milk flat whites!!! Come try them TODAY #coffee",
                 "Switched our flat whites to oat milk last month. Which milk do you like in your coffee?",
                 id="own-post-cafe"),
    pytest.param("", "Anything at all", id="empty-original-cannot-judge"),
    pytest.param("Buy now! Link in bio! Best deal ever!!!", "What's one thing you learned from your garden this year?",
                 id="an-original-of-only-broadcast-words-has-no-subject-to-keep"),
]
DIFFERENT = [
    pytest.param("🎉 NEW!!! The BEST sourdough in town! Order now, limited loaves! #bakery",
                 "What helps you focus when work gets loud? Mine is a walk at lunch.", id="bakery-to-focus"),
    pytest.param("BLACK FRIDAY DEAL!!! 50% OFF all logo packages! DM us the word LOGO!",
                 "Most budgets fail in week three, when a surprise bill shows up. What catches you out?",
                 id="agency-to-budgets"),
    pytest.param("Check out my AMAZING portfolio!! Best wedding photographer ever, book now!!!",
                 "If you're starting running again, go slow for a month. What makes you quit?", id="photo-to-running"),
]


@pytest.mark.parametrize("before, after", SAME)
def test_a_rewrite_that_keeps_the_subject_passes(before, after):
    assert same_subject(before, after).same


@pytest.mark.parametrize("before, after", DIFFERENT)
def test_a_rewrite_about_something_else_is_a_different_post(before, after):
    check = same_subject(before, after)
    assert not check.same and check.shared == ()


def test_broadcast_and_function_words_are_not_a_subject():
    assert content_words("Buy now! Link in bio, the best deal ever, limited spots left!!!") == set()
    assert same_subject("Order now, the best deal ever!", "Now is the best time to ask: what helps you?").same


def test_task_subject_words_count_for_a_rewrite_in_other_terms():
    task = next(t for t in load_studio().tasks if t.id == "fitness-bait")
    assert not same_subject(task.post, task.model_rewrite).same  # no word shared with the bait post...
    assert same_subject(task.post, task.model_rewrite, task.subject).same  # ...but the subject is kept


@pytest.mark.parametrize("task", load_studio().tasks, ids=lambda t: t.id)
def test_every_model_rewrite_keeps_its_subject_and_passes(task):
    assert same_subject(task.post, task.model_rewrite, task.subject).same
    assert check_rewrite(task, task.model_rewrite).status == "correct"


def test_a_walkie_talkie_about_something_else_is_not_praised():
    studio = load_studio()
    bakery = studio.task("bakery-launch")
    other = studio.task("saas-announcement").model_rewrite  # a fine walkie-talkie post, about budgets
    feedback = check_rewrite(bakery, other)
    assert feedback.status == "incorrect" and "different post" in feedback.message
    assert "sourdough" in feedback.details[0]


# --- the learner's own post -------------------------------------------------------------------

OWN_BEFORE = "Our cafe now does OAT MILK flat whites!!! Come try them TODAY #coffee #cafe #oatmilk"
OWN_AFTER = ("We switched our flat whites to oat milk last month after three of you asked. It steams better than I "
             "expected. Which milk do you take in your coffee?")


def test_own_post_is_pasted_rewritten_checked_saved_and_restored(workbook):
    from widgets.exercises import RewriteStudioExercise
    from widgets.exercises.studio import OWN_POST
    from widgets.rewrite import OWN

    s = RewriteStudioExercise.from_dataset(workbook=workbook)
    assert s._own not in s.children  # only shown for the own post
    s._picker.value = OWN
    assert s._own in s.children and s._own_intro in s.children and s.own
    assert "The meter on your post" in s._original.value
    s._check.click()
    assert "Paste your own post" in s._feedback.value
    s._own.value = OWN_BEFORE
    assert s._original.verdict == "bullhorn" and s.task.post == OWN_BEFORE
    s._draft.value = "What helps you focus at work? Mine is a walk at lunch."
    s._check.click()
    assert "different post" in s._feedback.value
    s._draft.value = OWN_AFTER
    s._check.click()
    assert "data-status='correct'" in s._feedback.value
    s._compare_button.click()
    assert "Verdict: bullhorn" in s._feedback.value
    s._saver.flush()
    assert workbook.get("01.rewrite-studio", OWN_POST) == OWN_BEFORE
    assert workbook.get("01.rewrite-studio", OWN) == OWN_AFTER
    again = RewriteStudioExercise.from_dataset(workbook=workbook)
    assert again.task_id == OWN and again._own.value == OWN_BEFORE and again._draft.value == OWN_AFTER
    assert again._own in again.children and again._original.verdict == "bullhorn"


def test_the_plan_shows_the_learners_own_post_first(workbook):
    from widgets.course import workbook_data
    from widgets.exercises import RewriteStudioExercise
    from widgets.plan import assemble
    from widgets.rewrite import OWN

    s = RewriteStudioExercise.from_dataset(workbook=workbook)
    for task in s.spec.tasks[:3]:  # the plan lists rewrites once the studio is done (three that pass)
        s._picker.value = task.id
        s._draft.value = task.model_rewrite
    s._picker.value = OWN
    s._own.value = OWN_BEFORE
    s._draft.value = OWN_AFTER
    s._saver.flush()
    plan = assemble(workbook_data(workbook))
    items = next(sec for sec in plan.sections if sec.id == "rewrites").items
    assert items[0] == ("Before · My own post", OWN_BEFORE) and items[1] == ("After (mine)", OWN_AFTER)
    assert any(label.startswith("Before · The bakery") for label, _ in items)


def test_opening_the_studio_with_an_own_post_writes_nothing(workbook):
    from widgets.exercises import RewriteStudioExercise
    from widgets.exercises.studio import CURRENT, OWN_POST
    from widgets.rewrite import OWN

    workbook.save("01.rewrite-studio", OWN_POST, OWN_BEFORE)
    workbook.save("01.rewrite-studio", CURRENT, OWN)
    before = [r.value for r in workbook.history("01.rewrite-studio", OWN_POST)]
    s = RewriteStudioExercise.from_dataset(workbook=workbook)
    s._saver.flush()
    assert [r.value for r in workbook.history("01.rewrite-studio", OWN_POST)] == before


def test_earlier_drafts_leave_out_empty_ones(workbook):
    from widgets.exercises import RewriteStudioExercise

    s = RewriteStudioExercise.from_dataset(workbook=workbook)
    for text in ("first try", "", "second try", "   "):
        s._draft.value = text
        s._saver.flush()
    s._history.click()
    assert "second try" in s._feedback.value and "first try" in s._feedback.value
    assert s._feedback.value.count("<li>") == 2
