from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CollectionCase


@tagged("post_install", "-at_install")
class TestCollectionSettings(CollectionCase):
    """The company settings of collection and credit, and the screens of each tier."""

    def test_defaults(self):
        """A new company starts at 30 overdue days, reminders 3 days before, escalation at 15."""
        company = self.env["res.company"].create({"name": "New Co"})
        self.assertEqual(
            (
                company.credit_overdue_days,
                company.collection_remind_days,
                company.collection_escalate_days,
            ),
            (30, 3, 15),
        )

    def test_settings_are_bounded(self):
        """Negative days or more than a year are refused, through the settings page too."""
        for field in ("credit_overdue_days", "collection_remind_days", "collection_escalate_days"):
            for value in (-1, 366):
                with self.assertRaises(ValidationError):
                    self.env["res.config.settings"].create({field: value}).execute()
        self.env["res.config.settings"].create({"credit_overdue_days": 45}).execute()
        self.assertEqual(self.env.company.credit_overdue_days, 45)

    def test_screens_open_for_each_tier(self):
        """Every view of the collection plan opens for a rep, a manager and finance."""
        action = self.env.ref("sales_collection.sales_collection_line_action")
        views = [(False, mode) for mode in action.view_mode.split(",")] + [(False, "search")]
        for user in (self.rep_a, self.manager_a, self.finance, self.director):
            Line = self.env["sales.collection.line"].with_user(user)
            result = Line.get_views(views)
            self.assertEqual(set(result["views"]), {mode for _, mode in views})
            Line.web_read_group([], ["aging"], ["amount_residual:sum"])
