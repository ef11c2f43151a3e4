# Shared setup for the project's scripts: Odoo tree, PostgreSQL, virtualenv.
# Sourced, not run. Every failure is one line saying what is wrong and how to fix it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The Odoo source tree. ODOO_PATH, when set, is used as given (and never fetched into). Unset:
# /opt/odoo when it holds Odoo 19.0, else the project's cache .cache/odoo, which check_odoo
# fills on first use with a shallow clone of the official repository's 19.0 branch.
ODOO_SERIES="19.0"
ODOO_CACHE="${SG_ODOO_CACHE:-$ROOT/.cache/odoo}"
ODOO_GIT_URL="${SG_ODOO_GIT_URL:-https://github.com/odoo/odoo.git}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER_ODOO="${PGUSER_ODOO:-odoo}"
VENV="${SG_VENV:-$HOME/.cache/sales-governance/venv}"
PYTHON="${PYTHON:-python3}"

die() { echo "error: $*" >&2; exit 2; }
say() { echo "==> $*" >&2; }

# odoo_series DIR: the version of the Odoo tree at DIR as release.py says it (19.0), or nothing.
odoo_series() {
    [ -f "$1/odoo/release.py" ] || return 0
    sed -n "s/^version_info = (\([^,]*\), *\([^,]*\),.*/\1.\2/p" "$1/odoo/release.py" | tr -d "'\" " | head -n 1
}

if [ -n "${ODOO_PATH:-}" ]; then
    ODOO_PATH_GIVEN=1
else
    ODOO_PATH_GIVEN=0
    ODOO_PATH="${SG_ODOO_SYSTEM_PATH:-/opt/odoo}"
    [ "$(odoo_series "$ODOO_PATH")" = "$ODOO_SERIES" ] || ODOO_PATH="$ODOO_CACHE"
fi

check_odoo() {
    if [ ! -x "$ODOO_PATH/odoo-bin" ]; then
        [ "$ODOO_PATH_GIVEN" = 0 ] || die "no Odoo source tree at ODOO_PATH=$ODOO_PATH (odoo-bin missing): \
check out the $ODOO_SERIES branch of odoo/odoo there, or unset ODOO_PATH to have it fetched into $ODOO_CACHE."
        fetch_odoo
    fi
    local series
    series="$(odoo_series "$ODOO_PATH")"
    [ "$series" = "$ODOO_SERIES" ] || die "the Odoo tree at $ODOO_PATH is version ${series:-unknown}, \
not $ODOO_SERIES: point ODOO_PATH to a $ODOO_SERIES tree (git clone --depth 1 -b $ODOO_SERIES $ODOO_GIT_URL)."
}

# Shallow clone of the 19.0 branch into the cache (once; about 1 GB). Offline, one line says
# what to do, and nothing half-made is left behind: the clone lands in a temporary folder
# and is moved into place only once its version is checked.
fetch_odoo() {
    local parent log tmp series
    parent="$(dirname "$ODOO_CACHE")"
    log="$parent/odoo-fetch.log"
    tmp="$ODOO_CACHE.tmp.$$"
    local offline="no Odoo $ODOO_SERIES tree found, and fetching it from $ODOO_GIT_URL failed (offline? \
see $log): run git clone --depth 1 -b $ODOO_SERIES $ODOO_GIT_URL $ODOO_CACHE where there is network, \
or set ODOO_PATH to an Odoo $ODOO_SERIES tree."
    mkdir -p "$parent" || die "cannot create $parent for the Odoo source tree: set ODOO_PATH to a $ODOO_SERIES tree."
    : > "$log"
    if ! command -v git >/dev/null; then
        { command -v apt-get >/dev/null && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq git; } \
            >>"$log" 2>&1 || die "$offline"
    fi
    # A quick look first, so that without network the answer comes at once.
    GIT_TERMINAL_PROMPT=0 timeout 60 git ls-remote --exit-code --heads "$ODOO_GIT_URL" "$ODOO_SERIES" >>"$log" 2>&1 || die "$offline"
    say "fetching Odoo $ODOO_SERIES into $ODOO_CACHE (a shallow clone, about 1 GB, once)"
    rm -rf "$tmp"
    if ! GIT_TERMINAL_PROMPT=0 git -c http.lowSpeedLimit=1000 -c http.lowSpeedTime=60 clone -q --depth 1 --single-branch \
            -b "$ODOO_SERIES" "$ODOO_GIT_URL" "$tmp" >>"$log" 2>&1; then
        rm -rf "$tmp"
        die "$offline"
    fi
    series="$(odoo_series "$tmp")"
    if [ "$series" != "$ODOO_SERIES" ] || [ ! -x "$tmp/odoo-bin" ]; then
        rm -rf "$tmp"
        die "the branch $ODOO_SERIES of $ODOO_GIT_URL holds Odoo ${series:-unknown}, not $ODOO_SERIES: \
set ODOO_PATH to a $ODOO_SERIES tree."
    fi
    # Another script may have fetched it meanwhile: keep the first.
    if [ -e "$ODOO_CACHE" ]; then rm -rf "$tmp"; else mv "$tmp" "$ODOO_CACHE"; fi
    ODOO_PATH="$ODOO_CACHE"
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
        # A cluster the machine is still starting (or recovering) is "already running": wait for it.
        pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
            || pg_ctlcluster "$version" main start 2>/dev/null \
            || say "pg_ctlcluster $version main start refused (already starting?): waiting for PostgreSQL"
        for _ in $(seq 180); do pg_ready && break; sleep 1; done
        pg_ready || die "PostgreSQL $version did not come up on $PGHOST:$PGPORT within 3 minutes \
(pg_lsclusters: $(pg_lsclusters -h 2>/dev/null | tr -s ' ' | tr '\n' ';'))."
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
    sales_contract_review sales_collection sales_expense_budget sales_kpi sales_quality_loop
    sales_kpi_quality_loop sales_kpi_expense_budget sales_kpi_collection sales_governance_dashboard
    sales_collection_dashboard sales_qualification
)
ADDONS="$(IFS=,; echo "${ADDON_DIRS[*]}")"
