"""One guard for where a change leaves a record: still within reach of whoever made it.

Odoo checks the record rules of a write on the records as they were *before* it: a manager may
write a value that moves a record out of what they may change (a rep of another team, another
company), and the record then stays where they put it. This guard checks, after every create
and write of a user (not the superuser, not the model's own workflow code), that each record
is still within that user's record rules and allowed companies; otherwise the change is
refused with the rest of the request.

Every model of the sales governance addons inherits it (``sales.workflow.mixin`` does, the
others list it first in ``_inherit``); ``tests/test_reach_guard.py`` walks the registry and
proves it for each, so that a new model cannot forget it.
"""

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import format_list

# Records named in a refusal: enough to recognise them, short enough to read.
MAX_NAMED_RECORDS = 3


class SalesReachGuardMixin(models.AbstractModel):
    _name = "sales.reach.guard.mixin"
    _description = "Stays Within Reach"

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if records._is_reach_guarded():
            records._check_within_reach("create", company_changed=True)
        return records

    def write(self, vals):
        result = super().write(vals)
        if self._is_reach_guarded():
            self._check_within_reach("write", company_changed="company_id" in vals)
        return result

    # === BUSINESS METHODS === #
    def _is_reach_guarded(self):
        """Whether a change of ``self`` is checked: a user's (``sales.workflow.mixin`` leaves
        out its workflow code, which runs its own checks and may hand a record on, e.g. to its
        approver)."""
        return not self.env.su

    def _check_within_reach(self, operation, company_changed=False):
        """Refuse the change unless every record of ``self`` is still within the current user's
        ``operation`` rules and, when its company was set, in one of their allowed companies."""
        records = self.exists()
        if not records:
            return
        outside = records - records._filtered_access(operation)
        if outside:
            raise AccessError(
                self.env._(
                    "This change would put %(records)s out of your reach (a salesperson, team "
                    "or company you may not change): it is refused.",
                    records=outside._get_reach_names(),
                )
            )
        field = records._fields.get("company_id")
        if company_changed and field and field.comodel_name == "res.company":
            # sudo: the company itself may be one the user cannot read
            foreign = records.sudo().filtered(
                lambda record: record.company_id and record.company_id not in self.env.companies
            )
            if foreign:
                raise AccessError(
                    self.env._(
                        "%(records)s would belong to %(company)s, which is not one of your "
                        "allowed companies: the change is refused.",
                        records=foreign.with_env(self.env)._get_reach_names(),
                        company=foreign[:1].company_id.name,
                    )
                )

    def _get_reach_names(self):
        # sudo: the user wrote these records a moment ago: naming them discloses nothing new
        names = [record.display_name for record in self.sudo()[:MAX_NAMED_RECORDS]]
        if len(self) > MAX_NAMED_RECORDS:
            names.append(self.env._("%s more", len(self) - MAX_NAMED_RECORDS))
        label = self.env["ir.model"]._get(self._name).name or self._description
        return self.env._("%(model)s %(names)s", model=label, names=format_list(self.env, names))
