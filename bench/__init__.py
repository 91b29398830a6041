"""Speed benchmarks for the forum: `python -m bench` runs them all, `python -m bench NAME` one.

Each benchmark builds its own PostgreSQL database, starts the real server on a loopback port,
drives it with concurrent clients, checks the results in the database and prints a table. Results
and how to read them: docs/performance.md.
"""
