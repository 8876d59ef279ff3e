"""The audit log as a lead reads it: filters, pages, an export (rollout/auditing.py writes it)."""
