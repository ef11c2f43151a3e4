from . import models


def post_init_hook(env):
    """Plan the receipts of the orders confirmed before the addon was installed."""
    env["sale.order"].search([("state", "=", "sale")])._sync_collection_lines()
