"""Certificate reviews move to the OCA validation engine: keep the old review table aside
(its name becomes the view of the department reviews) for post-migrate to carry the
decisions of certificates still in review over."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "SELECT 1 FROM information_schema.tables "
        "WHERE table_name = 'sales_qualification_review' AND table_type = 'BASE TABLE'"
    )
    if cr.fetchone():
        cr.execute(
            "ALTER TABLE sales_qualification_review RENAME TO sales_qualification_review_legacy"
        )
