#!/usr/bin/env bash
# Install and start Debian's PostgreSQL, with a role and database for the test-suite.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
version=$(ls /etc/postgresql | sort -n | tail -1)
pg_ctlcluster "$version" main start 2>/dev/null || pg_ctlcluster "$version" main status
for _ in $(seq 1 30); do su postgres -c "pg_isready -q" && break; sleep 1; done
su postgres -c "psql -q -tc \"SELECT 1 FROM pg_roles WHERE rolname='biwu'\" | grep -q 1 || psql -q -c \"CREATE ROLE biwu LOGIN PASSWORD 'biwu' CREATEDB\""
su postgres -c "psql -q -tc \"SELECT 1 FROM pg_database WHERE datname='biwu_test'\" | grep -q 1 || psql -q -c \"CREATE DATABASE biwu_test OWNER biwu\""
