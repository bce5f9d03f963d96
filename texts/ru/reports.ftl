# Texts: reports from municipalities (questionnaires). Staff may edit wordings here; keep { $placeholders } as they are.

## Types of questions (also the words of the «Тип» column in the template)
report-question-kind-number = число
report-question-kind-integer = целое число
report-question-kind-text = текст
report-question-kind-choice = один из списка
report-question-kind-multi = несколько из списка
report-question-kind-date = дата
report-question-kind-yesno = да/нет
report-question-kind-file = файл

## States of a municipality's answer
report-state-pending = не начато
report-state-draft = заполняется
report-state-submitted = сдано
report-state-returned = на доработке
report-state-accepted = принято

reports-yes = да
reports-no = нет

## The XLSX template
reports-sheet-questions = Вопросы
reports-sheet-params = Параметры
reports-sheet-help = Инструкция
reports-col-section = Раздел
reports-col-code = Код
reports-col-question = Вопрос
reports-col-type = Тип
reports-col-options = Варианты
reports-col-unit = Единица
reports-col-min = Мин
reports-col-max = Макс
reports-col-required = Обязательный
reports-col-hint = Подсказка
reports-param-title = Название анкеты
reports-param-year = Отчётный год
reports-param-threshold = Порог изменения к прошлому году, %
reports-tpl-help-1 = Как заполнить шаблон анкеты
reports-tpl-help-2 = Лист «Вопросы»: одна строка — один вопрос. Раздел, код, вопрос и тип обязательны. Код — латиница, цифры, точка, дефис или подчёркивание (например, 1.1 или POP_TOTAL); по коду значения прошлого года подставляются в новую анкету.
reports-tpl-help-3 = Варианты (для «один из списка» и «несколько из списка») — через точку с запятой: Да, полностью; Частично; Нет. Единица, мин и макс — только для чисел (например: чел., тыс. руб., %).
reports-tpl-help-4 = Обязательный: «да» или «нет» (пусто — «да»). Подсказка видна представителю под вопросом.
reports-tpl-help-5 = Лист «Параметры»: название анкеты, отчётный год и порог изменения в процентах — если число изменилось к прошлому году сильнее, бот попросит пояснить изменение.
reports-tpl-help-6 = Пример строки: Население | 1.1 | Численность населения на 1 января | целое число | | чел. | 0 | 5000000 | да | По данным Кемеровостата
reports-tpl-help-kinds = Типы вопросов:
reports-tpl-refused = Шаблон не принят: { $count ->
        [one] { $count } ошибка
        [few] { $count } ошибки
       *[many] { $count } ошибок
    }. Исправьте файл и пришлите его снова.
reports-tpl-issue = лист «{ $sheet }», строка { $row }: { $text }
reports-tpl-missing = не заполнено «{ $column }»
reports-tpl-kind-unknown = тип «{ $given }» неизвестен; допустимо: { $allowed }
reports-tpl-code-bad = код «{ $code }» не подходит: латиница, цифры, точка, дефис или подчёркивание, до { $max } знаков
reports-tpl-code-duplicate = код «{ $code }» уже есть в строке { $first }
reports-tpl-options-missing = для выбора из списка нужны хотя бы два варианта через точку с запятой
reports-tpl-options-too-many = вариантов не больше { $max }, каждый до { $length } знаков
reports-tpl-not-number = в «{ $column }» должно быть число, а не «{ $given }»
reports-tpl-range-bad = минимум больше максимума
reports-tpl-range-not-number = мин и макс задаются только для чисел
reports-tpl-required-bad = «Обязательный»: напишите «да» или «нет», а не «{ $given }»
reports-tpl-too-long = «{ $column }» длиннее { $max } знаков
reports-tpl-too-many = вопросов больше { $max }
reports-tpl-empty = в анкете нет ни одного вопроса
reports-tpl-title-missing = не указано название анкеты
reports-tpl-year-bad = отчётный год должен быть числом, например 2026 (указано «{ $given }»)
reports-tpl-threshold-bad = порог изменения — положительное число процентов, например 30 (указано «{ $given }»)
reports-tpl-too-big = Файл больше 2 МБ — это не похоже на шаблон анкеты.
reports-tpl-not-xlsx = Это не файл Excel (.xlsx). Пришлите заполненный шаблон.
reports-tpl-bomb = Файл распаковывается в слишком большой объём — такой файл не принимается.

## Answers: what is wrong with a typed value
reports-value-not-number = «{ $given }» — не число. Напишите число, например: 1 234,5
reports-value-not-integer = Нужно целое число, без дробной части.
reports-value-below-min = Значение меньше допустимого: не меньше { $min }.
reports-value-above-max = Значение больше допустимого: не больше { $max }.
reports-value-not-option = «{ $given }» нет среди вариантов — нажмите кнопку с вариантом.
reports-value-not-date = Напишите дату в виде ДД.ММ.ГГГГ, например 01.03.2026.
reports-value-not-yesno = Нажмите «Да» или «Нет».
reports-value-empty = Пустой ответ не сохранён — напишите значение.
reports-value-need-file = Здесь нужен файл — пришлите документ.
reports-value-required = Этот вопрос обязательный — пропустить его нельзя.
reports-value-too-long = Слишком длинный ответ: { $length } из { $max } знаков.
reports-value-stale = Эта кнопка устарела — откройте анкету заново: /reports
reports-value-skipped = не указано

## Rules of filling and submitting
reports-form-not-found = Анкета не найдена.
reports-form-not-draft = Эта анкета уже отправлена — её нельзя изменить.
reports-form-not-sent = Анкета ещё не отправлена муниципалитетам.
reports-form-closed = Приём ответов по этой анкете закрыт.
reports-not-addressed = Эта анкета не направлялась вашему муниципалитету.
reports-not-representative = Вы не представитель этого муниципалитета. Обратитесь в Совет, чтобы вас подтвердили.
reports-not-signatory = Отправить ответ в Совет может только подписант муниципалитета. Ответы сохранены — попросите подписанта отправить их.
reports-answer-submitted = Ответ муниципалитета уже отправлен в Совет.
reports-answer-not-found = Ответ не найден.
reports-question-not-returned = Этот вопрос не возвращён на доработку — изменить можно только возвращённые.
reports-no-previous = Прошлогоднего значения нет — введите ответ.
reports-comment-needed = Значение изменилось к прошлому году на { $change } % — это больше порога. Коротко поясните причину изменения.
reports-submit-missing = Не хватает ответов: { $count ->
        [one] { $count } вопрос
        [few] { $count } вопроса
       *[many] { $count } вопросов
    } ({ $codes }).
reports-deadline-past = Срок уже прошёл — укажите дату в будущем.
reports-send-nobody = Не выбран ни один муниципалитет.
reports-review-not-submitted = Этот ответ сейчас не ждёт проверки (его уже приняли или вернули).
reports-return-nothing = Отметьте хотя бы один вопрос и напишите к нему комментарий.

## Notices and reminders (through the outbox)
reports-notice-title = Анкета: { $title }
reports-notice-sent =
    📋 <b>Анкета для доклада о местном самоуправлении</b>
    «{ $title }», { $year } год — { $questions ->
        [one] { $questions } вопрос
        [few] { $questions } вопроса
       *[many] { $questions } вопросов
    }.
    Срок: до { $deadline }.
    Заполнить может любой представитель муниципалитета, ответы сохраняются на каждом вопросе; отправляет подписант.
reports-btn-fill = 📝 Заполнить анкету
reports-btn-fix = ✏️ Исправить ответы
reports-notice-returned =
    ↩️ <b>Ответ на анкету «{ $title }» возвращён на доработку</b>
    Совет просит исправить { $count ->
        [one] { $count } вопрос
        [few] { $count } вопроса
       *[many] { $count } вопросов
    }:
reports-returned-line = • <b>{ $code }</b> { $question }
    — { $comment }
reports-nudge = ⏰ Напоминание: ждём ответ на анкету «{ $title }» до { $deadline }.
reports-reminder-before = ⏰ До срока сдачи анкеты «{ $title }» { $days ->
        [one] остался { $days } день
        [few] осталось { $days } дня
       *[many] осталось { $days } дней
    } (до { $deadline }). Ответ муниципалитета ещё не отправлен.
reports-reminder-late = ⚠️ Срок сдачи анкеты «{ $title }» прошёл ({ $deadline }), а ответ муниципалитета не отправлен. Пожалуйста, заполните и отправьте его как можно скорее.

## Exports
reports-x-all = Все ответы
reports-x-municipality = Муниципальное образование
reports-x-state = Статус
reports-doc-title = Региональная часть доклада о состоянии местного самоуправления: { $title }, { $year } год (проект)
reports-doc-coverage = Учтены ответы { $done ->
        [one] { $done } муниципального образования
        [few] { $done } муниципальных образований
       *[many] { $done } муниципальных образований
    } из { $total }.
reports-doc-total = Итого
reports-doc-average = Среднее
reports-doc-indicator = Показатель
reports-doc-measure = Что сравнивается
reports-doc-previous = Прошлый год
reports-doc-change = Изменение, %
reports-doc-change-head = Изменение к прошлому году (по муниципальным образованиям, ответившим в оба года)
reports-doc-count = { $option } — { $count }

## Commands
reports-commands-reports = Анкеты муниципалитета (отчёты)
reports-commands-reports_admin = Анкеты: создание, сбор, выгрузки

## Filling (representatives)
reports-mine-none = Сейчас анкет для вашего муниципалитета нет. Если вы представляете муниципалитет, но не подтверждены, обратитесь в Совет.
reports-mine-head = <b>Анкеты вашего муниципалитета</b> — выберите, чтобы заполнить или продолжить:
reports-mine-item = { $title } — { $municipality }: { $state } ({ $answered }/{ $total })
reports-ask-head = <b>Вопрос { $number } из { $total }</b> · { $section }
reports-ask-question = <b>{ $code }</b> { $question }
reports-ask-unit = Единица: { $unit }
reports-ask-hint = <i>{ $hint }</i>
reports-ask-range = Допустимо: от { $min } до { $max }.
reports-ask-min = Допустимо: не меньше { $min }.
reports-ask-max = Допустимо: не больше { $max }.
reports-ask-returned = ↩️ Совет просит исправить: { $comment }
reports-ask-previous = В прошлом году: <b>{ $value }</b>
reports-ask-current = Сейчас сохранено: <b>{ $value }</b>
reports-ask-optional = Вопрос необязательный — можно пропустить.
reports-how-number = Напишите число (можно с пробелами и запятой: 1 234,5).
reports-how-integer = Напишите целое число.
reports-how-text = Напишите ответ текстом.
reports-how-choice = Выберите вариант кнопкой.
reports-how-multi = Отметьте подходящие варианты и нажмите «Готово».
reports-how-date = Напишите дату: ДД.ММ.ГГГГ.
reports-how-yesno = Нажмите «Да» или «Нет».
reports-how-file = Пришлите файл документом (скрепка → Файл).
reports-value-text-needed = Здесь нужен ответ текстом, а не файл.
reports-btn-yes = Да
reports-btn-no = Нет
reports-btn-skip = ⏭ Пропустить
reports-btn-same = ↩️ Без изменений ({ $value })
reports-btn-done = ✅ Готово
reports-btn-summary = 📋 Сводка
reports-btn-later = ⏸ Продолжить позже
reports-btn-edit = ✏️ { $code }
reports-btn-next = ▶️ Продолжить заполнение
reports-btn-submit = 📤 Отправить в Совет
reports-mark-on = ✅
reports-mark-off = ▫️
reports-later = Ответы сохранены. Продолжить можно в любой момент — командой /reports; коллеги из вашего муниципалитета видят, что уже заполнено.
reports-lost = Анкета закрылась — откройте её снова: /reports
reports-comment-empty = Напишите комментарий текстом.
reports-returned-intro = ↩️ Совет вернул ответ на доработку — заново спрошу только { $count ->
        [one] { $count } вопрос
        [few] { $count } вопроса
       *[many] { $count } вопросов
    }.
reports-summary-head =
    <b>«{ $title }»</b> — { $municipality }
    Статус: { $state }. Отвечено: { $answered } из { $total }.
reports-summary-section = <b>{ $section }</b>
reports-summary-line = { $code } { $question }: <b>{ $value }</b>
reports-summary-comment = 💬 { $comment }
reports-summary-empty = —
reports-summary-foot = Проверьте ответы: «✏️ код» — изменить ответ. Когда всё верно, нажмите «📤 Отправить в Совет».
reports-summary-foot-not-signatory = Проверьте ответы: «✏️ код» — изменить ответ. Отправляет ответ в Совет подписант муниципалитета.
reports-summary-done = Ответ отправлен в Совет.
reports-summary-closed = Приём ответов по этой анкете закрыт.
reports-submitted = ✅ Ответ муниципалитета «{ $municipality }» на анкету «{ $title }» отправлен в Совет. Спасибо!

## Staff
reports-admin-head = <b>Анкеты для доклада о местном самоуправлении</b>
    Выберите анкету, скачайте шаблон или загрузите заполненный.
reports-admin-item = { $title } ({ $year }) — { $state }
report-form-state-draft = черновик
report-form-state-sent = отправлена
report-form-state-closed = закрыта
reports-btn-template = 📥 Пустой шаблон (XLSX)
reports-btn-upload = 📤 Загрузить заполненный шаблон
reports-btn-back = ◀️ Назад
reports-template-caption = Шаблон анкеты: заполните лист «Вопросы» (одна строка — один вопрос) и лист «Параметры», затем пришлите файл сюда (кнопка «Загрузить заполненный шаблон»).
reports-template-copy-caption = Анкета как шаблон: измените вопросы и загрузите файл как новую анкету.
reports-upload-ask = Пришлите заполненный шаблон анкеты файлом .xlsx.
reports-upload-need-file = Нужен файл .xlsx — пришлите его документом.
reports-uploaded = Шаблон принят: { $questions ->
        [one] { $questions } вопрос
        [few] { $questions } вопроса
       *[many] { $questions } вопросов
    }. Проверьте анкету перед отправкой.
reports-card =
    <b>{ $title }</b> ({ $year })
    Состояние: { $state }
    Вопросов: { $questions }, разделов: { $sections }
    Порог изменения к прошлому году, %: { $threshold }
    Значения прошлого года из анкеты за: { $previous }
    Срок: { $deadline }
reports-card-no-threshold = не задан
reports-card-no-previous = нет
reports-card-no-deadline = не назначен
reports-staff-btn-preview = 👁 Просмотр вопросов
reports-staff-btn-send-all = 📤 Отправить всем муниципалитетам
reports-staff-btn-send-pick = 🎯 Отправить выбранным
reports-staff-btn-as-template = 📥 Скачать как шаблон
reports-staff-btn-delete = 🗑 Удалить черновик
reports-staff-btn-status = 📊 Кто сдал
reports-staff-btn-nudge = ⏰ Напомнить несдавшим
reports-staff-btn-review = ✅ Проверка ответов
reports-staff-btn-xlsx = 📗 Выгрузка XLSX
reports-staff-btn-docx = 📄 Проект доклада DOCX
reports-staff-btn-files = 🗂 Файлы (ZIP)
reports-staff-btn-copy = 📋 Копия на следующий год
reports-staff-btn-close = 🔒 Закрыть приём ответов
reports-preview-head = <b>Просмотр: { $title } ({ $year })</b>
reports-preview-line = <b>{ $code }</b> { $question } <i>({ $details })</i>
reports-preview-required = обязательный
reports-preview-optional = необязательный
reports-deleted = Черновик анкеты удалён.
reports-pick-head = Отметьте муниципалитеты, которым отправить анкету (выбрано: { $count }).
reports-btn-pick-done = Далее ▶️ ({ $count })
reports-deadline-ask = Срок сдачи для { $count ->
        [one] { $count } муниципалитета
        [few] { $count } муниципалитетов
       *[many] { $count } муниципалитетов
    }: напишите дату (ДД.ММ.ГГГГ — до 18:00 этого дня) или дату и время (ДД.ММ.ГГГГ ЧЧ:ММ).
reports-deadline-bad = Не понял дату. Напишите, например: 15.02.2027 или 15.02.2027 12:00.
reports-send-confirm = Отправить анкету { $count ->
        [one] { $count } муниципалитету
        [few] { $count } муниципалитетам
       *[many] { $count } муниципалитетам
    } со сроком до { $deadline }?
reports-btn-send-confirm = ✅ Отправить ({ $count })
reports-send-expired = Это действие устарело — начните заново: /reports_admin
reports-sent = 📤 Анкета отправлена: { $count ->
        [one] { $count } муниципалитет
        [few] { $count } муниципалитета
       *[many] { $count } муниципалитетов
    }, срок до { $deadline }. Представители получат уведомление; напоминания пойдут сами.
reports-status-head =
    <b>{ $title }</b>
    Сдали { $done } из { $total }. Срок: { $deadline }.
reports-status-in-progress = <b>Заполняют</b> ({ $count }):
reports-status-not-started = <b>Не начинали</b> ({ $count }):
reports-status-done = <b>Сдали</b> ({ $count }):
reports-status-name = • { $name }
reports-status-row = • { $name } — { $state }, отвечено { $answered } из { $total }
reports-nudged = Напоминание отправлено представителям: { $count ->
        [one] { $count } муниципалитет
        [few] { $count } муниципалитета
       *[many] { $count } муниципалитетов
    }.
reports-export-caption = { $title }
reports-no-files = В сданных ответах пока нет файлов.
reports-review-head = <b>Проверка ответов</b> — ждут проверки: { $count }.
reports-review-item = { $name } — { $state }
reports-btn-accept = ✅ Принять
reports-btn-return = ↩️ Вернуть на доработку
reports-btn-history = 🕓 История
reports-btn-comments = 💬 Написать комментарии ({ $count })
reports-review-choose = Отметьте вопросы, которые нужно исправить, и нажмите «Написать комментарии».
reports-review-comment-ask = Комментарий к вопросу <b>{ $code }</b> «{ $question }» — что исправить?
reports-accepted = ✅ Ответ принят: { $municipality }.
reports-returned-done = ↩️ Ответ «{ $municipality }» возвращён на доработку ({ $count }); представители получат только эти вопросы.
reports-history-head = <b>История ответа: { $municipality }</b>
reports-history-line = { $when } — { $kind }
reports-history-submitted = отправлен
reports-history-returned = возвращён на доработку
reports-history-accepted = принят
