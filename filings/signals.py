"""Signals of the filings' writes, for apps that tell the unit about them (notifications)."""

from django.dispatch import Signal

# Sent inside the write's transaction when something is decided about a unit's item: ``event`` ("accepted" or
# "returned" for a filing's review, "assessed" for an assessment recorded or corrected, "featured" for a good
# practice featured), ``item`` (the PlanFiling, Assessment or GoodPractice) and ``actor`` (the coordinator).
unit_told = Signal()
