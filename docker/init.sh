#!/bin/sh
# The init service of compose.yaml: install the addons with demo data on the first start,
# upgrade them on later ones, then exit. Every folder of the repository with a __manifest__.py
# is one of the project's addons.
set -eu
ADDONS="$(cd /mnt/extra-addons && ls -d -- */__manifest__.py | cut -d/ -f1 | paste -sd, -)"
DB=sales_governance
if psql -d "$DB" -Atc "SELECT 1 FROM ir_module_module WHERE name = 'sales_governance_base' AND state = 'installed'" 2>/dev/null | grep -q 1; then
    exec odoo -d "$DB" -u "$ADDONS" --stop-after-init --no-http
fi
exec odoo -d "$DB" -i "$ADDONS" --with-demo --load-language=zh_CN --stop-after-init --no-http
