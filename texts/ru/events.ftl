# Texts: events. Staff may edit wordings here; keep { $placeholders } as they are.

## The list, the card and answers (participants)
events-list-empty = Ближайших мероприятий пока нет. Мы пришлём анонс, когда появятся новые.
events-list-header =
    <b>Ближайшие мероприятия</b> (страница { $page } из { $pages })
    Выберите мероприятие:
events-list-item = { $when } · { $title }
events-my-events-btn = 🗂 Мои мероприятия
events-my-events-empty = Вы ещё не отвечали ни на одно мероприятие. Откройте /events.
events-my-events-header = <b>Мои мероприятия</b>
events-my-events-line = • { $when } — { $title }: { $status }
events-my-events-line-cancelled = • { $when } — { $title } (отменено): { $status }
events-back-to-list-btn = ◀️ К списку
events-calendar-btn = 🗓 В календарь
events-calendar-caption = Откройте файл, чтобы добавить мероприятие в календарь.
events-answer-labels-going = ✅ Пойду
events-answer-labels-maybe = 🤔 Возможно
events-answer-labels-not_going = ❌ Не пойду
events-answer-chosen = • { $label } •
events-your-answer = Ваш ответ: <b>{ $answer }</b>
events-your-waitlist = Вы в листе ожидания, ваше место: <b>{ $position }</b>.
events-checked-in-mark = ✅ Вы отмечены как участник.
events-event-gone = Это мероприятие не найдено — возможно, его удалили.
events-need-profile = Чтобы записаться, заполните профиль: нажмите /start.
events-bad-link = Ссылка не распознана. Откройте список мероприятий: /events.

## The card (announcement, channel post, the bot)
events-card-announce-header = 📣 <b>Анонс</b>
events-card-staff-header = #{ $id } · { $state }
events-card-cancelled = 🚫 <b>Мероприятие отменено</b>
events-card-title = 📅 <b>{ $title }</b>
events-card-kind = { $kind } · { $topic }
events-card-when = 🕒 { $when } ({ $zone })
events-card-place = 📍 { $place }
events-card-seats = 👥 Мест: { $capacity }, свободно: { $free }
events-card-deadline = ⏳ Запись до { $deadline }
events-card-registration-closed = ⏳ Запись закрыта
events-card-online = 💻 Онлайн: ссылка придёт участникам перед началом
events-card-for = 🏙 Для: { $names }
events-card-for-more = 🏙 Для: { $names } и ещё { $count ->
    [one] { $count } муниципалитет
    [few] { $count } муниципалитета
   *[many] { $count } муниципалитетов
}
events-staff-card-cut = <i>Разбивка по муниципалитетам не поместилась в сообщение — она есть в выгрузке XLSX.</i>
events-preview-too-long = Анонс не поместится в одно сообщение Telegram: { $length } из { $limit } символов. Сократите описание на { $over ->
    [one] { $over } символ
    [few] { $over } символа
   *[many] { $over } символов
} и пришлите его заново (остальное сохранено):
events-card-more-btn = 📅 Подробнее
events-channel-signup-btn = 📝 Записаться в боте
events-open-btn = 📅 Открыть

## What the outbox sends (titles are shown to staff in the mailing history)
events-announce-title = Анонс: { $title }
events-channel-title = Анонс в канале: { $title }
events-promoted-title = Место освободилось: { $title }
events-promoted = 🎉 Освободилось место: вы записаны на <b>{ $title }</b> ({ $start }). Если планы изменились — отмените запись в карточке события.
events-edited-title = Изменение: { $title }
events-edited-notice = ✏️ Изменения в мероприятии <b>{ $title }</b>
events-change-title = 📅 Название изменено: было «{ $was }», стало «{ $now }»
events-change-description = 📝 Описание изменено
events-change-time = 🕒 Время изменено: было { $was }, стало { $now }
events-change-place = 📍 Место изменено: было { $was }, стало { $now }
events-change-link = 💻 Ссылка на подключение изменена
events-change-capacity = 👥 Число мест изменено: было { $was }, стало { $now }
events-change-topic = 🏷 Тема изменена: была «{ $was }», стала «{ $now }»
events-change-audience = 🏙 Муниципалитеты изменены: было { $was }, стало { $now }
events-change-deadline = ⏳ Срок записи изменён: был { $was }, стал { $now }
events-change-all-municipalities = все муниципалитеты
events-change-until-start = до начала
events-change-no-limit = без ограничений
events-change-empty = не указано
events-link-notice =
    💻 Ссылка на подключение к <b>{ $title }</b> изменилась:
    { $link }
events-link-removed = 💻 Онлайн-подключение к <b>{ $title }</b> отменено: ссылка больше не действует.
events-moved-title = Лист ожидания: { $title }
events-moved-notice = Организаторы сократили число мест на <b>{ $title }</b> до { $capacity } — вы перенесены в начало листа ожидания. Освободится место — мы сразу сообщим.
events-channel-edit-title = Правка поста в канале: { $title }
events-channel-followup-title = Изменение в канале: { $title }
events-channel-cancelled = 🚫 Мероприятие ({ $start }) отменено.
events-files-mailing-title = Файл к анонсу: { $name }
events-cancelled-title = Отмена: { $title }
events-cancelled-notice = 🚫 Мероприятие <b>{ $title }</b> ({ $start }) отменено. Приносим извинения. Кнопка ниже уберёт его из вашего календаря.
events-reminder-title = Напоминание (за { $offset } мин): { $title }
events-reminder =
    ⏰ Напоминание: { $left } — <b>{ $title }</b>
    Начало: { $start }
events-reminder-place = Место: { $place }
events-reminder-footer = Планы изменились? Ответьте кнопкой ниже.
events-reminder-tomorrow = завтра
events-reminder-in-days = { $days ->
    [one] через { $days } день
    [few] через { $days } дня
   *[many] через { $days } дней
}
events-reminder-in-hours = { $hours ->
    [one] через { $hours } час
    [few] через { $hours } часа
   *[many] через { $hours } часов
}
events-reminder-in-minutes = { $minutes ->
    [one] через { $minutes } минуту
    [few] через { $minutes } минуты
   *[many] через { $minutes } минут
}
events-reminder-going-btn = ✅ Буду
events-reminder-not-going-btn = ❌ Не смогу

## Staff: lists, the staff card, actions
events-staff-header =
    <b>Мероприятия</b> ({ $which })
    Выберите мероприятие или создайте новое.
events-staff-upcoming = ближайшие
events-staff-past = прошедшие
events-staff-empty = Пока пусто.
events-staff-item-draft = 📝 { $item }
events-staff-item-cancelled = 🚫 { $item }
events-staff-new-btn = ➕ Новое мероприятие
events-staff-past-btn = 🕘 Прошедшие
events-staff-upcoming-btn = 📅 Ближайшие
events-staff-publish-btn = 📣 Опубликовать
events-staff-edit-btn = ✏️ Изменить
events-staff-files-btn = 📎 Файлы
events-staff-close-btn = 🔒 Закрыть запись
events-staff-reopen-btn = 🔓 Открыть запись
events-staff-duplicate-btn = 📑 Дублировать
events-staff-delete-btn = 🗑 Удалить черновик
events-staff-delete-confirm-btn = Да, удалить насовсем
events-staff-delete-ask = Удалить черновик «{ $title }»? Его нельзя будет восстановить.
events-staff-deleted = Черновик «{ $title }» удалён.
events-staff-registration-opened = Запись снова открыта.
events-staff-registration-closed = Запись закрыта: «Пойду» больше не принимается.
events-staff-duplicated = Создан черновик #{ $id } — копия со сдвигом на неделю, начало { $start }. Проверьте дату: «✏️ Изменить» → «Время».
events-staff-page = Страница { $page } из { $pages }, всего мероприятий: { $total }.
events-staff-cancel-btn = 🚫 Отменить мероприятие
events-staff-cancel-confirm-btn = Да, отменить и сообщить всем
events-staff-xlsx-btn = 📊 XLSX
events-staff-csv-btn = 📄 CSV
events-staff-sheet-btn = 🖨 Лист регистрации
events-staff-qr-btn = 🔳 QR для отметки
events-staff-back-btn = ◀️ Назад
events-staff-counts = <b>Ответы</b>: пойдут { $going }, возможно { $maybe }, не пойдут { $not_going }, в листе ожидания { $waitlist }; отметились { $checked_in }.
events-staff-by-municipality = <b>По муниципалитетам</b>:
events-staff-by-municipality-line = • { $name }: { $parts }
events-staff-count-part = { $status } { $number }
events-staff-no-municipality = без муниципалитета
events-staff-cancel-ask = Отменить «{ $title }»? Уведомление получат все, кто ответил или получил анонс; пост в канале будет исправлен.
events-staff-cancelled = Мероприятие отменено. Уведомление получат: { $n }.
events-staff-published = Опубликовано. Анонс получат: { $count ->
    [one] { $count } подписчик
    [few] { $count } подписчика
   *[many] { $count } подписчиков
}.
events-staff-published-with-channel = Опубликовано. Анонс получат: { $count ->
    [one] { $count } подписчик
    [few] { $count } подписчика
   *[many] { $count } подписчиков
} и канал.
events-staff-draft-saved = Черновик сохранён. Опубликовать его можно из /events_admin.
events-staff-dialog-cancelled = Создание мероприятия отменено, ничего не сохранено.
events-staff-qr-caption =
    QR-код стойки регистрации «{ $title }»: сотрудник Совета открывает по нему список участников. Самих участников отмечают по их личным билетам («🎫 Мой билет» в карточке): так фото кода в общем чате никого не отметит.
    { $link }
events-staff-export-caption = Список участников: { $count ->
    [one] { $count } человек
    [few] { $count } человека
   *[many] { $count } человек
}.

## Staff: changing one field
events-edit-which = Что изменить в «{ $title }»?
events-edit-now = Сейчас ({ $field }): { $value }
events-edit-ask-title = Новое название (до { $limit } символов). /cancel — отмена.
events-edit-ask-start = Новое начало в формате <code>15.12.2026 10:00</code> (время местное, { $zone }). /cancel — отмена.
events-edit-ask-end = Новое окончание в том же формате, или «-» (кнопка ниже), чтобы сохранить прежнюю продолжительность.
events-edit-ask-link = Ссылка на онлайн-подключение (https://…). Её увидят только записавшиеся, в напоминании перед началом.
events-edit-no-place-btn = Без места
events-edit-no-link-btn = Убрать ссылку
events-edit-keep-btn = Сохранить продолжительность
events-edit-preview =
    <b>{ $field }</b>
    Было: { $was }
    Станет: { $now }
    Уведомление получат: { $count }.
events-edit-save-btn = 💾 Сохранить
events-edit-discard-btn = ✖️ Не менять
events-edit-saved = Сохранено. Уведомление получат: { $count }; перенесены в лист ожидания: { $moved }.
events-edit-discarded = Ничего не изменено.
events-edit-announced = Анонс отправлен тем, кого мероприятие теперь касается: { $count }.

## Staff: files of an event
events-files-ask = Пришлите файлы к мероприятию: PDF, DOC/DOCX, JPG или PNG, каждый до { $limit } МБ. Сейчас файлов: { $count }. Когда закончите, нажмите «Готово».
events-files-added = Файл добавлен. Файлов у мероприятия: { $count }. Пришлите ещё или нажмите «Готово».
events-files-cleared = Файлы убраны: { $count }.
events-files-clear-btn = 🗑 Убрать все файлы
events-files-none = У этого мероприятия нет файлов.
events-files-btn = 📎 Материалы ({ $count })
events-files-too-big = Файл слишком большой: можно до { $limit } МБ.
events-files-wrong-type = Такой файл не подходит: пришлите PDF, DOC/DOCX, JPG или PNG.
events-files-too-many = У мероприятия уже { $limit ->
    [one] { $limit } файл
    [few] { $limit } файла
   *[many] { $limit } файлов
} — больше добавить нельзя. Уберите лишние.

## Staff: the creation dialogue
events-ask-title = Создаём мероприятие. Название? (до { $limit } символов). /cancel — отмена.
events-ask-description = Описание: программа, спикеры, что взять с собой. Форматирование сохранится. Отправьте «-», если описание не нужно.
events-ask-kind = Тип мероприятия:
events-ask-kind-chosen = Тип мероприятия: <b>{ $kind }</b>
events-ask-start = Начало в формате <code>15.12.2026 10:00</code> (время местное, { $zone }).
events-ask-end = Окончание в том же формате, например <code>15.12.2026 13:00</code>.
events-ask-place = Место проведения (для онлайн-встречи — «онлайн»). Ссылку на подключение добавьте потом в карточке: «✏️ Изменить» → «Онлайн-ссылка» — её получат только записавшиеся.
events-ask-capacity = Сколько мест? Число, или кнопка ниже.
events-ask-deadline = До какого момента принимать ответы? Дата и время, или кнопка ниже.
events-ask-topic = Тема рассылки (кто получит анонс):
events-ask-topic-chosen = Тема рассылки (кто получит анонс): <b>{ $topic }</b>
events-ask-audience = Для каких муниципалитетов?
events-ask-audience-all = Для каких муниципалитетов? <b>Все муниципалитеты</b>
events-ask-audience-pick = Отметьте муниципалитеты (выбрано: { $n }) и нажмите «Готово».
events-ask-offsets = Когда напоминать? Часы до начала через запятую, например <code>24, 2</code> (или <code>30м</code> для минут), либо кнопка ниже.
events-preview = Так анонс увидят подписчики ({ $count ->
    [one] { $count } человек
    [few] { $count } человека
   *[many] { $count } человек
}):
events-no-limit-btn = Без ограничений
events-no-deadline-btn = До начала
events-all-municipalities-btn = Все муниципалитеты
events-pick-municipalities-btn = Выбрать
events-pick-chosen = ✅ { $name }
events-done-btn = ✅ Готово
events-default-offsets-btn = По умолчанию: за 24 ч и за 2 ч
events-publish-btn = 📣 Опубликовать
events-draft-btn = 💾 Сохранить черновик
events-discard-btn = ✖️ Отменить
events-not-text = Здесь нужен текст — стикеры, фото и файлы не подходят.
events-choose-button = Выберите вариант кнопкой под сообщением выше.
events-pick-at-least-one = Отметьте хотя бы один муниципалитет или выберите «Все».

## Refused values and operations (DomainError codes)
events-errors-past = Это время уже прошло. Укажите время в будущем.
events-errors-too_far = Слишком далеко: не позже чем через 3 года.
events-errors-end_before_start = Окончание должно быть позже начала ({ $start }).
events-errors-too_long_event = Мероприятие не может длиться больше 31 дня.
events-errors-deadline_after_start = Срок ответа должен быть не позже начала ({ $start }).
events-errors-empty = Пусто. Напишите текст.
events-errors-too_long = Слишком длинно: { $length ->
    [one] { $length } символ
    [few] { $length } символа
   *[many] { $length } символов
}, можно не больше { $limit }.
events-errors-capacity = Нужно целое число от 1 до { $limit }, или кнопка «Без ограничений».
events-errors-offsets = Не понял. Пример: <code>24, 2</code> — за сутки и за два часа (до 5 значений, не больше 30 дней).
events-errors-gone = Мероприятие не найдено.
events-errors-not_draft = Мероприятие уже опубликовано или отменено.
events-errors-cancelled = Мероприятие отменено — изменить его нельзя.
events-errors-unchanged = Ничего не изменилось.
events-errors-place_link = Ссылку здесь увидели бы все. Напишите место словами (или «онлайн»), а ссылку добавьте в карточке: «✏️ Изменить» → «Онлайн-ссылка».
events-errors-card_too_long = Карточка не поместится в одно сообщение Telegram: лишних { $over ->
    [one] { $over } символ
    [few] { $over } символа
   *[many] { $over } символов
}. Сократите описание или название.
events-errors-link = Нужна ссылка, начинающаяся с https:// (без пробелов).
events-errors-changed_meanwhile = Мероприятие уже изменено (повторное нажатие или правка коллеги). Откройте карточку заново.
events-errors-not_published = Мероприятие ещё не опубликовано.
events-errors-registration_open = Запись и так открыта.
events-errors-registration_closed = Запись уже закрыта.

## The one date parser (models/dates.py), for every section
date-invalid = Не понял дату. Напишите, например: <code>22.12.2026 10:00</code>, <code>22.12 10:00</code>, <code>22 декабря в 10:00</code>, <code>завтра в 15:00</code> или <code>2026-12-22 10:00</code>; время окончания можно одним временем: <code>18:00</code>.

## The attendee export (XLSX/CSV cells: no HTML)
events-export-sheet = Участники
events-export-index = №
events-export-title = Участники мероприятия «{ $title }»
events-export-when-where = { $when }; { $place }
events-export-no-place = место не указано
events-sheet-heading = ЛИСТ РЕГИСТРАЦИИ УЧАСТНИКОВ
events-sheet-name = Фамилия, имя, отчество
events-sheet-role = Должность / роль
events-sheet-signature = Подпись
events-export-name = Имя
events-export-role = Роль
events-export-municipality = Муниципалитет
events-export-answer = Ответ
events-export-answered-at = Время ответа
events-export-checked-in = Время отметки
events-export-deleted = (удалён)

## Labels (t.label(member)): one table, used everywhere this enum is shown.
event-kind-conference = Конференция
event-kind-meeting = Совещание
event-kind-other = Другое мероприятие
event-kind-seminar = Семинар
event-state-draft = черновик
event-state-published = опубликовано
event-state-cancelled = отменено
rsvp-status-going = Пойду
rsvp-status-maybe = Возможно
rsvp-status-not_going = Не пойду
rsvp-status-waitlist = Лист ожидания
event-field-title = Название
event-field-description = Описание
event-field-time = Время
event-field-place = Место
event-field-link = Онлайн-ссылка
event-field-capacity = Число мест
event-field-topic = Тема
event-field-audience = Муниципалитеты
event-field-deadline = Срок записи
