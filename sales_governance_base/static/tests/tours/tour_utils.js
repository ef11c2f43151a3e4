/**
 * Steps shared by the tours of the sales governance addons.
 *
 * Buttons are found by their technical name (the same on every screen size) and checked for
 * their Chinese label where the label is what the journey is about. Every action is followed
 * by noErrorDialog(): a tour fails on any client error dialog (an error dialog also blocks
 * every later step, which are outside the dialog).
 */
import { stepUtils } from "@web_tour/tour_utils";

export function noErrorDialog() {
    return {
        content: "no error dialog",
        trigger: "body:not(:has(.o_error_dialog)):not(:has(.o_dialog .modal-title:contains(错误)))",
    };
}

export function click(trigger, content) {
    return [{ content: content || `click ${trigger}`, trigger, run: "click" }, noErrorDialog()];
}

export function save() {
    return [...stepUtils.saveForm(), noErrorDialog()];
}

/** Pick `value` in the many2one `field`: autocomplete on a desktop, search dialog on a phone. */
export function pickMany2one(field, value, scope = ".o_form_view") {
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
export function statusIs(label, content) {
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
export function headerButton(name, label) {
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

