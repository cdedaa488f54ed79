#!/usr/bin/env bash
# Validates docker-compose.yml with docker-compose 1.29 (Debian's package; no Docker engine needed):
# `docker-compose config` without a profile, with `--profile tunnel` and with `--profile replicas`, with .env.example
# as .env (its POSTGRES_PASSWORD filled in), and docker/haproxy.cfg with `haproxy -c` when haproxy is installed.
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
# The replicas' CODEMATE_DATABASE_URL must carry the same password the postgres service is given.
sed -i 's/^POSTGRES_PASSWORD=.*/POSTGRES_PASSWORD=validate-compose-password/' .env

# Only .env may feed ${...} substitution: the caller's environment must not mask a broken .env.example.
unset WEBHOOK_PORT CLOUDFLARE_TUNNEL_TOKEN POSTGRES_PASSWORD REPLICAS_PORT || true

fail() { echo "validate-compose: $*" >&2; exit 1; }

plain="$(docker-compose -p codemate config)" || fail "docker-compose config failed"
tunnel="$(docker-compose -p codemate --profile tunnel config)" || fail "docker-compose --profile tunnel config failed"
replicas="$(docker-compose -p codemate --profile replicas config)" || fail "docker-compose --profile replicas config failed"

grep -q 'published: 8080' <<<"$plain" || grep -q '8080:8080' <<<"$plain" || fail "webhook is not published on 8080"
grep -q '/home/agent/workspaces' <<<"$plain" || fail "the workspaces volume is not mounted"
grep -q 'cloudflare/cloudflared' <<<"$tunnel" || fail "the tunnel profile has no cloudflared service"
grep -q 'TUNNEL_TOKEN' <<<"$tunnel" || fail "cloudflared gets no TUNNEL_TOKEN"
grep -q 'tunnel --no-autoupdate run' <<<"$tunnel" || grep -q -- '--no-autoupdate' <<<"$tunnel" || fail "cloudflared does not run the tunnel"

# The replicas profile, read as YAML (docker-compose depends on PyYAML, so it is there): what docs/scaling.md promises.
printf '%s\n' "$replicas" >"$work/replicas.yml"
python3 - "$work/replicas.yml" docker/haproxy.cfg <<'PY' || fail "the replicas profile is not as docs/scaling.md describes it"
import sys, yaml

with open(sys.argv[1], encoding="utf-8") as file:
    config = yaml.safe_load(file)
services = config["services"]
problems = []

def check(condition, message):
    if not condition:
        problems.append(message)

webhook = services["webhook"]
check("profiles" not in webhook, "webhook must stay in the default profile")
check("CODEMATE_DATABASE_URL" not in (webhook.get("environment") or {}), "webhook must keep its SQLite state")

postgres = services.get("postgres", {})
check(str(postgres.get("image", "")).startswith("postgres:16"), "postgres must use the official postgres:16 image")
check(postgres.get("profiles") == ["replicas"], "postgres must be in the replicas profile only")
password = (postgres.get("environment") or {}).get("POSTGRES_PASSWORD")
check(password == "validate-compose-password", "postgres must take POSTGRES_PASSWORD from .env")
check(any(":/var/lib/postgresql/data" in str(v) for v in postgres.get("volumes", [])),
      "postgres must keep its data on a volume")
check("pg_isready" in " ".join(postgres.get("healthcheck", {}).get("test", [])), "postgres needs a pg_isready healthcheck")

replicas = {name: s for name, s in services.items() if "CODEMATE_DATABASE_URL" in (s.get("environment") or {})}
check(len(replicas) >= 2, "the replicas profile needs at least two replicas")
ids, volumes = set(), set()
for name, service in replicas.items():
    environment = service["environment"]
    url = environment["CODEMATE_DATABASE_URL"]
    check("Host=postgres;" in url and url.endswith("Password=" + str(password)), f"{name}: CODEMATE_DATABASE_URL must point at postgres with its password")
    ids.add(environment.get("CODEMATE_REPLICA_ID"))
    mounts = [str(v).split(":")[0] for v in service.get("volumes", []) if ":/home/agent/workspaces" in str(v)]
    check(len(mounts) == 1, f"{name}: needs its own workspaces volume")
    volumes.update(mounts)
    check(service.get("profiles") == ["replicas"], f"{name}: must be in the replicas profile only")
    check(service.get("depends_on", {}).get("postgres", {}).get("condition") == "service_healthy", f"{name}: must wait for postgres to be healthy")
    for key in ("build", "image", "security_opt"):
        check(service.get(key) == webhook.get(key), f"{name}: {key} must be the webhook service's")
check(None not in ids and len(ids) == len(replicas), "every replica needs its own CODEMATE_REPLICA_ID")
check(len(volumes) == len(replicas) and "workspaces" not in volumes, "every replica needs its own workspaces volume")

balancers = [s for s in services.values() if any("haproxy.cfg" in str(v) for v in s.get("volumes", []))]
check(len(balancers) == 1, "the replicas profile needs one load balancer with docker/haproxy.cfg")
if balancers:
    balancer = balancers[0]
    check(balancer.get("profiles") == ["replicas"], "the load balancer must be in the replicas profile only")
    check(len(balancer.get("ports", [])) == 1, "the load balancer must publish one port")
    check(set(replicas) <= set(balancer.get("depends_on", {})), "the load balancer must depend on every replica")
    with open(sys.argv[2], encoding="utf-8") as file:
        haproxy = file.read()
    for name in replicas:
        check(f"server {name} {name}:8080" in haproxy, f"docker/haproxy.cfg does not send webhooks to {name}")

for problem in problems:
    print("validate-compose: " + problem, file=sys.stderr)
sys.exit(1 if problems else 0)
PY

if command -v haproxy >/dev/null 2>&1; then
  # Replica names resolve only inside the compose network; haproxy -c accepts them unresolved (init-addr none).
  checked="$(haproxy -c -f docker/haproxy.cfg 2>&1)" || { echo "$checked" >&2; fail "docker/haproxy.cfg is not a valid HAProxy configuration"; }
  haproxy_checked="docker/haproxy.cfg checked with $(haproxy -v | head -n 1 | cut -d' ' -f1-3)"
else
  haproxy_checked="docker/haproxy.cfg not checked (haproxy is not installed)"
fi

echo "validate-compose: docker-compose.yml is valid ($(docker-compose version --short)), without a profile and with the tunnel and replicas profiles; $haproxy_checked"
