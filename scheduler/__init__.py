"""Everything that leaves the bot on its own: the outbox sender, reminders, planned mailings.

Empty until the outbox lands; it never imports ``bot/``.
"""
