# Texts: reminders of events. Staff may edit wordings here; keep { $placeholders } as they are.

reminder-online-link = Ссылка для подключения: { $link }
# The reminder's buttons after the person answered: the chosen one is marked.
reminder-chosen-btn = ✔ { $label }
reminder-waitlist-btn = ⏳ Вы в листе ожидания
