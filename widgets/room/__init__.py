"""A room of learners on one ``social-lab present`` server: each browser its own workbook, kernels bounded.

Only the Voilà server process loads :mod:`widgets.room.app` (``python -m widgets.room``); learner
kernels never do. :mod:`widgets.room.limits` holds the defaults ``social-lab present`` prints.
"""
