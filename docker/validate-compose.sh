#!/usr/bin/env bash
# Validates docker-compose.yml with docker-compose 1.29 (Debian's package; no Docker engine needed):
# `docker-compose config` and `docker-compose --profile tunnel config`, with .env.example as .env.
# Works on a temporary copy, so an existing .env is never touched.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

if ! command -v docker-compose >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq docker-compose >/dev/null
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/project"
cp "$root/docker-compose.yml" "$root/.env.example" "$work/project/"
cp -r "$root/docker" "$work/project/docker"
cp "$root/.env.example" "$work/project/.env"
cd "$work/project"

# Only .env may feed ${...} substitution: the caller's environment must not mask a broken .env.example.
unset WEBHOOK_PORT CLOUDFLARE_TUNNEL_TOKEN || true

fail() { echo "validate-compose: $*" >&2; exit 1; }

plain="$(docker-compose -p codemate config)" || fail "docker-compose config failed"
tunnel="$(docker-compose -p codemate --profile tunnel config)" || fail "docker-compose --profile tunnel config failed"

grep -q 'published: 8080' <<<"$plain" || grep -q '8080:8080' <<<"$plain" || fail "webhook is not published on 8080"
grep -q '/home/agent/workspaces' <<<"$plain" || fail "the workspaces volume is not mounted"
grep -q 'cloudflare/cloudflared' <<<"$tunnel" || fail "the tunnel profile has no cloudflared service"
grep -q 'TUNNEL_TOKEN' <<<"$tunnel" || fail "cloudflared gets no TUNNEL_TOKEN"
grep -q 'tunnel --no-autoupdate run' <<<"$tunnel" || grep -q -- '--no-autoupdate' <<<"$tunnel" || fail "cloudflared does not run the tunnel"

echo "validate-compose: docker-compose.yml is valid ($(docker-compose version --short)), with and without the tunnel profile"
