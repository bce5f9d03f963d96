# Texts: the events desk (tickets, check-in, participants, writing to them, registration
# questions). Staff may edit wordings here; keep { $placeholders } as they are.

## The personal ticket
events-desk-ticket-btn = 🎫 Мой билет
events-desk-ticket-caption =
    🎫 <b>Билет на «{ $title }»</b>
    { $when } · { $name }

    Покажите этот QR-код организаторам на входе: они отсканируют его камерой телефона и отметят вас.
    Код билета (если камера не сработает): <code>{ $code }</code>

    Билет личный: по нему отмечают только вас, и только один раз. Не пересылайте его.
events-desk-ticket-not-going = Билет есть только у тех, кто записан и идёт. Нажмите «✅ Пойду» в карточке мероприятия.

## Scanning a ticket (what the staff member sees; the refusal for anyone else)
events-desk-scan-done =
    ✅ <b>Отмечен(а): { $name }</b>
    «{ $title }», в { $time }
events-desk-scan-already = ℹ️ { $name } уже отмечен(а) в { $time } — повторно отмечать не нужно.
events-desk-scan-not-staff = Это личный билет участника. Его сканирует организатор на входе — отметить по нему может только организатор. Ничего не отмечено.
events-desk-scan-unknown = ⛔ Такого билета нет: код неверен или билет подделан. Попросите участника открыть «🎫 Мой билет» в карточке мероприятия.
events-desk-scan-not-going = ⛔ Билет не действует: { $name } сейчас не записан(а) на «{ $title }» (ответ: { $status ->
    [maybe] возможно
    [not_going] не пойду
    [waitlist] лист ожидания
   *[none] нет ответа
}). Ничего не отмечено.
events-desk-scan-not-today = Отмечать на «{ $title }» можно только в день мероприятия ({ $date }). Ничего не отмечено.
events-desk-scan-cancelled = Мероприятие «{ $title }» отменено — отмечать некого.
events-desk-scan-gone = Мероприятие этого билета не найдено.
events-desk-no-name = (данные удалены)
events-desk-no-municipality = муниципалитет не указан
events-desk-checkin-usage = Напишите код билета после команды: <code>/checkin КОД</code>. Код участник видит под QR-кодом своего билета.
events-desk-static-bad = Этот QR-код недействителен.
events-desk-static-user = Отметка на «{ $title }» теперь по личному билету: откройте «🎫 Мой билет» в карточке мероприятия и покажите QR-код организаторам на входе.

## The participant list (staff)
events-desk-people-btn = 👥 Участники
events-desk-people-header =
    <b>Участники «{ $title }»</b>
    Идут: { $going } · ожидают: { $waitlist } · возможно: { $maybe } · отмечены: { $checked_in }
    Страница { $page } из { $pages }
events-desk-people-empty = Пока никто не ответил.
events-desk-people-line = { $index }. { $mark } <b>{ $name }</b> — { $municipality } · { $status }
events-desk-people-line-in = { $index }. { $mark } <b>{ $name }</b> — { $municipality } · { $status }, отмечен(а) в { $time }
events-desk-mark-in = ✅
events-desk-mark-out = ▫️
events-desk-checkin-btn = ☑️ { $index }. { $name }
events-desk-checkin-done = Отмечен(а): { $name }
events-desk-back-btn = ◀️ К мероприятию

## Adding a participant
events-desk-add-btn = ➕ Добавить участника
events-desk-add-ask = Кого добавить? Напишите фамилию или имя (можно часть) либо Telegram id человека. Выйти: /cancel
events-desk-add-none = Никого не нашлось среди зарегистрированных. Проверьте написание или напишите Telegram id. Человек должен сначала открыть бота и заполнить профиль.
events-desk-add-found = Нашлось: { $count }. Нажмите на нужного человека:
events-desk-add-pick = { $name } · { $municipality }
events-desk-add-unknown = Этот человек не зарегистрирован в боте: пусть откроет бота и заполнит профиль.
events-desk-add-already = Этот человек уже { $status ->
    [going] записан и идёт
   *[waitlist] в листе ожидания
}.
events-desk-added-going = Добавлен(а): идёт.
events-desk-added-waitlist = Мест нет: добавлен(а) в лист ожидания.
events-desk-added-title = Запись на «{ $title }» организатором
events-desk-added-notice-going = Организаторы записали вас на «{ $title }». Карточка мероприятия: /my_events
events-desk-added-notice-waitlist = Организаторы добавили вас в лист ожидания на «{ $title }»: мы напишем, если освободится место. /my_events

## Writing to participants
events-desk-write-btn = ✉️ Написать участникам
events-desk-write-choose = Кому написать? Отметьте группы и нажмите «Далее».
events-desk-write-on = ✅ { $status } ({ $count })
events-desk-write-off = ▫️ { $status } ({ $count })
events-desk-write-next-btn = Далее ▶️
events-desk-write-stale = Этот выбор устарел: нажмите «✉️ Написать участникам» ещё раз.
events-desk-write-none-chosen = Отметьте хотя бы одну группу.
events-desk-write-ask = Напишите сообщение участникам (можно с форматированием). Выйти: /cancel
events-desk-write-nobody = В выбранных группах никого нет — писать некому.
events-desk-write-heading = 📣 <b>Участникам «{ $title }»</b>
events-desk-write-title = Сообщение участникам «{ $title }»
events-desk-write-preview = Так увидят сообщение получатели. Всего получателей: { $count }.
events-desk-write-send-btn = 📨 Отправить ({ $count })
events-desk-write-drop-btn = Не отправлять
events-desk-write-dropped = Сообщение не отправлено.
events-desk-write-already = Это сообщение уже отправлено (или кнопка устарела).
events-desk-write-sent = Отправляем. Получателей: { $count }.

## Registration questions
events-desk-questions-btn = ❓ Вопросы регистрации
events-desk-q-options-count = Нужно от 2 до { $limit } вариантов, через «;» или каждый с новой строки.
events-desk-q-option-long = Вариант длиннее { $limit } символов: сократите.
events-desk-q-empty = Нужен текст.
events-desk-q-too-many = У мероприятия уже { $limit } вопросов — больше нельзя.
events-desk-q-gone = Этот вопрос уже удалён.
events-desk-q-choose = Выберите один из вариантов кнопкой.
events-desk-q-not-going = Вопросы регистрации — для тех, кто записался. Нажмите «✅ Пойду» в карточке мероприятия.
events-desk-q-intro = Организаторы просят ответить на вопросы регистрации. Всего вопросов: { $count }.
events-desk-q-ask-text =
    ❓ <b>{ $text }</b>
    Напишите ответ. Пропустить вопросы: /cancel
events-desk-q-ask-choice =
    ❓ <b>{ $text }</b>
    Выберите вариант. Пропустить вопросы: /cancel
events-desk-q-saved = Ответ сохранён: { $answer }
events-desk-q-answered = ❓ { $text }: <b>{ $answer }</b>
events-desk-q-thanks = Спасибо, ответы сохранены. Ждём вас!
events-desk-q-list-header = <b>Вопросы регистрации</b> (их задают после «Пойду»; ответы — в выгрузке XLSX/CSV)
events-desk-q-list-empty = Вопросов пока нет.
events-desk-q-line-text = { $index }. { $text } — свободный ответ
events-desk-q-line-choice = { $index }. { $text } — варианты: { $options }
events-desk-q-remove-btn = 🗑 { $index }
events-desk-q-removed = Вопрос удалён.
events-desk-q-add-text-btn = ➕ Вопрос с ответом текстом
events-desk-q-add-choice-btn = ➕ Вопрос с вариантами
events-desk-q-ask-question = Напишите вопрос, например: «Должность» или «Нужна парковка?». Выйти: /cancel
events-desk-q-ask-options = Напишите варианты ответа через «;» или каждый с новой строки, например: <code>Да; Нет</code>
events-desk-q-added = Вопрос добавлен.

## Dates said back in words (what the bot understood)
dates-in-words = { $day } { $month } { $year }, { $weekday }, { $clock }
dates-understood = 🗓 Понял: <b>{ $when }</b>.
dates-month-1 = января
dates-month-2 = февраля
dates-month-3 = марта
dates-month-4 = апреля
dates-month-5 = мая
dates-month-6 = июня
dates-month-7 = июля
dates-month-8 = августа
dates-month-9 = сентября
dates-month-10 = октября
dates-month-11 = ноября
dates-month-12 = декабря
dates-weekday-0 = понедельник
dates-weekday-1 = вторник
dates-weekday-2 = среда
dates-weekday-3 = четверг
dates-weekday-4 = пятница
dates-weekday-5 = суббота
dates-weekday-6 = воскресенье

## Staff commands in /help (moderators and admins only)
staff-help-moderator = <b>Команды модератора</b> (мероприятия целиком, включая выгрузки; консультации, отчёты, конкурс):
staff-help-admin = <b>Команды сотрудника Совета</b> (вы администратор: также роли и массовые рассылки):
staff-help-line = /{ $command } — { $what }
staff-commands-checkin = Отметить участника по коду билета
staff-commands-templates = Шаблоны ответов на предложения
staff-commands-acts = Акты на консультации
staff-commands-act_new = Новый акт на консультацию
staff-commands-reps = Представители муниципалитетов
staff-commands-contest_new = Новый конкурс
