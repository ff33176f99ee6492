"""PCN Advisor's shared core: what every front end stands on.

The database and its tables (`db`, `records`, `migrate`, `migrations/`), the stores
(`assessments`, `api_keys`, `triage.casework`), how stored results are packed (`compress`,
`rawsql`), the answer index (`answers`), the LMC adviser triage desk (`triage`), checklist exports
(`exports`) and the channel-agnostic dialogue (`dialogue`). It imports the rules engine and no
front end: never Flask, Slack or Telegram.
"""
