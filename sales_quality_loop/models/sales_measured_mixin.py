from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import format_list


class SalesMeasuredMixin(models.AbstractModel):
    """Facts that measure a person (when a complaint was received and how severe it is, when a
    revisit or a corrective action is due, the customer's score) are set by the system, by a
    leader of that person (their manager, a director) or, for a score, by that person alone:
    whoever is measured never sets what their manager decides.

    Built on the workflow guard: what only the workflow sets stays in ``_get_workflow_fields``
    and ``_get_workflow_fixed_fields``; the hooks below add what a leader decides and what only
    the measured person records. Like the workflow guard, it applies to a user's call, on every
    path a client has (form, import, RPC, a one2many command of a parent form)."""

    _name = "sales.measured.mixin"
    _description = "Facts Measuring a Person"
    _inherit = ["sales.workflow.mixin"]

    # === HOOKS (override) === #
    def _get_measured_user(self):
        """The person the record (one) measures: their leaders decide."""
        self.ensure_one()
        return self.user_id

    def _get_measured_users(self):
        """Everyone the record (one) measures: none of them decides, even as a leader."""
        return self._get_measured_user()

    def _get_leader_fields(self):
        """Fields that only a leader of the measured person changes once the record exists."""
        return set()

    def _get_leader_create_fields(self):
        """Fields that a client gives at creation only as such a leader; otherwise the system
        sets them (a complaint is received now)."""
        return set()

    def _get_measured_own_fields(self):
        """Fields that only the measured person writes (the score of their revisit)."""
        return set()

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if self._is_workflow_client():
            leader_fields = self._get_leader_create_fields()
            own_fields = self._get_measured_own_fields()
            for record, vals in zip(records, vals_list, strict=True):
                given = {
                    fname
                    for fname in (leader_fields | own_fields) & vals.keys()
                    if not self._is_blank_value(fname, vals[fname])
                }
                if given & leader_fields:
                    record._check_leader_fields(given & leader_fields)
                if given & own_fields:
                    record._check_measured_own_fields(given & own_fields)
        return records

    def write(self, vals):
        if self._is_workflow_client():
            changed = {
                fname
                for fname in (self._get_leader_fields() | self._get_measured_own_fields())
                & vals.keys()
                if fname in self._fields and not self._is_unchanged(fname, vals[fname])
            }
            if changed & self._get_leader_fields():
                self._check_leader_fields(changed & self._get_leader_fields())
            if changed & self._get_measured_own_fields():
                self._check_measured_own_fields(changed & self._get_measured_own_fields())
        return super().write(vals)

    # === BUSINESS METHODS === #
    def _check_leader_fields(self, fnames):
        """Each record's measured person is led by the current user, who is not measured by it."""
        labels = self._field_labels(fnames)
        Users = self.env["res.users"]
        for record in self:
            user = record._get_measured_user()
            Users._check_sales_leader_of(
                user,
                self.env._(
                    "%(fields)s of %(document)s are decided by the manager of %(user)s or a "
                    "director.",
                    fields=labels,
                    document=record.display_name,
                    user=user.name or "?",
                ),
                excluded=record._get_measured_users(),
            )

    def _check_measured_own_fields(self, fnames):
        labels = self._field_labels(fnames)
        for record in self:
            user = record._get_measured_user()
            if user != self.env.user and not self.env.su:
                raise AccessError(
                    self.env._(
                        "Only %(user)s records %(fields)s of %(document)s.",
                        user=user.name or "?",
                        fields=labels,
                        document=record.display_name,
                    )
                )

    def _field_labels(self, fnames):
        return format_list(
            self.env,
            [self._fields[fname]._description_string(self.env) for fname in sorted(fnames)],
        )
