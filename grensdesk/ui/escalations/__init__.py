"""Escalations: the back office's queue, the case view and the adviser's escalate dialog."""
