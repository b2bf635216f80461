"""Signals of the returns' writes, for apps that keep data derived from returns (the dashboards' summary)."""

from django.dispatch import Signal

# Sent by every service that changes a return's figures or status, inside its transaction; ``monthly_return``.
return_changed = Signal()
