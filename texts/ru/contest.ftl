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
contest-alert-disagreement = ⚠️ Сильное расхождение оценок жюри: заявка № { $number } «{ $title }» — разница { $spread } балла по одному критерию (порог { $threshold }).
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
contest-doc-rule = Итоговый балл заявки — среднее взвешенных баллов членов жюри (сумма «вес × балл», делённая на сумму весов). При равенстве баллов выше заявка, поданная раньше. Член жюри не оценивает заявки своего муниципального образования. Расхождение оценок больше { $threshold } балла по критерию отмечено.
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
