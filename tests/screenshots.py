"""Screenshots of each journey, desktop and phone, as the demo users see them (in Chinese).

Run against a database installed with demo data, with Odoo's own headless Chromium driver:

    /work/bin/sgdev . sales_governance test tests/screenshots.py     (or pytest-odoo directly)

It is not collected by the test suite (no ``test_`` prefix): it writes docs/screenshots/*.png.
Each shot opens a page as a demo user, optionally clicks through (``steps``, JavaScript run in
the page), then captures the screen once the page is settled.
"""

import base64
import pathlib
import subprocess
from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.tests import HttpCase, tagged
from odoo.tests.common import ChromeBrowser

OUT = pathlib.Path(__file__).resolve().parent.parent / "docs" / "screenshots"
DESKTOP = "1440x900"
PHONE = "390x844"

# Click the first element matching a selector once it shows, then wait for another one.
HELPERS = """
const sgWait = async (selector, timeout = 45000) => {
    const start = Date.now();
    while (Date.now() - start < timeout) {
        const el = document.querySelector(selector);
        if (el && el.offsetParent !== null) { return el; }
        await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("screenshot: not found " + selector);
};
const sgClick = async (selector) => (await sgWait(selector)).click();
"""


@tagged("-standard", "sg_screenshots")
class TakeScreenshots(HttpCase):
    def _shot(self, name, login, url, size, ready=".o_action_manager .o_view_controller", steps=""):
        try:
            self._browse(name, login, url, size, ready, steps)
        except AssertionError as error:  # keep taking the others; report at the end
            self.failed.append(f"{name}: {str(error)[-300:]}")

    def _browse(self, name, login, url, size, ready, steps):
        self.browser_size = size
        self.touch_enabled = size == PHONE
        code = f"""(async () => {{
            {HELPERS}
            {steps}
            await new Promise((r) => setTimeout(r, 1200));
            console.log("test successful");
        }})().catch((e) => console.error(e.message));"""
        original = ChromeBrowser._wait_code_ok

        def wait_and_capture(browser, *args, **kwargs):
            original(browser, *args, **kwargs)
            result = browser._websocket_request("Page.captureScreenshot", timeout=30)
            (OUT / f"{name}.png").write_bytes(base64.b64decode(result["data"]))

        with patch.object(ChromeBrowser, "_wait_code_ok", wait_and_capture):
            self.browser_js(
                url, code, ready=f"!!document.querySelector('{ready}')", login=login, timeout=90
            )

    def _record(self, xmlid):
        return self.env.ref(xmlid).with_context(lang="zh_CN")

    def test_screenshots(self):
        self.failed = []
        OUT.mkdir(parents=True, exist_ok=True)
        # what the demo users do here, they do in Chinese
        env = self.env(context=dict(self.env.context, lang="zh_CN"))
        quotations = "/odoo/action-sale.action_quotations_with_onboarding"
        special = self._record("sales_contract_review.sale_order_draft_special_demo")
        # rep1 sends a discounted quotation for approval: it waits for manager1
        rep1 = self._record("sales_governance.user_rep1_demo")
        mine = (
            env["sale.order"]
            .with_user(rep1)
            .create(
                {
                    "partner_id": self._record("sales_governance.partner_hefei_lighting_demo").id,
                    "client_order_ref": "HF-2026-018",
                    "payment_term_id": self._record("account.account_payment_term_30days").id,
                    "commitment_date": fields.Datetime.now() + timedelta(days=30),
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self._record(
                                    "sales_governance.product_led_street_lamp_demo"
                                ).id,
                                "product_uom_qty": 20,
                                "discount": 15,
                            }
                        )
                    ],
                }
            )
        )
        mine.with_user(rep1).request_validation()
        # a registration refused as a duplicate of rep3's customer, by rep1
        taken = self._record("sales_governance.partner_wuhu_led_demo")
        duplicate = env["sales.customer.registration"].with_user(rep1).create({"name": taken.name})
        duplicate.action_submit()
        request = (
            env["sales.customer.access.request"]
            .with_user(rep1)
            .create({"directory_id": taken.id, "reason": "同一项目招标，需协作跟进"})
        )
        self.assertTrue(request)

        # --- special contract: rep asks, manager and director approve ---
        self._shot("quotation_rep_desktop", "rep1", f"{quotations}/{special.id}", DESKTOP)
        self._shot("quotation_rep_phone", "rep1", f"{quotations}/{mine.id}", PHONE)
        if mine:
            self._shot("quotation_manager_phone", "manager1", f"{quotations}/{mine.id}", PHONE)
            self._shot(
                "approval_dialog_manager_desktop",
                "manager1",
                f"{quotations}/{mine.id}",
                DESKTOP,
                steps="await sgClick('.alert button[name=validate_tier]');"
                " await sgWait('.modal .o_field_widget[name=comment] input');",
            )
        self._shot(
            "special_contracts_pivot_director_desktop",
            "director",
            "/odoo/action-sales_contract_review.sale_order_action_special?view_type=pivot",
            DESKTOP,
        )
        self._shot(
            "special_contracts_director_phone",
            "director",
            "/odoo/action-sales_contract_review.sale_order_action_special",
            PHONE,
        )
        # --- registration, duplicate, access request ---
        registrations = "/odoo/action-sales_governance.sales_customer_registration_action"
        self._shot("registration_rep_desktop", "rep1", f"{registrations}/new", DESKTOP)
        self._shot("registration_rep_phone", "rep1", f"{registrations}/new", PHONE)
        self._shot(
            "access_request_rep_phone",
            "rep1",
            "/odoo/action-sales_governance.sales_customer_access_request_action/new",
            PHONE,
        )
        self._shot(
            "registration_duplicate_rep_desktop", "rep1", f"{registrations}/{duplicate.id}", DESKTOP
        )
        self._shot(
            "registration_duplicate_rep_phone", "rep1", f"{registrations}/{duplicate.id}", PHONE
        )
        self._shot(
            "access_requests_owner_phone",
            "rep3",
            "/odoo/action-sales_governance.sales_customer_access_request_action",
            PHONE,
        )
        # --- customers and the stale queue ---
        self._shot(
            "customers_rep_desktop",
            "rep1",
            "/odoo/action-sales_governance.res_partner_action_customers",
            DESKTOP,
        )
        self._shot(
            "customers_graph_director_desktop",
            "director",
            "/odoo/action-sales_governance.res_partner_action_customers?view_type=graph",
            DESKTOP,
        )
        self._shot(
            "stale_queue_manager_phone",
            "manager1",
            "/odoo/action-sales_governance.res_partner_action_stale",
            PHONE,
        )
        self._shot(
            "stale_queue_manager_desktop",
            "manager1",
            "/odoo/action-sales_governance.res_partner_action_stale",
            DESKTOP,
        )
        # --- certificate borrowing ---
        borrows = "/odoo/action-sales_qualification.sales_qualification_borrow_action_my"
        self._shot("borrow_request_rep_desktop", "rep1", f"{borrows}/new", DESKTOP)
        self._shot("borrow_request_rep_phone", "rep1", f"{borrows}/new", PHONE)
        queue = "/odoo/action-sales_qualification.sales_qualification_borrow_action_queue"
        self._shot("borrow_queue_qmanager_desktop", "qmanager", queue, DESKTOP)
        self._shot("borrow_queue_custodian_phone", "custodian", queue, PHONE)
        # --- the other main screens ---
        self._shot(
            "customer_form_rep_desktop",
            "rep1",
            "/odoo/action-sales_governance.res_partner_action_customers",
            DESKTOP,
            steps="await sgClick('.o_data_row .o_data_cell');"
            " await sgClick('a[name=sales_governance_archive]');",
        )
        self._shot("settings_admin_desktop", "admin", "/odoo/settings#sales_governance", DESKTOP)
        self._shot(
            "pool_rep_phone",
            "rep2",
            "/odoo/action-sales_governance.sales_customer_pool_action",
            PHONE,
        )
        self._shot(
            "access_requests_manager_phone",
            "manager1",
            "/odoo/action-sales_governance.sales_customer_access_request_action",
            PHONE,
        )
        self._shot(
            "to_review_manager_phone",
            "manager1",
            "/odoo/action-sales_contract_review.sale_order_action_to_review",
            PHONE,
        )
        self._shot(
            "special_contracts_director_desktop",
            "director",
            "/odoo/action-sales_contract_review.sale_order_action_special",
            DESKTOP,
        )
        self._shot(
            "certificates_custodian_desktop",
            "custodian",
            "/odoo/action-sales_qualification.sales_qualification_action",
            DESKTOP,
        )
        # --- where a sales user lands ---
        self._shot("home_rep_phone", "rep1", "/odoo", PHONE)
        self.assertFalse(self.failed, "\n".join(self.failed))

    def test_kpi_screenshots(self):
        """Targets, scorecards, leaderboard and score analysis, and the printed 绩效考核表."""
        self.failed = []
        OUT.mkdir(parents=True, exist_ok=True)

        def demo_card(user, template):
            """Last month's scorecard of a demo user on a demo template."""
            return self.env["sales.kpi.scorecard"].search(
                [
                    ("user_id", "=", self.env.ref(f"sales_governance.{user}").id),
                    ("template_id", "=", self.env.ref(f"sales_governance.{template}").id),
                ],
                limit=1,
            )

        team_card = demo_card("user_manager1_demo", "sales_kpi_template_manager_demo")
        rep_card = demo_card("user_rep1_demo", "sales_kpi_template_rep_demo")
        self.assertTrue(team_card and rep_card, "the demo's scorecards of last month")
        cards = "/odoo/action-sales_kpi.sales_kpi_scorecard_action"
        self._shot(
            "targets_director_desktop",
            "director",
            "/odoo/action-sales_kpi.sales_target_action",
            DESKTOP,
        )
        self._shot("scorecard_team_manager_desktop", "manager1", f"{cards}/{team_card.id}", DESKTOP)
        self._shot("scorecard_rep_manager_desktop", "manager1", f"{cards}/{rep_card.id}", DESKTOP)
        self._shot(
            "leaderboard_manager_desktop",
            "manager1",
            "/odoo/action-sales_kpi.sales_kpi_scorecard_action_leaderboard",
            DESKTOP,
        )
        self._shot(
            "score_analysis_director_desktop",
            "director",
            "/odoo/action-sales_kpi.sales_kpi_analysis_action",
            DESKTOP,
        )
        self._shot(
            "my_scorecard_rep_phone",
            "rep1",
            "/odoo/action-sales_kpi.sales_kpi_scorecard_action_my",
            PHONE,
        )
        self._shot(
            "my_scorecard_form_rep_phone",
            "rep1",
            f"/odoo/action-sales_kpi.sales_kpi_scorecard_action_my/{rep_card.id}",
            PHONE,
        )
        # The printed record, first page as an image (poppler's pdftoppm).
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_context(lang="zh_CN", force_report_rendering=True)
            ._render_qweb_pdf("sales_kpi.action_report_kpi_scorecard", rep_card.ids)
        )
        reports = OUT.parent / "reports"
        (reports / "report_kpi_scorecard.pdf").write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-singlefile",
                "report_kpi_scorecard.pdf",
                "report_kpi_scorecard",
            ],
            cwd=reports,
            check=True,
        )
        (reports / "report_kpi_scorecard.pdf").unlink()
        self.assertFalse(self.failed, "\n".join(self.failed))
