# Texts: mailings. Staff may edit wordings here; keep { $placeholders } as they are.

mailing-ask-content =
    <b>Новая рассылка. Шаг 1 из 3: сообщение</b>
    Пришлите сообщение так, как его должны увидеть получатели: текст с оформлением, фото или документ с подписью. Его копия уйдёт каждому — оформление и вложения сохранятся. Не удаляйте это сообщение, пока рассылка не закончится.
    /cancel — отмена.
mailing-content-unsupported = Такое сообщение разослать нельзя. Пришлите текст, фото, видео или документ (с подписью или без).
mailing-content-command = Команду разослать нельзя. Пришлите текст рассылки или /cancel для отмены.
mailing-ask-buttons =
    Добавить кнопки-ссылки под сообщением? Пришлите строки вида
    <code>Текст кнопки | https://адрес</code>
    — по одной кнопке на строку (до { $limit }). Или нажмите «Без кнопок».
mailing-btn-no-buttons = Без кнопок
mailing-title-photo = Фото
mailing-title-document = Документ
mailing-title-message = Сообщение
mailing-buttons-not-text = Кнопки нужно прислать текстом: строки вида «Текст | https://адрес».
mailing-buttons-empty = Не нашёл ни одной строки с кнопкой.
mailing-buttons-too-many = Слишком много кнопок: можно не больше { $limit }.
mailing-button-format = Строка { $line }: нужен формат «Текст | https://адрес» (одна вертикальная черта).
mailing-button-no-text = Строка { $line }: у кнопки нет текста.
mailing-button-text-long = Строка { $line }: текст кнопки длиннее { $limit } символов.
mailing-button-url = Строка { $line }: ссылка должна начинаться с https:// или http:// и вести на сайт, например https://sovetmo42.ru.
mailing-buttons-retry = Исправьте и пришлите кнопки ещё раз или нажмите «Без кнопок».
mailing-audience-head = <b>Шаг 2 из 3: кому отправить</b>
mailing-audience-hint = Без фильтров — всем активным подписчикам. Фильтры можно сочетать: получат те, кто подходит под все выбранные условия.
mailing-audience-line-topics = Темы: { $value }
mailing-audience-line-municipalities = Муниципалитеты: { $value }
mailing-audience-line-occupations = Роли: { $value }
mailing-audience-line-event = Мероприятие: { $value }
mailing-audience-any = любые
mailing-audience-no-event = —
mailing-audience-event-note = Участникам мероприятия сообщение придёт, даже если они отписались от анонсов: это новости их мероприятия.
mailing-audience-count = Получателей сейчас: <b>{ $n }</b>
mailing-audience-everyone = всем активным подписчикам
mailing-btn-topics = 📚 Темы
mailing-btn-municipalities = 🏙 Муниципалитеты
mailing-btn-occupations = 👤 Роли
mailing-btn-event = 📅 Мероприятие
mailing-btn-reset = ♻️ Сбросить фильтры
mailing-btn-audience-done = Далее ▶️ ({ $n })
mailing-btn-cancel = ✖️ Отменить рассылку
mailing-btn-back = ◀️ Готово
mailing-btn-no-event = Без мероприятия
mailing-topics-head =
    <b>Темы</b>: получат подписанные хотя бы на одну из отмеченных.
    { $count }
mailing-municipalities-head =
    <b>Муниципалитеты</b> (страница { $page } из { $pages }): получат те, чей муниципалитет или муниципалитет интереса отмечен.
    { $count }
mailing-occupations-head =
    <b>Роли</b>: получат люди с отмеченными ролями.
    { $count }
mailing-events-head = <b>Мероприятие</b>: выберите, участникам какого мероприятия написать.
mailing-events-empty = Мероприятий пока нет.
mailing-statuses-head =
    <b>{ $title }</b>
    Кому из ответивших: отметьте нужные ответы. Ничего не отмечено — всем ответившим.
    { $count }
mailing-audience-status-going = Придут
mailing-audience-status-maybe = Возможно
mailing-audience-status-waitlist = Лист ожидания
mailing-audience-status-not_going = Не смогут
mailing-event-label = { $title } · { $day }
mailing-audience-event = { $event } ({ $answers })
mailing-checked-in-label = Отметились на входе
mailing-all-answered = все ответившие
mailing-empty-audience = Под эти условия не подходит ни один получатель. Измените фильтры.
mailing-event-gone = Это мероприятие не найдено.
mailing-choice =
    <b>Шаг 3 из 3: отправка</b>
    Получателей сейчас: <b>{ $n }</b> ({ $audience }).
    Можно сначала отправить пробное сообщение себе.
mailing-btn-test = 🧪 Пробная отправка мне
mailing-btn-send-now = 🚀 Отправить сейчас
mailing-btn-schedule = 🕒 Запланировать
mailing-btn-change-audience = ◀️ Изменить аудиторию
mailing-test-sent = Пробное сообщение — выше. Так его увидят получатели.
mailing-test-failed = Не удалось отправить пробное сообщение: { $error }
mailing-ask-when = Когда отправить? Напишите дату и время по местному времени ({ $tz }), например <code>{ $example }</code>. /cancel — отмена.
mailing-when-not-text = Напишите дату и время текстом, например { $example }.
mailing-when-past = Это время уже прошло (или наступит меньше чем через минуту). Укажите время в будущем.
mailing-when-too-far = Можно запланировать не дальше чем на год вперёд.
mailing-confirm-now = Отправить рассылку сейчас? Получателей: <b>{ $n }</b> ({ $audience }).
mailing-confirm-later = Отправить рассылку <b>{ $when }</b>? Получателей сейчас: <b>{ $n }</b> ({ $audience }). Список уточнится в момент отправки.
mailing-btn-confirm = ✅ Да, отправить ({ $n })
mailing-btn-back-to-choice = ◀️ Назад
mailing-started = 📨 <b>Рассылка #{ $id } запущена</b>: { $recipients }. Здесь будет виден ход отправки.
mailing-cancelled = Рассылка отменена, ничего не отправлено.
mailing-stale = Эта кнопка устарела. Начните рассылку заново: /mailing.
mailing-stopped = Рассылка остановлена: неотправленные сообщения ({ $n }) отменены.
mailing-stopping = ⏹ Рассылка #{ $id } останавливается… Итог появится здесь.
mailing-stop-finished = Рассылка уже завершена или остановлена.
mailing-already-started = Эта рассылка уже запущена: повторное нажатие ничего не отправляет.
mailing-history-head =
    <b>Массовые рассылки</b>
    Нажмите, чтобы увидеть отчёт.
mailing-history-empty = Массовых рассылок ещё не было. Новая — /mailing.
mailing-history-item = #{ $id } { $mark } { $title }
mailing-history-marks-scheduled = 🕒
mailing-history-marks-running = 📨
mailing-history-marks-stopped = ⏹
mailing-history-marks-done = ✅
mailing-not-found = Рассылка не найдена.
mailing-btn-history-back = ◀️ К списку
mailing-recipients = { $count ->
    [one] { $count } получатель
    [few] { $count } получателя
   *[many] { $count } получателей
}

## The progress message and the report (sent by the scheduler, also shown in /mailings).
mailing-btn-stop = ⏹ Остановить
mailing-progress =
    📨 <b>Рассылка #{ $id } идёт</b>
    { $title }

    Отправлено: { $sent } из { $total }
    В очереди: { $open }
    Ошибки: { $failed }
    Заблокировали бота: { $blocked }
mailing-progress-pace = Темп: { $pace } сообщ./с, окончание около { $finish }
mailing-progress-pace-unknown = Окончание: оценка появится после первых сообщений
mailing-scheduled =
    🕒 <b>Рассылка #{ $id } запланирована</b> на { $when }
    { $title }

    Сейчас получателей: { $n }. Список уточнится в момент отправки: отписавшиеся к тому времени её не получат.
mailing-report-done =
    ✅ <b>Рассылка #{ $id } завершена</b>
    { $title }
mailing-report-partly =
    ⚠️ <b>Рассылка #{ $id } завершена частично</b>
    { $title }
mailing-report-undelivered =
    ❌ <b>Рассылка #{ $id } не доставлена</b>
    { $title }
mailing-report-stopped =
    ⏹ <b>Рассылка #{ $id } остановлена</b>
    { $title }
mailing-report-total = Получателей: { $n }
mailing-report-sent = Доставлено: { $n }
mailing-report-blocked = Заблокировали бота: { $n }
mailing-report-blocked-marked = Заблокировали бота: { $n } (отмечены как неактивные)
mailing-report-failed = Ошибки: { $n }
mailing-report-error = {"  "}• { $error } — { $n }
mailing-report-cancelled = Отменено (не отправлено): { $n }
mailing-report-skipped = Отписались до своей очереди (не отправлено): { $n }
mailing-report-open = Ещё в очереди: { $n }
mailing-report-stopped-by = Остановил: <code>{ $by }</code>
mailing-report-duration = Длительность: { $duration }
mailing-duration-hours = { $hours ->
    [one] { $hours } час
    [few] { $hours } часа
   *[many] { $hours } часов
} { $minutes ->
    [one] { $minutes } минута
    [few] { $minutes } минуты
   *[many] { $minutes } минут
}
mailing-duration-minutes = { $minutes ->
    [one] { $minutes } минута
    [few] { $minutes } минуты
   *[many] { $minutes } минут
} { $seconds ->
    [one] { $seconds } секунда
    [few] { $seconds } секунды
   *[many] { $seconds } секунд
}
mailing-duration-seconds = { $seconds ->
    [one] { $seconds } секунда
    [few] { $seconds } секунды
   *[many] { $seconds } секунд
}
mailing-history-scheduled = 🕒 <b>Рассылка #{ $id }</b> запланирована на { $when }
mailing-history-running = 📨 <b>Рассылка #{ $id }</b> идёт: отправлено { $sent } из { $total }, в очереди { $open }
mailing-history-created = Создал: <code>{ $by }</code>, { $when }
mailing-history-start = Начало: { $when }
mailing-history-audience = Аудитория: { $audience }
mailing-btn-paid-on = ⚡ Платная рассылка: включить
mailing-btn-paid-off = Обычная рассылка: вернуть
mailing-free-mode = Режим: обычный, бесплатно (до 30 сообщений в секунду).
mailing-paid-mode =
    Режим: <b>платная рассылка</b> — до 1000 сообщений в секунду. Оценка стоимости: <b>{ $stars } ⭐</b> (0,1 звезды за каждое сообщение сверх бесплатных 30 в секунду; списывается с баланса бота).
    Платные рассылки должны быть включены для бота в @BotFather.
