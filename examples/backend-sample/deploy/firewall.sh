#!/usr/bin/env bash
# Only SSH and the web reach the server; the API itself listens on localhost.
set -euo pipefail
ufw default deny incoming
ufw default allow outgoing
ufw allow OpenSSH
ufw allow 80/tcp
ufw allow 443/tcp
ufw --force enable
