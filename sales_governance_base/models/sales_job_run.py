from odoo import fields, models


class SalesJobRun(models.Model):
    """One row per scheduled job of the sales governance addons: the job's lock.

    A run locks its job's row (``FOR NO KEY UPDATE SKIP LOCKED``) and marks it, in each
    transaction it commits: a second run at the same moment finds the row locked and stops,
    and a run whose snapshot predates another run's commit is refused the row by PostgreSQL
    (it would otherwise redo what it cannot see done). See ``sales_governance_base.jobs``.
    """

    _name = "sales.job.run"
    _inherit = ["sales.reach.guard.mixin"]
    _description = "Scheduled Job Run"
    _order = "name"

    name = fields.Char(required=True, readonly=True)
    last_start = fields.Datetime(string="Last Batch Started", readonly=True)
    batch_count = fields.Integer(string="Batches", readonly=True)

    _name_uniq = models.UniqueIndex("(name)", "Each job has one row.")
