"""Scheduled jobs that run exactly once on many workers and servers sharing one database.

Odoo's scheduler already runs one cron record in one worker at a time, but the same job
method is also reached by 运行 (run manually), by a second cron record, by a shell, or by a
server still on the old schedule. Each job method therefore:

1. takes ``job_lock(env, name)`` first: a transaction-level PostgreSQL advisory lock of the
   job (a second run at the same moment does not get it and stops at once, doing nothing),
   then a write of the job's row (``sales.job.run``): a run whose transaction began before
   another run committed (Odoo's transactions are repeatable read: it would not see that
   work done) is refused the row by PostgreSQL and stops too, quietly;
2. only touches what is not done yet and marks what it did on the rows it handled, so a run
   that starts after another one finds nothing left;
3. works in batches when the work can be long, committing each batch with
   ``commit_batch`` (Odoo's ``ir.cron._commit_progress``) and taking the lock again for the
   next one, so a worker's time limit loses or repeats nothing.
"""

import hashlib

import psycopg2.errors

from odoo import modules
from odoo.tools import SQL

BATCH_SIZE = 1000


def _lock_key(name):
    """A stable signed 64-bit key of job ``name`` (advisory locks are per database)."""
    digest = hashlib.sha256(f"sales_governance_job:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def job_lock(env, name):
    """Take the lock of job ``name`` for the current transaction, without waiting.

    False: another transaction runs the job right now, or committed a run this transaction's
    snapshot cannot see; the caller does nothing (that run did or does the work). The lock
    goes with the transaction (commit or rollback) and never outlives a crashed worker.
    """
    cr = env.cr
    # Who runs the job now: a transaction-level advisory lock, never waited for.
    cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s)", _lock_key(name)))
    if not cr.fetchone()[0]:
        return False
    # Whether this transaction sees the last run: it writes the job's row, which PostgreSQL
    # refuses (serialization failure) when a run committed a newer version of the row after
    # this transaction's snapshot. Only holders of the advisory lock write it: no waiting.
    try:
        with cr.savepoint(flush=False):
            cr.execute(
                SQL(
                    "INSERT INTO sales_job_run (name, batch_count) VALUES (%s, 0) "
                    "ON CONFLICT (name) DO NOTHING",
                    name,
                ),
                log_exceptions=False,
            )
            cr.execute(
                SQL(
                    "UPDATE sales_job_run SET last_start = now() at time zone 'UTC', "
                    "batch_count = batch_count + 1 WHERE name = %s",
                    name,
                ),
                log_exceptions=False,
            )
    except psycopg2.errors.SerializationFailure:
        return False
    return True


def commit_batch(env, done, remaining=None):
    """Commit a finished batch and report it to the running cron (``_commit_progress``).

    Returns whether the job may go on with another batch: False when the cron's time is up
    (it is rescheduled at once for what remains). Called outside a scheduled run (a shell, a
    benchmark, a test: the caller owns the transaction) it commits nothing and goes on.
    """
    if modules.module.current_test or not env.context.get("cron_id"):
        return True
    return env["ir.cron"]._commit_progress(done, remaining=remaining) > 0


def run_batches(env, name, step, size=BATCH_SIZE):
    """Run ``step(limit)`` (it handles at most ``limit`` items not handled yet and returns
    how many it handled) batch after batch under the lock of job ``name``, committing each.

    Returns True when everything is done, False when the job stops early: another worker
    holds the job (it does the rest) or the cron's time is up (it is rescheduled at once).
    """
    while True:
        if not job_lock(env, name):
            return False
        done = step(size)
        more = done >= size
        if not commit_batch(env, done, remaining=1 if more else 0) and more:
            return False
        if not more:
            return True
