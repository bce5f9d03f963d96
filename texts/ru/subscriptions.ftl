# Texts: subscriptions. Staff may edit wordings here; keep { $placeholders } as they are.

subs-on = ✅
subs-off = ▫️
subs-settings-head = <b>Подписки и уведомления</b>
subs-settings-topics = Темы анонсов — нажмите, чтобы включить или выключить:
subs-settings-stopped = ⛔ Анонсы и рассылки сейчас <b>выключены</b> (/stop). Темы сохранены: включите анонсы кнопкой ниже, и они снова начнут приходить.
subs-settings-no-topics = Ни одна тема не выбрана — анонсы по темам приходить не будут.
subs-settings-municipalities = Муниципалитеты, кроме своего: { $items }
subs-settings-municipalities-none = нет
subs-settings-reminders-on = Напоминания о мероприятиях, на которые вы записались: включены.
subs-settings-reminders-off = Напоминания о мероприятиях, на которые вы записались: выключены.
subs-settings-footer = Изменения действуют со следующей рассылки.
subs-btn-municipalities = 🏙 Муниципалитеты ({ $n })
subs-btn-reminders-on = ⏰ Напоминания: вкл.
subs-btn-reminders-off = ⏰ Напоминания: выкл.
subs-btn-announcements-on = 🔕 Отписаться от всех анонсов
subs-btn-announcements-off = 🔔 Включить анонсы
subs-btn-back = ◀️ Готово
subs-municipalities-head =
    <b>Муниципалитеты, новости которых вам интересны</b> (страница { $page } из { $pages })
    Свой муниципалитет ({ $own }) учитывается всегда. Отметьте другие — одно нажатие включает или выключает.
subs-own-mark = 🏠
subs-topic-on = Тема «{ $topic }» включена.
subs-topic-off = Тема «{ $topic }» выключена.
subs-reminders-on = Напоминания включены.
subs-reminders-off = Напоминания выключены.
subs-announcements-on = Анонсы снова включены.
subs-announcements-off = Вы отписались от всех анонсов.
subs-municipality-on = Добавлено: { $name }.
subs-municipality-off = Убрано: { $name }.
subs-own-municipality = Это ваш муниципалитет — он учитывается всегда. Сменить его можно в /profile.
subs-unknown-municipality = Такого муниципалитета нет в списке.
subs-stopped =
    Готово: вы отписались от всех анонсов и рассылок.
    Напоминания о мероприятиях, на которые вы записались, и ответы на ваши предложения по-прежнему будут приходить — это не рассылки.

    Чтобы вернуться, откройте /settings и нажмите «🔔 Включить анонсы».
subs-already-stopped = Анонсы и рассылки уже выключены. Чтобы вернуться, откройте /settings и нажмите «🔔 Включить анонсы».
subs-need-profile = Сначала заполните профиль — нажмите /start.

## Labels (t.label(member)): one table, used everywhere this enum is shown.
topic-council = Заседания Совета
topic-events = Конференции и мероприятия
topic-law = Обсуждение проектов актов и законотворчество
topic-news = Общие новости
topic-practices = Конкурс лучших практик МО и ТОС
topic-tos = Новости ТОС
