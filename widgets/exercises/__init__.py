"""The exercise views: the only package that imports ipywidgets."""

from widgets.exercises.coach import CoachNotesView
from widgets.exercises.choice import CheckOfUnderstanding, ChoiceExercise
from widgets.exercises.finder import ConversationFinderExercise
from widgets.exercises.listening import ListeningLabExercise
from widgets.exercises.studio import RewriteStudioExercise

__all__ = ["CheckOfUnderstanding", "CoachNotesView", "ChoiceExercise", "ConversationFinderExercise",
           "ListeningLabExercise", "RewriteStudioExercise"]
