from datetime import timedelta

from odoo import fields
from odoo.addons.sales_collection.tests.common import CollectionCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestOnTimeCollectionKpi(CollectionCase):
    """The on-time collection rate: received by the due date ÷ due, from the collection plan."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env.user)
        cls.indicator = cls.env.ref("sales_kpi_collection.sales_kpi_indicator_on_time_collection")

    def _values(self, user_ids, teams=None):
        values, note = self.indicator._kpi_values(
            self.today - timedelta(days=30), self.today + timedelta(days=60), user_ids, teams=teams
        )
        self.assertFalse(note)
        return values

    def test_paid_on_time_and_late(self):
        """One invoice paid before its due date, one after it: half collected on time."""
        on_time = self._invoice(self._confirmed())
        late_order = self._confirmed()
        late = late_order._create_invoices()
        late.invoice_date = self.today - timedelta(days=40)  # due 10 days ago (30-day term)
        late.with_context(bypass_risk=True).action_post()
        self._pay(on_time)
        self._pay(late)
        values = self._values([self.rep_a.id, self.rep_a2.id])
        self.assertAlmostEqual(values[self.rep_a.id], 50.0)
        self.assertNotIn(self.rep_a2.id, values)

    def test_not_invoiced_counts_as_due(self):
        """A receipt of an order not invoiced yet is due and not collected."""
        self._confirmed()
        self._pay(self._invoice(self._confirmed()))
        self.assertAlmostEqual(self._values([self.rep_a.id])[self.rep_a.id], 50.0)

    def test_team_figure(self):
        """A manager's scorecard reads the receipts of the whole team."""
        self._pay(self._invoice(self._confirmed()))
        values = self._values([self.manager_a.id], teams={self.manager_a.id: self.team_a.id})
        self.assertAlmostEqual(values[self.manager_a.id], 100.0)
