# Shared setup for the project's scripts: Odoo tree, PostgreSQL, virtualenv.
# Sourced, not run. Every failure is one line saying what is wrong and how to fix it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ODOO_PATH="${ODOO_PATH:-/opt/odoo}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER_ODOO="${PGUSER_ODOO:-odoo}"
VENV="${SG_VENV:-$HOME/.cache/sales-governance/venv}"
PYTHON="${PYTHON:-python3}"

die() { echo "error: $*" >&2; exit 2; }
say() { echo "==> $*" >&2; }

check_odoo() {
    [ -x "$ODOO_PATH/odoo-bin" ] || die "no Odoo 19 source tree at ODOO_PATH=$ODOO_PATH (odoo-bin missing). \
Check out the 19.0 branch of odoo/odoo there, or set ODOO_PATH to where it is."
    grep -q "19, 0" "$ODOO_PATH/odoo/release.py" || die "the Odoo tree at $ODOO_PATH is not version 19.0."
}

pg_ready() { pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; }

ensure_postgres() {
    if ! command -v pg_isready >/dev/null; then
        say "PostgreSQL client missing: installing postgresql from Debian packages"
        command -v apt-get >/dev/null || die "no PostgreSQL and no apt-get: install PostgreSQL 13+ and start it on $PGHOST:$PGPORT."
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql libpq-dev >/dev/null \
            || die "could not install postgresql with apt-get."
    fi
    if ! pg_ready; then
        say "PostgreSQL not answering on $PGHOST:$PGPORT: starting the local cluster"
        if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null \
                || die "could not install postgresql with apt-get."
        fi
        local version
        version="$(ls /etc/postgresql | sort -n | tail -n 1)"
        pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || pg_ctlcluster "$version" main start \
            || die "could not start PostgreSQL $version (pg_ctlcluster $version main start)."
        for _ in $(seq 30); do pg_ready && break; sleep 1; done
        pg_ready || die "PostgreSQL did not come up on $PGHOST:$PGPORT."
    fi
    # Odoo refuses to run as the postgres superuser: it needs a role of its own.
    if ! psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER_ODOO" -d postgres -Atc "select 1" >/dev/null 2>&1; then
        say "creating the PostgreSQL role $PGUSER_ODOO"
        local sql="CREATE ROLE $PGUSER_ODOO LOGIN CREATEDB SUPERUSER PASSWORD '$PGUSER_ODOO'"
        psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -c "$sql" >/dev/null 2>&1 \
            || su postgres -c "psql -p $PGPORT -c \"$sql\"" >/dev/null \
            || die "could not create the role $PGUSER_ODOO; create it: CREATE ROLE $PGUSER_ODOO LOGIN CREATEDB SUPERUSER."
    fi
    psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER_ODOO" -d postgres -Atc "select 1" >/dev/null 2>&1 \
        || die "cannot log in to PostgreSQL as $PGUSER_ODOO on $PGHOST:$PGPORT (allow it in pg_hba.conf or set PGPASSWORD)."
}

ensure_venv() {
    local stamp="$VENV/.requirements.sha"
    local want
    want="$(cat "$ROOT/requirements.txt" "$ROOT/requirements-oca.txt" | sha256sum | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return
    fi
    if ! command -v pg_config >/dev/null; then
        say "installing libpq-dev (psycopg2 builds from source)"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpq-dev >/dev/null \
            || die "psycopg2 needs libpq-dev: apt-get install libpq-dev."
    fi
    say "installing requirements into $VENV (first run takes a few minutes)"
    "$PYTHON" -m venv "$VENV" || die "could not create a virtualenv with $PYTHON (apt-get install python3-venv)."
    "$VENV/bin/pip" install -q -r "$ROOT/requirements.txt" || die "pip install -r requirements.txt failed."
    "$VENV/bin/pip" install -q --no-deps -r "$ROOT/requirements-oca.txt" || die "pip install of the OCA wheels failed."
    echo "$want" > "$stamp"
}

addons_path() {
    local oca
    oca="$("$VENV/bin/python" -c 'import os, sysconfig; print(os.path.join(sysconfig.get_paths()["purelib"], "odoo", "addons"))')"
    echo "$ODOO_PATH/addons,$ODOO_PATH/odoo/addons,$oca,$ROOT"
}

# odoo DB ARGS...: run odoo-bin against database DB.
odoo() {
    local db="$1"; shift
    PYTHONPATH="$ODOO_PATH" "$VENV/bin/python" "$ODOO_PATH/odoo-bin" \
        --db_host "$PGHOST" --db_port "$PGPORT" --db_user "$PGUSER_ODOO" --db_password "$PGUSER_ODOO" \
        --addons-path "$(addons_path)" -d "$db" "$@"
}

drop_db() {
    psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER_ODOO" -d postgres -qc "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null
}

# The project's addons, in dependency order: the shared base, the tiers and the customer lock,
# one addon per further domain, the glue addons joining two domains, the certificates.
ADDON_DIRS=(
    sales_governance_base sales_governance
    sales_contract_review sales_expense_budget sales_kpi sales_quality_loop
    sales_kpi_quality_loop sales_kpi_expense_budget sales_governance_dashboard
    sales_qualification
)
ADDONS="$(IFS=,; echo "${ADDON_DIRS[*]}")"
