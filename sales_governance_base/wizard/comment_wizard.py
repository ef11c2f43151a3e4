from odoo import fields, models
from odoo.exceptions import UserError


class CommentWizard(models.TransientModel):
    """The approval comment dialog: a comment is optional to approve, required to reject."""

    _inherit = "comment.wizard"

    # The engine requires it in every case, so an empty approval on a phone was answered by
    # the client's "missing required fields": the dialog asks for it on rejection only.
    comment = fields.Char(required=False)

    def add_comment(self):
        self.ensure_one()
        if self.validate_reject == "reject" and not (self.comment or "").strip():
            raise UserError(self.env._("Say why you reject: the requester reads your comment."))
        return super().add_comment()
