# Texts: proposals to acts under consultation (Law No. 135-OZ is one of them). Staff may edit wordings here; keep
# { $placeholders } as they are.

## The section menu

proposals-section =
    <b>Предложения к проектам актов</b>
    { $act }
proposals-act-unnamed = проект акта
proposals-section-no-act = Акты для обсуждения пока не зарегистрированы.
proposals-btn-new = ➕ Предложить поправку
proposals-btn-mine = 📋 Мои предложения
proposals-btn-continue = ▶️ Продолжить черновик
proposals-btn-discard = 🗑 Удалить черновик
proposals-need-profile = Направлять предложения могут участники, которые дали согласие на обработку данных и заполнили профиль. Нажмите /start.
proposals-draft-found = У вас есть незаконченный черновик предложения (место: { $place }). Продолжить его или удалить?
proposals-no-place = —
proposals-draft-discarded = Черновик удалён.
proposals-no-draft = Черновика нет — начните заново: «Предложить поправку».
proposals-collection-campaign = Идёт сбор предложений «{ $title }» — до { $deadline }.
proposals-collection-closed-since = Сбор предложений закрыт { $since }.
proposals-collection-none = Сейчас сбор предложений не ведётся.
proposals-collection-after = Сбор «{ $title }» завершён { $ended }; предложения по-прежнему принимаются и будут рассмотрены вне кампании.
proposals-collection-open = Предложения принимаются.
proposals-closed = Сейчас сбор предложений не ведётся. Мы сообщим, когда он откроется.
proposals-closed-since = Сбор предложений закрыт { $since }. Ваш черновик сохранён — мы сообщим, когда откроется новый сбор.

## The dialogue

proposals-ask-article =
    <b>Шаг 1. Место поправки.</b>
    Выберите статью закона, «Новая статья» или «Закон в целом». Можно и написать, например: ст. 5 ч. 2 п. 3.
proposals-ask-place-typed =
    <b>Шаг 1. Место поправки.</b>
    Текст закона в бот ещё не загружен, поэтому напишите место сами, например: <code>ст. 5 ч. 2 п. 3</code> (часть и пункт — если нужны). Или выберите «Новая статья» / «Закон в целом».
proposals-ask-part =
    Статья { $article }. { $title }
    Выберите часть или «Вся статья».
proposals-ask-point = { $place }: выберите пункт или «{ $whole }».
proposals-btn-new-article = 🆕 Новая статья
proposals-btn-whole-law = 📘 Закон в целом
proposals-btn-whole-article = Вся статья
proposals-btn-whole-part = Вся часть
proposals-btn-article = Ст. { $number }. { $title }
proposals-btn-part = Ч. { $number }
proposals-btn-point = П. { $number }
proposals-btn-point-open = П. { $number } ▸
proposals-btn-whole-point = Весь пункт
proposals-btn-subpoint = Пп. { $letter }
proposals-ask-subpoint = { $place }: выберите подпункт или «{ $whole }».
proposals-bad-place = Не понял место. Напишите, например: <code>ст. 5</code>, <code>ст. 5 ч. 2</code> или <code>ст. 5 ч. 2 п. 3</code> — или выберите кнопку.
proposals-no-such-place = В загруженном тексте закона нет положения «{ $place }». Выберите его кнопками.
proposals-place-not-text = Напишите место текстом (например, ст. 5 ч. 2 п. 3) или выберите кнопку.
proposals-ask-kind = <b>Шаг 2. Вид поправки</b> для «{ $place }»:
proposals-kind-new-wording = ✏️ Новая редакция
proposals-kind-addition = ➕ Дополнение
proposals-kind-deletion = ✂️ Исключение
proposals-current-from-law =
    Действующая редакция ({ $place }):
    <blockquote expandable>{ $text }</blockquote>
proposals-ask-current =
    <b>Шаг 3. Действующая редакция.</b>
    Если хотите, вставьте текст действующей редакции «{ $place }» (до { $limit } символов) — или нажмите «Пропустить».
proposals-btn-skip = Пропустить
proposals-ask-proposed =
    <b>Шаг 4. Предлагаемая редакция.</b>
    Напишите, как должно звучать положение (до { $limit } символов).
proposals-ask-justification =
    <b>Шаг 5. Обоснование.</b>
    Почему нужна эта поправка? Что она изменит на практике? (до { $limit } символов)
proposals-ask-attachment =
    <b>Шаг 6. Вложение (необязательно).</b>
    Пришлите документ или фото с пояснениями — или нажмите «Без вложения».
proposals-btn-no-attachment = Без вложения
proposals-edit-now = Сейчас: <blockquote expandable>{ $value }</blockquote>
proposals-not-text = Пожалуйста, напишите текстом — стикеры, фото и файлы здесь не подходят.
proposals-empty = Пустое сообщение — напишите текст, пожалуйста.
proposals-too-long = Слишком длинно: { $length ->
        [one] { $length } символ
        [few] { $length } символа
       *[many] { $length } символов
    }, а можно не больше { $limit }. Сократите, пожалуйста.
proposals-attachment-wrong = Пришлите документ или фото — или нажмите «Без вложения».
proposals-press-button = Пожалуйста, выберите вариант кнопкой под сообщением выше.
proposals-preview-title = <b>Проверьте предложение</b>
proposals-preview-hint = Всё верно? Нажмите «Отправить» или исправьте любое поле.
proposals-edit-place = ✏️ Место
proposals-edit-kind = ✏️ Вид
proposals-edit-current = ✏️ Действующая редакция
proposals-edit-proposed = ✏️ Предлагаемая редакция
proposals-edit-justification = ✏️ Обоснование
proposals-edit-attachment = ✏️ Вложение
proposals-btn-submit = ✅ Отправить
proposals-submitted =
    Спасибо! Предложение отправлено, его номер — <b>{ $number }</b>.
    Статус и ответ Совета — в разделе «Мои предложения»; об изменениях мы сообщим.
proposals-incomplete = В черновике не хватает ответов — продолжим.
proposals-stale = Эта кнопка устарела. Откройте раздел «📝 Обсуждение актов» заново: /proposals.

## A draft or a proposal, shown field by field

proposals-card-title = <b>Предложение № { $number }</b>
proposals-field-status = <b>Статус:</b> { $status } (с { $since })
proposals-field-submitted = <b>Подано:</b> { $when }
proposals-field-place = <b>Место:</b> { $place }
proposals-place-with-kind = { $place } — { $kind }
proposals-field-kind = <b>Вид:</b> { $kind }
proposals-field-current = <b>Действующая редакция:</b>
proposals-field-current-from-law = <b>Действующая редакция (из загруженного текста закона):</b>
proposals-field-proposed = <b>Предлагаемая редакция:</b>
proposals-field-justification = <b>Обоснование:</b>
proposals-field-answer = <b>Ответ Совета:</b>
proposals-field-attachment = <b>Вложение:</b> { $attachment }
proposals-field-author = <b>Автор:</b> { $name }
proposals-field-missing = —
proposals-quote = <blockquote expandable>{ $text }</blockquote>
proposals-attachment-document = документ
proposals-attachment-photo = фото
proposals-attachment-file = файл
proposals-attachment-none = нет
proposals-author-card =
    <b>Автор:</b> { $name }
    Роль: { $occupation }
    Муниципалитет: { $municipality }
    Telegram ID: <code>{ $telegram_id }</code>
proposals-anonymised = анонимизировано

## Places of the law

proposals-place-article = ст. { $article }
proposals-place-part = ст. { $article } ч. { $part }
proposals-place-article-point = ст. { $article } п. { $point }
proposals-place-point = ст. { $article } ч. { $part } п. { $point }
proposals-place-with-subpoint = { $point } пп. { $letter }
proposals-place-new-article = новая статья
proposals-place-whole-law = закон в целом

## My proposals

proposals-mine-empty = Вы ещё не направляли предложений.
proposals-mine-title = <b>Мои предложения</b>
proposals-mine-line = • <b>{ $number }</b> — { $place }: { $status }
proposals-mine-line-answer =
    • <b>{ $number }</b> — { $place }: { $status }
      Ответ: { $answer }
proposals-btn-open = { $number } · { $status }
proposals-btn-withdraw = ↩️ Отозвать
proposals-btn-back = ◀️ Назад
proposals-withdrawn = Предложение { $number } отозвано.
proposals-not-withdrawable = Отозвать нельзя: предложение уже { $status }.
proposals-not-found = Предложение не найдено.

## Staff: the menu and the queue

proposals-admin-menu =
    <b>Предложения к проектам актов — работа с предложениями</b>
    { $law }
    { $collection }
    Приём вне кампаний: { $accept }.

    Загрузить текст закона: /law_upload и файл .txt или .docx.
    Открыть сбор: /campaign_open, закрыть досрочно: /campaign_close.
proposals-law-none = Текст закона не загружен.
proposals-law-loaded = Текст закона: «{ $filename }», загружен { $when }, статей: { $articles }.
proposals-accept-on = включён
proposals-accept-off = выключен
proposals-btn-queue = 📥 Очередь
proposals-btn-grouped = 🧩 По положениям
proposals-btn-export = 📤 Выгрузка
proposals-btn-toggle-accept = Приём вне кампаний: { $state }
proposals-btn-close-campaign = ⏹ Закрыть сбор
proposals-queue-title =
    <b>Очередь предложений</b> ({ $shown } из { $total })
    Фильтр: { $filter }
proposals-queue-empty =
    <b>Очередь предложений</b>
    Фильтр: { $filter }
    Ничего не найдено.
proposals-queue-item = { $number } · { $place } · { $status }
proposals-filter-status-new = новые и на рассмотрении
proposals-filter-all = все
proposals-btn-filter-status = Статус: { $value }
proposals-btn-filter-article = Статья: { $value }
proposals-btn-filter-mun = Муниципалитет: { $value }
proposals-filter-unknown = ?
proposals-article-none = новые статьи / закон в целом
proposals-choose-filter = Выберите значение фильтра:
proposals-btn-to-queue = ◀️ К очереди
proposals-btn-menu = ◀️ Меню

## Staff: the card and decisions

proposals-review-take = 🔎 Взять в работу
proposals-review-accept = ✅ Учтено
proposals-review-accept-partly = ◐ Учтено частично
proposals-review-reject = ❌ Не учтено
proposals-review-merge = 🔗 Объединить
proposals-btn-note = 🗒 Заметка
proposals-btn-attachment = 📎 Вложение
proposals-notes-title = <b>Внутренние заметки</b> (видны только сотрудникам):
proposals-note-line = — { $when }, <code>{ $author }</code>: { $text }
proposals-ask-answer =
    Новый статус предложения { $number }: «{ $status }».
    Напишите причину — ответ автору (до { $limit } символов); он уйдёт автору вместе с решением. /cancel — отмена.
proposals-ask-answer-merged = Укажите в ответе номер предложения, с которым объединено, в том же виде, что и номер этого: { $number }.
proposals-ask-note = Напишите внутреннюю заметку к предложению { $number } (до { $limit } символов). /cancel — отмена.
proposals-status-changed = Статус предложения { $number }: { $status }. Автор получит уведомление.
proposals-note-saved = Заметка к предложению { $number } сохранена.
proposals-status-stale = Статус уже изменился (сейчас: { $status }). Откройте карточку заново.
proposals-bad-transition = Из статуса «{ $status }» так перейти нельзя.
proposals-merge-target = Не нашёл в ответе номер другого существующего предложения (в том же виде, что и { $number }). Напишите ответ ещё раз.

## Staff: the grouped view

proposals-grouped-empty = Предложений пока нет.
proposals-grouped-title = <b>Предложения по положениям закона</b>
proposals-group-line = • <b>{ $place }</b> — { $count }: { $numbers }
proposals-group-button = { $place } ({ $count })
proposals-group-title = <b>{ $place }</b> — предложений: { $count }
proposals-group-current =
    <b>Действующая редакция:</b>
    <blockquote expandable>{ $text }</blockquote>
proposals-group-item =
    <b>{ $number }</b> ({ $status }, { $author })
    { $kind }: { $wording }

## Staff: exports of the amendments table

proposals-export-menu =
    <b>Выгрузка сравнительной таблицы</b>
    Кампания: { $campaign }
    Статусы: { $status }
    Выберите фильтры и формат.
proposals-export-all-campaigns = все
proposals-export-status-default = все, кроме отозванных
proposals-export-selected = ✅ { $label }
proposals-campaign-label = { $title } (до { $deadline })
proposals-export-empty = По выбранным фильтрам предложений нет.
proposals-export-caption = Сравнительная таблица: { $count ->
        [one] { $count } предложение
        [few] { $count } предложения
       *[many] { $count } предложений
    }.
proposals-export-filename = predlozheniya_{ $stamp }.{ $ext }
proposals-export-title = Сравнительная таблица предложений к акту «{ $act }» (сформирована { $when })
proposals-export-sheet = Поправки
proposals-export-col-index = №
proposals-export-col-number = Номер предложения
proposals-export-col-place = Положение закона
proposals-export-col-current = Действующая редакция
proposals-export-col-proposed = Предлагаемая редакция
proposals-export-col-justification = Обоснование
proposals-export-col-author = Автор, муниципалитет
proposals-export-col-status = Статус
proposals-export-col-answer = Позиция Совета / ответ
proposals-export-col-attachment = Вложение
proposals-export-col-decision = Решение
proposals-export-attachment-yes = есть
proposals-export-approval =
    Приложение
    к решению ______________________
    от «___» ____________ 20___ г. № _____
proposals-export-heading = Сравнительная таблица предложений к акту «{ $act }»
proposals-export-formed = Дата формирования: { $when }
proposals-export-signature =
    Ответственный за подготовку      ____________________   /   ______________________   /
    Дата «___» ____________ 20___ г.
proposals-export-place = { $place } ({ $kind })
proposals-export-author = { $name }, { $municipality }
proposals-export-deletion = Исключить

## Staff: the law's text

proposals-law-ask-file = Пришлите текст закона файлом .txt (UTF-8, UTF-16 или Windows-1251) или .docx. Главы — «Глава 2. Название», статьи — «Статья 3-1. Название», части — «1.», пункты — «1)», подпункты — «а)». Перед тем как текст станет действующим, я покажу, что получилось. /cancel — отмена.
proposals-law-not-document = Нужен файл .txt или .docx. /cancel — отмена.
proposals-law-uploaded = Текст закона загружен: «{ $filename }», статей: { $articles }. Это новая действующая версия.
proposals-law-refused =
    Файл не принят: { $reason }
    { $previous }
proposals-law-previous = Действующей остаётся прежняя версия от { $when }.
proposals-law-no-previous = Текст закона по-прежнему не загружен.
proposals-law-bad-article = строка { $line }: не понимаю заголовок статьи «{ $text }» — нужен вид «Статья 5. Название».
proposals-law-article-order = строка { $line }: статья { $number }, а ожидалась статья { $expected }.
proposals-law-part-order = строка { $line }: часть { $number }, а ожидалась часть { $expected }.
proposals-law-point-order = строка { $line }: пункт { $number }), а ожидался пункт { $expected }).
proposals-law-part-after-points = строка { $line }: часть { $number }. после пунктов статьи.
proposals-law-no-articles = не найдено ни одной статьи (строк в файле: { $line }).
proposals-law-encoding = не удалось прочитать текст — сохраните файл в UTF-8.
proposals-law-bad-docx = файл .docx повреждён или это не .docx.
proposals-law-bad-type = нужен файл .txt или .docx.
proposals-law-too-big = файл больше 2 МБ.
proposals-law-empty = файл пустой.
proposals-law-bomb = архив .docx распаковывается в слишком большой объём — это не похоже на текст закона.
proposals-law-bad-number = строка { $line }: не понимаю номер «{ $text }».
proposals-law-timeout = файл разбирался слишком долго.
proposals-law-summary =
    <b>Что получилось из «{ $filename }»</b>
    Глав: { $chapters }, статей: { $articles }, частей: { $parts }, пунктов: { $points }, подпунктов: { $subpoints }.

    { $tree }{ $unplaced }

    Сделать этот текст действующим? Пока вы не подтвердите, действует прежний.
proposals-law-summary-chapter = <b>{ $heading }</b>
proposals-law-summary-article = { $heading } — частей: { $parts }, пунктов: { $points }
proposals-law-summary-repealed = { $heading } — утратила силу
proposals-law-summary-first = { "   " }{ $line }
proposals-law-summary-more = … и ещё { $count ->
    [one] { $count } статья
    [few] { $count } статьи
   *[many] { $count } статей
    }
proposals-law-summary-unplaced =
    { "" }

    <b>Не удалось отнести к статье ({ $count }):</b>
    { $lines }
proposals-law-btn-confirm = ✅ Сделать действующим
proposals-law-btn-cancel = ✖ Не загружать
proposals-law-cancelled = Текст не загружен, действует прежний.
proposals-law-expired = Этот разбор уже не действует — пришлите файл ещё раз.

## Staff: campaigns and the setting

proposals-campaign-ask-title = Название сбора предложений (например, «Весенний сбор 2027»). /cancel — отмена.
proposals-campaign-ask-deadline = До какого момента принимать предложения? Напишите дату и время по местному времени, например: <code>15.12.2026 18:00</code>.
proposals-campaign-bad-deadline = Не понял дату. Нужен вид 15.12.2026 18:00, и момент в будущем.
proposals-campaign-opened = Сбор «{ $title }» открыт до { $deadline }. Анонс и напоминание за сутки до окончания получат { $count ->
        [one] { $count } подписчик
        [few] { $count } подписчика
       *[many] { $count } подписчиков
    } темы «Обсуждение проектов актов».
proposals-campaign-already = Уже идёт сбор предложений. Сначала закройте его: /campaign_close.
proposals-campaign-none = Сейчас нет открытого сбора.
proposals-campaign-closed = Сбор «{ $title }» закрыт.
proposals-dialogue-lost = Этот диалог прерван. Откройте карточку предложения заново: /proposals_admin.
proposals-campaign-lost = Этот диалог прерван. Начните заново: /campaign_open.
proposals-setting-saved = Приём предложений вне кампаний { $state }.

## Notices the domain puts into the outbox

proposals-notice-status = 📝 Ваше предложение <b>№ { $number }</b> ({ $place }): статус — <b>{ $status }</b>.
proposals-notice-merged = Объединено с предложением № { $number }.
proposals-notice-answer =
    Ответ Совета:
    { $answer }
proposals-notice-footer = Все ваши предложения — в разделе «Мои предложения» (/proposals).
proposals-mailing-status = Предложение { $number }: { $status }
proposals-campaign-announcement =
    📝 <b>Совет муниципальных образований Кузбасса открыл сбор предложений</b> к акту «{ $act }»: «{ $title }».
    Предложения принимаются до { $deadline }.
    Раздел «📝 Обсуждение актов» → «Предложить поправку» или команда /proposals.
proposals-campaign-reminder = ⏰ Напоминание: сбор предложений к акту «{ $act }» («{ $title }») завершится { $deadline }. Успейте направить свои предложения: /proposals.
proposals-mailing-campaign-open = Сбор предложений: { $title }
proposals-mailing-campaign-reminder = Напоминание о сборе: { $title }

## Labels (t.label(member)): the names of statuses and kinds, one table each.

proposal-status-submitted = подано
proposal-status-under_review = на рассмотрении
proposal-status-accepted = учтено
proposal-status-partially_accepted = учтено частично
proposal-status-rejected = не учтено
proposal-status-merged = объединено с другим предложением
proposal-status-withdrawn = отозвано автором
amendment-kind-new_wording = новая редакция
amendment-kind-addition = дополнение
amendment-kind-deletion = исключение
