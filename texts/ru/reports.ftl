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
reports-doc-change-head = Изменение к прошлому году
reports-doc-count = { $option } — { $count }
