"""Each main screen opens in the browser for the tier that uses it, desktop and phone size,
without a client error (a view referencing an undeclared field, a broken template...)."""

from odoo.tests import HttpCase, new_test_user, tagged

# (groups, action xml id)
SCREENS = [
    ("sales_governance.group_sales_rep", "sales_governance.res_partner_action_customers"),
    ("sales_governance.group_sales_rep", "sales_governance.sales_customer_pool_action"),
    ("sales_governance.group_sales_rep", "sales_governance.sales_customer_registration_action"),
    ("sales_governance.group_sales_rep", "sales_governance.sales_customer_access_request_action"),
    ("sales_governance.group_sales_manager", "sales_governance.res_partner_action_stale"),
    ("sales_governance.group_sales_manager", "sales_contract_review.sale_order_action_to_review"),
    ("sales_governance.group_sales_director", "sales_contract_review.sale_order_action_special"),
    (
        "sales_qualification.group_qualification_custodian",
        "sales_qualification.sales_qualification_action",
    ),
    (
        "sales_qualification.group_qualification_custodian",
        "sales_qualification.sales_qualification_borrow_action_queue",
    ),
    (
        "sales_qualification.group_qualification_user",
        "sales_qualification.sales_qualification_borrow_action_my",
    ),
    ("sales_governance.group_sales_rep", "sales_quality_loop.sales_work_log_action"),
    ("sales_governance.group_sales_manager", "sales_quality_loop.sales_work_log_action_review"),
    ("sales_governance.group_sales_rep", "sales_quality_loop.sales_work_log_line_action"),
    ("sales_governance.group_sales_rep", "sales_quality_loop.sales_revisit_action"),
    ("sales_governance.group_sales_rep", "sales_quality_loop.sales_complaint_action"),
    ("sales_governance.group_sales_manager", "sales_quality_loop.sales_complaint_action_pareto"),
    ("sales_governance.group_sales_rep", "sales_quality_loop.sales_improvement_action_action"),
    # Sales expense budgets
    ("sales_governance.group_sales_manager", "sales_expense_budget.sales_expense_budget_action"),
    ("sales_governance.group_sales_rep", "sales_expense_budget.sales_expense_budget_line_action"),
    (
        "sales_governance.group_sales_director",
        "sales_expense_budget.sales_expense_budget_increase_action",
    ),
    (
        "sales_governance.group_sales_director",
        "sales_expense_budget.sales_expense_budget_report_action",
    ),
    # Targets and KPI scorecards
    ("sales_governance.group_sales_rep", "sales_kpi.sales_kpi_scorecard_action_my"),
    ("sales_governance.group_sales_rep", "sales_kpi.sales_target_action"),
    ("sales_governance.group_sales_rep", "sales_kpi.sales_kpi_scorecard_action_leaderboard"),
    ("sales_governance.group_sales_manager", "sales_kpi.sales_kpi_scorecard_action"),
    ("sales_governance.group_sales_manager", "sales_kpi.sales_kpi_analysis_action"),
    ("sales_governance.group_governance_admin", "sales_kpi.sales_kpi_template_action"),
]


class ScreensCase(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.logins = {}
        for groups, _action in SCREENS:
            if groups not in cls.logins:
                login = "ui_" + groups.split(".")[1]
                new_test_user(cls.env, login, f"base.group_user,{groups}")
                cls.logins[groups] = login
        customer = cls.env["res.partner"].create(
            {"name": "界面测试客户", "is_company": True, "ownership_state": "pool"}
        )
        cls.env["sales.customer.registration"].create({"name": "界面测试报备"})
        cls.customer = customer

    def _open_all(self):
        for groups, action in SCREENS:
            with self.subTest(action=action):
                self.browser_js(
                    f"/odoo/action-{action}",
                    "console.log('test successful')",
                    ready="!!document.querySelector('.o_action_manager .o_view_controller')",
                    login=self.logins[groups],
                    timeout=60,
                )


@tagged("post_install", "-at_install")
class TestScreensOpenOnDesktop(ScreensCase):
    def test_screens_open(self):
        """Every main screen renders for its tier on a desktop."""
        self._open_all()


@tagged("post_install", "-at_install")
class TestScreensOpenOnPhone(ScreensCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_screens_open(self):
        """Every main screen renders for its tier on a phone-sized screen."""
        self._open_all()
