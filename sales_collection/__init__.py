from . import models
from . import wizard


def post_init_hook(env):
    """Plan the receipts of the orders confirmed before the addon was installed; the
    credit limit counts in the archive's completeness."""
    env["sale.order"].search([("state", "=", "sale")])._sync_collection_lines()
    env["res.partner"]._recompute_archive_completeness()
