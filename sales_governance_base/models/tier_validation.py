from odoo import models
from odoo.exceptions import ValidationError
from odoo.tools import format_list


class TierValidation(models.AbstractModel):
    """Run the validation engine with superuser rights, behind its own checks.

    ``tier.review`` records are closed to direct changes (see ``tier.review``): only
    the engine creates, promotes, approves, rejects and deletes them. Every public
    entry point first checks that the user may act on the document; the engine
    itself only ever approves or rejects the reviews assigned to ``env.user``,
    which ``sudo()`` keeps.
    """

    _inherit = "tier.validation"

    # === CRUD === #
    def unlink(self):
        self.check_access("unlink")
        # the reviews go with their document
        self.sudo().review_ids.unlink()
        return super().unlink()

    # === ACTIONS === #
    def request_validation(self):
        self.check_access("write")
        reviews = super(TierValidation, self.sudo()).request_validation()
        # ``need_validation`` has no dependencies: forget the value computed before
        self.invalidate_recordset(["need_validation"])
        return reviews.sudo(self.env.su)

    def restart_validation(self):
        self.check_access("write")
        res = super(TierValidation, self.sudo()).restart_validation()
        self.invalidate_recordset(["need_validation"])
        return res

    # === HOOKS (override) === #
    def _get_tier_review_excluded_users(self):
        """Users who may not review this document, e.g. its author (default: nobody)."""
        return self.env["res.users"]

    def _get_tier_review_fallback_users(self, review):
        """Who reviews ``review`` of this document when every reviewer of its tier is
        excluded (default: nobody; the document may refuse to be sent, see
        ``_get_tier_reviews_without_reviewer``)."""
        return self.env["res.users"]

    def _get_tier_reviews_without_reviewer(self):
        """The open reviews of these documents that nobody may approve."""
        return self.sudo().review_ids.filtered(
            lambda review: review.status in ("waiting", "pending") and not review.reviewer_ids
        )

    def _log_discarded_reviews(self, header=None):
        """Keep in the chatter who approved or rejected what before the reviews of the
        document are discarded (default: nothing kept)."""

    # === ENGINE === #
    def _validate_tier(self, tiers=False):
        """Approve, as ``env.user``, the reviews of this document that are theirs now.

        A caller (the comment wizard) may pass any review, of any document or of a
        later tier: keep the reviews of this document, and of the user's only those
        whose turn it is.
        """
        self.ensure_one()
        self.check_access("read")
        record = self.sudo()
        user = self.env.user
        sequences = record._get_sequences_to_approve(user)
        tiers = (tiers.sudo() & record.review_ids) if tiers else record.review_ids
        tiers = tiers.filtered(
            lambda r: user not in r.reviewer_ids
            or r.sequence in sequences
            or r.approve_sequence_bypass
        )
        if not tiers:
            return None
        return super(TierValidation, record)._validate_tier(tiers)

    def _rejected_tier(self, tiers=False):
        self.ensure_one()
        self.check_access("read")
        record = self.sudo()
        tiers = (tiers.sudo() & record.review_ids) if tiers else record.review_ids
        if not tiers:
            return None
        return super(TierValidation, record)._rejected_tier(tiers)

    def _tier_validation_check_write_remove_reviews(self, vals):
        # Cancelling (or re-opening) a document discards its reviews: keep who
        # approved or rejected what in the chatter first, as restarting does.
        discarded = self.filtered(
            lambda rec: rec.sudo().review_ids and rec.sudo()._allow_to_remove_reviews(vals)
        )
        if discarded:
            discarded._log_discarded_reviews(
                header=self.env._("State changed, reviews discarded; earlier reviews:")
            )
        return super(TierValidation, self.sudo())._tier_validation_check_write_remove_reviews(vals)

    def _tier_validation_check_write_allowed(self, vals):
        # The engine's own message is English only: say it in the user's language.
        try:
            return super()._tier_validation_check_write_allowed(vals)
        except ValidationError:
            allowed = [
                self._fields[fname]._description_string(self.env)
                for fname in self._get_under_validation_exceptions()
                if fname in self._fields and fname not in self.env["tier.validation"]._fields
            ]
            raise ValidationError(
                self.env._(
                    "%(document)s is under validation: until it is validated or rejected, "
                    "only these fields may change: %(fields)s.",
                    document=self[:1].display_name,
                    fields=format_list(self.env, allowed),
                )
            ) from None

    def _update_counter(self, review_counter):
        return super(TierValidation, self.sudo())._update_counter(review_counter)
