from unittest.mock import patch

from odoo.tests import TransactionCase, tagged


class Refused(Exception):
    pass


@tagged("post_install", "-at_install")
class TestTierWrappers(TransactionCase):
    """The tier wrappers live once, in the base: every reviewed model of the installed addons
    checks its reviewer before approving or rejecting, and keeps the discarded reviews."""

    def _reviewed_models(self):
        TierValidation = self.env.registry["tier.validation"]
        return [
            name
            for name in self.env.registry
            if name != "tier.validation"
            and not self.env[name]._abstract
            and isinstance(self.env[name], TierValidation)
        ]

    def test_every_reviewed_model_checks_the_reviewer(self):
        names = self._reviewed_models()
        self.assertIn("sale.order", names)
        for name in names:
            Model = type(self.env[name])
            with (
                self.subTest(model=name),
                patch.object(Model, "_check_can_review", side_effect=Refused, autospec=True),
            ):
                for method in ("validate_tier", "reject_tier"):
                    with self.assertRaises(Refused):
                        getattr(self.env[name].browse(), method)()

    def test_every_reviewed_model_logs_discarded_reviews(self):
        for name in self._reviewed_models():
            Model = type(self.env[name])
            with (
                self.subTest(model=name),
                patch.object(Model, "_log_discarded_reviews", side_effect=Refused, autospec=True),
            ):
                with self.assertRaises(Refused):
                    self.env[name].browse().restart_validation()
