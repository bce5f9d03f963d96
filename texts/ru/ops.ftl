## The command line (python -m bot) for whoever runs the bot: start-up checks, backup, restore.
cli-token-malformed =
    BOT_TOKEN не похож на токен бота. Настоящий токен выглядит как 123456789:AAH...
    (цифры, двоеточие и около 35 букв и цифр). Если вы скопировали .env.example, замените
    образец токеном, который прислал @BotFather.
cli-token-rejected =
    Telegram не принял токен (BOT_TOKEN): он неверный или отозван.
    Проверьте токен у @BotFather (/mybots → бот → API Token) и впишите в .env действующий;
    после /revoke старый токен больше не работает.
cli-webhook-no-base-url =
    RUN_MODE=webhook, но не задан WEBHOOK_BASE_URL — внешний HTTPS-адрес, по которому
    Telegram будет присылать обновления (например https://bot.example.org).
cli-webhook-bad-base-url = WEBHOOK_BASE_URL «{ $url }» — не адрес вида https://bot.example.org.
cli-webhook-no-secret =
    RUN_MODE=webhook, но не задан WEBHOOK_SECRET — секрет, по которому бот отличает запросы
    Telegram от чужих. Придумайте длинную случайную строку из латинских букв, цифр, «_» и «-».
cli-webhook-bad-secret = WEBHOOK_SECRET может содержать только латинские буквы, цифры, «_» и «-» (от 1 до 256 символов).
cli-check-no-database = файла базы нет: { $path } (создайте его командой python -m bot migrate)
cli-more-commands = restore ФАЙЛ — восстановить базу SQLite из копии (бот должен быть остановлен; прежний файл сохраняется рядом)
cli-keep-days-help = backup: удалить копии старше стольких дней (по умолчанию BACKUP_KEEP_DAYS; 0 — хранить все)
cli-backup-pruned =
    { $count ->
        [one] Удалена { $count } копия старше { $days } дн.
        [few] Удалены { $count } копии старше { $days } дн.
       *[many] Удалено { $count } копий старше { $days } дн.
    }
cli-restore-which = Укажите файл копии: python -m bot restore data/backups/bot-ГГГГММДД-ЧЧММСС.db
cli-restore-bot-running = бот запущен и работает с этой базой — сначала остановите его (systemctl stop kuzbass-bot или docker compose stop)
cli-restore-damaged = копия { $path } повреждена: { $reason }
cli-restore-not-ours = { $path } — не база данных бота (нет таблицы alembic_version)
cli-restore-failed = Восстановление не выполнено: { $reason }
cli-restore-done = База восстановлена из { $path }. Запустите бота: миграции применятся при старте.
cli-restore-kept = Прежний файл сохранён как { $path }.
