"""Signals of the Excel import, for apps that tell people about it (notifications)."""

from django.dispatch import Signal

# Sent by import_apply inside its transaction once a file is written: ``log`` (the ImportLog: its file name),
# ``user`` (who imported), ``returns`` (the MonthlyReturns written, with their units) and ``changes`` ({return pk:
# [(item, field, old, new), ...]}, what the preview showed as new or changed for that return).
returns_imported = Signal()
