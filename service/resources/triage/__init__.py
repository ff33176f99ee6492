"""The adviser queue over HTTP: `/v1/cases` and `/v1/assessments/{id}/escalate` (see `core.triage`)."""
