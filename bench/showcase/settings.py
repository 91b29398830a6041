"""The showcase benchmark's server: the project's settings, and a middleware that tells each
response's number of database queries (header X-Bench-Queries), so that the benchmark counts the
database work of every poll exactly."""

from forum.settings import *  # noqa: F403
from forum.settings import MIDDLEWARE

MIDDLEWARE = ["bench.showcase.counting.QueryCount", *MIDDLEWARE]
