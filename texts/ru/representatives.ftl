# Texts: municipal representatives (the people who act for a municipality). Staff may edit
# wordings here; keep { $placeholders } as they are.

## Staff: the list of municipalities

reps-list =
    <b>Представители муниципальных образований</b>
    С представителями: { $with } из { $total }, с подписантом: { $signed }.
    Выберите муниципальное образование.
reps-list-btn-none = { $name } · —
reps-list-btn = { $name } · { $count }
reps-list-btn-signed = { $name } · { $count } ✍️
reps-back-btn = ◀️ К списку
reps-back-card-btn = ◀️ К карточке

## Staff: one municipality

reps-card =
    <b>{ $municipality }</b>
    { $items }
reps-card-empty = Представителей пока нет. Назначьте зарегистрированного человека или отправьте приглашение.
reps-card-item = { $n }. { $name }{ $signatory ->
        [yes] {" "}— ✍️ подписант
       *[no] {""}
    } (с { $since })
reps-btn-appoint = ➕ Назначить
reps-btn-invite = 🔗 Приглашение
reps-btn-invite-signatory = 🔗 Приглашение подписанта
reps-btn-signatory = ✍️ Подписант: { $name }
reps-btn-revoke = ✖ Отозвать: { $name }
reps-revoke-ask = Отозвать полномочия представителя «{ $municipality }» у { $name }? Запись останется в истории.
reps-btn-revoke-yes = Да, отозвать
reps-btn-revoke-no = Нет
reps-revoked = Полномочия отозваны: { $name }.
reps-signatory-set = Подписант: { $name }.
reps-appointed = ✅ { $name } — представитель «{ $municipality }».
reps-ask-person =
    Кого назначить представителем «{ $municipality }»?
    Пришлите Telegram id человека или часть его имени. Человек должен быть зарегистрирован в боте. Отмена — /cancel.
reps-ask-person-text = Пришлите Telegram id (цифры) или часть имени текстом.
reps-found = Найдены — нажмите, кого назначить:
reps-pick-btn = { $name } · { $municipality }
reps-nobody-found = Никого не нашлось по запросу «{ $query }». Проверьте имя или пришлите Telegram id; человек должен сначала зарегистрироваться в боте.
reps-invite-made =
    Приглашение для «{ $municipality }»{ $signatory ->
        [yes] {" "}(подписант)
       *[no] {""}
    }, действует до { $until }, один раз:
    { $link }
    Перешлите ссылку человеку: открыв её, он станет представителем (после регистрации в боте).

## A representative

reps-mine-none = Вы не представитель муниципального образования. Представителей назначают сотрудники Совета.
reps-mine =
    <b>Вы представляете:</b>
    { $items }
    Представитель подаёт официальную позицию муниципального образования, отчёты и заявки на конкурс. Передать полномочия заместителю — кнопка ниже.
reps-mine-item = • { $municipality }{ $signatory ->
        [yes] {" "}— подписант
       *[no] {""}
    }
reps-btn-handover = 🔁 Передать: { $municipality }
reps-handover-made =
    Ссылка для заместителя («{ $municipality }»), действует до { $until }, один раз:
    { $link }
    Когда заместитель откроет её, полномочия{ $signatory ->
        [yes] {" "}(и право подписи)
       *[no] {""}
    } перейдут к нему, а ваши будут сняты.

## Opening an invitation

reps-welcome = ✅ Вы — представитель «{ $municipality }»{ $signatory ->
        [yes] {" "}(подписант)
       *[no] {""}
    }. Ваши полномочия — /representative.
reps-invite-unknown = Ссылка-приглашение не найдена. Попросите новую у сотрудников Совета.
reps-invite-used = Этой ссылкой уже воспользовались. Попросите новую у сотрудников Совета.
reps-invite-expired = Срок действия приглашения истёк. Попросите новое у сотрудников Совета.
reps-invite-stale = Приглашение больше не действует: полномочия того, кто его отправил, уже сняты.

## Refusals

reps-municipality-unknown = Такого муниципального образования нет в списке.
reps-person-not-registered = Этот человек ещё не зарегистрирован в боте (нет согласия или профиля). Попросите его нажать /start.
reps-already = { $name } уже представитель «{ $municipality }».
reps-already-race = Этого человека только что назначили — обновите список.
reps-already-signatory = Он уже подписант.
reps-signatory-race = Подписанта только что сменили — обновите карточку.
reps-gone = Этих полномочий уже нет — обновите список.
reps-handover-self = Передать полномочия самому себе нельзя.

## Notices (sent by the bot on its own)

reps-notice-appointed = Вы назначены представителем «{ $municipality }» в боте Совета муниципальных образований Кузбасса. Полномочия — /representative.
reps-notice-revoked = Ваши полномочия представителя «{ $municipality }» в боте Совета сняты.
reps-notice-handed-over = Вы передали полномочия представителя «{ $municipality }»: теперь представитель — { $deputy }.

## The command menu

reps-commands-representative = Я представитель муниципалитета
