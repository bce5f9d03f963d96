"""Reusable keyboard widgets (after aiogram_dialog's: a pager, a picker)."""
