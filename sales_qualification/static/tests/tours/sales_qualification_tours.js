/**
 * Certificate journeys through the web client, run by tests/test_tours.py as each tier's
 * user, in Chinese, on a desktop and on a phone-sized screen (shared steps: sales_governance_base).
 */
import { registry } from "@web/core/registry";
import { noErrorDialog, click, pickMany2one } from "@sales_governance_base/../tests/tours/tour_utils";

const tours = registry.category("web_tour.tours");

// --- Certificate borrowing: rep asks from the menu, manager approves, custodian hands over ---
/** From 我的借阅申请: 新建, pick `certificate`, say what for, send the request. */
function repRequest(certificate, purpose) {
    return [
        ...click(
            ".o_control_panel_main_buttons button.o-kanban-button-new, .o_control_panel_main_buttons button.o_list_button_add",
            "new borrow request"
        ),
        ...pickMany2one("qualification_id", certificate),
        {
            content: "what for",
            trigger: ".o_form_view .o_field_widget[name=purpose] textarea",
            run: `edit ${purpose}`,
        },
        {
            content: "back in a week",
            trigger: ".o_form_view .o_field_widget[name=expected_return_date] input",
            run: "edit +7d && press Enter",
        },
        ...click(".o_form_view button[name=action_request]:contains(提交申请)", "send the request"),
        {
            content: "requested",
            trigger:
                ".o_form_view:not(:has(button[name=action_request])):has(.o_statusbar_status:contains(已申请))",
        },
        noErrorDialog(),
    ];
}

tours.add("sg_borrow_rep_request", {
    steps: () => repRequest("巡游城市照明资质", "巡游路灯投标"),
});

// The demo database as a newcomer opens it: rep1 borrows a demo certificate
tours.add("sg_borrow_rep_request_demo", {
    steps: () => repRequest("城市及道路照明工程专业承包壹级", "合肥高新区道路照明投标"),
});

/** A borrow queue card's button: `name` on the card of `certificate`, then wait for `next`. */
function borrowCard(certificate, name, label, nextState) {
    return [
        ...click(
            `.o_kanban_record:contains(${certificate}) button[name=${name}]:contains(${label})`,
            label
        ),
        {
            content: `now ${nextState}`,
            trigger: `.o_kanban_record:contains(${certificate}):contains(${nextState})`,
        },
        noErrorDialog(),
    ];
}

tours.add("sg_borrow_manager_approve", {
    steps: () => borrowCard("巡游城市照明资质", "action_approve", "通过", "已批准"),
});

tours.add("sg_borrow_custodian_handover", {
    steps: () => [
        ...click(
            ".o_kanban_record:contains(巡游城市照明资质) button[name=action_checkout]",
            "hand over"
        ),
        {
            content: "borrowed: receive back is offered",
            trigger: ".o_kanban_record:contains(巡游城市照明资质) button[name=action_return]",
        },
        noErrorDialog(),
        ...click(
            ".o_kanban_record:contains(巡游城市照明资质) button[name=action_return]",
            "receive back"
        ),
        {
            content: "returned: the card leaves the queue",
            trigger: ".o_kanban_view:not(:has(.o_kanban_record:contains(巡游城市照明资质)))",
        },
        noErrorDialog(),
    ],
});

