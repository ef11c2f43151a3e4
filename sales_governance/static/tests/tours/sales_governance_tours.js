/**
 * Journeys of the sales tiers through the web client, run by tests/test_tours.py as each
 * tier's user, in Chinese, on a desktop and on a phone-sized screen.
 *
 * Buttons are found by their technical name (the same on every screen size) and checked for
 * their Chinese label where the label is what the journey is about. Every action is followed
 * by noErrorDialog(): a tour fails on any client error dialog (an error dialog also blocks
 * every later step, which are outside the dialog).
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

const tours = registry.category("web_tour.tours");

function noErrorDialog() {
    return {
        content: "no error dialog",
        trigger: "body:not(:has(.o_error_dialog)):not(:has(.o_dialog .modal-title:contains(错误)))",
    };
}

function click(trigger, content) {
    return [{ content: content || `click ${trigger}`, trigger, run: "click" }, noErrorDialog()];
}

function save() {
    return [...stepUtils.saveForm(), noErrorDialog()];
}

/** Pick `value` in the many2one `field`: autocomplete on a desktop, search dialog on a phone. */
function pickMany2one(field, value, scope = ".o_form_view") {
    return [
        {
            isActive: ["desktop"],
            content: `type ${value} in ${field}`,
            trigger: `${scope} .o_field_widget[name=${field}] input`,
            run: `edit ${value}`,
        },
        {
            isActive: ["desktop"],
            content: `pick ${value}`,
            trigger: `.o-autocomplete--dropdown-menu a:contains(${value})`,
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: `open the ${field} search`,
            trigger: `${scope} .o_field_widget[name=${field}] input`,
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "open the dialog's search bar",
            trigger: ".modal .o_control_panel",
            async run({ queryFirst, click }) {
                if (!queryFirst(".modal .o_searchview_input:visible")) {
                    await click(queryFirst(".modal .o_control_panel .fa-search"));
                }
            },
        },
        {
            isActive: ["mobile"],
            content: `search ${value} in the dialog`,
            trigger: ".modal .o_searchview_input",
            run: `edit ${value}`,
        },
        {
            isActive: ["mobile"],
            content: "search by name",
            trigger: ".o_searchview_autocomplete .o-dropdown-item.focus",
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: `pick ${value}`,
            trigger: `.modal .o_kanban_record:contains(${value}), .modal .o_data_row:contains(${value})`,
            run: "click",
        },
        noErrorDialog(),
    ];
}

/** The record's current status: the highlighted arrow on a desktop, the menu's label on a phone. */
function statusIs(label, content) {
    return [
        {
            isActive: ["desktop"],
            content,
            trigger: `.o_form_view .o_statusbar_status .o_arrow_button_current:contains(${label})`,
        },
        {
            isActive: ["mobile"],
            content,
            trigger: `.o_form_view .o_statusbar_status .dropdown-toggle:contains(${label})`,
        },
    ];
}

/** Click a header button, opening the phone's "more actions" menu when it hides there. */
function headerButton(name, label) {
    return [
        {
            content: `show ${name}`,
            trigger: `.o_form_view .o_control_panel, .o_form_view .o_form_statusbar`,
            async run({ queryFirst, click }) {
                if (!queryFirst(`.o_statusbar_buttons button[name=${name}]:visible`)) {
                    const more = queryFirst(
                        ".o_statusbar_buttons .dropdown-toggle, .o_statusbar_buttons .o_dropdown_more"
                    );
                    if (more) {
                        await click(more);
                    }
                }
            },
        },
        ...click(`button[name=${name}]:contains(${label}):visible`, `click ${label}`),
    ];
}

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

// --- Stale queue on a phone: the manager keeps a customer with its owner from the card -------
tours.add("sg_stale_queue_keep", {
    steps: () => [
        {
            content: "the stale customer's card shows its owner",
            trigger: ".o_kanban_record:contains(巡游久未维护客户):contains(巡游销售)",
        },
        ...click(
            ".o_kanban_record:contains(巡游久未维护客户) button[name=action_keep_owner]:contains(保留)",
            "keep with owner"
        ),
        {
            content: "the card leaves the queue",
            trigger: ".o_kanban_view:not(:has(.o_kanban_record:contains(巡游久未维护客户)))",
        },
        noErrorDialog(),
    ],
});

// --- Certificate borrowing: rep asks from the menu, manager approves, custodian hands over ---
tours.add("sg_borrow_rep_request", {
    steps: () => [
        ...click(
            ".o_control_panel_main_buttons button.o-kanban-button-new, .o_control_panel_main_buttons button.o_list_button_add",
            "new borrow request"
        ),
        ...pickMany2one("qualification_id", "巡游城市照明资质"),
        {
            content: "what for",
            trigger: ".o_form_view .o_field_widget[name=purpose] textarea",
            run: "edit 巡游路灯投标",
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
    ],
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

// --- Registration: a new customer, then a duplicate, and access asked from the refusal -------
tours.add("sg_registration_rep", {
    steps: () => [
        {
            content: "a new customer's name",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit 巡游新开发照明有限公司",
        },
        ...click(".o_form_view button[name=action_submit]:contains(提交)", "submit"),
        ...statusIs("已报备", "registered and protected for me"),
        noErrorDialog(),
        ...click(".o_control_panel .o_form_button_create", "a second registration"),
        {
            content: "another rep's customer's name",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit 巡游乙方客户",
        },
        ...click(".o_form_view button[name=action_submit]:contains(提交)", "submit"),
        {
            content: "refused as a duplicate, never shown as registered",
            trigger:
                ".o_form_view:has(.alert-danger):not(:has(.o_statusbar_status button:contains(已报备)))",
        },
    ],
});

tours.add("sg_registration_ask_access", {
    steps: () => [
        ...click(".o_form_view button[name=action_request_access]:contains(申请协作)", "申请协作"),
        {
            content: "the access request names the customer and its owner",
            trigger:
                ".modal:has(.o_field_widget[name=directory_id] input:value(巡游乙方客户)) .o_field_widget[name=owner_id]:contains(巡游销售乙)",
        },
        ...click(".modal .o_form_button_save", "send the access request"),
        { content: "sent", trigger: "body:not(:has(.modal))" },
        noErrorDialog(),
    ],
});

// --- Access request from the form, by searching part of the customer's name ---------------
tours.add("sg_access_request_by_name", {
    steps: () => [
        ...pickMany2one("directory_id", "巡游乙方"),
        {
            content: "why",
            trigger: ".o_form_view .o_field_widget[name=reason] textarea",
            run: "edit 同一项目招标，需协作跟进",
        },
        ...save(),
    ],
});

tours.add("sg_access_request_owner_approve", {
    steps: () => [
        ...click(
            ".o_kanban_record:contains(巡游乙方客户):contains(巡游销售) button[name=action_approve]:contains(批准)",
            "approve from the card"
        ),
        {
            content: "decided",
            trigger: ".o_kanban_view:not(:has(.o_kanban_record:contains(巡游乙方客户) button[name=action_approve]))",
        },
        noErrorDialog(),
    ],
});

// --- Public pool: a rep claims a customer from the pool, then reads its contacts -------------
tours.add("sg_pool_claim", {
    steps: () => [
        {
            content: "the pool lists the customer and its city, none of its contact details",
            trigger:
                ".o_action_manager .o_view_controller:contains(巡游公海客户):contains(芜湖):not(:contains(0553-55500001))",
        },
        ...click(
            ".o_data_row:contains(巡游公海客户) button[name=action_claim]:contains(领取), .o_kanban_record:contains(巡游公海客户) button[name=action_claim]:contains(领取)",
            "claim"
        ),
        {
            content: "the claimed customer opens, with its phone",
            trigger: ".o_form_view .o_field_widget[name=phone] input:value(0553-55500001)",
        },
        ...statusIs("保护中", "protected for me"),
        noErrorDialog(),
    ],
});
