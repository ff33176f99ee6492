"""Who is who on Telegram: a person in a chat is known to the dialogue and the database as
"chat_id:user_id" (in a private chat the two ids are the same person's; in a group each member has
a conversation of their own), and replies go to the chat.
"""
from __future__ import annotations


def user_ref(chat_id: int, user_id: int) -> str:
    """How a Telegram person in a chat is known to the dialogue and the database."""
    return f"{chat_id}:{user_id}"


def chat_of(ref: str) -> int:
    """The chat a conversation's replies go to."""
    return int(ref.split(":", 1)[0])
