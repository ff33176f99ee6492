"""What-if over HTTP: `POST /v1/assessments/{id}/what-if` (the difference is `engine.what_if`)."""
