"""The settings of the benchmarks' server: the project's, with the reference endpoint routed in."""

from forum.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
