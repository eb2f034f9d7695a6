"""Course navigation views: the lesson header, the course map with the learner's progress, previous/next links."""

from __future__ import annotations

from html import escape

import traitlets

from widgets.course import STATUS_LABELS, Course, load_course, progress, workbook_data
from widgets.exercises.base import Exercise, button, default_workbook, html
from widgets.theme import style_tag
from widgets.theme.home import duration, position

_STATUS_STYLE = {"done": "color:#1b4332;font-weight:600", "started": "color:#5c3c00;font-weight:600",
                 "not started": "color:#4a5260"}


def _status(status: str, note: str = "") -> str:
    # How far a started exercise is ("3 of 12 marked"): a learner sees why it is not done yet.
    detail = (f"<br><span class='sll-status-note' style='color:#4a5260;font-size:0.9em'>{escape(note)}</span>"
              if status == "started" and note else "")
    return (f"<span class='sll-status' data-status='{escape(status)}' style='{_STATUS_STYLE[status]}'>"
            f"{escape(STATUS_LABELS[status])}</span>{detail}")


class CourseMap(Exercise):
    """Every lesson and its exercises with your progress (done / started / not started), as text."""

    exercise_id = "course-map"
    summary = traitlets.Dict(help="exercise id -> status").tag(sync=False)

    def __init__(self, course: Course, workbook=None, current: str = "", **kwargs):
        super().__init__(**kwargs)
        self.course = course
        self._workbook = workbook
        self._current = current
        self._table = html(css_class="sll-course-table")
        self._refresh = button("Refresh progress", "Read your workbook again and update the map")
        self._refresh.on_click(self.refresh)
        self.add_class("sll-course-map")
        self.children = [self._table, self._refresh]
        self.refresh()

    @classmethod
    def from_dataset(cls, workbook=None, current: str = "") -> "CourseMap":
        """``CourseMap.from_dataset()``: the map, read from the learner's workbook."""
        return cls(load_course(), workbook=workbook, current=current)

    def refresh(self, _=None) -> None:
        workbook = self._workbook
        note = ""
        if workbook is None:
            workbook, problem = default_workbook()
            if workbook is None:
                note = f"<p role='status'>Progress unavailable: {escape(problem or 'no workbook')}</p>"
        try:
            data = workbook_data(workbook)
        except Exception as exc:  # a locked or damaged workbook must not break the page
            data, note = {}, f"<p role='status'>Progress unavailable: {escape(str(exc))}</p>"
        lessons = progress(self.course, data)
        self.summary = {e.id: e.status for lp in lessons for e in lp.exercises}
        rows = []
        for lp in lessons:
            here = " (you are here)" if lp.lesson.number == self._current else ""
            link = f"<a href='{escape(lp.lesson.notebook)}'>{escape(lp.lesson.name)}</a>{escape(here)}"
            first = True
            for e in lp.exercises:
                lesson_cell = (f"<th scope='rowgroup' rowspan='{len(lp.exercises)}' style='text-align:left;"
                               f"vertical-align:top;padding:4px 10px 4px 0'>{link}<br>"
                               f"<span style='font-weight:400;color:#4a5260'>{lp.done} of {len(lp.exercises)} done"
                               f"</span></th>") if first else ""
                first = False
                rows.append(f"<tr style='border-top:1px solid #d0d7de' data-exercise='{escape(e.id)}'>{lesson_cell}"
                            f"<td style='padding:4px 10px'>{escape(e.title)}</td>"
                            f"<td style='padding:4px 10px'>{_status(e.status, e.note)}</td></tr>")
        self._table.value = (f"{note}<table style='border-collapse:collapse;max-width:720px'>"
                             f"<caption style='text-align:left;font-weight:600;padding:4px 0'>"
                             f"{escape(self.course.title)}: your progress</caption>"
                             f"<thead><tr><th scope='col' style='text-align:left'>Lesson</th>"
                             f"<th scope='col' style='text-align:left;padding:0 10px'>Exercise</th>"
                             f"<th scope='col' style='text-align:left;padding:0 10px'>Progress</th></tr></thead>"
                             f"<tbody>{''.join(rows)}</tbody></table>")


class LessonNav(Exercise):
    """Previous and next lesson links (relative, so they work in JupyterLab and in Voilà alike)."""

    def __init__(self, course: Course, number: str, **kwargs):
        super().__init__(**kwargs)
        self.exercise_id = f"{number}.nav"
        before, after = course.neighbours(number)
        lesson = course.lesson(number)
        parts = []
        if before:
            parts.append(f"<a class='sll-prev' rel='prev' href='{escape(before.notebook)}'>← {escape(before.name)}</a>")
        parts.append(f"<span>{escape(lesson.name)}</span>")
        if after:
            parts.append(f"<a class='sll-next' rel='next' href='{escape(after.notebook)}'>{escape(after.name)} →</a>")
        home = course.lessons[0]
        if number != home.number:
            parts.append(f"<a class='sll-home' href='{escape(home.notebook)}'>Course map</a>")
        self.links = {"prev": before.notebook if before else "", "next": after.notebook if after else ""}
        self.add_class("sll-lesson-nav")
        self.children = [html(f"<nav aria-label='Lessons' style='display:flex;gap:18px;flex-wrap:wrap;"
                              f"padding:6px 0'>{''.join(parts)}</nav>")]

    @classmethod
    def from_dataset(cls, number: str) -> "LessonNav":
        """``LessonNav.from_dataset("01")``."""
        return cls(load_course(), number)


class LessonHeader(Exercise):
    """The top of a lesson: the course's style sheet, where you are (Step N of 5, about how long) and lesson links."""

    def __init__(self, course: Course, number: str, **kwargs):
        super().__init__(**kwargs)
        self.exercise_id = f"{number}.header"
        lesson = course.lesson(number)
        if lesson is None:
            raise ValueError(f"no lesson {number!r} in the course")
        before, after = course.neighbours(number)
        where = " · ".join(filter(None, [position(course, lesson), duration(lesson)]))
        # ../tree is the app's home page from /voila/render/<lesson>; the static site points it at its index.
        links = ["<a class='sll-home-link' href='../tree'>All lessons</a>"]
        if before:
            links.append(f"<a class='sll-prev' rel='prev' href='{escape(before.notebook)}'>← {escape(before.name)}</a>")
        if after:
            links.append(f"<a class='sll-next' rel='next' href='{escape(after.notebook)}'>{escape(after.name)} →</a>")
        self.links = {"prev": before.notebook if before else "", "next": after.notebook if after else ""}
        self.add_class("sll-lesson-header")
        self.children = [html(f"{style_tag()}<div class='sll-where'><strong>{escape(course.title)}</strong> · "
                              f"{escape(where)}</div>"
                              f"<nav aria-label='Lessons (top)'>{''.join(links)}</nav>")]

    @classmethod
    def from_dataset(cls, number: str) -> "LessonHeader":
        """``LessonHeader.from_dataset("01")``; as a lesson's first cell, it also settles the kernel (``app.settle``)."""
        from widgets.exercises import app

        app.settle()
        return cls(load_course(), number)
