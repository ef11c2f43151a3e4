from odoo import api, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    @api.model_create_multi
    def create(self, vals_list):
        activities = super().create(vals_list)
        if not self.env.su:
            activities._customer_partners()._check_may_work_on(self.env.user)
        return activities

    def write(self, vals):
        res = super().write(vals)
        if not self.env.su and {"res_model", "res_model_id", "res_id", "user_id"} & vals.keys():
            self._customer_partners()._check_may_work_on(self.env.user)
        return res

    def _action_done(self, feedback=False, attachment_ids=None):
        # A done activity on a customer, its opportunity or its order is maintenance by its owner.
        partners_by_user = {}
        for activity in self:
            partners_by_user.setdefault(activity.user_id, self.env["res.partner"])
            partners_by_user[activity.user_id] |= activity._customer_partners()
        res = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        for user, partners in partners_by_user.items():
            partners._touch_maintenance(user)
        return res

    def _customer_partners(self):
        """The customers the activities are about."""
        partners = self.env["res.partner"]
        # sudo: the activity's document may be one the user cannot read
        for activity in self.sudo():
            if not activity.res_model or not activity.res_id:
                continue
            # sudo: the document is only looked at for its customer
            record = self.env[activity.res_model].sudo().browse(activity.res_id).exists()
            if activity.res_model == "res.partner":
                partners |= record
            elif (
                record
                and "partner_id" in record._fields
                and activity.res_model
                in (
                    "crm.lead",
                    "sale.order",
                )
            ):
                partners |= record.partner_id
        return partners
