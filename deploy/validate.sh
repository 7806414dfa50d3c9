#!/usr/bin/env bash
# Validates the deployment files without a Docker engine or a cluster: the compose file against the
# Compose schema (docker-compose config), the Kubernetes manifests against the Kubernetes API schemas
# (validate/validate-k8s.mjs), and the pinned images of both.
set -euo pipefail
cd "$(dirname "$0")"

docker-compose -f compose.yaml --env-file .env.example config -q
if grep -nE '^\s*image:\s*[^:]+(:latest)?\s*$' compose.yaml; then
  echo "compose.yaml: every image must be pinned to a version" >&2
  exit 1
fi
echo "compose.yaml is valid and its images are pinned"

(cd validate && npm ci --no-audit --no-fund --silent && node validate-k8s.mjs ../k8s)
