"""Policies shared by the models, the wizards, the hooks and the SQL of the addon: one place
each, so that a change of rule is one change of code."""

# States in which a customer belongs to one representative and is hidden from the others.
OWNED_STATES = ("protected", "stale")

# Days a customer stays protected after its last maintenance when nothing else says (the
# company's setting defaults to it; a customer class may set its own).
DEFAULT_PROTECTION_DAYS = 90
