"""LMC adviser triage: cases opened from assessments and requests, prioritised by rules in knowledge/.

`models.py` holds the tables, `opening.py` turns an assessment's flags (or a practice's request)
into prioritised cases, `store.py` lists, claims and resolves them with a history of every change,
`routes.py` is the HTTP API, `notify.py` lets other front ends (Slack) hear about changes, and
`desk.py` is what the conversational front ends call.
"""
