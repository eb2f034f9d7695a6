"""The course as a website.

Both editions start from ``lessons`` (the notebooks on disk). The read-only edition: ``render``
turns a lesson's stored widget state into HTML and ``static`` writes the pages. The live edition,
in the learner's browser: ``gather`` fetches and caches the pinned build tools, Pyodide and wheels
(``pins/``), ``kernel`` makes the course's wheel and the lock the browser's Python loads, ``live``
copies the lessons and runs voici, ``loader`` edits Pyodide's loader (the working folder last on
``sys.path``; ``snapshot.js``: a return visit restores Python from a memory snapshot), ``pages``
writes the index and the embed codes, and ``store`` keeps the learner's workbook in the browser.
``cli`` holds the commands (site, hub-link, embed-snippet).
"""
