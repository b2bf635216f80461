"""Reads that feed the dashboards, by concern: who sees which units (``scope``), timeliness, trends and
drill-down (``trends``), the bulletin's ranking (``bulletin``).

The roll-up itself is in ``rollup.py``; everything here reaches units only through ``reports.scoping``.
"""
