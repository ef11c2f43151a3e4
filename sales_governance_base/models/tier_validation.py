from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError, ValidationError
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
        # sudo: reviews are closed to direct changes; they go with their document
        self.sudo().review_ids.unlink()
        return super().unlink()

    # === ACTIONS === #
    def request_validation(self):
        self.check_access("write")
        # sudo: the engine creates the reviews, closed to users; write access checked above
        reviews = super(TierValidation, self.sudo()).request_validation()
        # ``need_validation`` has no dependencies: forget the value computed before
        self.invalidate_recordset(["need_validation"])
        return reviews.sudo(self.env.su)

    def restart_validation(self):
        self.check_access("write")
        self._log_discarded_reviews()
        # sudo: the engine discards and recreates reviews; write access checked above
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
        # sudo: reviews of any reviewer are counted, closed to direct reads
        return self.sudo().review_ids.filtered(
            lambda review: review.status in ("waiting", "pending") and not review.reviewer_ids
        )

    def validate_tier(self):
        self._check_can_review()
        return super().validate_tier()

    def reject_tier(self):
        self._check_can_review()
        return super().reject_tier()

    def _check_can_review(self):
        """Refuse, in the document's words (``_get_tier_message``), a user who may not review
        it now: one it excludes (its author, say) or one no review is waiting for."""
        for record in self:
            if self.env.user in record._get_tier_review_excluded_users():
                raise UserError(record._get_tier_message("excluded"))
            if not record.can_review:
                raise UserError(record._get_tier_message("no_review"))

    def _get_tier_message(self, key):
        """The refusal ``key`` (excluded, no_review, ...) for this document, translated; the
        reviewed models word their own."""
        self.ensure_one()
        if key == "excluded":
            return self.env._("You cannot review your own %s.", self.display_name)
        return self.env._("%s has no review waiting for you.", self.display_name)

    def _log_discarded_reviews(self, header=None):
        """Keep in the chatter who approved or rejected what before the reviews of the
        document are discarded."""
        header = header or self.env._("Validation restarted; earlier reviews:")
        for record in self:
            # sudo: the discarded reviews are read for the log, closed to direct reads
            done = record.sudo().review_ids.filtered(lambda r: r.status in ("approved", "rejected"))
            if not done or not hasattr(record, "message_post"):
                continue
            items = Markup().join(
                Markup("<li>%s</li>")
                % self.env._(
                    "%(tier)s: %(status)s by %(user)s on %(date)s%(comment)s",
                    tier=review.name,
                    status=review.display_status,
                    user=review.done_by.name,
                    date=fields.Datetime.to_string(review.reviewed_date),
                    comment=f" ({review.comment})" if review.comment else "",
                )
                for review in done
            )
            # sudo: the log is posted for the engine, also by a user who may not write the document
            record.sudo().message_post(body=Markup("%s<ul>%s</ul>") % (header, items))

    # === ENGINE === #
    def _validate_tier(self, tiers=False):
        """Approve, as ``env.user``, the reviews of this document that are theirs now.

        A caller (the comment wizard) may pass any review, of any document or of a
        later tier: keep the reviews of this document, and of the user's only those
        whose turn it is.
        """
        self.ensure_one()
        self.check_access("read")
        # sudo: the engine approves the user's own reviews, closed to direct writes
        record = self.sudo()
        user = self.env.user
        sequences = record._get_sequences_to_approve(user)
        # sudo: the tiers passed in are matched against the document's reviews read as the engine
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
        # sudo: the engine rejects the user's own reviews, closed to direct writes
        record = self.sudo()
        tiers = (tiers.sudo() & record.review_ids) if tiers else record.review_ids
        if not tiers:
            return None
        return super(TierValidation, record)._rejected_tier(tiers)

    def _tier_validation_check_write_remove_reviews(self, vals):
        # Cancelling (or re-opening) a document discards its reviews: keep who
        # approved or rejected what in the chatter first, as restarting does.
        discarded = self.filtered(
            # sudo: reviews are closed to direct reads; the document's own state decides
            lambda rec: rec.sudo().review_ids and rec.sudo()._allow_to_remove_reviews(vals)
        )
        if discarded:
            discarded._log_discarded_reviews(
                header=self.env._("State changed, reviews discarded; earlier reviews:")
            )
        # sudo: the engine deletes the reviews of a cancelled document, closed to direct changes
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
        # sudo: the review counter is the engine's, closed to direct writes
        return super(TierValidation, self.sudo())._update_counter(review_counter)
