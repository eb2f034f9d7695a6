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
