## `python -m bot demo`: the bot against the built-in Telegram stand-in, in the browser.
cli-try-demo =
    Попробовать бота без токена: make demo (или python -m bot demo) — бот, встроенный
    заменитель Telegram и чат в браузере на http://127.0.0.1:8080, без интернета.
demo-ready =
    Демо запущено: откройте { $url }
      Бот: @{ $bot } (заменитель Telegram на { $api }, наружу ничего не уходит)
      База демо: { $database }
      Остановить: Ctrl+C
demo-seeded = Демо-данные добавлены: закон, мероприятия, предложения, подписчики.
demo-seed-skipped = Демо-данные уже есть в базе — пропускаю.
demo-stopped = Демо остановлено.
demo-port-busy = Порт { $port } занят. Укажите другой: make demo DEMO_PORT=8090 (или python -m bot demo --port 8090).
demo-port-help = порт страницы демо (по умолчанию 8080 или DEMO_PORT)
demo-seed-help = добавить демо-данные: закон, мероприятия, предложения, подписчиков
demo-reset-help = начать с чистой базы демо (удалить data/demo.db)
