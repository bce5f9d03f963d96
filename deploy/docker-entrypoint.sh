#!/bin/sh
# Makes the data directory usable for the bot user (uid 10001), then runs the command as it.
# A bind mount such as `-v $(pwd)/data:/app/data` arrives owned by root (or by whoever made
# it); started as root, this gives it to the bot user (0700) and drops root with setpriv.
# Started with `--user 10001`, it only runs the command (the volume must then be the bot's).
set -eu
DATA_DIR="${DATA_DIR:-/app/data}"
BOT_UID=10001
if [ "$(id -u)" = "0" ]; then
    mkdir -p "$DATA_DIR"
    if [ "$(stat -c %u "$DATA_DIR")" != "$BOT_UID" ]; then
        chown -R "$BOT_UID:$BOT_UID" "$DATA_DIR"
    fi
    chmod 700 "$DATA_DIR"
    exec setpriv --reuid="$BOT_UID" --regid="$BOT_UID" --init-groups -- "$@"
fi
exec "$@"
