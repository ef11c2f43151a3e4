from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The credit limit is now part of the archive's completeness: recompute it."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.partner"]._recompute_archive_completeness()
