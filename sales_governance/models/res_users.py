from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL


class ResUsers(models.Model):
    _inherit = "res.users"

    sales_manager_ids = fields.Many2many(
        "res.users",
        compute="_compute_sales_manager_ids",
        search="_search_sales_manager_ids",
        string="Sales Managers",
        help="Leaders of the user's sales teams; for a user who left, of the teams they were in.",
    )

    # === COMPUTES === #
    def _sales_manager_query(self, column, ids):
        # Memberships of a user who left are archived with them; they still name the manager.
        return SQL(
            """
            SELECT DISTINCT m.user_id, t.user_id
              FROM crm_team_member m
              JOIN crm_team t ON t.id = m.crm_team_id AND t.user_id IS NOT NULL
              JOIN res_users u ON u.id = m.user_id
             WHERE %s IN %s AND (m.active OR NOT u.active)
            """,
            SQL.identifier(*column),
            tuple(ids) or (0,),
        )

    def _compute_sales_manager_ids(self):
        self.env["crm.team.member"].flush_model()
        self.env.cr.execute(self._sales_manager_query(("m", "user_id"), self.ids))
        managers = {}
        for user_id, manager_id in self.env.cr.fetchall():
            managers.setdefault(user_id, []).append(manager_id)
        for user in self:
            user.sales_manager_ids = self.browse(managers.get(user.id, []))

    def _search_sales_manager_ids(self, operator, value):
        """Users managed by the given users: what the managers' record rules ask."""
        if operator not in ("in", "="):
            return NotImplemented
        manager_ids = [value] if isinstance(value, int) else list(value)
        self.env["crm.team.member"].flush_model()
        self.env.cr.execute(self._sales_manager_query(("t", "user_id"), manager_ids))
        return [("id", "in", [user_id for user_id, _manager in self.env.cr.fetchall()])]

    def _check_can_take_customers(self, partners):
        """Holding limit, daily claim limit and reclaim cooldown of the ownership rules."""
        self.ensure_one()
        company = self.company_id
        # sudo: limits count the rep's customers and claims, also those the caller may not read
        Partner = self.env["res.partner"].sudo()
        Log = self.env["sales.customer.ownership.log"].sudo()
        count = max(len(partners), 1)
        if company.max_customers_per_rep:
            held = Partner.search_count(Partner._owned_by_domain(self))
            if held + count > company.max_customers_per_rep:
                raise UserError(
                    self.env._(
                        "%(user)s already holds %(held)s customers; the limit is %(limit)s. "
                        "Release a customer first.",
                        user=self.name,
                        held=held,
                        limit=company.max_customers_per_rep,
                    )
                )
        if company.max_claims_per_day:
            # Midnight of the user's day (China: UTC+8), as the naive UTC Odoo stores.
            now_local = fields.Datetime.context_timestamp(self, fields.Datetime.now())
            today = (
                now_local.replace(hour=0, minute=0, second=0, microsecond=0)
                .astimezone(pytz.utc)
                .replace(tzinfo=None)
            )
            taken = Log.search_count(
                [
                    ("new_user_id", "=", self.id),
                    ("event", "in", ("register", "claim")),
                    ("create_date", ">=", today),
                ]
            )
            if taken + count > company.max_claims_per_day:
                raise UserError(
                    self.env._(
                        "%(user)s has registered or claimed %(taken)s customers today; the daily "
                        "limit is %(limit)s.",
                        user=self.name,
                        taken=taken,
                        limit=company.max_claims_per_day,
                    )
                )
        if company.reclaim_cooldown_days and partners:
            since = fields.Datetime.now() - timedelta(days=company.reclaim_cooldown_days)
            lost = Log.search(
                [
                    ("partner_id", "in", partners.ids),
                    ("old_user_id", "=", self.id),
                    ("event", "in", ("release", "auto_release", "reassign", "transfer", "stale")),
                    ("create_date", ">=", since),
                ],
                limit=1,
            )
            if lost:
                raise UserError(
                    self.env._(
                        "%(user)s released or lost %(customer)s on %(date)s and may claim it again "
                        "only after %(days)s days.",
                        user=self.name,
                        customer=lost.partner_id._sudo_ownership().name,
                        date=fields.Date.to_string(lost.create_date),
                        days=company.reclaim_cooldown_days,
                    )
                )

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        # A user's partner is no customer: it stays outside the ownership lock.
        # (Imported here: importing the module above would reorder the partner's classes.)
        from .res_partner_duplicate import creating_non_customers

        with creating_non_customers():
            users = super().create(vals_list)
        users._set_sales_home_action()
        return users

    def write(self, vals):
        if vals.get("active") is False and not self.env.context.get("sales_governance_handed_over"):
            # Before archiving: the team memberships, which name the manager, go with the user.
            self.filtered("active")._hand_over_customers()
        result = super().write(vals)
        if "group_ids" in vals:
            self._set_sales_home_action()
        return result

    @api.model
    def _get_sales_home_actions(self):
        """``(group, action)`` pairs, the first group a user has decides where they land."""
        return [
            ("sales_governance.group_sales_rep", "sales_governance.res_partner_action_customers")
        ]

    def _set_sales_home_action(self):
        """Users given a sales tier land in Sales Governance instead of Discuss (their
        customers, for the sales tiers). A home action someone chose for the user is kept."""
        homes = self._get_sales_home_actions()
        # sudo: the home action is set by the system, whoever grants the tier
        for user in self.sudo().filtered(lambda u: not u.action_id and not u.share):
            for group, action in homes:
                if user.has_group(group):
                    home = self.env.ref(action, raise_if_not_found=False)
                    if home:
                        user.action_id = home.id
                    break

    def action_archive(self):
        # sales_team archives the team memberships before the user: hand over first.
        self.filtered("active")._hand_over_customers()
        return super(
            ResUsers, self.with_context(sales_governance_handed_over=True)
        ).action_archive()

    def _hand_over_customers(self):
        """A leaving representative's customers go to their manager's queue (stale), with their
        open opportunities and quotations assigned to that manager."""
        # sudo: a leaving rep's customers are handed over by the system, whoever archives them
        Partner = self.env["res.partner"].sudo()
        for user in self:
            partners = Partner.search(Partner._owned_by_domain(user))
            if not partners:
                continue
            # sudo: the rep's manager, whatever the caller may read of teams
            manager = user.sudo().sales_manager_ids[:1]
            partners._change_ownership(
                "handover", self.env._("%s left the company", user.name), state="stale"
            )
            if manager:
                commercial = [("partner_id", "child_of", partners.ids), ("user_id", "=", user.id)]
                # sudo: the rep's open leads go to the manager, whoever archives the rep
                self.env["crm.lead"].sudo().search(
                    commercial + [("active", "=", True), ("won_status", "=", "pending")]
                ).write({"user_id": manager.id})
                # sudo: and so do the rep's open quotations
                self.env["sale.order"].sudo().search(
                    commercial + [("state", "in", ("draft", "sent"))]
                ).write({"user_id": manager.id})
            user._notify_stale_managers()

    def _notify_stale_managers(self):
        """Tell the managers of these owners that customers wait in their stale queue: one
        activity per manager, however many customers, and none while one is still open."""
        # sudo: the owners' managers are told, whatever the caller may read of teams
        managers = self.sudo().sales_manager_ids
        if not managers:
            return
        summary = self.env._("Stale customers await your decision")
        # sudo: the manager's open activities are looked up and written for any caller
        Activity = self.env["mail.activity"].sudo()
        open_for = Activity.search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", managers.partner_id.ids),
                ("summary", "=", summary),
            ]
        ).user_id
        model_id = self.env["ir.model"]._get_id("res.partner")
        todo = self.env.ref("mail.mail_activity_data_todo")
        Activity.create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": manager.partner_id.id,
                    "activity_type_id": todo.id,
                    "user_id": manager.id,
                    "summary": summary,
                    "note": self.env._(
                        "Open Sales Governance > To Decide > Stale Customers: keep each customer "
                        "with its owner, reassign it within the team, or release it to the pool."
                    ),
                }
                for manager in managers - open_for
            ]
        )

    # --- Who leads whom: the one home of the director tier's xml id --- #
    def _is_sales_director(self):
        """Whether ``self`` (one user) is a sales director (销售总监)."""
        self.ensure_one()
        return self.has_group("sales_governance.group_sales_director")

    @api.model
    def _get_sales_directors(self, company=None):
        """The active sales directors (of ``company`` when given), as superuser: who is told,
        or who reviews, when a representative has no team leader to ask."""
        # sudo: the group's members are read to address them, whoever triggers the notice
        directors = self.env.ref("sales_governance.group_sales_director").sudo().all_user_ids
        if company:
            directors = directors.filtered(lambda user: company in user.company_ids)
        return directors

    def _is_sales_leader_of(self, user):
        """Whether ``self`` (one user) leads a team ``user`` belongs to, or is a director: who
        reviews a representative's log and decides on their complaints."""
        self.ensure_one()
        if self._is_sales_director():
            return True
        # sudo: the user's managers, whatever the caller may read of teams
        return bool(user) and self in user.sudo().sales_manager_ids

    @api.model
    def _check_sales_leader_of(self, user, message, doers=None, excluded=None):
        """The one "who may act" check of revisits, work logs, complaints and their actions:
        the current user acts on a record of ``user`` when among ``doers`` (the record's own
        people), or as a leader of ``user`` (``_is_sales_leader_of``) not among ``excluded``
        (nobody reviews their own work). Raises ``AccessError(message)`` otherwise. Called on
        the caller's environment (``env.user`` is always superuser): sudo acts."""
        if self.env.su:
            return
        actor = self.env.user
        if doers and actor in doers:
            return
        if (not excluded or actor not in excluded) and actor._is_sales_leader_of(user):
            return
        raise AccessError(message)
