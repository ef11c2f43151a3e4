/**
 * Special-contract journeys through the web client, run by tests/test_tours.py as each tier's
 * user, in Chinese, on a desktop and on a phone-sized screen (shared steps: sales_governance_base).
 */
import { registry } from "@web/core/registry";
import { noErrorDialog, click, save, pickMany2one, statusIs, headerButton } from "@sales_governance_base/../tests/tours/tour_utils";

const tours = registry.category("web_tour.tours");

// --- Special contract: rep creates, requests approval, cannot confirm -------------------------
tours.add("sg_quotation_rep_request", {
    steps: () => [
        ...pickMany2one("partner_id", "巡游照明客户"),
        // Desktop: the lines are an editable list.
        {
            isActive: ["desktop"],
            content: "add a line",
            trigger: ".o_field_x2many_list_row_add a",
            run: "click",
        },
        ...pickMany2one("product_template_id", "巡游路灯", ".o_data_row").filter(
            (step) => !step.isActive || step.isActive.includes("desktop")
        ),
        {
            isActive: ["desktop"],
            content: "grant a 15 % discount",
            trigger: ".o_data_row .o_field_widget[name=discount] input",
            run: "edit 15",
        },
        // Phone: the lines are cards; a line opens in a dialog.
        {
            isActive: ["mobile"],
            content: "add a product",
            trigger: ".o_field_widget[name=order_line] .o_cp_buttons button:first",
            run: "click",
        },
        ...pickMany2one("product_id", "巡游路灯", ".modal .o_form_view").filter(
            (step) => !step.isActive || step.isActive.includes("mobile")
        ),
        {
            isActive: ["mobile"],
            content: "grant a 15 % discount",
            trigger: ".modal .o_form_view .o_field_widget[name=discount] input",
            run: "edit 15",
        },
        {
            isActive: ["mobile"],
            content: "keep the line",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "the line is on the order",
            trigger: "body:not(:has(.modal)) .o_field_widget[name=order_line] .o_kanban_record:contains(巡游路灯)",
        },
        ...save(),
        { content: "the order is special", trigger: ".o_form_view:contains(折扣)" },
        ...headerButton("request_validation", "申请审批"),
        {
            content: "waiting for the manager, in Chinese",
            trigger: ".o_form_view .alert-warning:contains(等待)",
        },
        {
            content: "the rep cannot confirm",
            trigger: ".o_form_view:not(:has(.o_statusbar_buttons button[name=action_confirm]:visible))",
        },
    ],
});

// --- A reviewer approves (manager on a phone, then the director) ------------------------------
tours.add("sg_quotation_review_approve", {
    steps: () => [
        { content: "the order waits for me", trigger: ".o_form_view .alert-warning:contains(等待)" },
        ...click("button[name=validate_tier]:contains(批准)", "approve"),
        {
            content: "the comment dialog asks for my comment",
            trigger: ".modal:contains(给申请人的审批意见) .o_field_widget[name=comment] input",
            run: "edit 同意，价格已核实",
        },
        ...click(".modal button[name=add_comment]:contains(批准)", "confirm: 批准"),
        {
            content: "my approval is done",
            trigger: "body:not(:has(.modal)) .o_form_view:not(:has(button[name=validate_tier]))",
        },
        noErrorDialog(),
    ],
});

// --- The rep confirms the approved order -----------------------------------------------------
tours.add("sg_quotation_rep_confirm", {
    steps: () => [
        { content: "approved", trigger: ".o_form_view .alert-success" },
        ...headerButton("action_confirm", "确认"),
        ...statusIs("销售订单", "the order is confirmed"),
        noErrorDialog(),
    ],
});

