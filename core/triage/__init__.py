"""LMC adviser triage: cases opened from assessments and requests, prioritised by rules in knowledge/.

`opening` turns an assessment's flags (or a practice's request) into prioritised cases,
`casework` lists, claims and resolves them with a history of every change, `notify` lets front
ends hear about changes made elsewhere, and `desk` is what the conversational front ends call.
The tables are in `core.records.triage`.
"""
