# Texts: the contest of best practices of municipalities and TOS. Staff may edit wordings
# here; keep { $placeholders } as they are.

## Describing a contest in structured text

contest-spec-date = Строка { $line }: не понял дату. Формат: <code>01.02.2027 10:00</code>; для приёма заявок — две даты через тире.
contest-spec-line = Строка { $line }: не понял, что это. Каждая строка — «Ключ: значение», ключи — как в образце.
contest-spec-number = Строка { $line }: нужно число.
contest-spec-no-nomination = Строка { $line }: сначала строка «Номинация: …», потом её участники, баллы, критерии.
contest-spec-kind = Строка { $line }: участники — «муниципалитет» или «ТОС».
contest-spec-range = Строка { $line }: баллы — от и до, например <code>0-10</code> (не больше 100).
contest-spec-criterion = Строка { $line }: критерий — «Название; вес», например <code>Результативность; 3</code>.
contest-spec-field = Строка { $line }: «{ $word }» — такого поля нет. Можно: описание, результаты, бюджет, фото, документы.
contest-spec-no-title = Нет строки «Конкурс: название».
contest-spec-no-dates = Нужны строки «Приём заявок: с – по» и «Жюри до: …».
contest-spec-order = Даты идут не по порядку: приём заявок → жюри → голосование.
contest-spec-no-nominations = Нужна хотя бы одна номинация.
contest-spec-no-criteria = В номинации «{ $nomination }» нет критериев.

## Refusals

contest-not-found = Конкурс не найден — возможно, его удалили.
contest-juror-unknown = Такого участника нет или он не заполнил профиль. Член жюри должен быть зарегистрирован в боте.
contest-not-open = Приём заявок откроется { $since }.
contest-late = Приём заявок закрыт { $deadline }. Заявки после срока не принимаются.
contest-need-profile = Участвовать могут те, кто дал согласие на обработку данных и заполнил профиль. Нажмите /start.
contest-stale = Эта кнопка устарела. Откройте конкурс заново: /contest.
contest-not-representative = Подать заявку от муниципального образования может только его представитель, подтверждённый Советом.
contest-field-required = Это поле в номинации обязательно — пропустить нельзя.
contest-too-long = Слишком длинно: { $length ->
        [one] { $length } символ
        [few] { $length } символа
       *[many] { $length } символов
    }, а можно не больше { $limit }.
contest-files-max = К заявке можно приложить не больше { $limit } файлов.
contest-incomplete = Заявка не заполнена: { $count ->
        [one] не хватает { $count } обязательного поля
        [few] не хватает { $count } обязательных полей
       *[many] не хватает { $count } обязательных полей
    }.
contest-return-late = Вернуть на доработку можно только до окончания приёма заявок.
contest-already-admitted = Заявка уже допущена к голосованию.
contest-jury-closed = Оценивание сейчас не идёт.
contest-not-juror = Вы не член жюри этой номинации.
contest-juror-excluded = Эта заявка — от вашего муниципального образования: вы её не оцениваете.
contest-score-range = Балл должен быть от { $low } до { $high }.
contest-vote-closed = Голосование сейчас не идёт.

## Notices to applicants, alerts to staff, reminders

contest-mailing-notice = Конкурс: заявка № { $number }
contest-mailing-alert = Конкурс: требует внимания
contest-mailing-reminder = Конкурс: напоминание жюри
contest-mailing-announce = Конкурс «{ $contest }»
contest-notice-received = Заявка № { $number } «{ $title }» на конкурс «{ $contest }» принята. Мы сообщим о каждом следующем шаге.
contest-notice-returned =
    Заявка № { $number } «{ $title }» возвращена на доработку.
    Комментарий: { $comment }
    Исправьте её и отправьте снова до окончания приёма заявок: /contest.
contest-notice-admitted = Заявка № { $number } «{ $title }» допущена к народному голосованию конкурса «{ $contest }».
contest-notice-result = Итоги конкурса «{ $contest }»: заявка № { $number } «{ $title }» — место { $place } в номинации «{ $nomination }» (всего заявок: { $total }). Спасибо за участие!
contest-alert-disagreement = ⚠️ Сильное расхождение оценок жюри: заявка № { $number } «{ $title }» — разброс оценок по одному из критериев { $spread } при пороге { $threshold }.
contest-alert-burst = ⚠️ Всплеск голосов новых аккаунтов: заявка № { $number } «{ $title }» — { $count ->
        [one] { $count } голос
        [few] { $count } голоса
       *[many] { $count } голосов
    } от зарегистрированных после начала голосования (они не учитываются).
contest-juror-reminder = Напоминание жюри конкурса «{ $contest }»: оценено { $done } из { $total }. Оценивание до { $deadline }. Продолжить: /contest.
contest-announce-vote = 🗳 Конкурс «{ $contest }»: открыто народное голосование. Голосуйте за лучшие практики!
contest-announce-vote-button = 🗳 Голосовать
contest-announce-results = 🏆 Итоги конкурса «{ $contest }».
contest-announce-results-button = 🏆 Практики-победители
contest-announce-nomination = <b>{ $nomination }</b>
contest-announce-line = { $place }. { $title }

## The protocol (DOCX) and the scores (XLSX)

contest-applicant-tos = ТОС «{ $name }», { $municipality }
contest-doc-heading = ПРОТОКОЛ
contest-doc-subheading = заседания жюри конкурса «{ $contest }»
contest-doc-formed = Сформирован { $when }
contest-doc-rule = Итоговый балл заявки — среднее взвешенных баллов членов жюри (сумма «вес × балл», делённая на сумму весов). При равенстве баллов выше заявка, поданная раньше. Член жюри не оценивает заявки своего муниципального образования. Заявки, где оценки членов жюри по одному критерию расходятся больше порога ({ $threshold }), отмечены для Совета.
contest-doc-nomination = Номинация «{ $nomination }» (баллы от { $low } до { $high })
contest-doc-criterion = { $title } (вес { $weight })
contest-doc-criteria = Критерии: { $criteria }.
contest-doc-scores = Оценки членов жюри:
contest-doc-ranking = Итоговый рейтинг:
contest-doc-signatures = Подписи членов жюри:
contest-doc-signature-line = ______________________ / { $name } /
contest-doc-col-number = № заявки
contest-doc-col-juror = Член жюри
contest-doc-col-weighted = Взвешенный балл
contest-doc-col-place = Место
contest-doc-col-title = Практика
contest-doc-col-applicant = Заявитель
contest-doc-col-score = Итоговый балл
contest-doc-col-jurors = Оценок
contest-doc-col-votes = Голоса
contest-doc-col-nomination = Номинация
contest-doc-col-criterion = Критерий
contest-doc-col-weight = Вес
contest-doc-col-value = Балл
contest-xlsx-scores = Оценки
contest-xlsx-ranking = Итоги

## The contest's card and the public screens

commands-contest = Конкурс лучших практик
contest-none = Сейчас конкурсов нет. Мы сообщим, когда откроется приём заявок.
contest-none-staff = Конкурсов ещё нет. Создайте первый: /contest_new.
contest-choose = Выберите конкурс:
contest-card-title = 🏆 <b>{ $title }</b>
contest-card-stage = Этап: { $stage }
contest-card-applications = Приём заявок: { $start } — { $end }
contest-card-jury = Работа жюри: до { $end }
contest-card-vote = Народное голосование: до { $end }
contest-card-returned = ⚠️ Ваша заявка № { $number } возвращена на доработку — нажмите «Продолжить заявку».
contest-stage-draft = подготовка
contest-stage-applications = приём заявок
contest-stage-jury = работа жюри
contest-stage-vote = народное голосование
contest-stage-results = итоги
contest-btn-rules = 📄 Положение о конкурсе
contest-btn-apply = ✍️ Подать заявку
contest-btn-continue = ▶️ Продолжить заявку
contest-btn-mine = 📋 Мои заявки
contest-btn-jury = ⚖️ Оценивать заявки
contest-btn-vote = 🗳 Голосовать
contest-btn-winners = 🏆 Практики-победители
contest-btn-staff = ⚙️ Управление конкурсом
contest-rules-caption = Положение о конкурсе.
contest-mine-none = Вы ещё не подали ни одной заявки.
contest-mine-head = <b>Ваши заявки</b>
contest-mine-line = № { $number } «{ $title }» — { $status }{ $vote }
contest-mine-in-vote = , допущена к голосованию
contest-status-draft = черновик
contest-status-submitted = принята
contest-status-returned = возвращена на доработку
contest-winners-head = 🏆 <b>{ $nomination }</b>
contest-winners-line = { $place } место — «{ $title }»
contest-btn-practice = { $place }. { $title }

## An application's card

contest-app-head = <b>Заявка № { $number }. { $title }</b>
contest-app-nomination = Номинация: { $nomination }
contest-app-applicant = Заявитель: { $applicant }
contest-app-contact = Контакт: { $contact }
contest-app-description = <b>Описание практики.</b> { $text }
contest-app-results = <b>Результаты.</b> { $text }
contest-app-budget = <b>Бюджет.</b> { $text }
contest-app-files = Фотографии: { $photos }; документы: { $documents }

## The application dialogue

contest-ask-nomination = <b>Шаг 1. Номинация.</b> Выберите номинацию — от неё зависят критерии и обязательные поля.
contest-ask-municipality = <b>Шаг 2. Заявитель.</b> Выберите муниципальное образование, от которого подаёте заявку.
contest-ask-tos = <b>Шаг 2. Заявитель.</b> Напишите название ТОС (вы — его председатель).
contest-ask-tos-municipality = В каком муниципальном образовании работает ТОС? Напишите название или город.
contest-municipality-not-found = Не нашёл такое муниципальное образование. Напишите название или город ещё раз.
contest-municipality-choose = Уточните, какое именно:
contest-ask-contact = <b>Контакт.</b> Как с вами связаться: ФИО, телефон или e-mail.
contest-ask-title = <b>Название практики.</b> Коротко, до 200 символов.
contest-ask-description = <b>Описание практики.</b> Что сделано, для кого, как.
contest-ask-results = <b>Результаты с цифрами.</b> Например: «отремонтировано 3 двора, участвовали 120 жителей».
contest-ask-budget = <b>Бюджет.</b> Сколько стоила практика и из каких источников.
contest-ask-photos = <b>Фотографии.</b> Пришлите фото по одному или альбомом, потом нажмите «Готово».{ $required }
contest-ask-documents = <b>Документы.</b> Пришлите файлы (презентацию, отчёт), потом нажмите «Готово».{ $required }
contest-required = { " " }В этой номинации обязательно.
contest-btn-skip = Пропустить
contest-btn-files-done = ✅ Готово
contest-photo-received = Фото получено (всего: { $count }). Пришлите ещё или нажмите «Готово».
contest-document-received = Документ получен (всего: { $count }). Пришлите ещё или нажмите «Готово».
contest-file-wrong = Здесь нужна фотография. Пришлите фото или нажмите «Готово».
contest-document-wrong = Здесь нужен файл-документ. Пришлите его или нажмите «Готово».
contest-not-text = Напишите ответ текстом, пожалуйста.
contest-press-button = Выберите вариант кнопкой под сообщением.
contest-preview-head = <b>Проверьте заявку перед отправкой.</b>
contest-preview-returned = ⚠️ Комментарий Совета: { $comment }
contest-preview-missing = ❗️ Не заполнено обязательное: { $fields }. Без этого заявку не отправить.
contest-preview-complete = ✅ Всё обязательное заполнено — можно отправлять.
contest-btn-edit = ✏️ { $field }
contest-btn-submit = 📨 Отправить заявку
contest-submitted = Спасибо! Заявка № { $number } отправлена. Мы сообщим, когда её рассмотрят.
contest-field-nomination = Номинация
contest-field-applicant = Заявитель
contest-field-municipality = Муниципальное образование
contest-field-contact = Контакт
contest-field-title = Название
contest-field-description = Описание
contest-field-results = Результаты
contest-field-budget = Бюджет
contest-field-photos = Фотографии
contest-field-documents = Документы

## The jury

contest-jury-progress = ⚖️ Оценено { $done } из { $total }.
contest-jury-all-done = Все заявки оценены — спасибо!
contest-jury-criterion = Заявка № { $number }. Критерий { $index } из { $count }: <b>{ $title }</b> (вес { $weight }). Балл от { $low } до { $high }:
contest-jury-saved = Балл { $value } сохранён.
contest-jury-scored = Заявка № { $number } оценена. Ваш взвешенный балл: { $score }.
contest-jury-scored-line = • { $title }: { $value }
contest-btn-comment = 💬 Комментарий
contest-btn-next = ➡️ Следующая
contest-jury-ask-comment = Напишите комментарий к оценке (до 1000 символов). Его увидят только Совет и жюри после окончания оценивания.
contest-jury-comment-saved = Комментарий сохранён.

## The public vote

contest-vote-head = 🗳 Народное голосование: «{ $contest }». Выберите номинацию — в каждой один голос, его можно перенести до конца голосования.
contest-vote-counts-later = Итоги голосования будут видны после его окончания.
contest-vote-empty = К голосованию пока не допущено ни одной заявки.
contest-ballot-head = <b>{ $nomination }</b> — выберите одну практику (откройте, чтобы прочитать заявку целиком):
contest-ballot-line = № { $number }. { $title }
contest-ballot-count = (голоса: { $count })
contest-btn-vote-for = 🗳 За № { $number }
contest-btn-voted = ✅ Ваш голос: № { $number }
contest-btn-open = 👁 Открыть № { $number }
contest-vote-done = Спасибо, ваш голос учтён!
contest-vote-moved = Ваш голос перенесён на эту практику.
contest-vote-same = Вы уже голосуете за эту практику.
contest-vote-not-counted = Голос записан, но не учитывается: голосуют только те, кто зарегистрировался в боте до начала голосования.

## Staff

contest-staff-ask-spec =
    Опишите конкурс одним сообщением, по строке на поле (пример ниже; даты — по времени Кемерово):
    <pre>Конкурс: Лучшая муниципальная практика — 2027
    Приём заявок: 01.02.2027 10:00 – 01.03.2027 18:00
    Жюри до: 15.03.2027 18:00
    Голосование до: 25.03.2027 18:00
    Подсчёт: после окончания
    Расхождение: 3
    Номинация: Благоустройство
    Участники: муниципалитет
    Баллы: 0-10
    Критерий: Результативность; 3
    Критерий: Экономическая эффективность; 2
    Обязательно: описание, результаты, фото
    Номинация: Лучший ТОС
    Участники: ТОС
    Баллы: 0-5
    Критерий: Вовлечённость жителей; 1</pre>
    Без строки «Голосование до» — конкурс без народного голосования. «Подсчёт: сразу» — голоса видны во время голосования.
contest-staff-created = Конкурс создан: { $count ->
        [one] { $count } номинация
        [few] { $count } номинации
       *[many] { $count } номинаций
    }. Приложите положение и назначьте жюри.
contest-staff-counts = Заявки: приняты — { $submitted }, на доработке — { $returned }, черновики — { $drafts }. Членов жюри (назначений): { $jurors }.
contest-staff-no-rules = ⚠️ Положение о конкурсе не приложено.
contest-btn-staff-apps = 📋 Заявки
contest-btn-staff-jury = ⚖️ Жюри
contest-btn-staff-remind = 🔔 Напомнить жюри
contest-btn-staff-rules = 📄 Положение
contest-btn-staff-protocol = 🧾 Протокол
contest-btn-staff-stage = ⏭ Следующий этап
contest-btn-stage-yes = ⏭ Да, завершить этап
contest-btn-back = ◀️ Назад
contest-staff-stage-confirm = Завершить этап «{ $stage }» сейчас? Даты следующих этапов останутся прежними.
contest-staff-stage-moved = Этап «{ $before }» завершён, теперь: «{ $after }».
contest-staff-ask-rules = Пришлите положение о конкурсе файлом (PDF или DOCX).
contest-staff-rules-saved = Положение сохранено — участники увидят кнопку «Положение о конкурсе».
contest-protocol-caption = Протокол заседания жюри и таблица всех оценок.
contest-protocol-filename = protokol_konkurs_{ $id }_{ $stamp }.docx
contest-scores-filename = ocenki_konkurs_{ $id }_{ $stamp }.xlsx
contest-staff-apps-none = Заявок пока нет.
contest-staff-apps-head = { $count ->
        [one] { $count } заявка
        [few] { $count } заявки
       *[many] { $count } заявок
    }. Откройте заявку, чтобы вернуть её на доработку или допустить к голосованию.
contest-btn-staff-app = № { $number } { $title }
contest-staff-app-actions = Заявка № { $number }: что сделать?
contest-staff-flagged = ⚠️ Сильное расхождение оценок жюри.
contest-btn-return = ↩️ Вернуть на доработку
contest-btn-admit = 🗳 Допустить к голосованию
contest-staff-ask-return = Напишите комментарий к заявке № { $number }: что исправить. Заявитель получит его.
contest-staff-returned = Заявка № { $number } возвращена на доработку, заявитель уведомлён.
contest-staff-admitted = Заявка № { $number } допущена к голосованию.
contest-staff-jury-head = <b>Жюри: прогресс</b>
contest-staff-jury-line = { $name } — «{ $nomination }»: оценено { $done } из { $total }{ $mark }
contest-staff-jury-slow = { " " }⏳
contest-staff-jury-none = Жюри ещё не назначено.
contest-btn-add-juror = ➕ Член жюри: { $nomination }
contest-staff-ask-juror = Номинация «{ $nomination }». Пришлите Telegram ID члена жюри (число; человек должен быть зарегистрирован в боте).
contest-staff-juror-id = Нужен Telegram ID — число, например 123456789.
contest-staff-juror-added = { $name } — член жюри.
contest-staff-reminded = Напоминания отправлены: { $count }.
contest-doc-flag-note = { $mark } — оценки членов жюри по одному из критериев расходятся больше порога.
contest-stage-gone = Этот этап уже завершён. Откройте конкурс заново: /contest.
contest-staff-sheet = • { $name }: { $score } (комментарий: { $comment })
contest-announce-public = 🗳 Народное голосование: «{ $title }» — { $count ->
        [one] { $count } голос
        [few] { $count } голоса
       *[many] { $count } голосов
    }
contest-btn-jury-scores = ⚖️ Оценки жюри
contest-jury-scores-hidden = Оценки других членов жюри видны только после окончания работы жюри.
contest-jury-scores-head = <b>Оценки жюри по вашим заявкам</b> (взвешенный балл каждого):
contest-jury-scores-line = № { $number } «{ $title }»: { $scores }
contest-jury-scores-part = { $name } — { $score }
contest-doc-col-comment = Комментарий
contest-btn-staff-app-flagged = ⚠️ { $label }
