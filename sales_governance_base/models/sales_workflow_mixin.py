"""One guard for what only a workflow may change, shared by every governed model.

In the spirit of ``base_tier_validation``'s ``_get_under_validation_exceptions``: a model lists,
in overridable hooks, the fields only its workflow sets and the records its workflow has locked;
this mixin refuses a client's ``create``, ``write`` or ``unlink`` that would change them, on every
path a client has (form, import, RPC). Server code changes them as superuser (``sudo()``), or as
the user inside ``_workflow_writing()`` when it runs stock actions that write as the user.

List the mixin *first* in ``_inherit`` so that its guard runs before the other parents' code.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_list

# Models whose workflow code is running in this thread, and may write their workflow fields as
# the user. A context variable, not a context key: no client can set it.
_WORKFLOW_WRITING = ContextVar("sales_workflow_writing", default=frozenset())

# Longest text a client may put in a one-line field: longer ones would not fit an index row.
MAX_CHAR_LENGTH = 256

# Range of a PostgreSQL ``integer`` column: a value outside it fails in the database.
MAX_INTEGER = 2**31 - 1

# The chatter and activities of a record stay open when its content is locked.
CHATTER_FIELDS = frozenset(
    {
        "message_follower_ids",
        "message_ids",
        "message_main_attachment_id",
        "website_message_ids",
        "activity_ids",
    }
)


class SalesWorkflowMixin(models.AbstractModel):
    _name = "sales.workflow.mixin"
    _inherit = ["sales.reach.guard.mixin"]
    _description = "Workflow Guard"

    # === HOOKS (override) === #
    def _get_workflow_fields(self):
        """Fields that only the workflow sets (state, decisions, dates, owners). A client may
        send them only empty, equal to their default (create) or unchanged (write)."""
        return {"state"} & self._fields.keys()

    def _get_workflow_fixed_fields(self):
        """Fields a client sets when creating a record and only the workflow changes afterwards
        (the customer of a revisit, the complaint of a corrective action)."""
        return set()

    def _get_workflow_locked(self):
        """The records of ``self`` whose content the workflow has frozen (default: none)."""
        return self.browse()

    def _get_workflow_lock_exceptions(self):
        """Fields a client may still write on a locked record."""
        return set(CHATTER_FIELDS)

    def _get_workflow_lock_message(self):
        """Why the record (one, locked) can no longer change."""
        self.ensure_one()
        state = self._fields.get("state")
        if state and state.type == "selection" and self.state:
            return self.env._(
                "%(document)s is %(state)s: it can no longer be changed.",
                document=self.display_name,
                state=dict(state._description_selection(self.env)).get(self.state, self.state),
            )
        return self.env._("%s can no longer be changed.", self.display_name)

    # === CRUD === #
    @api.model_create_multi
    def create(self, vals_list):
        if self._is_workflow_client():
            fnames = self._get_workflow_fields()
            # ``default_state`` in the context is a value too.
            forged = {f"default_{fname}" for fname in fnames} & self.env.context.keys()
            if forged:
                context = {k: v for k, v in self.env.context.items() if k not in forged}
                self = self.with_env(self.env(context=context))
            vals_list = [self._clean_workflow_create_vals(vals, fnames) for vals in vals_list]
            for vals in vals_list:
                self._check_client_values(vals)
        return super().create(vals_list)

    def write(self, vals):
        if self._is_workflow_client():
            vals = self._clean_workflow_write_vals(vals)
            self._check_client_values(vals)
            locked = self._get_workflow_locked()
            if locked:
                changed = {
                    fname
                    for fname in vals.keys() - self._get_workflow_lock_exceptions()
                    if fname in self._fields and not locked._is_unchanged(fname, vals[fname])
                }
                if changed:
                    raise UserError(locked[:1]._get_workflow_lock_message())
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_workflow_locked(self):
        if self._is_workflow_client():
            locked = self._get_workflow_locked()
            if locked:
                raise UserError(locked[:1]._get_workflow_lock_message())

    # === BUSINESS METHODS === #
    def _is_reach_guarded(self):
        return super()._is_reach_guarded() and self._name not in _WORKFLOW_WRITING.get()

    def _is_workflow_client(self):
        """Whether the guard applies: a user's call outside the model's workflow code."""
        return not self.env.su and self._name not in _WORKFLOW_WRITING.get()

    @contextmanager
    def _workflow_writing(self):
        """Let the workflow code running inside this block write the workflow fields of the
        model as the user (stock actions such as ``action_confirm`` write as the user)."""
        token = _WORKFLOW_WRITING.set(_WORKFLOW_WRITING.get() | {self._name})
        try:
            yield self
        finally:
            _WORKFLOW_WRITING.reset(token)

    @api.model
    def _clean_workflow_create_vals(self, vals, fnames):
        """The create values without the workflow fields a client sent empty or equal to their
        default (the web client sends those); any other value is refused."""
        sent = [fname for fname in fnames & vals.keys() if fname in self._fields]
        if not sent:
            return vals
        defaults = self.default_get(sent)
        forged = [
            fname
            for fname in sent
            if not self._is_blank_value(fname, vals[fname])
            and not self._is_same_value(fname, vals[fname], defaults.get(fname))
        ]
        if forged:
            self._raise_workflow_fields(forged)
        return {key: value for key, value in vals.items() if key not in sent}

    def _clean_workflow_write_vals(self, vals):
        """The write values without the workflow fields a client sent unchanged; a change is
        refused."""
        fnames = self._get_workflow_fields() | self._get_workflow_fixed_fields()
        sent = [fname for fname in fnames & vals.keys() if fname in self._fields]
        if not sent:
            return vals
        forged = [fname for fname in sent if not self._is_unchanged(fname, vals[fname])]
        if forged:
            self._raise_workflow_fields(forged)
        return {key: value for key, value in vals.items() if key not in sent}

    @api.model
    def _check_client_values(self, vals):
        """A clear, translated error for a value the field cannot hold, before anything is
        written: a selection value outside its list (also when the list is computed), a
        malformed date or number, a link to no record, a one-line text too long to be indexed,
        a NUL character (PostgreSQL cannot store it)."""
        links = {}
        for fname, value in vals.items():
            field = self._fields.get(fname)
            if not field or value in (False, None) or (field.compute and field.readonly):
                continue
            label = field._description_string(self.env)
            if isinstance(value, str) and "\x00" in value:
                raise ValidationError(self.env._("%s contains a NUL character: remove it.", label))
            if field.type == "selection":
                allowed = dict(field._description_selection(self.env))
                if value not in allowed:
                    raise ValidationError(
                        self.env._(
                            "%(value)s is not a valid %(field)s: choose one of %(allowed)s.",
                            value=value,
                            field=label,
                            allowed=format_list(self.env, list(allowed.values())),
                        )
                    )
            elif field.type in ("date", "datetime", "integer", "float", "monetary"):
                self._check_client_scalar(field, value, label)
            elif field.type == "many2one" and not isinstance(value, models.BaseModel):
                if isinstance(value, bool) or not isinstance(value, int):
                    raise ValidationError(
                        self.env._("%(value)s is not a valid %(field)s.", value=value, field=label)
                    )
                links.setdefault(field.comodel_name, {})[value] = label
            elif field.type == "char" and isinstance(value, str) and len(value) > MAX_CHAR_LENGTH:
                raise ValidationError(
                    self.env._(
                        "%(field)s is too long: at most %(max)s characters.",
                        field=label,
                        max=MAX_CHAR_LENGTH,
                    )
                )
        # One query per linked model: the database would refuse a link to no record with a
        # message about deleting records.
        for comodel, labels in links.items():
            missing = set(labels) - set(self.env[comodel].browse(list(labels)).exists().ids)
            if missing:
                value = min(missing)
                raise ValidationError(
                    self.env._(
                        "The %(field)s chosen (id %(value)s) does not exist: it may have been "
                        "deleted.",
                        field=labels[value],
                        value=value,
                    )
                )

    @api.model
    def _check_client_scalar(self, field, value, label):
        """A date or a number the field can hold, else a clear error."""
        try:
            cached = field.convert_to_cache(value, self.browse(), validate=False)
        except (ValueError, TypeError, OverflowError):
            cached = None
        if field.type in ("date", "datetime"):
            if cached is None:
                raise ValidationError(
                    self.env._(
                        "%(value)s is not a valid date for %(field)s.", value=value, field=label
                    )
                )
        elif cached is None or isinstance(value, bool) or cached != cached:  # NaN
            raise ValidationError(
                self.env._("%(value)s is not a number for %(field)s.", value=value, field=label)
            )
        elif field.type == "integer" and not -MAX_INTEGER <= cached <= MAX_INTEGER:
            raise ValidationError(
                self.env._("%(value)s is too large for %(field)s.", value=value, field=label)
            )

    def _raise_workflow_fields(self, fnames):
        labels = [self._fields[fname]._description_string(self.env) for fname in sorted(fnames)]
        raise AccessError(
            self.env._(
                "%(fields)s of %(document)s are set by its workflow (its buttons and scheduled "
                "jobs) and cannot be written directly.",
                fields=format_list(self.env, labels),
                document=self.env["ir.model"]._get(self._name).name or self._description,
            )
        )

    @api.model
    def _is_blank_value(self, fname, value):
        if not value:
            return True
        if self._fields[fname].type in ("one2many", "many2many") and isinstance(value, list):
            return all(
                isinstance(command, (list, tuple))
                and (
                    command[0] == fields.Command.CLEAR
                    or (command[0] == fields.Command.SET and not command[2])
                )
                for command in value
            )
        return False

    @api.model
    def _is_same_value(self, fname, value, reference):
        field = self._fields[fname]
        if field.type in ("one2many", "many2many"):
            return self._is_blank_value(fname, value) and not reference
        try:
            record = self.browse()
            return field.convert_to_cache(value, record) == field.convert_to_cache(
                reference, record
            )
        except (ValueError, TypeError):
            return False

    def _is_unchanged(self, fname, value):
        """Whether writing ``value`` to ``fname`` would leave every record of ``self`` as is."""
        field = self._fields[fname]
        if field.type in ("one2many", "many2many"):
            return all(self._is_x2many_unchanged(record[fname], value) for record in self)
        try:
            for record in self:
                if field.convert_to_cache(value, record) != field.convert_to_cache(
                    record[fname], record
                ):
                    return False
        except (ValueError, TypeError):
            return False
        return True

    @api.model
    def _is_x2many_unchanged(self, current, commands):
        if not commands:
            return True
        if not isinstance(commands, (list, tuple)):
            return False
        for command in commands:
            if not isinstance(command, (list, tuple)) or not command:
                return False
            kind = command[0]
            if kind == fields.Command.LINK and command[1] in current.ids:
                continue
            if kind == fields.Command.SET and set(command[2] or ()) == set(current.ids):
                continue
            if kind == fields.Command.CLEAR and not current:
                continue
            if kind == fields.Command.UPDATE and command[1] in current.ids and not command[2]:
                continue
            return False
        return True
