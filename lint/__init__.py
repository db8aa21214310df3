"""hullcheck: a static security analyzer for Dockerfiles, Compose files and the code that starts containers."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/hullcheck/hullcheck"
