"""The tables PCN Advisor keeps, one module per aggregate, all on `core.db.Base`.

Importing this package registers every table on `Base.metadata` (the migrations compare against it).
"""
from __future__ import annotations

from .api_key import ApiKey
from .assessment import Assessment, ChecklistItemState, new_id
from .conversation import Conversation
from .knowledge_version import KnowledgeVersion
from .org import DEFAULT_ORG, ORG_LENGTH, OrgLink
from .slack import SlackCasePost, SlackEvent
from .telegram import TelegramUpdate
from .times import UTCDateTime, isoformat, utcnow
from .triage import TriageCase, TriageEvent
from .web_session import AppSecret, WebSession
from .web_user import WebUser

__all__ = ["DEFAULT_ORG", "ORG_LENGTH", "ApiKey", "AppSecret", "Assessment", "ChecklistItemState", "Conversation",
           "KnowledgeVersion", "OrgLink",
           "SlackCasePost", "SlackEvent",
           "TelegramUpdate", "TriageCase", "TriageEvent", "UTCDateTime", "WebSession", "WebUser", "isoformat", "new_id", "utcnow"]
