from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from .common import SalesGovernanceCase

# Valid unified social credit codes (check digit included).
USCC_A = "91340100MA2N00001Q"


@tagged("post_install", "-at_install")
class TestAccessRequest(SalesGovernanceCase):
    """Access requests: the owner or their manager decides."""

    def _request(self, request_type="collaborate"):
        return (
            self.env["sales.customer.access.request"]
            .with_user(self.rep_b)
            .create(
                {
                    "partner_id": self.customer_a.id,
                    "request_type": request_type,
                    "reason": "Their Wuhu branch asked me",
                }
            )
        )

    def test_collaboration_grants_access(self):
        """Once the owner approves, the requester sees the customer and may open a lead."""
        request = self._request()
        self.assertEqual(request.owner_id, self.rep_a)
        # The requester sees what they asked for by the customer's name, not the customer.
        self.assertEqual(request.with_user(self.rep_b).display_name, self.customer_a.name)
        with self.assertRaises(AccessError):
            self.customer_a.with_user(self.rep_b).read(["name"])
        with self.assertRaises(AccessError):
            request.with_user(self.rep_b).action_approve()
        with self.assertRaises(AccessError):
            request.with_user(self.manager_b).action_approve()
        request.with_user(self.rep_a).action_approve()
        self.assertEqual(request.state, "approved")
        self.assertVisible(self.rep_b, self.customer_a)
        lead = (
            self.env["crm.lead"]
            .with_user(self.rep_b)
            .create({"name": "Together", "partner_id": self.customer_a.id})
        )
        self.assertTrue(lead)
        self.assertEqual(self.customer_a.user_id, self.rep_a)

    def test_collaboration_expires(self):
        """After the expiry date the daily job ends the collaboration."""
        request = self._request()
        request.with_user(self.manager_a).action_approve()
        with freeze_time(request.expiry_date + timedelta(days=1)):
            self.env["res.partner"]._cron_ownership()
        self.assertEqual(request.state, "expired")
        self.assertInvisible(self.rep_b, self.customer_a)
        self.assertTrue(request.message_ids.filtered(lambda m: "expired" in (m.body or "")))

    def test_transfer_changes_owner(self):
        """An approved transfer makes the requester the owner, logged."""
        request = self._request("transfer")
        request.with_user(self.manager_a).action_approve()
        self.assertEqual(self.customer_a.user_id, self.rep_b)
        self.assertEqual(self.customer_a.ownership_log_ids[:1].event, "transfer")

    def test_rejected_request_gives_nothing(self):
        """A rejected request leaves the customer hidden, and cannot be reopened by RPC."""
        request = self._request()
        request.with_user(self.rep_a).action_reject()
        self.assertInvisible(self.rep_b, self.customer_a)
        with self.assertRaises(UserError):
            request.with_user(self.rep_b).write({"state": "approved"})
