#!/bin/sh
# `make image` / `make image-check`: build the image with podman or docker; for "check", run
# `migrate` and `check` in it on a fresh volume and on a root-owned bind mount (as the
# README documents), and print the image size. Says why when it cannot run here.
set -eu
mode="$1"
engine="${2:-}"
image="${3:-kuzbass-bot:check}"
cd "$(dirname "$0")/.."

if [ -z "$engine" ]; then
    echo "image-check: neither podman nor docker is installed; nothing can build the image here."
    exit 1
fi
if ! probe=$("$engine" info 2>&1); then
    echo "image-check: $engine is installed but cannot reach a container engine:"
    echo "$probe" | tail -n 2 | sed 's/^/  /'
    echo "image-check: start the engine (or install podman) and run make image-check again."
    exit 1
fi

"$engine" build -t "$image" .
size=$("$engine" image inspect --format '{{.Size}}' "$image")
echo "image-check: built $image, $((size / 1024 / 1024)) MiB"
[ "$mode" = "build" ] && exit 0

volume="kcb-image-check-$$"
bind=$(mktemp -d)  # owned by root, like a fresh ./data on a server
cleanup() {
    "$engine" volume rm -f "$volume" >/dev/null 2>&1 || true
    rm -rf "$bind"
}
trap cleanup EXIT
"$engine" volume create "$volume" >/dev/null

for mount in "$volume:/app/data" "$bind:/app/data"; do
    echo "image-check: migrate with -v $mount"
    "$engine" run --rm -v "$mount" "$image" python -m bot migrate
    echo "image-check: check with -v $mount"
    out=$("$engine" run --rm -v "$mount" -e BOT_TOKEN=123456:image-check-token-not-real "$image" \
        python -m bot check 2>&1 || true)
    echo "$out" | sed 's/^/  /'
    echo "$out" | grep -q "^OK  database" || { echo "image-check: the database check failed"; exit 1; }
done
echo "image-check: OK ($((size / 1024 / 1024)) MiB)"
