/**
 * Customer-ownership journeys through the web client, run by tests/test_tours.py as each tier's
 * user, in Chinese, on a desktop and on a phone-sized screen (shared steps: sales_governance_base).
 */
import { registry } from "@web/core/registry";
import { noErrorDialog, click, save, pickMany2one, statusIs } from "@sales_governance_base/../tests/tours/tour_utils";

const tours = registry.category("web_tour.tours");

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
