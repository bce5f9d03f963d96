# Texts: support of proposals, staff decisions, the summary of proposals, versions of the
# text, staff alerts. Staff may edit wordings here; keep { $placeholders } as they are.

## Support (+1)

decisions-on-place-title = На это положение уже есть предложения других участников. Если ваше предложение такое же — поддержите существующее вместо того, чтобы писать его заново:
decisions-on-place-item = • <b>№ { $number }</b> ({ $place }, { $kind }): { $wording } — поддержали: { $count }
decisions-btn-support = 👍 Поддержать { $number }
decisions-btn-unsupport = ↩️ Отозвать поддержку { $number }
decisions-btn-view = 👁 { $number }
decisions-supported = Вы поддержали предложение { $number }. Всего поддержали: { $count }.
decisions-support-already = Вы уже поддержали предложение { $number } (всего поддержали: { $count }).
decisions-unsupported = Поддержка предложения { $number } отозвана. Всего поддержали: { $count }.
decisions-unsupport-none = Вы не поддерживали предложение { $number }.
decisions-support-own = Это ваше собственное предложение — поддержать его нельзя.
decisions-support-gone = Это предложение недоступно: оно отозвано или объединено с другим.
decisions-field-supports = <b>Поддержали:</b> { $count }
decisions-public-hint = Автор не указывается. Поддержать предложение можно один раз; поддержку можно отозвать.

## Decisions

decisions-reason-required = Решение «{ $status }» без причины не принимается: напишите причину — она уйдёт автору вместе с решением.
decisions-not-a-decision = Здесь можно выбрать только «учтено», «учтено частично» или «не учтено».
decisions-btn-group = 👥 Одно решение для всех на этом положении
decisions-group-choose = Одно решение для всех нерассмотренных предложений на «{ $place }»: { $numbers }. Выберите решение:
decisions-group-ask-reason = Решение «{ $status }» для предложений на «{ $place }»: { $numbers }. Напишите причину (обязательно) или выберите шаблон. /cancel — отмена.
decisions-group-done = Решение «{ $status }» принято по предложениям: { $numbers }. Авторы получат уведомления.
decisions-group-skipped = Уже были решены раньше и не изменены: { $numbers }.
decisions-group-nothing = На этом положении нет нерассмотренных предложений.
decisions-dialogue-lost = Этот диалог прерван. Откройте карточку предложения заново: /proposals_admin.

## Answer templates

decisions-templates-hint = Или возьмите текст из шаблона:
decisions-btn-template = 📄 { $title }
decisions-template-text =
    <b>Шаблон «{ $title }»</b> — скопируйте текст, поправьте и пришлите, или примените как есть:
    <pre>{ $text }</pre>
decisions-btn-template-use = ✅ Применить как есть
decisions-template-stale = Шаблон можно применить, только пока бот ждёт причину решения. Откройте карточку заново.
decisions-templates-title = <b>Шаблоны ответов</b> (их предлагают, когда бот ждёт причину решения). Добавить: /template_add
decisions-templates-empty = Шаблонов ответов пока нет. Добавить: /template_add
decisions-template-line =
    <b>{ $title }</b>
    <blockquote expandable>{ $text }</blockquote>
decisions-btn-template-archive = 🗑 { $title }
decisions-template-ask = Напишите текст шаблона ответа (до { $limit } символов); первая строка станет его названием. /cancel — отмена.
decisions-template-saved = Шаблон «{ $title }» сохранён.
decisions-template-archived = Шаблон убран из списка.
decisions-template-gone = Шаблон не найден — возможно, его уже убрали.
decisions-templates-full = Шаблонов уже больше { $limit } — сначала уберите ненужные: /templates.

## Responsible and due date

decisions-btn-assign = 👤 Ответственный
decisions-assign-choose = Кто отвечает по предложению { $number }? Выберите сотрудника:
decisions-not-staff = Ответственным можно назначить только модератора или администратора.
decisions-btn-due = 📅 Срок ответа
decisions-assigned = Ответственный за ответ по предложению { $number }: { $name }.
decisions-due-ask = До какого момента нужно ответить по предложению { $number }? Напишите дату и время по местному времени, например <code>15.12.2026 18:00</code>. /cancel — отмена.
decisions-due-set = Срок ответа по предложению { $number }: { $due }. Ответственному придёт напоминание.
decisions-due-past = Срок ответа должен быть в будущем.
decisions-field-review = <b>Ответственный:</b> { $who }; <b>срок ответа:</b> { $due }
decisions-nobody = не назначен
decisions-no-due = не задан
decisions-field-changed = ⚠️ <b>Редакция изменилась</b>: в версии текста от { $when } это положение звучит иначе — сверьте предложение.
decisions-queue-changed = ⚠️ { $item }
decisions-group-extra = Поддержали: { $count }{ $changed ->
        [yes] { " · ⚠️ редакция изменилась" }
       *[no] { "" }
    }
decisions-due-title = Срок ответа: { $number }
decisions-due-text = ⏰ Наступил срок ответа по предложению <b>№ { $number }</b> ({ $place }), срок — { $due }. Решение ещё не принято: /proposal { $number }

## The summary of proposals

decisions-btn-summary = 📑 Сводка предложений
decisions-summary-menu =
    <b>Сводка предложений</b> — { $title }
    Поступило: { $received }; учтено: { $accepted }; учтено частично: { $partial }; не учтено: { $rejected }; без решения: { $undecided }.
    Участников (авторы и поддержавшие): { $people }.
decisions-btn-summary-files = 📄 Получить DOCX и XLSX
decisions-btn-summary-send = 📨 Разослать участникам
decisions-btn-result = 🏁 Итог: сообщить авторам
decisions-btn-versions = 🔀 Изменения текста
decisions-summary-empty = Предложений нет — сводку составлять не из чего.
decisions-summary-sent = Сводка разослана участникам: { $count }. Каждый получит свои строки и файлы.
decisions-summary-caption-docx = Сводка предложений — { $title } (DOCX)
decisions-summary-caption-xlsx = Сводка предложений — { $title } (XLSX)
decisions-summary-filename = svodka_predlozheniy_{ $stamp }.{ $ext }
decisions-scope-all = Все акты
decisions-summary-heading = Сводка предложений: { $title }
decisions-sheet = Сводка
decisions-positions-sheet = Позиции
decisions-col-index = №
decisions-col-number = Номер
decisions-col-place = Положение
decisions-col-proposal = Предложение
decisions-col-author = Автор, муниципалитет
decisions-col-author-name = Автор
decisions-col-municipality = Муниципалитет
decisions-col-supports = Поддержали
decisions-col-decision = Решение
decisions-col-reason = Причина
decisions-col-stance = Позиция
decisions-col-position = Текст позиции
decisions-undecided = не рассмотрено
decisions-export-supports = Поддержали: { $count }
decisions-totals-heading = Итого
decisions-total-received = Поступило предложений
decisions-total-accepted = Учтено
decisions-total-partial = Учтено частично
decisions-total-rejected = Не учтено
decisions-total-undecided = Без решения
decisions-positions-heading = Позиции муниципальных образований
decisions-summary-personal =
    📑 <b>Сводка предложений</b> — { $title }
    Вот решения по предложениям, в которых вы участвовали.
decisions-summary-own = <b>Ваши предложения:</b>
decisions-summary-backed = <b>Предложения, которые вы поддержали:</b>
decisions-summary-line = • № { $number } ({ $place }): <b>{ $status }</b>
decisions-summary-line-supported = • № { $number } ({ $place }): <b>{ $status }</b>
decisions-summary-line-reason = { "  " }Причина: { $reason }
decisions-summary-more = … и ещё строк: { $count }
decisions-summary-files = Полная сводка — в файлах ниже.
decisions-summary-mailing = Сводка предложений: { $title }

## The result and versions of the text

decisions-result-no-law = Текст не загружен — не с чем сверять предложения.
decisions-result-done = Авторам сообщено об итоге. Изменение вошло в принятый текст: { $taken } из { $total }.
decisions-result-notice =
    🏁 <b>Итог: { $title }</b>
    Ваше предложение <b>№ { $number }</b> ({ $place }): { $status }.
    { $taken ->
        [yes] Предложенное изменение есть в принятом тексте.
       *[no] Предложенного изменения в принятом тексте нет.
    }
decisions-result-mailing = Итог по предложению { $number }
decisions-versions-none = Для сравнения нужны две загруженные версии текста.
decisions-versions-title = <b>Что изменилось</b> в версии «{ $new }» ({ $when }) по сравнению с «{ $old }»:
decisions-change-added = ➕ <b>{ $place }</b> — добавлено: { $text }
decisions-change-removed = ➖ <b>{ $place }</b> — исключено
decisions-change-changed = ✏️ <b>{ $place }</b> — изменено: { $diff }
decisions-versions-same = По существу текст не изменился.
decisions-versions-flagged = Редакция изменилась под предложениями: { $numbers }. В их карточках — отметка «редакция изменилась».
decisions-versions-flagged-none = Предложений на изменённые положения нет.

## Staff alerts

decisions-alert-title = Новые предложения: { $count }
decisions-alert-text = 📥 Новых предложений: <b>{ $count }</b> — { $numbers }
decisions-alert-more = и ещё: { $count }
decisions-alert-footer = Очередь: /proposals_admin
decisions-digest-title = Итоги обсуждения: { $title }
decisions-digest-text =
    🗂 <b>Обсуждение «{ $title }» завершено.</b>
    Поступило предложений: { $received }; без решения: { $undecided }.
    По статьям:
    { $articles }
    Решения — /proposals_admin.
decisions-digest-article = { $place } — { $count }
decisions-digest-none = предложений нет
