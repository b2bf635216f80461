"""Settings: ``base`` for development and the demo, ``test`` for the suite, ``production`` for deployment."""

from .base import *  # noqa: F401,F403
