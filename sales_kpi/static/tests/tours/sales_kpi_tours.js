/**
 * Scorecard journeys through the web client, run by tests/test_tours.py as each tier's user,
 * in Chinese (shared steps: sales_governance_base).
 */
import { registry } from "@web/core/registry";
import { noErrorDialog } from "@sales_governance_base/../tests/tours/tour_utils";

const tours = registry.category("web_tour.tours");

/** The `figure` (actual, target, score) of the line card of `indicator` lies within the screen. */
function onScreen(indicator, figure) {
    return {
        content: `${indicator}: ${figure} on screen`,
        trigger: `.o_form_view .o_field_widget[name=line_ids] .o_kanban_record:contains(${indicator}) [name=${figure}]`,
        run({ anchor }) {
            const { left, right } = anchor.getBoundingClientRect();
            if (left < 0 || right > window.innerWidth + 1) {
                throw new Error(`${figure} of ${indicator} is off-screen (${left}-${right})`);
            }
        },
    };
}

// A rep reads their own scorecard on a phone: each line a card with actual, target and score
tours.add("sg_scorecard_rep_phone", {
    steps: () => [
        {
            content: "the lines are cards, not a table wider than the screen",
            trigger:
                ".o_form_view .o_field_widget[name=line_ids]:not(:has(table)) .o_kanban_record:contains(销售额):contains(实际):contains(目标值):contains(得分)",
        },
        onScreen("销售额", "actual"),
        onScreen("销售额", "target"),
        onScreen("销售额", "score"),
        noErrorDialog(),
    ],
});
