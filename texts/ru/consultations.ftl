# Texts: consultations on acts (draft laws, municipal acts, strategic documents), positions
# of municipalities, coverage and reminders. Staff may edit wordings here; keep
# { $placeholders } as they are.

## Names

act-kind-federal_draft = федеральный законопроект
act-kind-regional_draft = региональный законопроект
act-kind-municipal_act = муниципальный правовой акт
act-kind-strategic_document = документ стратегического планирования
act-kind-amendment = изменения в действующий закон
act-stage-announced = объявлено
act-stage-discussion = обсуждение
act-stage-summary = подведение итогов
act-stage-result = результат опубликован
stance-support = поддерживаем
stance-remarks = поддерживаем с замечаниями
stance-oppose = не поддерживаем

## The list and the card

consultations-list-empty = Сейчас нет актов на обсуждении.
consultations-list = <b>Акты на обсуждении и экспертизе</b>
    Выберите акт.
consultations-list-btn = { $title } · { $stage }
consultations-card =
    <b>{ $title }</b>
    { $kind }{ $number }{ $sender }
    Этап: { $stage }{ $deadline }
consultations-card-number = {", "}{ $number }
consultations-card-sender = {"\u000A"}Внёс: { $sender }
consultations-card-deadline = {"\u000A"}Предложения и позиции — до { $deadline }
consultations-card-position = 🏛 Позиция { $municipality }: { $stance } ({ $when }). Новая позиция заменит её.
consultations-btn-propose = ✍️ Предложить поправку
consultations-btn-position = 🏛 Позиция муниципалитета
consultations-btn-start = ▶️ Начать предложение
consultations-chosen = Выбран акт «{ $title }». Нажмите «Начать предложение» — предложение будет к этому акту.
consultations-back-btn = ◀️ К списку

## Staff card

consultations-staff-card =
    <b>{ $title }</b>
    { $kind }{ $number }{ $sender }
    Код номеров предложений: { $code }
    Этап: { $stage }{ $deadline }
    Ответственный: { $responsible }
    Ответили { $done } из { $total } (позиция или предложение представителя); без представителей: { $unreachable }.
    Поздних черновиков: { $late }.
consultations-btn-next = ⏭ Этап «{ $stage }»
consultations-btn-remind = 🔔 Напомнить не ответившим ({ $count })
consultations-btn-missing = 📋 Кто не ответил
consultations-btn-positions = 🏛 Позиции
consultations-btn-late = ⏰ Поздние черновики
consultations-btn-text = 📌 Работать с актом (текст, сбор)
consultations-btn-refresh = 🔄 Обновить
consultations-btn-take = 👤 Я ответственный
consultations-taken = Вы — ответственный за акт.
consultations-missing =
    <b>Не ответили ({ $count }):</b>
    { $items }
consultations-missing-item = • { $name }{ $reps ->
        [no] {" "}— нет представителей
       *[yes] {""}
    }
consultations-missing-none = Ответили все.
consultations-positions-none = Позиций пока нет.
consultations-positions =
    <b>Позиции муниципалитетов ({ $count }):</b>
    { $items }
consultations-position-item = • <b>{ $municipality }</b>: { $stance } — { $author }{ $signatory ->
        [yes] {" "}(подписант)
       *[no] {""}
    }, { $when }{ $file ->
        [yes] {" "}📎
       *[no] {""}
    }
    { $text }
consultations-position-letter = Письмо: { $municipality }
consultations-late-none = Поздних черновиков нет.
consultations-late =
    <b>Черновики, законченные после закрытия обсуждения ({ $count }):</b>
    { $items }
consultations-late-item = • { $when } — { $name }: { $text }
consultations-reminded = Напоминание отправлено, получателей: { $count }.
consultations-reminded-none = Напоминать некому: ответили все, у кого есть представители (или напоминание уже ушло).
consultations-stage-moved = Этап: { $stage }.
consultations-text-ask = Акт «{ $title }» выбран для работы: /law_upload — загрузить его текст (новая версия, прежние сохраняются), /campaign_open и /campaign_close — сбор предложений по нему.
consultations-law-for-act = Текст относится к акту «{ $title }».
consultations-staff-unknown = не назначен

## Creating an act (staff)

consultations-new-kind = <b>Новый акт.</b> Шаг 1 из 6: вид акта.
consultations-new-title = Шаг 2 из 6: название акта (до 500 символов).
consultations-new-number = Шаг 3 из 6: номер или источник (например, «№ 123456-8» или «проект постановления»). Нет — отправьте «-».
consultations-new-sender = Шаг 4 из 6: кто направил (например, «Парламент Кузбасса»). Нет — отправьте «-».
consultations-new-deadline = Шаг 5 из 6: до какого дня принимать предложения и позиции? Например: «12.12.2026 18:00».
consultations-new-scope = Шаг 6 из 6: кому направить? «Всем» — всем муниципальным образованиям, или перечислите через запятую (например: «Кемерово, Юрга»).
consultations-btn-all = Всем муниципальным образованиям
consultations-new-scope-unknown = Не нашёл: { $names }. Проверьте названия или нажмите «Всем».
consultations-new-preview =
    <b>Проверьте:</b>
    { $kind }: «{ $title }»{ $number }{ $sender }
    Приём предложений и позиций до { $deadline }
    Кому: { $scope }
consultations-scope-all = всем муниципальным образованиям
consultations-btn-create = ✅ Зарегистрировать и объявить
consultations-btn-cancel = ✖ Отмена
consultations-created = Акт зарегистрирован, обсуждение открыто: «{ $title }». Объявление получат { $count ->
        [one] { $count } человек
        [few] { $count } человека
       *[many] { $count } человек
    }.
consultations-cancelled = Регистрация акта отменена.
consultations-bad-date = Не понял дату. Например: «12.12.2026 18:00».
consultations-press-button = Выберите вариант кнопкой.

## A position (representatives)

consultations-position-municipality = От какого муниципального образования позиция?
consultations-position-stance = Позиция { $municipality } по акту «{ $title }»:
consultations-position-text = Изложите позицию текстом (до 4000 символов).
consultations-position-file = Приложите подписанное письмо (документ) или нажмите «Без письма».
consultations-btn-no-file = Без письма
consultations-position-file-not-document = Пришлите письмо документом (файлом) или нажмите «Без письма».
consultations-position-preview =
    <b>Позиция { $municipality }</b>: { $stance }
    { $text }{ $file ->
        [yes] {"\u000A"}📎 Письмо приложено
       *[no] {""}
    }
consultations-btn-send = ✅ Отправить позицию
consultations-position-saved = ✅ Позиция { $municipality } по акту «{ $title }» принята. Новая позиция заменит эту, прежние сохраняются.
consultations-not-representative = Позицию подаёт представитель муниципального образования. Представителей назначают сотрудники Совета.

## Refusals

consultations-act-not-found = Такого акта нет.
consultations-empty = Пустой ответ — напишите текст.
consultations-too-long = Слишком длинно: { $length } символов, можно до { $limit }.
consultations-bad-deadline = Срок приёма должен быть в будущем.
consultations-stage-stale = Этап уже сменился — обновите карточку.
consultations-positions-closed = Обсуждение «{ $title }» закрыто — позиции и напоминания больше не принимаются.
consultations-position-race = Позицию только что подали одновременно с вами — откройте акт и отправьте ещё раз.

## What the bot sends on its own

consultations-mailing-stage = Акт: { $title }
consultations-mailing-reminder = Напоминание: { $title }
consultations-announce-announced =
    📢 <b>На обсуждение поступит { $kind }</b>
    «{ $title }»
    Подробности — /acts.
consultations-announce-discussion =
    📢 <b>Открыто обсуждение: { $kind }</b>
    «{ $title }»
    Предложения и позиции муниципальных образований — до { $deadline }. Открыть — /acts.
consultations-announce-summary =
    📋 <b>Обсуждение завершено</b>: «{ $title }». Сотрудники Совета готовят сводку предложений.
consultations-announce-result =
    ✅ <b>Опубликован результат</b> обсуждения «{ $title }». Подробности — /acts.
consultations-reminder =
    🔔 <b>Напоминание</b>: до { $deadline } принимаются предложения и позиция вашего муниципального образования по акту «{ $title }».{ $left }
    Открыть — /acts.
consultations-left = {" "}{ $days ->
        [one] Остался { $days } день.
        [few] Осталось { $days } дня.
       *[many] Осталось { $days } дней.
    }

## The command menu

consultations-commands-acts = Акты на обсуждении: предложения и позиции
