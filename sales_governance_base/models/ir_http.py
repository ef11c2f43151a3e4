from odoo import models
from odoo.http import request

# Context keys that switch a check off or hide a change. Server code may set them; a client may
# not: they are dropped from every context a request carries before it reaches the ORM.
UNTRUSTED_CONTEXT_KEYS = frozenset(
    {
        "skip_validation_check",  # base_tier_validation: write under validation
        "skip_check_state_condition",  # base_tier_validation: state transition without review
        "tracking_disable",  # mail: no tracking of the change in the chatter
        "mail_notrack",
        "install_mode",  # ORM: behave as while installing a module
    }
)


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _dispatch(cls, endpoint):
        if request and isinstance(request.params, dict):
            for context in cls._get_client_contexts(request.params):
                for key in cls._get_untrusted_context_keys() & context.keys():
                    del context[key]
        return super()._dispatch(endpoint)

    @classmethod
    def _get_untrusted_context_keys(cls):
        """Override to add keys: any that disables a check belongs here."""
        return UNTRUSTED_CONTEXT_KEYS

    @classmethod
    def _get_client_contexts(cls, params):
        """The contexts a request sends: web client (``kwargs.context``), JSON-2 (``context``)
        and JSON-RPC ``execute_kw`` (its keyword arguments)."""
        candidates = [params.get("context"), (params.get("kwargs") or {}).get("context")]
        args = params.get("args")
        if params.get("method") == "execute_kw" and isinstance(args, list) and len(args) > 6:
            candidates.append((args[6] or {}).get("context") if isinstance(args[6], dict) else None)
        return [context for context in candidates if isinstance(context, dict)]
