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
        self.sudo()._set_owner(
            self.env["res.users"], "release", self.env._("Released to the public pool")
        )
        return True

    def action_keep_owner(self):
        """The manager decides a stale customer stays with its owner for another period."""
        for partner in self:
            if partner.ownership_state != "stale":
                raise UserError(self.env._("%s is not awaiting a decision.", partner.display_name))
            partner._check_can_manage_ownership(manager_only=True)
        self.sudo().write(
            {"ownership_state": "protected", "last_maintenance_date": fields.Datetime.now()}
        )
        self.sudo()._log_ownership("renew", self.env._("Kept by the manager's decision"))
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
        if any(p.ownership_state != "pool" or p.parent_id for p in partners):
            # No name nor owner: the ids come from the client, the error must not list the archive.
            raise UserError(
                self.env._(
                    "This customer is no longer in the public pool: someone claimed or "
                    "registered it first. Reload the public pool."
                )
            )
        user = self.env.user
        user._check_can_take_customers(partners)
        now = fields.Datetime.now()
        partners._set_owner(user, "claim", self.env._("Claimed from the public pool"))
        partners.write({"ownership_date": now, "last_maintenance_date": now})

    def _set_owner(self, user, event, reason):
        """Give the customers (and their contacts) to ``user``, or to the pool if empty; log it."""
        now = fields.Datetime.now()
        for partner in self:
            self.env["sales.customer.ownership.log"].sudo().create(
                {
                    "partner_id": partner.id,
                    "old_user_id": partner.user_id.id,
                    "new_user_id": user.id,
                    "event": event,
                    "reason": reason,
                }
            )
        vals = {
            "user_id": user.id,
            "ownership_state": "protected" if user else "pool",
            "ownership_date": now if user else False,
            "last_maintenance_date": now if user else False,
            "ownership_warned_date": False,
            "shared_user_ids": [fields.Command.clear()],
        }
        try:
            with self.env.cr.savepoint():
                self.write(vals)
                self.env.flush_all()
        except (pg_errors.UniqueViolation, pg_errors.SerializationFailure) as exc:
            raise UserError(
                self.env._(
                    "Another representative registered or claimed this customer at the same "
                    "moment. Reload to see its owner."
                )
            ) from exc

    def _log_ownership(self, event, reason, old_user=None):
        self.env["sales.customer.ownership.log"].sudo().create(
            [
                {
                    "partner_id": partner.id,
                    "old_user_id": (old_user or partner.user_id).id,
                    "new_user_id": partner.user_id.id,
                    "event": event,
                    "reason": reason,
                }
                for partner in self
            ]
        )
