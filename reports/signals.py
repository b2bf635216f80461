"""Signals of the returns' writes, for apps that keep data derived from returns (the dashboards' summary)."""

from django.dispatch import Signal

# Sent by every service that changes a return's figures or status, inside its transaction; ``monthly_return``.
return_changed = Signal()

# Sent by every workflow step (submit, approve, send back, reopen) inside its transaction, after the step is recorded:
# ``monthly_return``, ``step`` (the ReturnTransition: kind, reason, when) and ``actor`` (who took the step). Receivers
# that write do so in the step's transaction, so nothing of theirs survives a step that rolls back.
return_transitioned = Signal()
