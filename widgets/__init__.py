"""Social Leadership Lab: the course's importable package (pure logic, content, workbook, views).

Importing ``widgets`` loads no ipywidgets; the views live in ``widgets.exercises``.
"""

__version__ = "0.1.0"
