"""The course as a website. ``lessons`` finds the notebooks, ``render`` turns a lesson's stored
widget state into HTML, ``static`` writes the read-only site, ``cli`` holds the commands that take
the course to people (site, hub-link, embed-snippet)."""
