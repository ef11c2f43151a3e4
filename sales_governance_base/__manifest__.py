{
    "name": "Sales Governance Base",
    "summary": "Shared guards of the sales governance addons: fields only a workflow writes, "
    "records a workflow locks, context keys a client may not send",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/sales-governance/sales-governance",
    "author": "Sales Governance developers",
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "depends": [
        "base",
    ],
}
