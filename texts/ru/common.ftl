# Texts: common (menu, consent, profile, admin menu, answers for every section).
# Staff may edit wordings here; keep { $placeholders } as they are.

## Main menu: reply-keyboard labels, which also trigger their sections.
menu-events = 📅 Мероприятия
menu-proposals = 📝 Обсуждение актов
menu-contest = 🏆 Конкурс
menu-reports = 📊 Отчёты
menu-subscriptions = 🔔 Подписки
menu-profile = 👤 Профиль
menu-help = ❓ Помощь
menu-placeholder = Выберите раздел

## The command menu (setMyCommands).
commands-start = Начать / главное меню
commands-events = Мероприятия
commands-proposals = Предложения к проектам актов
commands-my_events = Мои мероприятия
commands-my_proposals = Мои предложения
commands-settings = Подписки и уведомления
commands-stop = Отписаться от всех анонсов
commands-profile = Мой профиль
commands-help = Что умеет бот
commands-cancel = Отменить текущее действие
commands-my_data = Мои данные (выгрузка)
commands-delete_me = Удалить мои данные
admin-commands-admin = Меню администратора
admin-commands-events_admin = Мероприятия: управление
admin-commands-event_new = Новое мероприятие
admin-commands-proposals_admin = Предложения: очередь и выгрузки
admin-commands-law_upload = Загрузить текст закона
admin-commands-campaign_open = Открыть сбор предложений
admin-commands-campaign_close = Закрыть сбор предложений
admin-commands-mailing = Новая рассылка
admin-commands-mailings = История рассылок

## Consent (152-FZ).
common-greeting =
    Здравствуйте! Это бот Совета муниципальных образований Кузбасса.
    Здесь можно получать анонсы конференций и семинаров, записываться на мероприятия, направлять предложения к проектам законов, муниципальных актов и документов стратегического планирования, участвовать в конкурсе лучших практик и заполнять отчёты муниципалитета.
consent-ask = Чтобы бот мог запомнить ваше имя, роль и муниципалитет, нужно ваше согласие:
consent-text = <blockquote expandable>{ $text }</blockquote>
consent-yes = ✅ Согласен
consent-no = Не согласен
consent-given = Спасибо, согласие получено ({ $version }).
consent-declined =
    Хорошо, мы ничего о вас не сохраняем.
    Публичные анонсы мероприятий по-прежнему доступны. Если передумаете — нажмите /start.
consent-updated = Мы обновили текст согласия на обработку персональных данных. Пожалуйста, прочитайте его и подтвердите, чтобы продолжить.
consent-updated-short = Текст согласия обновлён — подтвердите его в сообщении ниже или нажмите /start.
consent-needed = Для этого нужно согласие на обработку персональных данных. Нажмите /start.

## The profile.
ask-name = Как к вам обращаться? Напишите имя и фамилию, например: Ирина Петрова.
ask-occupation = Кем вы работаете или чем занимаетесь?
occupation-chosen =
    { ask-occupation }
    <b>{ $occupation }</b>
ask-municipality = Выберите ваш муниципалитет (страница { $page } из { $pages }) или напишите часть названия, например «Мыски».
municipality-chosen = Муниципалитет: <b>{ $name }</b>
profile-resume = Продолжим заполнение профиля.
registration-done = Готово, { $name }! Профиль заполнен. Выберите раздел в меню ниже.
welcome-back = С возвращением, { $name }! Выберите раздел в меню ниже.
profile-updated = Профиль обновлён.
name-error-too_long = Слишком длинно: { $length ->
        [one] { $length } символ
        [few] { $length } символа
       *[many] { $length } символов
    }, а можно не больше { $limit }. Напишите только имя и фамилию.
name-error-too_short = Слишком коротко: нужно хотя бы { $limit ->
        [one] { $limit } буква
        [few] { $limit } буквы
       *[many] { $limit } букв
    }.
name-error-bad_chars = В имени можно использовать буквы (в том числе с ударением), пробелы, дефис, апостроф и точку после инициала — без цифр, ссылок, тегов и невидимых символов. Попробуйте ещё раз.
name-not-text = Пожалуйста, напишите имя текстом — стикеры, фото и файлы здесь не подходят.
choose-with-buttons = Пожалуйста, выберите вариант кнопкой под сообщением выше.
municipality-not-found = Не нашёл муниципалитет по запросу «{ $query }». Выберите из списка или уточните название.
municipality-several = Нашлось несколько вариантов — выберите нужный:
unknown-municipality = Такого муниципалитета нет в списке. Выберите из списка заново.
profile-card =
    <b>Ваш профиль</b>
    Имя: { $name }
    Роль: { $occupation }
    Муниципалитет: { $municipality }
    Согласие на обработку данных: версия { $version }
profile-field-empty = —
profile-edit-name = ✏️ Имя
profile-edit-occupation = ✏️ Роль
profile-edit-municipality = ✏️ Муниципалитет
# A person without a name yet (in staff lists).
person-no-name = id { $telegram_id }

## Answers in every section.
page-prev = ◀️
page-next = ▶️
page-position = { $page }/{ $pages }
common-help =
    <b>Что умеет бот</b>
    📅 Мероприятия — анонсы конференций, совещаний и семинаров, запись на них и напоминания.
    📝 Обсуждение актов — предложения к проектам законов, муниципальных актов и документов стратегического планирования.
    🏆 Конкурс — конкурс лучших практик: условия, заявки, итоги.
    📊 Отчёты — анкеты и отчёты для представителей муниципалитетов.
    🔔 Подписки — какие анонсы получать.
    👤 Профиль — имя, роль и муниципалитет.

    Команды: /start — главное меню, /proposals — обсуждение актов, /my_proposals — мои предложения, /contest — конкурс, /reports — отчёты муниципалитета, /profile — профиль, /settings — подписки, /stop — отписаться от всех анонсов, /cancel — отменить текущее действие, /my_data — выгрузить свои данные, /delete_me — удалить свои данные, /help — эта справка.
common-cancelled = Действие отменено. Введённые ранее данные сохранены.
nothing-to-cancel = Сейчас нечего отменять.
unknown-command = Неизвестная команда. Список команд — /help.
not-understood = Я не понял сообщение. Выберите раздел в меню или нажмите /help.
stale-button = Эта кнопка устарела. Откройте раздел заново.
too-often = Слишком часто. Подождите несколько секунд — бот ответит всем по очереди.
dialogue-lost = Похоже, диалог прервался (например, бот перезапускался). Начните, пожалуйста, заново — уже сохранённые данные на месте.
internal-error = Извините, что-то пошло не так. Мы уже разбираемся. Уже введённые данные сохранены — попробуйте ещё раз чуть позже.
dialogue-paused = ⏸ { $what } на паузе, введённое сохранено. Продолжить — кнопка ниже, отменить — /cancel.
dialogue-name-profile = Заполнение профиля
dialogue-name-proposal = Предложение
dialogue-name-event = Новое мероприятие
dialogue-name-mailing = Рассылка
dialogue-name-other = Начатое действие
dialogue-resume-btn = ▶️ Продолжить
dialogue-resumed = Продолжаем — ответьте, пожалуйста, на последний вопрос выше.
dialogue-split-paste = Текст длиннее, чем помещается в одно сообщение Telegram, — он пришёл частями. Ничего не сохранено: сократите его, пожалуйста, и отправьте одним сообщением.
consent-withdrawn =
    Согласие отозвано и записано. Рассылки и напоминания вам больше не приходят.
    Профиль и поданные предложения пока сохранены; удалить данные — /delete_me, снова дать согласие — /start.

## Events: answers to RSVP buttons (used by the events section).
rsvp-refused-gone = Это мероприятие больше недоступно.
rsvp-refused-cancelled = Мероприятие отменено.
rsvp-refused-started = Мероприятие уже началось — отвечать поздно.
rsvp-refused-deadline = Запись на это мероприятие закрыта.
rsvp-saved-going = Записали: вы придёте. Спасибо!
rsvp-saved-maybe = Записали: возможно придёте.
rsvp-saved-not_going = Записали: вы не сможете. Спасибо, что предупредили.
rsvp-waitlist = Мест нет — вы в листе ожидания, ваше место: { $position }.

## The admin menu.
admin-menu = <b>Меню администратора</b>
admin-stats-btn = 📊 Статистика
admin-moderators-btn = 👥 Модераторы
admin-audit-btn = 📜 Журнал действий
admin-mailings-btn = 📨 Рассылки
admin-back-btn = ◀️ Назад
admin-stats =
    <b>Статистика</b>
    Всего обращались: { $total }
    Дали согласие: { $consented }
    Заполнили профиль: { $registered }
    Заблокировали бота: { $inactive }
admin-moderators-empty = Модераторов пока нет.
admin-moderators-list =
    <b>Модераторы</b>
    { $items }
admin-moderators-item = • { $name } (<code>{ $telegram_id }</code>)
admin-add-moderator-btn = ➕ Назначить
admin-remove-moderator-btn = ➖ { $name }
admin-ask-moderator-id = Пришлите числовой Telegram ID человека, который уже заполнил профиль в боте. /cancel — отмена.
admin-bad-id = Нужен числовой Telegram ID, например 123456789.
admin-user-not-found = Человек с таким ID не заполнил профиль в боте.
admin-moderator-added = { $name } теперь модератор.
admin-moderator-removed = { $name } больше не модератор.
admin-already-moderator = { $telegram_id } уже модератор.
admin-not-moderator = { $telegram_id } уже не модератор.
admin-role-from-config = Администраторов назначают в настройках бота (ADMIN_IDS), не в меню.
admin-audit-empty = Журнал пуст.
admin-audit =
    <b>Журнал действий</b> (страница { $page } из { $pages })
    { $items }
admin-audit-line = { $when } · { $actor } · { $what }
admin-audit-actor = { $name } ({ $role })
admin-audit-someone-gone = удалённый пользователь
admin-audit-role-user = участник
admin-audit-role-moderator = модератор
admin-audit-role-admin = администратор
admin-audit-proposal-status = предложение { $number }: { $before } → { $after }
admin-audit-proposal-note = заметка к предложению { $number }
admin-audit-role-change = роль: { $who }: { $before } → { $after }
admin-audit-event-create = создано мероприятие «{ $title }»
admin-audit-event-publish = опубликовано мероприятие «{ $title }»
admin-audit-event-edit = изменены время или место мероприятия «{ $title }»
admin-audit-event-cancel = отменено мероприятие «{ $title }»
admin-audit-law-upload = загружен текст закона ({ $filename })
admin-audit-campaign-open = открыт сбор предложений «{ $title }»
admin-audit-campaign-close = закрыт сбор предложений
admin-audit-mailing-create = создана рассылка № { $id }
admin-audit-mailing-stop = остановлена рассылка № { $id }
admin-audit-proposals-settings = изменён приём предложений вне кампании
admin-audit-other = { $action } { $target }
admin-mailings-empty = Рассылок ещё не было.
admin-mailings =
    <b>Последние рассылки</b>
    Нажмите, чтобы увидеть состояние.
admin-mailing-btn = #{ $id } { $kind }: { $title }
admin-mailing-not-found = Рассылка не найдена.
admin-mailing-report =
    <b>Рассылка #{ $id }</b> ({ $kind })
    { $title }
    Создана: { $created }
admin-mailing-report-total = Всего получателей: { $total }
admin-mailing-report-state = { $state }: { $count }
admin-mailing-report-errors = Частые ошибки:
admin-mailing-report-error = • { $error } — { $count }

## Labels (t.label(member)): one table, used everywhere this enum is shown.
occupation-deputy = Депутат
occupation-municipal_employee = Муниципальный служащий
occupation-other = Другое
occupation-tos_activist = Активист ТОС
mailing-kind-announcement = анонс
mailing-kind-reminder = напоминание
mailing-kind-mailing = рассылка
mailing-kind-notice = уведомление
delivery-state-pending = в очереди
delivery-state-claimed = отправляется
delivery-state-sent = доставлено
delivery-state-failed = ошибка
delivery-state-blocked = бот заблокирован
delivery-state-cancelled = отменено
delivery-state-skipped = пропущено

## The command line (python -m bot), for whoever runs the bot.
cli-no-token =
    Не задан токен бота (BOT_TOKEN).

    Как получить токен:
      1. Откройте в Telegram @BotFather и отправьте ему команду /newbot.
      2. Придумайте имя и адрес бота; BotFather пришлёт токен вида 123456789:AA...
      3. Создайте в папке проекта файл .env (образец — .env.example) и впишите строку
           BOT_TOKEN=123456789:AA...
         или задайте переменную окружения BOT_TOKEN.

    Затем снова выполните: make run
cli-bad-settings = Ошибка в настройках (.env или переменные окружения):
cli-description = Бот Совета МО Кузбасса
cli-command-help = run — запустить бота; migrate — применить миграции; check — проверить связь; backup [файл] — резервная копия базы SQLite
cli-target-help = куда сохранить копию (для backup)
cli-backup-done = Резервная копия: { $path }
cli-backup-failed = Не удалось сделать копию: { $reason }
cli-backup-not-sqlite = резервная копия средствами бота делается только для SQLite; для PostgreSQL используйте pg_dump
cli-backup-in-memory = база данных в памяти — копировать нечего
cli-backup-no-file = файл базы данных не найден: { $path }
cli-redis-not-used = не используется (FSM в памяти)
cli-no-token-short = BOT_TOKEN не задан
