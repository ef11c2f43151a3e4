"""Screenshots of the main screens, desktop and phone, as the demo users see them.

    python tests/screenshots.py --url http://localhost:8069 --db sales_governance --out docs/screenshots

Needs Debian's chromium and the Python playwright package (no browser download).
"""

import argparse
import pathlib

from playwright.sync_api import sync_playwright

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}

# (file name, login, path after /odoo/, viewport)
SHOTS = [
    (
        "customers_rep_desktop",
        "rep1",
        "action-sales_governance.res_partner_action_customers",
        DESKTOP,
    ),
    (
        "registration_rep_desktop",
        "rep1",
        "action-sales_governance.sales_customer_registration_action/new",
        DESKTOP,
    ),
    (
        "customer_form_rep_desktop",
        "rep1",
        "action-sales_governance.res_partner_action_customers",
        DESKTOP,
    ),
    (
        "stale_queue_manager_phone",
        "manager1",
        "action-sales_governance.res_partner_action_stale",
        PHONE,
    ),
    (
        "access_requests_manager_phone",
        "manager1",
        "action-sales_governance.sales_customer_access_request_action",
        PHONE,
    ),
    ("pool_rep_phone", "rep2", "action-sales_governance.res_partner_action_pool", PHONE),
    ("settings_admin_desktop", "admin", "settings#sales_governance", DESKTOP),
]
EXTRA = [
    (
        "to_review_manager_phone",
        "manager1",
        "action-sales_governance.sale_order_action_to_review",
        PHONE,
    ),
    (
        "special_contracts_director_desktop",
        "director",
        "action-sales_governance.sale_order_action_special",
        DESKTOP,
    ),
    (
        "certificates_custodian_desktop",
        "custodian",
        "action-sales_qualification.sales_qualification_action",
        DESKTOP,
    ),
    (
        "borrow_queue_custodian_phone",
        "custodian",
        "action-sales_qualification.sales_qualification_borrow_action_queue",
        PHONE,
    ),
    # Work logs, revisits and complaints
    (
        "work_logs_calendar_manager_desktop",
        "manager1",
        "action-sales_governance.sales_work_log_action?view_type=calendar",
        DESKTOP,
    ),
    (
        "complaints_kanban_manager_desktop",
        "manager1",
        "action-sales_governance.sales_complaint_action",
        DESKTOP,
    ),
    (
        "complaints_pareto_director_desktop",
        "director",
        "action-sales_governance.sales_complaint_action_pareto",
        DESKTOP,
    ),
    (
        "complaints_kanban_manager_phone",
        "manager1",
        "action-sales_governance.sales_complaint_action",
        PHONE,
    ),
    ("revisits_rep_phone", "rep1", "action-sales_governance.sales_revisit_action", PHONE),
]


def login(page, url, db, user):
    page.goto(f"{url}/web/login?db={db}")
    page.fill("input[name=login]", user)
    page.fill("input[name=password]", user)
    page.click("button[type=submit]")
    page.wait_for_selector(".o_main_navbar", timeout=60000)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="sales_governance")
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
            ],
        )
        for name, user, path, viewport in SHOTS + EXTRA:
            if args.only and name not in args.only:
                continue
            context = browser.new_context(viewport=viewport, locale="zh-CN")
            page = context.new_page()
            login(page, args.url, args.db, user)
            page.goto(f"{args.url}/odoo/{path}")
            page.wait_for_selector(".o_action_manager .o_action", timeout=60000)
            page.wait_for_timeout(1500)
            if name == "customer_form_rep_desktop":
                page.click(".o_data_row .o_data_cell")
                page.wait_for_selector(".o_form_view", timeout=30000)
                page.wait_for_timeout(1000)
                page.click("a[name=sales_governance_archive], .nav-link:has-text('客户档案')")
                page.wait_for_timeout(800)
            page.screenshot(path=str(out / f"{name}.png"), full_page=False)
            print("saved", out / f"{name}.png")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
