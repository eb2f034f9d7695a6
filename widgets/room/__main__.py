"""``python -m widgets.room LESSONS_DIR [voila options]``: Voilà for a room of learners (see app.py)."""

from widgets.room.app import main

if __name__ == "__main__":
    main()
