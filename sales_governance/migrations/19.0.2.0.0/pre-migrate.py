"""19.0.2.0.0: special contracts, expense budgets, KPIs, the quality loop and the dashboard
moved out of this addon into addons of their own (the glue addons join them).

Their records keep their ids and their data: before this addon loads its new code, the xml ids
of the records the new addons define are given to them, the models' constraints and relation
tables too, and the new addons are marked to be loaded in the same upgrade in update mode (as
if they had been installed all along), so no record, setting or history is lost and nothing an
admin edited (noupdate data) is reset. The moved views are deleted and rebuilt by their addons:
left in place, they would be combined with this addon's views while their fields are not loaded.
"""

import logging
import os
import re

from odoo.modules.module import get_manifest, get_module_path

_logger = logging.getLogger(__name__)

MOVED_MODELS = {
    "sales_contract_review": ["sales.contract.clause", "sales.contract.required.field"],
    "sales_expense_budget": [
        "sales.expense.category",
        "sales.expense.budget",
        "sales.expense.budget.line",
        "sales.expense.budget.increase",
        "sales.expense.budget.report",
    ],
    "sales_kpi": [
        "sales.kpi.indicator",
        "sales.kpi.template",
        "sales.kpi.template.line",
        "sales.kpi.scorecard",
        "sales.kpi.scorecard.line",
        "sales.kpi.scorecard.generate",
        "sales.kpi.analysis",
        "sales.target",
    ],
    "sales_quality_loop": [
        "sales.work.log",
        "sales.work.log.line",
        "sales.revisit",
        "sales.complaint",
        "sales.improvement.action",
        "sales.improvement.verify",
    ],
    "sales_kpi_quality_loop": [],
    "sales_kpi_expense_budget": [],
    "sales_governance_dashboard": [],
}
RECORD_ID = re.compile(r'<(?:record|menuitem|template)\b[^>]*?\bid="([a-z0-9_]+)"', re.S)


def _defined_xmlids(module):
    """The xml ids the data and demo files of ``module`` define (unqualified ones)."""
    path = get_module_path(module)
    manifest = get_manifest(module)
    names = set()
    for fname in manifest.get("data", []) + manifest.get("demo", []):
        with open(os.path.join(path, fname), encoding="utf-8") as data:
            text = data.read()
        if fname.endswith(".csv"):
            names |= {line.split(",")[0] for line in text.splitlines()[1:] if line}
        else:
            names |= set(RECORD_ID.findall(text))
    return names


def migrate(cr, version):
    cr.execute("SELECT demo FROM ir_module_module WHERE name = 'sales_governance'")
    demo = cr.fetchone()[0]
    for module, models in MOVED_MODELS.items():
        if not get_module_path(module, display_warning=False):
            _logger.warning("%s is not in the addons path: its records stay unowned", module)
            continue
        names = sorted(_defined_xmlids(module))
        # Views: deleted (children first), rebuilt by the new addon.
        cr.execute(
            """
            SELECT res_id FROM ir_model_data
             WHERE module = 'sales_governance' AND model = 'ir.ui.view' AND name = ANY(%s)
             ORDER BY res_id DESC
            """,
            [names],
        )
        for (view_id,) in cr.fetchall():
            cr.execute("DELETE FROM ir_ui_view WHERE id = %s", [view_id])
        cr.execute(
            """
            DELETE FROM ir_model_data
             WHERE module = 'sales_governance' AND model = 'ir.ui.view' AND name = ANY(%s)
            """,
            [names],
        )
        cr.execute(
            "UPDATE ir_model_data SET module = %s WHERE module = 'sales_governance' AND name = ANY(%s)",
            [module, names],
        )
        moved = cr.rowcount
        if models:
            cr.execute(
                """
                UPDATE ir_model_constraint c SET module = m.id
                  FROM ir_module_module m, ir_model model
                 WHERE m.name = %s AND model.id = c.model AND model.model = ANY(%s)
                """,
                [module, models],
            )
            cr.execute(
                """
                UPDATE ir_model_relation r SET module = m.id
                  FROM ir_module_module m, ir_model model
                 WHERE m.name = %s AND model.id = r.model AND model.model = ANY(%s)
                """,
                [module, models],
            )
        # Loaded in this upgrade in update mode, with the demo data of the database.
        cr.execute(
            """
            UPDATE ir_module_module SET state = 'to upgrade', demo = %s
             WHERE name = %s AND state = 'uninstalled'
            """,
            [demo, module],
        )
        _logger.info("%s: %d xml ids moved from sales_governance", module, moved)
