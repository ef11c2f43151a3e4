from odoo import fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .sales_qualification import ACTIVITY_EXPIRY, ACTIVITY_REVIEW, GROUP_CUSTODIAN, GROUP_MANAGER


class SalesQualification(models.Model):
    """The workflow of a certificate: its buttons (review, suspend, reactivate, revoke, renew)
    and the decisions of the review tiers. The certificate itself, its expiry and its daily job
    are in ``sales_qualification.py``."""

    # One concern per file, as Odoo splits mail.thread: not merged with sales_qualification.py.
    _inherit = "sales.qualification"  # pylint: disable=consider-merging-classes-inherited

    # === ACTIONS === #
    def _check_group(self, group_xmlid):
        if not self.env.su and not self.env.user.has_group(group_xmlid):
            group = self.env.ref(group_xmlid)
            raise AccessError(
                self.env._("Only a %(group)s of qualifications may do this.", group=group.name)
            )

    def _check_state(self, states):
        for qualification in self:
            if qualification.state not in states:
                raise UserError(
                    self.env._(
                        "Certificate %(name)s is %(state)s: this is not possible now.",
                        name=qualification.name,
                        state=qualification._state_label(),
                    )
                )

    def _state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def action_submit_review(self):
        """Send draft certificates to their review tiers (legal, finance, technical)."""
        self._check_group(GROUP_CUSTODIAN)
        self._check_state(("draft",))
        # Entering review discards the reviews of an earlier, rejected submission.
        # sudo: state is a workflow field, closed to client writes (sales.workflow.mixin)
        self.sudo().write({"state": "review"})
        self.request_validation()
        # sudo: the certificate's reviews are closed to direct reads
        unreviewed = self.filtered(lambda q: not q.sudo().review_ids)
        if unreviewed:
            # No review tier applies (an administrator archived them all): valid at once.
            unreviewed._on_review_decided()
        (self - unreviewed)._schedule_review_activities()
        self._invalidate_department_reviews()
        return True

    def _invalidate_department_reviews(self):
        """The department reviews are a view of the tier reviews: read them again."""
        self.env["sales.qualification.review"].invalidate_model()
        self.invalidate_recordset(["qualification_review_ids"])

    def _schedule_review_activities(self):
        """One review activity for each user whose decision is awaited: the tier's reviewer,
        or the certificate's manager for a tier reviewed by a group they belong to."""
        # sudo: reviews and activities of other users are read and written by the engine
        for qualification in self.sudo():
            users = self.env["res.users"]
            for review in qualification.review_ids.filtered(lambda r: r.status == "pending"):
                reviewers = review.reviewer_ids
                if len(reviewers) > 1:
                    reviewers &= qualification.manager_id
                users |= reviewers
            for user in users:
                labels = qualification.review_ids.filtered(
                    lambda r, u=user: r.status == "pending" and u in r.reviewer_ids
                ).mapped("name")
                qualification.activity_schedule(
                    ACTIVITY_REVIEW,
                    summary=self._lang_env(user)._(
                        "%(review)s review of %(name)s",
                        review=", ".join(labels),
                        name=qualification.name,
                    ),
                    user_id=user.id,
                )

    # === TIER VALIDATION HOOKS === #
    def _validate_tier(self, tiers=False):
        # The department reviews run side by side: approve each review of the user on its own
        # (the engine otherwise stops at the first open review that is someone else's).
        self.ensure_one()
        # sudo: the engine approves the user's own reviews, closed to direct reads and writes
        reviews = (tiers or self.sudo().review_ids).sudo()
        mine = reviews.filtered(
            lambda r: r.status in ("waiting", "pending") and self.env.user in r.reviewer_ids
        )
        result = None
        for review in mine or [tiers]:
            result = super()._validate_tier(review)
        self._on_review_decided()
        self._invalidate_department_reviews()
        return result

    def _rejected_tier(self, tiers=False):
        result = super()._rejected_tier(tiers)
        for qualification in self.filtered(
            # sudo: the validation status is read from the reviews, closed to direct reads
            lambda q: q.state == "review" and q.sudo().validation_status == "rejected"
        ):
            # sudo: the user's rejected reviews, closed to direct reads
            rejected = qualification.sudo().review_ids.filtered(
                lambda r: r.status == "rejected" and r.done_by == self.env.user
            )[:1]
            qualification._return_from_review(rejected, rejected.comment)
        self._invalidate_department_reviews()
        return result

    def _allow_to_remove_reviews(self, values):
        # Back to draft after a rejection, the reviews stay: they say what to correct.
        # They are discarded when the certificate is submitted again.
        self.ensure_one()
        return values.get(self._state_field) in self._state_from and (
            self._tier_validation_get_current_state_value() not in self._state_from
        )

    def _get_under_validation_exceptions(self):
        # Under review, the workflow guard already says what may change.
        return super()._get_under_validation_exceptions() + sorted(
            self._get_workflow_lock_exceptions() & self._fields.keys()
        )

    def _decide_reviews(self, reviews, approve, comment=None):
        """Approve or reject, as the current user, the given reviews of this certificate
        (department reviews of ``sales.qualification.review`` and the decision wizard)."""
        self.ensure_one()
        # sudo: the engine decides the user's own reviews, closed to direct reads and writes
        reviews = reviews.sudo() & self.sudo().review_ids
        if self.state != "review" or any(r.status not in ("waiting", "pending") for r in reviews):
            raise UserError(self.env._("This review has already been decided."))
        if self.env.user not in reviews.reviewer_ids:
            raise AccessError(
                self.env._(
                    "Only %(reviewers)s may decide the %(review)s review of %(name)s.",
                    reviewers=", ".join(filter(None, reviews.mapped("todo_by")))
                    or self.env._("its reviewer"),
                    review=", ".join(reviews.mapped("name")),
                    name=self.name,
                )
            )
        if comment:
            reviews.write({"comment": comment})
        if approve:
            self._validate_tier(reviews)
        else:
            self._rejected_tier(reviews)
        self._update_counter({"review_deleted": True})
        self._invalidate_department_reviews()

    def _on_review_decided(self):
        """Validate the certificates whose reviews are all approved."""
        for qualification in self.filtered(lambda q: q.state == "review"):
            # sudo: the reviews and the state are the engine's, closed to direct reads and writes
            record = qualification.sudo()
            if record.review_ids and record.validation_status != "validated":
                continue
            record.write({"state": "valid"})
            record.activity_unlink([ACTIVITY_REVIEW])
            record.message_post(body=self.env._("All the reviews of the certificate approved."))

    def _return_from_review(self, review, comment):
        """A rejected review sends the certificate back to draft, with the comment."""
        self.ensure_one()
        # sudo: the engine discards the open reviews and writes the state, closed to users
        record = self.sudo()
        record.review_ids.filtered(lambda r: r.status in ("waiting", "pending")).write(
            {"status": "cancel"}
        )
        record.write({"state": "draft"})
        record.activity_unlink([ACTIVITY_REVIEW])
        record.message_post(
            body=self.env._(
                "%(review)s review rejected: %(comment)s",
                review=review.name or self.env._("A"),
                comment=comment or "-",
            )
        )
        if self.custodian_id:
            record.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self._lang_env(self.custodian_id)._(
                    "Review rejected: correct and resubmit"
                ),
                note=comment,
                user_id=self.custodian_id.id,
            )

    def action_suspend(self):
        self._check_group(GROUP_MANAGER)
        self._check_state(("valid",))
        # sudo: state is a workflow field, closed to client writes (sales.workflow.mixin)
        self.sudo().write({"state": "suspended"})
        return True

    def action_reactivate(self):
        self._check_group(GROUP_MANAGER)
        self._check_state(("suspended",))
        today = fields.Date.context_today(self)
        for qualification in self:
            if qualification.expiry_date <= today:
                raise UserError(
                    self.env._(
                        "Certificate %(name)s is past its expiry date: renew it instead.",
                        name=qualification.name,
                    )
                )
        # sudo: state is a workflow field, closed to client writes (sales.workflow.mixin)
        self.sudo().write({"state": "valid"})
        return True

    def action_revoke(self):
        self._check_group(GROUP_MANAGER)
        self._check_state(("valid", "suspended", "expired"))
        # sudo: state is a workflow field, closed to client writes (sales.workflow.mixin)
        self.sudo().write({"state": "revoked"})
        return True

    def action_open_renew_wizard(self):
        self.ensure_one()
        self._check_group(GROUP_CUSTODIAN)
        self._check_state(("valid", "expired"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Renew Certificate"),
            "res_model": "sales.qualification.renew.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_qualification_id": self.id},
        }

    def _renew(self, number, issue_date, expiry_date, note=False):
        """Record a renewal: history line, new number and dates, alerts start over."""
        self.ensure_one()
        self._check_group(GROUP_CUSTODIAN)
        self._check_state(("valid", "expired"))
        if expiry_date <= self.expiry_date:
            raise ValidationError(
                self.env._("A renewal must extend the validity beyond %s.", self.expiry_date)
            )
        if expiry_date <= fields.Date.context_today(self):
            raise ValidationError(self.env._("The renewed certificate must not be expired."))
        renewal = (
            # sudo: renewals are a log written by the system, closed to direct creation
            self.env["sales.qualification.renewal"]
            .sudo()
            .create(
                {
                    "qualification_id": self.id,
                    "user_id": self.env.uid,
                    "old_number": self.number,
                    "new_number": number or self.number,
                    "old_issue_date": self.issue_date,
                    "old_expiry_date": self.expiry_date,
                    "new_issue_date": issue_date,
                    "new_expiry_date": expiry_date,
                    "note": note,
                }
            )
        )
        # sudo: expiry and state are workflow fields, closed to client writes
        self.sudo().write(
            {
                "number": number or self.number,
                "issue_date": issue_date,
                "expiry_date": expiry_date,
                "state": "valid",
                "alert_lead_days": 0,
            }
        )
        # sudo: the expiry activities may belong to the custodian or the manager
        self.sudo().activity_unlink([ACTIVITY_EXPIRY])
        return renewal

    def action_view_borrows(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_qualification.sales_qualification_borrow_action"
        )
        action["domain"] = [("qualification_id", "=", self.id)]
        action["context"] = {"default_qualification_id": self.id}
        return action
