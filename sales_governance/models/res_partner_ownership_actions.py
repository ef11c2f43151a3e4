from psycopg2 import errors as pg_errors

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..const import OWNED_STATES


class ResPartner(models.Model):
    """Changing a customer's owner (claim from the pool, release, keep a stale customer,
    reassign, request access), always under a row lock and always logged."""

    # One concern per file, as Odoo splits mail.thread: not merged with res_partner.py.
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # === ACTIONS === #
    def action_claim(self):
        """Take customers from the public pool (representatives claim from the pool itself,
        ``sales.customer.pool``: they may not read a pool customer before it is theirs)."""
        self.check_access("read")
        self._claim_from_pool()
        return True

    def action_release(self):
        """Give customers back to the public pool (owner, their manager or a director)."""
        for partner in self:
            if partner.ownership_state not in OWNED_STATES:
                raise UserError(self.env._("%s is not owned by anyone.", partner.display_name))
            partner._check_can_manage_ownership()
        # sudo: ownership columns are written only by _change_ownership; rights checked above
        self.sudo()._change_ownership(
            "release", self.env._("Released to the public pool"), owner=self.env["res.users"]
        )
        return True

    def action_keep_owner(self):
        """The manager decides a stale customer stays with its owner for another period."""
        for partner in self:
            if partner.ownership_state != "stale":
                raise UserError(self.env._("%s is not awaiting a decision.", partner.display_name))
            partner._check_can_manage_ownership(manager_only=True)
        # sudo: ownership columns are written only by _change_ownership; rights checked above
        self.sudo()._change_ownership(
            "renew", self.env._("Kept by the manager's decision"), state="protected", dates="renew"
        )
        return True

    def action_open_reassign_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reassign Customers"),
            "res_model": "sales.customer.reassign",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.ids},
        }

    def action_request_access(self, reason=False):
        """The access-request form for this customer, found through the customer directory
        (what a representative may see of another's customer), with ``reason`` filled in."""
        self.ensure_one()
        context = {"default_directory_id": self.commercial_partner_id.id}
        if reason:
            context["default_reason"] = reason
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request Access"),
            "res_model": "sales.customer.access.request",
            "view_mode": "form",
            "target": "new",
            "context": context,
        }

    # === BUSINESS METHODS === #
    def _check_can_manage_ownership(self, manager_only=False):
        self.ensure_one()
        user = self.env.user
        if self.env.su or self._is_ownership_manager(user):
            return
        if not manager_only and self.user_id == user:
            return
        raise AccessError(
            self.env._(
                "Only the manager of %(owner)s or a director may change the owner of %(customer)s.",
                owner=self.user_id.name,
                customer=self.display_name,
            )
        )

    def _lock_for_ownership_change(self):
        """Lock the rows so that two simultaneous claims end with one owner."""
        if not self.ids:
            return
        try:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM res_partner WHERE id IN %s FOR NO KEY UPDATE NOWAIT",
                    tuple(self.ids),
                )
            )
        except (pg_errors.LockNotAvailable, pg_errors.SerializationFailure) as exc:
            raise UserError(
                self.env._("Someone else is taking this customer right now. Reload and try again.")
            ) from exc
        # What the lock protects, read again: the ownership columns only (see OWNERSHIP_COLUMNS).
        self.invalidate_recordset(["ownership_state", "user_id"])
        self._sudo_ownership()

    def _claim_from_pool(self):
        """The current user takes these customers from the public pool: under a row lock, within
        the holding and daily limits and the cooldown, logged. Until then the claimer may not
        read them, so only their ownership columns are read."""
        partners = self._sudo_ownership()
        partners._lock_for_ownership_change()
        taken = partners.filtered(lambda p: p.ownership_state != "pool" or p.parent_id)
        if taken:
            # Who may read the customer (its owner's manager) learns who took it; anybody else
            # neither name nor owner: the ids come from the client, and must not list the archive.
            readable = taken._filter_readable(self.env.user)
            if readable:
                raise UserError(
                    self.env._(
                        "%(customer)s is no longer in the public pool: %(owner)s owns it.",
                        customer=readable[0].name,
                        owner=readable[0].user_id.name or "-",
                    )
                )
            raise UserError(
                self.env._(
                    "This customer is no longer in the public pool: someone claimed or "
                    "registered it first. Reload the public pool."
                )
            )
        user = self.env.user
        user._check_can_take_customers(partners)
        partners._change_ownership("claim", self.env._("Claimed from the public pool"), owner=user)

    def _change_ownership(
        self, event, reason, owner=None, state=None, dates=None, rows=None, chatter=True
    ):
        """The one home of a change of ownership and of its log: registration, claim, release,
        reassignment, transfer on request, the manager's renewal, hand-over, merge, the daily
        job, the install hook and the initial import all call it.

        ``self``: top-level customers (their contacts follow). ``owner``: the new owner of all of
        them (a ``res.users`` record; empty: the public pool), or None to keep each one's owner.
        ``state``: the new state (default: protected with an owner, pool without). ``dates``:
        ``"new"`` (owned and maintained from now: the default with a new owner), ``"renew"``
        (maintained from now) or ``"keep"``; in the pool there are none. ``rows``: explicit
        values per customer ``{id: (owner id, state, owned since, last maintained)}``.
        ``event``: the log's event (None: not an owner change, nothing logged).

        Set-based: one statement locks and reads the rows, one writes the log and the customers
        with their contacts; then the ORM learns what changed (caches, stored fields depending
        on the owner, the end of protection, one chatter line per customer).
        """
        if not self and not rows:
            return
        # sudo: ownership columns and their log are written only here, closed to users
        Partner = self.env["res.partner"].sudo()
        now = fields.Datetime.now()
        ids = list(rows) if rows else self.ids
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id, user_id, ownership_state, ownership_date, last_maintenance_date "
                "FROM res_partner WHERE id = ANY(%s) FOR NO KEY UPDATE",
                ids,
            )
        )
        current = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        values = []  # (id, old owner, new owner, state, owned since, last maintained)
        for partner_id, (old_user, _old_state, old_since, old_maintained) in current.items():
            if rows:
                new_user, new_state, since, maintained = rows[partner_id]
            else:
                new_user = old_user if owner is None else (owner.id or None)
                new_state = state or ("protected" if new_user else "pool")
                mode = dates or ("new" if owner else "keep")
                since = now if mode == "new" else old_since
                maintained = now if mode in ("new", "renew") else old_maintained
            if new_state == "pool":
                new_user = since = maintained = None
            values.append(
                (
                    partner_id,
                    old_user,
                    new_user or None,
                    new_state,
                    since or None,
                    maintained or None,
                )
            )
        if not values:
            return
        columns = list(zip(*values, strict=True))
        try:
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    SQL(
                        """
                WITH c AS (
                    SELECT * FROM unnest(%(ids)s::int[], %(old)s::int[], %(new)s::int[],
                                         %(states)s::varchar[], %(since)s::timestamp[],
                                         %(maintained)s::timestamp[])
                        AS c(id, old_user, new_user, state, since, maintained)
                ), logged AS (
                    INSERT INTO sales_customer_ownership_log
                        (partner_id, old_user_id, new_user_id, event, reason, author_id,
                         create_uid, create_date, write_uid, write_date)
                    SELECT id, old_user, new_user, %(event)s, %(reason)s, %(uid)s,
                           %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM c WHERE %(event)s IS NOT NULL
                )
                UPDATE res_partner p
                   SET user_id = c.new_user, ownership_state = c.state,
                       ownership_date = c.since, last_maintenance_date = c.maintained,
                       ownership_warned_date = CASE
                           WHEN c.new_user IS DISTINCT FROM c.old_user
                             OR c.maintained IS DISTINCT FROM p.last_maintenance_date
                           THEN NULL ELSE p.ownership_warned_date END,
                       protection_end_date = CASE WHEN c.state = 'pool' THEN NULL
                                                  ELSE p.protection_end_date END,
                       write_uid = %(uid)s, write_date = %(now)s
                  FROM c
                 WHERE p.commercial_partner_id = c.id
             RETURNING p.id, c.id
                        """,
                        ids=list(columns[0]),
                        old=list(columns[1]),
                        new=list(columns[2]),
                        states=list(columns[3]),
                        since=list(columns[4]),
                        maintained=list(columns[5]),
                        event=event,
                        reason=reason,
                        uid=self.env.uid,
                        now=now,
                    )
                )
                touched = self.env.cr.fetchall()
        except (pg_errors.UniqueViolation, pg_errors.SerializationFailure) as exc:
            raise UserError(
                self.env._(
                    "Another representative registered or claimed this customer at the same "
                    "moment. Reload to see its owner."
                )
            ) from exc
        by_id = {value[0]: value for value in values}
        # Who an approved access request let in loses it with a new owner.
        changed = [pid for pid, old, new, *_rest in values if old != new]
        if changed:
            self.env.cr.execute(
                SQL("DELETE FROM res_partner_shared_user_rel WHERE partner_id = ANY(%s)", changed)
            )
        # The ORM learns what the statement changed: caches, then what depends on it.
        fnames = [
            "user_id",
            "ownership_state",
            "ownership_date",
            "last_maintenance_date",
            "ownership_warned_date",
            "protection_end_date",
            "shared_user_ids",
            "write_uid",
            "write_date",
        ]
        Partner.invalidate_model(fnames)
        self.env["sales.customer.ownership.log"].invalidate_model()
        records = Partner.browse(pid for pid, _commercial in touched)
        records.modified(fnames)
        # The end of protection moves only with the dates (in the pool it was just emptied).
        end_field = Partner._fields["protection_end_date"]
        still = Partner.browse(
            pid
            for pid, commercial in touched
            if by_id[commercial][3] == "pool"
            or (
                by_id[commercial][4] == current[commercial][2]
                and by_id[commercial][5] == current[commercial][3]
                and current[commercial][1] in OWNED_STATES
            )
        )
        self.env.remove_to_compute(end_field, still)
        if chatter:
            labels = dict(Partner._fields["ownership_state"]._description_selection(self.env))
            # sudo: the owners are named in the chatter, whatever the caller may read of users
            owners = self.env["res.users"].sudo().browse(v[2] for v in values if v[2])
            names = {user.id: user.name for user in owners}
            bodies = {}
            for pid, old, new, new_state, *_rest in values:
                if old == new and current[pid][1] == new_state:
                    continue
                bodies[pid] = self.env._(
                    "Ownership: %(state)s%(owner)s. %(reason)s",
                    state=labels[new_state],
                    owner=f" ({names[new]})" if new else "",
                    reason=reason or "",
                )
            if bodies:
                Partner.browse(bodies)._message_log_batch(bodies=bodies)
