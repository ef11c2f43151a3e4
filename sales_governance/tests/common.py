import os
import subprocess
import unicodedata

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user


class SalesGovernanceCase(TransactionCase):
    """Two teams and one user per tier, with nothing borrowed from demo data.

    who            groups                 team
    rep_a, rep_a2  rep                    A (led by manager_a)
    rep_b          rep                    B (led by manager_b)
    presales       presales engineer      A
    assistant      sales assistant        -
    manager_a      sales manager          leads A
    manager_b      sales manager          leads B
    hybrid         sales manager          member of A, leads C
    director       sales director         -
    employee       internal user only     -
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # Exporting is allowed to everyone here, so that refusals come from the record rules.
        group = "base.group_allow_export,sales_governance.group_%s"
        cls.rep_a = new_test_user(cls.env, "sg_rep_a", group % "sales_rep", name="Rep A")
        cls.rep_a2 = new_test_user(cls.env, "sg_rep_a2", group % "sales_rep", name="Rep A2")
        cls.rep_b = new_test_user(cls.env, "sg_rep_b", group % "sales_rep", name="Rep B")
        cls.presales = new_test_user(
            cls.env, "sg_presales", group % "presales_engineer", name="Presales"
        )
        cls.assistant = new_test_user(
            cls.env, "sg_assistant", group % "sales_assistant", name="Assistant"
        )
        cls.manager_a = new_test_user(
            cls.env, "sg_manager_a", group % "sales_manager", name="Manager A"
        )
        cls.manager_b = new_test_user(
            cls.env, "sg_manager_b", group % "sales_manager", name="Manager B"
        )
        cls.hybrid = new_test_user(cls.env, "sg_hybrid", group % "sales_manager", name="Hybrid")
        cls.director = new_test_user(
            cls.env, "sg_director", group % "sales_director", name="Director"
        )
        cls.employee = new_test_user(
            cls.env, "sg_employee", "base.group_user,base.group_allow_export", name="Employee"
        )

        Team = cls.env["crm.team"]
        cls.team_a = Team.create(
            {
                "name": "Team A",
                "user_id": cls.manager_a.id,
                "member_ids": [
                    Command.set((cls.rep_a | cls.rep_a2 | cls.presales | cls.hybrid).ids)
                ],
            }
        )
        cls.team_b = Team.create(
            {
                "name": "Team B",
                "user_id": cls.manager_b.id,
                "member_ids": [Command.set(cls.rep_b.ids)],
            }
        )
        cls.team_c = Team.create({"name": "Team C", "user_id": cls.hybrid.id})

        cls.customer_a = cls._create_customer("Customer A", cls.rep_a)
        cls.customer_a2 = cls._create_customer("Customer A2", cls.rep_a2)
        cls.customer_b = cls._create_customer("Customer B", cls.rep_b)
        cls.customer_c = cls._create_customer("Customer C", cls.hybrid)
        cls.pool_customer = cls.env["res.partner"].create(
            {"name": "Pool Customer", "is_company": True, "ownership_state": "pool"}
        )
        cls.vendor = cls.env["res.partner"].create({"name": "Vendor", "is_company": True})

        cls.lead_a = cls._create_lead("Lead A", cls.customer_a, cls.rep_a, cls.team_a)
        cls.lead_a2 = cls._create_lead("Lead A2", cls.customer_a2, cls.rep_a2, cls.team_a)
        cls.lead_a2.presales_user_id = cls.presales
        cls.lead_b = cls._create_lead("Lead B", cls.customer_b, cls.rep_b, cls.team_b)
        cls.lead_c = cls._create_lead("Lead C", cls.customer_c, cls.rep_a2, cls.team_c)

        cls.product = cls.env["product.product"].create(
            {"name": "LED street lamp", "list_price": 1000.0, "type": "consu"}
        )
        cls.order_a = cls._create_order(cls.customer_a, cls.rep_a, cls.team_a)
        cls.order_a2 = cls._create_order(cls.customer_a2, cls.rep_a2, cls.team_a)
        cls.order_b = cls._create_order(cls.customer_b, cls.rep_b, cls.team_b)
        cls.order_c = cls._create_order(cls.customer_c, cls.rep_a2, cls.team_c)

    @classmethod
    def _create_customer(cls, name, owner, **vals):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "user_id": owner.id,
                "ownership_state": "protected",
                **vals,
            }
        )

    @classmethod
    def _create_lead(cls, name, partner, user, team):
        return cls.env["crm.lead"].create(
            {
                "name": name,
                "type": "opportunity",
                "partner_id": partner.id,
                "user_id": user.id,
                "team_id": team.id,
            }
        )

    @classmethod
    def _create_order(cls, partner, user, team):
        return cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": user.id,
                "team_id": team.id,
                "order_line": [Command.create({"product_id": cls.product.id})],
            }
        )

    # === ASSERTIONS === #
    @staticmethod
    def _search_name(record):
        return record[record._rec_name] if record._rec_name else record.display_name

    def assertVisible(self, user, records):
        """``user`` finds ``records`` through every read path."""
        model = records.with_user(user)
        domain = [("id", "in", records.ids)]
        self.assertEqual(model.search(domain), records.with_user(user))
        self.assertEqual(model.search_count(domain), len(records))
        for record in records:
            found = model.name_search(self._search_name(record), domain=[("id", "=", record.id)])
            self.assertEqual([r[0] for r in found], [record.id])
        groups = model._read_group(domain, aggregates=["__count"])
        self.assertEqual(groups[0][0], len(records))
        model.read(["display_name"])

    def assertInvisible(self, user, records):
        """``user`` cannot find, read, export, group or write any of ``records``."""
        model = records.with_user(user)
        domain = [("id", "in", records.ids)]
        self.assertFalse(model.search(domain))
        self.assertFalse(model.browse().search_count(domain))
        for record in records:
            self.assertFalse(
                model.name_search(record.display_name, domain=[("id", "=", record.id)])
            )
        self.assertEqual(model._read_group(domain, aggregates=["__count"])[0][0], 0)
        for record in model:
            with self.assertRaises(AccessError):
                record.read(["display_name"])
            with self.assertRaises(AccessError):
                record.export_data(["display_name"])
            with self.assertRaises(AccessError):
                record.write({"name": "hijacked"} if "name" in record._fields else {})


def pdf_text(user, report, records, lang="zh_CN"):
    """Render ``report`` for ``records`` as ``user`` into a real PDF and return its text."""
    pdf, report_type = (
        user.env["ir.actions.report"]
        .with_user(user)
        .with_context(force_report_rendering=True, lang=lang)
        ._render_qweb_pdf(report, records.ids)
    )
    assert report_type == "pdf" and pdf.startswith(b"%PDF"), report_type
    # SG_REPORT_SAMPLES=<dir> keeps the PDFs, to look at them (pdftoppm -png).
    if os.environ.get("SG_REPORT_SAMPLES"):
        path = os.path.join(os.environ["SG_REPORT_SAMPLES"], report.split(".")[-1] + ".pdf")
        with open(path, "wb") as sample:
            sample.write(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    # The CJK font maps some glyphs to their Kangxi radical code points (⼯ for 工): NFKC
    # gives the ordinary characters back.
    return unicodedata.normalize("NFKC", text)
