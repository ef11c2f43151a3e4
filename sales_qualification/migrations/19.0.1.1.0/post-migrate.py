"""Settings per company, reviews on the OCA validation engine.

- the global parameters sales_qualification.* become the fields of every company;
- the legal/finance/technical reviewers named in Settings become the reviewers of the
  matching review tiers;
- certificates still in review get their tier reviews, with the decisions already taken.
"""

from odoo import SUPERUSER_ID, api
from odoo.addons.sales_qualification.models.res_company import MAX_SETTING_DAYS, parse_lead_days

PARAMS = {
    "sales_qualification.alert_lead_days": "qualification_alert_lead_days",
    "sales_qualification.min_remaining_days": "qualification_min_remaining_days",
    "sales_qualification.max_borrow_days": "qualification_max_borrow_days",
    "sales_qualification.manager_id": "qualification_manager_id",
}
DEPARTMENTS = ("legal", "finance", "technical")


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    ICP = env["ir.config_parameter"]
    _migrate_settings(env, ICP)
    _migrate_reviewers(env, ICP)
    _migrate_reviews(env)
    keys = list(PARAMS) + [f"sales_qualification.{dept}_reviewer_id" for dept in DEPARTMENTS]
    ICP.search([("key", "in", keys)]).unlink()


def _migrate_settings(env, ICP):
    """Copy each parameter to every company, when it is a value the settings now accept."""
    vals = {}
    lead_days = ICP.get_param("sales_qualification.alert_lead_days")
    try:
        if lead_days and parse_lead_days(lead_days):
            vals["qualification_alert_lead_days"] = lead_days
    except ValueError:
        pass
    for key in ("min_remaining_days", "max_borrow_days"):
        try:
            value = int(ICP.get_param(f"sales_qualification.{key}") or -1)
        except ValueError:
            continue
        if 0 <= value <= MAX_SETTING_DAYS:
            vals[f"qualification_{key}"] = value
    manager_id = ICP.get_param("sales_qualification.manager_id")
    if manager_id and manager_id.isdigit():
        vals["qualification_manager_id"] = env["res.users"].browse(int(manager_id)).exists().id
    if vals:
        env["res.company"].search([]).write(vals)


def _migrate_reviewers(env, ICP):
    for dept in DEPARTMENTS:
        value = ICP.get_param(f"sales_qualification.{dept}_reviewer_id")
        reviewer = env["res.users"].browse(int(value)).exists() if value else None
        tier = env.ref(f"sales_qualification.tier_definition_qualification_{dept}", False)
        if reviewer and tier:
            tier.write(
                {
                    "review_type": "individual",
                    "reviewer_id": reviewer.id,
                    "reviewer_group_id": False,
                }
            )


def _migrate_reviews(env):
    cr = env.cr
    cr.execute("SELECT to_regclass('sales_qualification_review_legacy')")
    if not cr.fetchone()[0]:
        return
    in_review = env["sales.qualification"].search([("state", "=", "review")])
    in_review.request_validation()
    cr.execute(
        """SELECT qualification_id, review_type, state, comment, decided_by_id, decision_date
             FROM sales_qualification_review_legacy
            WHERE qualification_id = ANY(%s) AND state = 'approved'""",
        [in_review.ids],
    )
    for qualification_id, dept, _state, comment, user_id, date in cr.fetchall():
        qualification = env["sales.qualification"].browse(qualification_id)
        qualification.review_ids.filtered(
            lambda r, d=dept: r.definition_id.qualification_review_type == d
            and r.status in ("waiting", "pending")
        ).write(
            {
                "status": "approved",
                "comment": comment,
                "done_by": user_id,
                "reviewed_date": date,
            }
        )
    in_review._on_review_decided()
    cr.execute("DROP TABLE sales_qualification_review_legacy CASCADE")
